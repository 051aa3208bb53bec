#include "engine/store/store.hpp"

#include <annals/error.hpp>

#include "engine/store/huge_pages.hpp"
#include "engine/store/memory_bytes.hpp"
#include "engine/store/name_match.hpp"
#include "engine/store/store_impl.hpp"

#include <algorithm>
#include <limits>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <tuple>
#include <utility>

namespace annals::engine {
namespace {

constexpr std::size_t kMaxFacts = std::numeric_limits<FactId>::max() - 1;
constexpr std::size_t kMaxArena = std::numeric_limits<std::uint32_t>::max();

// Attribute columns every dataset shares (see the brief's .dl format); other
// relations get their columns as ingest meets them.
const std::vector<std::string>* BuiltInColumns(std::string_view relation) {
  static const std::vector<std::string> kLeads = {"role", "note"};
  static const std::vector<std::string> kSucceeds = {"org"};
  if (relation == "leads") return &kLeads;
  if (relation == "succeeds") return &kSucceeds;
  return nullptr;
}

// A name's lookup key. A simple name (see HashSimpleName) is its own key
// up to ASCII case and is never copied; any other name's key is written to
// a buffer. Interning millions of names must not normalise or allocate per
// name: the buffers are per thread because lookups are const and run
// concurrently on a finalized store.
struct NameKey {
  std::string_view text;  // the simple name itself, or the normalised key
  std::uint64_t hash = 0;
  bool simple = false;
};

// The key of `name`; a name that is not simple is normalised into `buffer`,
// which the key then points into.
NameKey MakeKeyIn(std::string_view name, std::string* buffer) {
  NameKey key;
  if (HashSimpleName(name, &key.hash)) {
    key.text = name;
    key.simple = true;
    return key;
  }
  NormalizeNameInto(name, buffer);
  key.text = *buffer;
  key.hash = HashNameKey(*buffer);
  return key;
}

NameKey MakeKey(std::string_view name) {
  thread_local std::string buffer;
  return MakeKeyIn(name, &buffer);
}

// HashNameKey(NormalizeName(name)), for inserting a stored name.
std::uint64_t KeyHash(std::string_view name) {
  std::uint64_t hash = 0;
  if (HashSimpleName(name, &hash)) return hash;
  thread_local std::string buffer;
  NormalizeNameInto(name, &buffer);
  return HashNameKey(buffer);
}

bool EqualsIgnoringAsciiCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    auto x = static_cast<unsigned char>(a[i]);
    auto y = static_cast<unsigned char>(b[i]);
    if (x >= 'A' && x <= 'Z') x = static_cast<unsigned char>(x + 32);
    if (y >= 'A' && y <= 'Z') y = static_cast<unsigned char>(y + 32);
    if (x != y) return false;
  }
  return true;
}

// Whether the key of the stored name `name` is `key`.
bool HasKey(std::string_view name, const NameKey& key) {
  // A name equal to a simple name up to ASCII case is simple too, with the
  // same key: the common hit, spelled as stored, costs one memcmp.
  if (key.simple && (name == key.text || EqualsIgnoringAsciiCase(name, key.text))) return true;
  std::uint64_t unused = 0;
  if (HashSimpleName(name, &unused)) {
    // Both simple and not equal up to case: different keys.
    return !key.simple && SimpleNameHasKey(name, key.text);
  }
  thread_local std::string buffer;
  NormalizeNameInto(name, &buffer);
  return key.simple ? SimpleNameHasKey(key.text, buffer) : buffer == key.text;
}

}  // namespace

// ---------------------------------------------------------------- Impl helpers

EntityId Store::Impl::RootAfterMerges(EntityId entity) const {
  for (auto it = merged_into.find(entity); it != merged_into.end(); it = merged_into.find(entity)) {
    entity = it->second;
  }
  return entity;
}

std::string_view Store::Impl::NameText(NameRef ref) const {
  if ((ref & kAliasBit) != 0) {
    const std::uint32_t alias = ref & ~kAliasBit;
    const std::uint32_t begin = alias == 0 ? 0 : alias_end[alias - 1];
    return std::string_view(alias_arena).substr(begin, alias_end[alias] - begin);
  }
  const std::uint32_t begin = ref == 0 ? 0 : entity_name_end[ref - 1];
  return std::string_view(entity_name_arena.data(), entity_name_arena.size())
      .substr(begin, entity_name_end[ref] - begin);
}

namespace {
const WideDays& FindWide(const std::vector<WideDays>& wide, FactId fact) {
  return *std::lower_bound(wide.begin(), wide.end(), fact,
                           [](const WideDays& w, FactId f) { return w.fact < f; });
}
}  // namespace

Day Store::Impl::StartHi(FactId fact) const {
  const PackedDays& d = fact_days[fact];
  if (SpanOf(d.start) != kSpanEscape) return d.start_lo + SpanOf(d.start);
  return FindWide(wide_days, fact).start_hi;
}

Day Store::Impl::EndLo(FactId fact) const {
  const PackedDays& d = fact_days[fact];
  if (SpanOf(d.end) != kSpanEscape) return d.end_hi - SpanOf(d.end);
  return FindWide(wide_days, fact).end_lo;
}

SourceRef Store::Impl::SourceOf(FactId fact) const {
  // The last run starting at or before `fact`.
  auto it = std::upper_bound(source_runs.begin(), source_runs.end(), fact,
                             [](FactId f, const SourceRun& run) { return f < run.first; });
  if (it == source_runs.begin()) return SourceRef{};
  const SourceRun& run = *std::prev(it);
  return SourceRef{run.file, run.first_line + run.line_step * (fact - run.first)};
}

const FactId* Store::Impl::OutFacts() const {
  return boost::num_edges(graph) == 0 ? nullptr : &graph[FactGraph::edge_descriptor(0, 0)];
}

namespace {
void PrefetchForWrite(const void* address) {
#if defined(__GNUC__)
  __builtin_prefetch(address, 1);
#else
  (void)address;
#endif
}

void PrefetchForRead(const void* address) {
#if defined(__GNUC__)
  __builtin_prefetch(address, 0);
#else
  (void)address;
#endif
}

std::uint8_t TagOf(std::uint64_t hash) { return static_cast<std::uint8_t>(hash >> 56); }
// Any table size, by multiply-shift on 32 hash bits (not those of the tag).
std::size_t HomeSlot(std::uint64_t hash, std::size_t size) {
  if (size > 0xFFFFFFFFu) return static_cast<std::size_t>(hash % size);
  return static_cast<std::size_t>(((hash & 0xFFFFFFFFu) * size) >> 32);
}
}  // namespace

void Store::Impl::IndexName(NameRef ref) { IndexName(ref, KeyHash(NameText(ref))); }

void Store::Impl::IndexName(NameRef ref, std::uint64_t hash) {
  const std::size_t count = EntityCount() + alias_owner.size();  // `ref` included
  if (count * 4 > name_slots.size() * 3) {
    RebuildNameTable();  // inserts every name, this one included
    return;
  }
  const std::size_t size = name_slots.size();
  std::size_t i = HomeSlot(hash, size);
  while (name_slots[i] != kNoName) i = i + 1 == size ? 0 : i + 1;
  name_slots[i] = ref;
  name_tags[i] = TagOf(hash);
}

void Store::Impl::RebuildNameTable() {
  const std::size_t count = EntityCount() + alias_owner.size();
  // Twice the names: the load stays between 1/2 and 3/4 (with a power-of-two
  // size it would average lower, and the table is 5 bytes a slot).
  const std::size_t size = std::max<std::size_t>(16, count * 2);
  // The old table goes first (90 MB at 10M facts), then the new one takes
  // fresh memory, which a column asks huge pages for: probes land anywhere
  // in the table, and huge pages spare most of them a TLB miss.
  Column<NameRef>().swap(name_slots);
  Column<std::uint8_t>().swap(name_tags);
  name_slots.assign(size, kNoName);
  name_tags.assign(size, 0);
  // Names go in batches: hash a batch and prefetch its home slots, then
  // insert it, so that the cache misses of a large table overlap instead of
  // coming one after another.
  constexpr std::size_t kBatch = 16;
  NameRef refs[kBatch];
  std::size_t homes[kBatch];
  std::uint8_t tags[kBatch];
  std::size_t batched = 0;
  const auto flush = [&] {
    for (std::size_t k = 0; k < batched; ++k) {
      std::size_t i = homes[k];
      while (name_slots[i] != kNoName) i = i + 1 == size ? 0 : i + 1;
      name_slots[i] = refs[k];
      name_tags[i] = tags[k];
    }
    batched = 0;
  };
  const auto add = [&](NameRef ref) {
    const std::uint64_t hash = KeyHash(NameText(ref));
    refs[batched] = ref;
    homes[batched] = HomeSlot(hash, size);
    tags[batched] = TagOf(hash);
    PrefetchForWrite(&name_slots[homes[batched]]);
    PrefetchForWrite(&name_tags[homes[batched]]);
    if (++batched == kBatch) flush();
  };
  for (EntityId e = 0; e < EntityCount(); ++e) add(e);
  for (std::uint32_t a = 0; a < alias_owner.size(); ++a) add(kAliasBit | a);
  flush();
}

// ---------------------------------------------------------------- lifecycle

Store::Store() : impl_(std::make_unique<Impl>()) {}
Store::~Store() = default;
// The interrupt count stays with the object: it counts the interrupts of
// the queries running on this store, not of the data moved in.
Store::Store(Store&& other) noexcept : impl_(std::move(other.impl_)) {}
Store& Store::operator=(Store&& other) noexcept {
  impl_ = std::move(other.impl_);
  return *this;
}

// ---------------------------------------------------------------- files, strings

FileId Store::InternFile(std::string_view path) { return impl_->files.Intern(path); }

std::string_view Store::FileName(FileId file) const {
  if (file >= impl_->files.Size()) {
    if (file == 0) return {};  // a fact added before any file was interned
    throw Error(ErrorCode::kInvalidArgument, "no source file with id " + std::to_string(file));
  }
  return impl_->files.Get(file);
}

std::uint32_t Store::InternString(std::string_view text) { return impl_->strings.Intern(text); }

std::string_view Store::String(std::uint32_t id) const {
  if (id >= impl_->strings.Size()) {
    throw Error(ErrorCode::kInvalidArgument, "no string with id " + std::to_string(id));
  }
  return impl_->strings.Get(id);
}

// ---------------------------------------------------------------- entities

namespace {

// The checks below run on every store call, often in loops: each compares
// inline and leaves building the message to a thrower of its own, so that
// the comparison is not a call.
[[noreturn]] void ThrowNoEntity(const Store::Impl& impl, EntityId entity) {
  throw Error(ErrorCode::kInvalidArgument, "no entity with id " + std::to_string(entity) +
                                               " (the store has " +
                                               std::to_string(impl.EntityCount()) + ")");
}

void CheckEntity(const Store::Impl& impl, EntityId entity) {
  if (entity >= impl.EntityCount()) ThrowNoEntity(impl, entity);
}

// Calls on_match(ref) for every name whose key equals `key`, in probe order.
template <class OnMatch>
void ForEachNameMatch(const Store::Impl& impl, const NameKey& key, OnMatch&& on_match) {
  if (impl.name_slots.empty() || key.text.empty()) return;
  const std::size_t size = impl.name_slots.size();
  const std::uint8_t tag = TagOf(key.hash);
  for (std::size_t i = HomeSlot(key.hash, size);; i = i + 1 == size ? 0 : i + 1) {
    const NameRef ref = impl.name_slots[i];
    if (ref == kNoName) return;
    if (impl.name_tags[i] != tag) continue;
    if (HasKey(impl.NameText(ref), key)) on_match(ref);
  }
}

EntityId OwnerOf(const Store::Impl& impl, NameRef ref) {
  return (ref & kAliasBit) != 0 ? impl.alias_owner[ref & ~kAliasBit] : ref;
}

// Entity names win over aliases; earlier wins over later.
std::optional<EntityId> FindByKey(const Store::Impl& impl, const NameKey& key) {
  std::optional<NameRef> best;
  ForEachNameMatch(impl, key, [&](NameRef ref) {
    const auto rank = [](NameRef r) { return std::make_pair((r & kAliasBit) != 0, r); };
    if (!best || rank(ref) < rank(*best)) best = ref;
  });
  if (!best) return std::nullopt;
  return impl.Root(OwnerOf(impl, *best));
}

}  // namespace

std::string Store::NormalizeName(std::string_view name) {
  std::string key;
  NormalizeNameInto(name, &key);
  return key;
}

std::optional<EntityId> Store::FindEntity(std::string_view name_or_alias) const {
  return FindByKey(*impl_, MakeKey(name_or_alias));
}

void Store::FindEachEntity(std::span<const std::string_view> names,
                           std::span<std::optional<EntityId>> found) const {
  if (found.size() != names.size()) {
    throw Error(ErrorCode::kInvalidArgument, "FindEachEntity: " + std::to_string(names.size()) +
                                                 " names but room for " +
                                                 std::to_string(found.size()) + " entities");
  }
  const Impl& impl = *impl_;
  if (names.size() == 1) {
    found[0] = FindEntity(names[0]);
    return;
  }
  if (impl.name_slots.empty()) {
    std::fill(found.begin(), found.end(), std::nullopt);
    return;
  }
  // Each probe is three dependent loads (the slot, where its name ends, the
  // name's text). A group of names takes each step in turn, prefetching what
  // the next step reads, so that the group waits about three memory
  // latencies instead of three per name.
  constexpr std::size_t kGroup = 16;
  NameKey keys[kGroup];
  std::string buffers[kGroup];
  std::size_t homes[kGroup];
  NameRef candidates[kGroup];
  std::string_view texts[kGroup];  // the candidates' names
  const std::size_t size = impl.name_slots.size();
  for (std::size_t at = 0; at < names.size(); at += kGroup) {
    const std::size_t count = std::min(kGroup, names.size() - at);
    for (std::size_t k = 0; k < count; ++k) {
      keys[k] = MakeKeyIn(names[at + k], &buffers[k]);
      homes[k] = HomeSlot(keys[k].hash, size);
      PrefetchForRead(&impl.name_slots[homes[k]]);
      PrefetchForRead(&impl.name_tags[homes[k]]);
    }
    for (std::size_t k = 0; k < count; ++k) {
      // The first slot with the key's tag, or none: nearly always the match.
      candidates[k] = kNoName;
      const std::uint8_t tag = TagOf(keys[k].hash);
      for (std::size_t i = homes[k]; impl.name_slots[i] != kNoName; i = i + 1 == size ? 0 : i + 1) {
        if (impl.name_tags[i] == tag) {
          candidates[k] = impl.name_slots[i];
          break;
        }
      }
      const NameRef ref = candidates[k];
      if (ref == kNoName) continue;
      const bool alias = (ref & kAliasBit) != 0;
      const std::uint32_t* ends = alias ? impl.alias_end.data() : impl.entity_name_end.data();
      const std::uint32_t index = ref & ~kAliasBit;
      PrefetchForRead(&ends[index]);
      if (index > 0) PrefetchForRead(&ends[index - 1]);
    }
    for (std::size_t k = 0; k < count; ++k) {
      if (candidates[k] == kNoName) continue;
      const std::string_view text = impl.NameText(candidates[k]);
      texts[k] = text;
      PrefetchForRead(text.data());
      if (!text.empty()) PrefetchForRead(text.data() + text.size() - 1);
    }
    for (std::size_t k = 0; k < count; ++k) {
      // The candidate, when it is an entity's own name with the key, is the
      // answer FindByKey would weigh its way to: no two entities' names share
      // a key (interning finds the first), and an entity's name outranks
      // every alias. Anything else (an alias, a tag that only collided) is
      // weighed in full.
      const NameRef ref = candidates[k];
      if (ref != kNoName && (ref & kAliasBit) == 0 && HasKey(texts[k], keys[k])) {
        found[at + k] = impl.Root(ref);
      } else {
        found[at + k] = FindByKey(impl, keys[k]);
      }
    }
  }
}

std::vector<EntityId> Store::FindEntities(std::string_view name_or_alias) const {
  std::vector<EntityId> found;
  ForEachNameMatch(*impl_, MakeKey(name_or_alias),
                   [&](NameRef ref) { found.push_back(impl_->Root(OwnerOf(*impl_, ref))); });
  std::sort(found.begin(), found.end());
  found.erase(std::unique(found.begin(), found.end()), found.end());
  return found;
}

namespace {

EntityId InternByKey(Store::Impl& impl, const NameKey& key, std::string_view name) {
  if (key.text.empty()) {
    throw Error(ErrorCode::kInvalidArgument, "an entity name must not be empty or blank");
  }
  if (auto found = FindByKey(impl, key)) return *found;
  if (impl.EntityCount() >= kAliasBit) {
    throw Error(ErrorCode::kData, "too many entities (more than 2^31)");
  }
  if (impl.entity_name_arena.size() + name.size() > kMaxArena) {
    throw Error(ErrorCode::kData, "entity names exceed 4 GiB in total");
  }
  const auto id = static_cast<EntityId>(impl.EntityCount());
  impl.entity_name_arena.insert(impl.entity_name_arena.end(), name.begin(), name.end());
  impl.entity_name_end.push_back(static_cast<std::uint32_t>(impl.entity_name_arena.size()));
  impl.entity_kind.push_back(0);
  impl.IndexName(id, key.hash);
  return id;
}

}  // namespace

EntityId Store::InternEntity(std::string_view name) {
  return InternByKey(*impl_, MakeKey(name), name);
}

EntityId Store::InternSimpleEntity(std::string_view name, std::uint64_t simple_hash) {
  NameKey key;
  key.text = name;
  key.hash = simple_hash;
  key.simple = true;
  return InternByKey(*impl_, key, name);
}

void Store::AddAlias(EntityId entity, std::string_view alias) {
  Impl& impl = *impl_;
  CheckEntity(impl, entity);
  const NameKey key = MakeKey(alias);
  if (key.text.empty()) {
    throw Error(ErrorCode::kInvalidArgument, "an alias must not be empty or blank");
  }
  const EntityId root = impl.Root(entity);
  bool known = false;
  ForEachNameMatch(impl, key,
                   [&](NameRef ref) { known = known || impl.Root(OwnerOf(impl, ref)) == root; });
  if (known) return;  // already a name of this entity
  if (impl.alias_owner.size() >= kAliasBit - 1) {
    throw Error(ErrorCode::kData, "too many aliases (more than 2^31)");
  }
  if (impl.alias_arena.size() + alias.size() > kMaxArena) {
    throw Error(ErrorCode::kData, "aliases exceed 4 GiB in total");
  }
  const auto index = static_cast<std::uint32_t>(impl.alias_owner.size());
  impl.alias_arena.append(alias);
  impl.alias_end.push_back(static_cast<std::uint32_t>(impl.alias_arena.size()));
  impl.alias_owner.push_back(entity);
  impl.extra_names[root].push_back(kAliasBit | index);
  impl.IndexName(kAliasBit | index);
}

void Store::SetKind(EntityId entity, std::string_view kind) {
  Impl& impl = *impl_;
  CheckEntity(impl, entity);
  std::uint16_t code = 0;
  if (!kind.empty()) {
    const std::uint32_t id = impl.strings.Intern(kind);
    auto it = std::find(impl.kinds.begin(), impl.kinds.end(), id);
    if (it == impl.kinds.end()) {
      if (impl.kinds.size() >= 0xFFFF) {
        throw Error(ErrorCode::kData, "too many entity kinds (more than 65535)");
      }
      impl.kinds.push_back(id);
      it = impl.kinds.end() - 1;
    }
    code = static_cast<std::uint16_t>(it - impl.kinds.begin() + 1);
  }
  impl.entity_kind[impl.Root(entity)] = code;
}

void Store::SetLifespan(EntityId entity, const Period& lifespan, SourceRef source) {
  CheckEntity(*impl_, entity);
  impl_->lifespans[impl_->Root(entity)] = LifespanEntry{lifespan, source};
}

void Store::Merge(EntityId keep, EntityId other) {
  Impl& impl = *impl_;
  CheckEntity(impl, keep);
  CheckEntity(impl, other);
  const EntityId root = impl.Root(keep);
  const EntityId gone = impl.Root(other);
  if (root == gone) return;
  impl.merged_into[gone] = root;
  std::vector<NameRef>& names = impl.extra_names[root];
  names.push_back(gone);
  if (auto it = impl.extra_names.find(gone); it != impl.extra_names.end()) {
    names.insert(names.end(), it->second.begin(), it->second.end());
    impl.extra_names.erase(it);
  }
  // What `keep` lacks, `other` may know.
  if (impl.entity_kind[root] == 0) impl.entity_kind[root] = impl.entity_kind[gone];
  if (auto it = impl.lifespans.find(gone); it != impl.lifespans.end()) {
    impl.lifespans.try_emplace(root, it->second);
    impl.lifespans.erase(gone);
  }
  if (impl.indexed) impl.merged_since_finalize = true;
}

EntityId Store::Canonical(EntityId entity) const {
  CheckEntity(*impl_, entity);
  return impl_->Root(entity);
}

std::size_t Store::EntityCount() const { return impl_->EntityCount(); }

// Each merge records the root it took away, once (Merge takes roots only).
std::size_t Store::CanonicalEntityCount() const {
  return impl_->EntityCount() - impl_->merged_into.size();
}

std::string_view Store::EntityName(EntityId entity) const {
  CheckEntity(*impl_, entity);
  return impl_->NameText(impl_->Root(entity));
}

void Store::EntityNames(std::span<const EntityId> entities,
                        std::span<std::string_view> names) const {
  if (names.size() != entities.size()) {
    throw Error(ErrorCode::kInvalidArgument, "EntityNames: " + std::to_string(entities.size()) +
                                                 " entities but room for " +
                                                 std::to_string(names.size()) + " names");
  }
  const Impl& impl = *impl_;
  const std::size_t count = entities.size();
  // A software pipeline: the end offsets of the name kEndsAhead entries on,
  // the text of the one kTextAhead on (its offsets have arrived by then).
  // Sixteen loads in flight is about what one core's fill buffers hold.
  constexpr std::size_t kEndsAhead = 16;
  constexpr std::size_t kTextAhead = 8;
  const std::size_t entity_count = impl.EntityCount();
  for (std::size_t i = 0; i < count; ++i) {
    if (i + kEndsAhead < count && entities[i + kEndsAhead] < entity_count) {
      const EntityId ahead = impl.Root(entities[i + kEndsAhead]);
      PrefetchForRead(&impl.entity_name_end[ahead]);
      if (ahead > 0) PrefetchForRead(&impl.entity_name_end[ahead - 1]);
    }
    if (i + kTextAhead < count && entities[i + kTextAhead] < entity_count) {
      const std::string_view text = impl.NameText(impl.Root(entities[i + kTextAhead]));
      PrefetchForRead(text.data());
      if (!text.empty()) PrefetchForRead(text.data() + text.size() - 1);
    }
    CheckEntity(impl, entities[i]);
    names[i] = impl.NameText(impl.Root(entities[i]));
  }
}

std::string_view Store::EntityKind(EntityId entity) const {
  CheckEntity(*impl_, entity);
  const std::uint16_t kind = impl_->entity_kind[impl_->Root(entity)];
  return kind == 0 ? std::string_view() : impl_->strings.Get(impl_->kinds[kind - 1]);
}

std::vector<std::string_view> Store::EntityAliases(EntityId entity) const {
  CheckEntity(*impl_, entity);
  std::vector<std::string_view> aliases;
  auto it = impl_->extra_names.find(impl_->Root(entity));
  if (it == impl_->extra_names.end()) return aliases;
  aliases.reserve(it->second.size());
  for (const NameRef ref : it->second) aliases.push_back(impl_->NameText(ref));
  return aliases;
}

const Period* Store::Lifespan(EntityId entity) const {
  CheckEntity(*impl_, entity);
  auto it = impl_->lifespans.find(impl_->Root(entity));
  return it == impl_->lifespans.end() ? nullptr : &it->second.period;
}

SourceRef Store::LifespanSource(EntityId entity) const {
  CheckEntity(*impl_, entity);
  auto it = impl_->lifespans.find(impl_->Root(entity));
  return it == impl_->lifespans.end() ? SourceRef{} : it->second.source;
}

std::vector<std::string> Store::NearestEntityNames(std::string_view text, std::size_t limit) const {
  const Impl& impl = *impl_;
  const std::string query = NormalizeName(text);
  if (query.empty() || limit == 0) return {};
  // Beyond this many edits a name is no longer a plausible misspelling.
  const std::size_t cutoff = std::max<std::size_t>(2, query.size() * 2 / 5);
  struct Candidate {
    bool substring;
    std::size_t distance;
    std::string_view name;
  };
  std::vector<Candidate> candidates;
  std::string key;
  const auto consider = [&](NameRef ref) {
    const std::string_view name = impl.NameText(ref);
    NormalizeNameInto(name, &key);
    // A name inside what was typed counts only when it is most of it: "B"
    // is inside "nobody" without being what its writer meant.
    if (key.find(query) != std::string::npos ||
        (key.size() * 2 >= query.size() && query.find(key) != std::string::npos)) {
      const std::size_t gap =
          key.size() > query.size() ? key.size() - query.size() : query.size() - key.size();
      candidates.push_back({true, gap, name});
      return;
    }
    const std::size_t distance = BoundedEditDistance(query, key, cutoff);
    if (distance <= cutoff) candidates.push_back({false, distance, name});
  };
  for (EntityId e = 0; e < impl.EntityCount(); ++e) consider(e);
  for (std::uint32_t a = 0; a < impl.alias_owner.size(); ++a) consider(kAliasBit | a);
  std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    return std::tie(b.substring, a.distance, a.name) < std::tie(a.substring, b.distance, b.name);
  });
  std::vector<std::string> names;
  for (const Candidate& c : candidates) {
    if (names.size() >= limit) break;
    if (std::find(names.begin(), names.end(), c.name) == names.end()) {
      names.emplace_back(c.name);
    }
  }
  return names;
}

// ---------------------------------------------------------------- relations

RelationId Store::InternRelation(std::string_view name) {
  Impl& impl = *impl_;
  if (name.empty()) throw Error(ErrorCode::kInvalidArgument, "a relation name must not be empty");
  if (auto it = impl.relation_ids.find(std::string(name)); it != impl.relation_ids.end()) {
    return it->second;
  }
  if (impl.schemas.size() >= 0xFFFF) {
    throw Error(ErrorCode::kData, "too many relations (more than 65535)");
  }
  const auto id = static_cast<RelationId>(impl.schemas.size());
  RelationSchema schema;
  schema.name = std::string(name);
  if (const auto* columns = BuiltInColumns(name)) schema.attribute_columns = *columns;
  impl.schemas.push_back(std::move(schema));
  impl.relation_ids.emplace(std::string(name), id);
  impl.relation_fact_count.push_back(0);
  return id;
}

std::optional<RelationId> Store::FindRelation(std::string_view name) const {
  auto it = impl_->relation_ids.find(std::string(name));
  if (it == impl_->relation_ids.end()) return std::nullopt;
  return it->second;
}

std::size_t Store::RelationCount() const { return impl_->schemas.size(); }

namespace {
void CheckRelation(const Store::Impl& impl, RelationId relation) {
  if (relation >= impl.schemas.size()) {
    throw Error(ErrorCode::kInvalidArgument, "no relation with id " + std::to_string(relation));
  }
}
}  // namespace

const RelationSchema& Store::Schema(RelationId relation) const {
  CheckRelation(*impl_, relation);
  return impl_->schemas[relation];
}

std::uint32_t Store::InternAttributeColumn(RelationId relation, std::string_view column) {
  CheckRelation(*impl_, relation);
  std::vector<std::string>& columns = impl_->schemas[relation].attribute_columns;
  auto it = std::find(columns.begin(), columns.end(), column);
  if (it != columns.end()) return static_cast<std::uint32_t>(it - columns.begin());
  columns.emplace_back(column);
  return static_cast<std::uint32_t>(columns.size() - 1);
}

// ---------------------------------------------------------------- facts

void Store::ReserveFacts(std::size_t count) {
  Impl& impl = *impl_;
  impl.fact_relation.reserve(count);
  impl.fact_subject.reserve(count);
  impl.fact_object.reserve(count);
  impl.fact_days.reserve(count);
}

FactId Store::AddFact(RelationId relation, EntityId subject, EntityId object, const Period& period,
                      SourceRef source, std::span<const Attribute> attributes) {
  Impl& impl = *impl_;
  CheckRelation(impl, relation);
  CheckEntity(impl, subject);
  CheckEntity(impl, object);
  const VagueDate& s = period.start;
  const VagueDate& e = period.end;
  if (s.lo > s.hi || e.lo > e.hi || e.hi < s.lo) {
    throw Error(ErrorCode::kInvalidArgument,
                "invalid period for a " + impl.schemas[relation].name + " fact: start [" +
                    std::to_string(s.lo) + ", " + std::to_string(s.hi) + "], end [" +
                    std::to_string(e.lo) + ", " + std::to_string(e.hi) +
                    "] (day numbers; each range must be ordered and the end may not lie "
                    "wholly before the start)");
  }
  const std::size_t column_count = impl.schemas[relation].attribute_columns.size();
  for (const Attribute& a : attributes) {
    if (a.column >= column_count) {
      throw Error(ErrorCode::kInvalidArgument, "attribute column " + std::to_string(a.column) +
                                                   " is not declared for " +
                                                   impl.schemas[relation].name);
    }
    if (a.value.kind == AttrValue::Kind::kEntity) CheckEntity(impl, a.value.id);
    if (a.value.kind == AttrValue::Kind::kString && a.value.id >= impl.strings.Size()) {
      throw Error(ErrorCode::kInvalidArgument,
                  "attribute string id " + std::to_string(a.value.id) + " was never interned");
    }
  }
  if (impl.fact_relation.size() >= kMaxFacts) {
    throw Error(ErrorCode::kData, "too many facts (the store holds at most 2^32 - 2)");
  }
  if (!attributes.empty() &&
      impl.attrs.size() + attributes.size() > std::numeric_limits<std::uint32_t>::max()) {
    throw Error(ErrorCode::kData, "too many attribute values (more than 2^32)");
  }
  const auto id = static_cast<FactId>(impl.fact_relation.size());
  impl.fact_relation.push_back(static_cast<std::uint16_t>(relation));
  impl.fact_subject.push_back(subject);
  impl.fact_object.push_back(object);
  // Spans as unsigned differences: exact, whatever the days (Day is 32-bit).
  const auto start_span = static_cast<std::uint32_t>(s.hi) - static_cast<std::uint32_t>(s.lo);
  const auto end_span = static_cast<std::uint32_t>(e.hi) - static_cast<std::uint32_t>(e.lo);
  PackedDays days{s.lo, e.hi, PackEnd(s.form, kSpanEscape), PackEnd(e.form, kSpanEscape)};
  if (start_span < kSpanEscape && end_span < kSpanEscape) {
    days.start = PackEnd(s.form, static_cast<std::uint16_t>(start_span));
    days.end = PackEnd(e.form, static_cast<std::uint16_t>(end_span));
  } else {
    impl.wide_days.push_back(WideDays{id, s.hi, e.lo});
  }
  impl.fact_days.push_back(days);
  // Extend the last source run when this fact continues its line pattern.
  bool extended = false;
  if (!impl.source_runs.empty()) {
    SourceRun& run = impl.source_runs.back();
    const std::uint64_t count = id - run.first;
    if (run.file == source.file) {
      if (count == 1 && source.line >= run.first_line) {
        run.line_step = source.line - run.first_line;
        extended = true;
      } else if (count > 1 &&
                 std::uint64_t{run.first_line} + std::uint64_t{run.line_step} * count ==
                     source.line) {
        extended = true;
      }
    }
  }
  if (!extended) impl.source_runs.push_back(SourceRun{id, source.file, source.line, 0});
  if (!attributes.empty() || !impl.attr_end.empty()) {
    if (impl.attr_end.size() < id) impl.attr_end.resize(id, 0);  // all earlier had none
    impl.attrs.insert(impl.attrs.end(), attributes.begin(), attributes.end());
    impl.attr_end.push_back(static_cast<std::uint32_t>(impl.attrs.size()));
  }
  ++impl.relation_fact_count[relation];
  return id;
}

std::size_t Store::FactCount() const { return impl_->fact_relation.size(); }

std::size_t Store::FactCount(RelationId relation) const {
  CheckRelation(*impl_, relation);
  return impl_->relation_fact_count[relation];
}

namespace {

[[noreturn]] void ThrowNoFact(FactId fact) {
  throw Error(ErrorCode::kInvalidArgument, "no fact with id " + std::to_string(fact));
}

void CheckFact(const Store::Impl& impl, FactId fact) {
  if (fact >= impl.fact_relation.size()) ThrowNoFact(fact);
}

Period PeriodOf(const Store::Impl& impl, FactId fact) {
  const PackedDays& d = impl.fact_days[fact];
  Period period;
  period.start =
      VagueDate{d.start_lo, impl.StartHi(fact), static_cast<DateForm>(FormBitsOf(d.start))};
  period.end = VagueDate{impl.EndLo(fact), d.end_hi, static_cast<DateForm>(FormBitsOf(d.end))};
  return period;
}

}  // namespace

FactView Store::Fact(FactId fact) const {
  const Impl& impl = *impl_;
  CheckFact(impl, fact);
  FactView view;
  view.id = fact;
  view.relation = impl.fact_relation[fact];
  view.subject = impl.Root(impl.fact_subject[fact]);
  view.object = impl.Root(impl.fact_object[fact]);
  view.period = PeriodOf(impl, fact);
  view.source = impl.SourceOf(fact);
  if (fact < impl.attr_end.size()) {
    const std::uint32_t begin = fact == 0 ? 0 : impl.attr_end[fact - 1];
    view.attributes =
        std::span<const Attribute>(impl.attrs.data() + begin, impl.attr_end[fact] - begin);
  }
  return view;
}

SourceRef Store::FactSource(FactId fact) const {
  CheckFact(*impl_, fact);
  return impl_->SourceOf(fact);
}

FactEndsAndPeriod Store::EndsAndPeriod(FactId fact) const {
  const Impl& impl = *impl_;
  CheckFact(impl, fact);
  return FactEndsAndPeriod{impl.Root(impl.fact_subject[fact]), impl.Root(impl.fact_object[fact]),
                           PeriodOf(impl, fact)};
}

EntityId Store::FactEnd(FactId fact, bool subject) const {
  const Impl& impl = *impl_;
  CheckFact(impl, fact);
  return impl.Root(subject ? impl.fact_subject[fact] : impl.fact_object[fact]);
}

// ---------------------------------------------------------------- indexes

namespace {

// Offsets into per-vertex lists from a key per fact, in place: begin[v] is
// where vertex v's list starts once `Place` has run.
template <class Keys, class Begin>
void CountStarts(const Keys& key, std::size_t vertices, Begin* begin) {
  begin->assign(vertices + 1, 0);
  for (const EntityId v : key) ++(*begin)[v + 1];
  for (std::size_t v = 0; v < vertices; ++v) (*begin)[v + 1] += (*begin)[v];
}

// Blocked max-end arrays for every run of one relation within each vertex's
// list that is longer than a block (shorter runs are scanned whole).
template <class Begin>
void IndexRuns(const Store::Impl& impl, const Begin& begin, const FactId* facts,
               std::unordered_map<std::uint32_t, RunIndex>* runs, std::vector<Day>* pool) {
  for (std::size_t v = 0; v + 1 < begin.size(); ++v) {
    std::size_t run = begin[v];
    while (run < begin[v + 1]) {
      const std::uint16_t r = impl.fact_relation[facts[run]];
      std::size_t run_end = run + 1;
      while (run_end < begin[v + 1] && impl.fact_relation[facts[run_end]] == r) ++run_end;
      if (run_end - run > blocked::kBlock) {
        const std::size_t blocks = blocked::BlockCount(run_end - run);
        const std::size_t offset = pool->size();
        pool->resize(offset + 2 * blocks);
        const FactId* run_facts = facts + run;
        blocked::Build(
            run_end - run, [&](std::size_t i) { return impl.fact_days[run_facts[i]].end_hi; },
            pool->data() + offset, pool->data() + offset + blocks);
        runs->emplace(static_cast<std::uint32_t>(run),
                      RunIndex{static_cast<std::uint32_t>(offset)});
      }
      run = run_end;
    }
  }
}

// (subject, object) of facts in a given order, as the single-pass input
// iterator Boost's sorted-edges constructor reads.
class SortedEdges {
 public:
  using iterator_category = std::input_iterator_tag;
  using value_type = std::pair<EntityId, EntityId>;
  using difference_type = std::ptrdiff_t;
  using pointer = const value_type*;
  using reference = const value_type&;

  SortedEdges(const FactId* at, const Store::Impl* impl) : at_(at), impl_(impl) {}
  reference operator*() const {
    current_ = {impl_->fact_subject[*at_], impl_->fact_object[*at_]};
    return current_;
  }
  pointer operator->() const { return &**this; }
  SortedEdges& operator++() {
    ++at_;
    return *this;
  }
  bool operator==(const SortedEdges& other) const { return at_ == other.at_; }
  bool operator!=(const SortedEdges& other) const { return at_ != other.at_; }

 private:
  const FactId* at_;
  const Store::Impl* impl_;
  mutable value_type current_;
};

// Sorts keys (biased day << 32 | id) made in increasing id order. LSD radix
// sort over the bits in which the days differ (two passes for two centuries
// of days): stable, so ids stay increasing within a day, and linear where
// std::sort was the largest part of the index build.
void SortByDay(std::vector<std::uint64_t>* keys, std::vector<std::uint64_t>* scratch) {
  const std::size_t size = keys->size();
  if (size < 2) return;
  std::uint32_t min_day = 0xFFFFFFFFu;
  std::uint32_t max_day = 0;
  for (const std::uint64_t key : *keys) {
    const auto day = static_cast<std::uint32_t>(key >> 32);
    min_day = std::min(min_day, day);
    max_day = std::max(max_day, day);
  }
  if (size < 256) {  // counting passes cost more than a small sort
    std::sort(keys->begin(), keys->end());
    return;
  }
  constexpr int kDigitBits = 11;
  constexpr std::size_t kBuckets = std::size_t{1} << kDigitBits;
  scratch->resize(size);
  std::vector<std::size_t> count(kBuckets);
  for (int shift = 0; shift < 32 && ((max_day - min_day) >> shift) != 0; shift += kDigitBits) {
    std::fill(count.begin(), count.end(), 0);
    const auto digit = [&](std::uint64_t key) {
      return ((static_cast<std::uint32_t>(key >> 32) - min_day) >> shift) & (kBuckets - 1);
    };
    for (const std::uint64_t key : *keys) ++count[digit(key)];
    std::size_t sum = 0;
    for (std::size_t& c : count) sum += std::exchange(c, sum);
    for (const std::uint64_t key : *keys) (*scratch)[count[digit(key)]++] = key;
    keys->swap(*scratch);
  }
}

template <class Vector>
void ShrinkIfSlack(Vector* v) {
  if (v->capacity() - v->size() > v->size() / 32 + 64) v->shrink_to_fit();
}

}  // namespace

void Store::Impl::BuildIndexes() {
  const std::size_t n = fact_relation.size();
  const std::size_t entity_count = EntityCount();
  // Old indexes go first, so that rebuilding never holds two sets at once.
  graph = FactGraph();
  for (auto* v : {&by_start, &in_begin, &in_facts}) Column<std::uint32_t>().swap(*v);
  Column<std::uint8_t>().swap(in_relation);
  Column<std::uint16_t>().swap(by_start_end_gap);

  // 1. Resolve same_as once: the columns hold canonical ids from now on.
  if (!merged_into.empty()) {
    for (auto& [gone, kept] : merged_into) kept = Root(kept);
    for (EntityId& e : fact_subject) e = Root(e);
    for (EntityId& e : fact_object) e = Root(e);
    for (Attribute& a : attrs) {
      if (a.value.kind == AttrValue::Kind::kEntity) a.value.id = Root(a.value.id);
    }
  }
  // Loading is over: give back growth slack before the indexes need memory.
  ShrinkIfSlack(&fact_relation);
  ShrinkIfSlack(&fact_subject);
  ShrinkIfSlack(&fact_object);
  ShrinkIfSlack(&fact_days);
  ShrinkIfSlack(&entity_name_end);
  ShrinkIfSlack(&entity_kind);
  ShrinkIfSlack(&entity_name_arena);

  // 2. Per relation, facts sorted by possible start: counting sort by
  // relation, then each relation's slice sorted on packed (start, id) keys
  // (one relation's keys at a time bound the scratch memory).
  const std::size_t relation_count = schemas.size();
  relation_begin.assign(relation_count + 1, 0);
  for (const std::uint16_t r : fact_relation) ++relation_begin[r + 1];
  for (std::size_t r = 0; r < relation_count; ++r) relation_begin[r + 1] += relation_begin[r];
  by_start.assign(n, 0);
  {
    std::vector<std::uint32_t> next(relation_begin.begin(), relation_begin.end() - 1);
    for (FactId f = 0; f < n; ++f) by_start[next[fact_relation[f]]++] = f;
  }
  relation_block_begin.assign(relation_count + 1, 0);
  for (std::size_t r = 0; r < relation_count; ++r) {
    relation_block_begin[r + 1] =
        relation_block_begin[r] +
        static_cast<std::uint32_t>(blocked::BlockCount(relation_begin[r + 1] - relation_begin[r]));
  }
  by_start_end_gap.assign(n, 0);
  by_start_block_hi.assign(relation_block_begin.back(), 0);
  by_start_tree.assign(relation_block_begin.back(), 0);
  {
    std::vector<std::uint64_t> keys;
    std::vector<std::uint64_t> scratch;
    for (std::size_t r = 0; r < relation_count; ++r) {
      FactId* slice = by_start.data() + relation_begin[r];
      const std::size_t size = relation_begin[r + 1] - relation_begin[r];
      keys.resize(size);
      for (std::size_t i = 0; i < size; ++i) {
        // Bias the signed day so that unsigned order is day order.
        const std::uint64_t day =
            static_cast<std::uint32_t>(fact_days[slice[i]].start_lo) ^ 0x80000000u;
        keys[i] = day << 32 | slice[i];
      }
      SortByDay(&keys, &scratch);
      for (std::size_t i = 0; i < size; ++i) slice[i] = static_cast<FactId>(keys[i]);
      const auto end = [&](std::size_t i) { return fact_days[slice[i]].end_hi; };
      blocked::Build(size, end, by_start_block_hi.data() + relation_block_begin[r],
                     by_start_tree.data() + relation_block_begin[r]);
      blocked::BuildEndGaps(
          size, [&](std::size_t i) { return fact_days[slice[i]].start_lo; }, end,
          by_start_end_gap.data() + relation_begin[r]);
    }
  }

  // 3. Adjacency both ways by counting sort over by_start: each vertex's
  // facts come out grouped by relation and sorted by start, no comparisons.
  run_pool.clear();
  out_runs.clear();
  in_runs.clear();
  {
    std::vector<FactId> order(n);  // facts by (subject, relation, start, id)
    {
      std::vector<std::uint32_t> next;  // where each vertex's next edge goes
      CountStarts(fact_subject, entity_count, &next);
      for (const FactId f : by_start) order[next[fact_subject[f]]++] = f;
    }
    // Boost copies edges that arrive sorted by source as they come, so our
    // within-vertex order survives; generating (source, target) from the
    // fact columns avoids materialising them (peak memory matters at 10M).
    graph = FactGraph(boost::edges_are_sorted, SortedEdges{order.data(), this},
                      SortedEdges{order.data() + n, this}, order.begin(),
                      static_cast<EntityId>(entity_count), n);
  }
  {
    IndexRuns(*this, graph.m_forward.m_rowstart, OutFacts(), &out_runs, &run_pool);
    CountStarts(fact_object, entity_count, &in_begin);
    in_facts.assign(n, 0);
    // in_begin doubles as the cursor (no copy: this is the peak of the
    // build): each entry ends at the next vertex's start, then shifts back.
    for (const FactId f : by_start) in_facts[in_begin[fact_object[f]]++] = f;
    std::copy_backward(in_begin.begin(), in_begin.end() - 1, in_begin.end());
    in_begin[0] = 0;
    in_relation.assign(n, 0);
    for (std::size_t i = 0; i < n; ++i) in_relation[i] = RelationTag(fact_relation[in_facts[i]]);
    IndexRuns(*this, in_begin, in_facts.data(), &in_runs, &run_pool);
  }
  run_pool.shrink_to_fit();
#if defined(__GLIBC__)
  // The build's scratch arrays were freed, but glibc keeps freed heap pages
  // (those below its mmap threshold) unless asked: give them back.
  malloc_trim(0);
#endif
  CollapseColumnsIntoHugePages();
  indexed_facts = n;
  indexed = true;
  merged_since_finalize = false;
}

// The arrays that point lookups probe at random: names, facts, and the
// indexes by start and by object. Not the graph's out-edges: W4 and W5 walk
// them in runs, and at 10M facts their 110 MB took 0.27 s of the load to
// collapse for no change in either (the history's *Huge pages after load*).
void Store::Impl::CollapseColumnsIntoHugePages() const {
  const auto collapse = [](const auto& array) {
    CollapseIntoHugePages(array.data(), array.size() * sizeof(array[0]));
  };
  collapse(entity_name_arena);
  collapse(entity_name_end);
  collapse(entity_kind);
  collapse(name_slots);
  collapse(name_tags);
  collapse(fact_relation);
  collapse(fact_subject);
  collapse(fact_object);
  collapse(fact_days);
  collapse(attr_end);
  collapse(by_start);
  collapse(by_start_end_gap);
  collapse(by_start_block_hi);
  collapse(by_start_tree);
  collapse(in_begin);
  collapse(in_facts);
  collapse(in_relation);
}

void Store::Finalize() {
  if (IsFinalized()) return;
  impl_->BuildIndexes();
}

bool Store::IsFinalized() const {
  return impl_->indexed && impl_->indexed_facts == impl_->fact_relation.size() &&
         !impl_->merged_since_finalize;
}

namespace {

bool Meets(const PackedDays& days, Day lo, Day hi) {
  return days.start_lo <= hi && days.end_hi >= lo;
}

// Facts added since the last Finalize(): not indexed yet, found by scanning.
template <class Keep, class Visit>
bool ScanTail(const Store::Impl& impl, RelationId relation, Day lo, Day hi, Keep&& keep,
              Visit&& visit) {
  for (std::size_t f = impl.indexed_facts; f < impl.fact_relation.size(); ++f) {
    const auto fact = static_cast<FactId>(f);
    if (impl.fact_relation[f] == relation && Meets(impl.fact_days[f], lo, hi) && keep(fact) &&
        !visit(fact)) {
      return false;
    }
  }
  return true;
}

// The columns Store::EndsAndPeriod reads that are not in the days the walk
// read. Not the relation: every fact a walk of one relation finds is of it,
// and its line would take one of the few fill buffers a core has.
void PrefetchFactColumns(const Store::Impl& impl, FactId fact) {
  PrefetchForRead(&impl.fact_subject[fact]);
  PrefetchForRead(&impl.fact_object[fact]);
}

// Facts found by the relation walk, handed to the visitor a batch at a time
// with the columns Store::EndsAndPeriod reads already on their way. In time order a
// fact's columns are random loads; visited one by one, each fact waits for
// its subject, object and days in turn, while a batch overlaps them. The
// walk reads most ends from its gaps, so the days are fetched here too.
class PrefetchedVisits {
 public:
  PrefetchedVisits(const Store::Impl& impl, const FactVisitor& visit)
      : impl_(impl), visit_(visit) {}

  //! False once the visitor has asked to stop.
  bool Add(FactId fact) {
    PrefetchForRead(&impl_.fact_days[fact]);
    PrefetchFactColumns(impl_, fact);
    pending_[count_++] = fact;
    return count_ < kBatch || Flush();
  }
  //! Visits what is pending; false once the visitor has asked to stop.
  bool Flush() {
    const std::size_t count = std::exchange(count_, 0);
    for (std::size_t i = 0; i < count; ++i) {
      if (!visit_(pending_[i])) return false;
    }
    return true;
  }

 private:
  static constexpr std::size_t kBatch = 16;
  const Store::Impl& impl_;
  const FactVisitor& visit_;
  FactId pending_[kBatch] = {};
  std::size_t count_ = 0;
};

// Facts found for many lookups (Store::FactsOfEachDuring), handed to the
// visitor a batch at a time with the columns Store::EndsAndPeriod reads on
// their way, as PrefetchedVisits does for one.
class FoundFacts {
 public:
  FoundFacts(const Store::Impl& impl, const Store::LookupVisitor& visit)
      : impl_(impl), visit_(visit) {}

  void Add(std::size_t lookup, FactId fact) {
    PrefetchFactColumns(impl_, fact);
    pending_[count_++] = {lookup, fact};
    if (count_ == kBatch) Flush();
  }
  void Flush() {
    for (std::size_t i = 0; i < count_; ++i) {
      const Found& found = pending_[i];
      if (found.lookup == stopped_) continue;
      if (!visit_(found.lookup, found.fact)) stopped_ = found.lookup;
    }
    count_ = 0;
  }

 private:
  struct Found {
    std::size_t lookup;
    FactId fact;
  };
  static constexpr std::size_t kBatch = 16;
  const Store::Impl& impl_;
  const Store::LookupVisitor& visit_;
  Found pending_[kBatch] = {};
  std::size_t count_ = 0;
  std::size_t stopped_ = static_cast<std::size_t>(-1);  // the lookup whose visitor said stop
};

// Where one vertex's run of `relation` lies within its adjacency list, which
// is grouped by relation: two binary searches, over the list's relation tags
// when it has them (`tags`, in-edges), else over its facts' relations.
struct Run {
  const FactId* first;
  const FactId* last;
};
Run RunOf(const Store::Impl& impl, const FactId* facts, const std::uint8_t* tags, std::size_t begin,
          std::size_t end, RelationId relation) {
  if (tags != nullptr) {
    const std::uint8_t tag = RelationTag(static_cast<std::uint16_t>(relation));
    // Most rows hold one relation, or begin or end with the one sought:
    // then its run needs one binary search, or none.
    const bool from_first = begin < end && tags[begin] == tag;
    const bool to_last = begin < end && tags[end - 1] == tag;
    const std::uint8_t* from =
        from_first ? tags + begin : std::lower_bound(tags + begin, tags + end, tag);
    const std::uint8_t* to = to_last ? tags + end : std::upper_bound(from, tags + end, tag);
    begin = static_cast<std::size_t>(from - tags);
    end = static_cast<std::size_t>(to - tags);
    if (tag != kManyRelations) return {facts + begin, facts + end};
  }
  const std::uint16_t* relation_of = impl.fact_relation.data();
  const FactId* first =
      std::lower_bound(facts + begin, facts + end, relation,
                       [&](FactId f, RelationId r) { return relation_of[f] < r; });
  const FactId* last = std::upper_bound(first, facts + end, relation,
                                        [&](RelationId r, FactId f) { return r < relation_of[f]; });
  return {first, last};
}

// The facts of one run meeting [lo, hi]: the blocked tree when the run has
// one, else a scan of at most one block. A caller that has the run's days in
// cache already may have runs of up to `scan_up_to` facts scanned instead.
template <class Visit>
bool QueryRun(const Store::Impl& impl, const FactId* facts,
              const std::unordered_map<std::uint32_t, RunIndex>& runs, Run run, Day lo, Day hi,
              Visit&& visit, std::size_t scan_up_to = blocked::kBlock) {
  const FactId* first = run.first;
  const auto size = static_cast<std::size_t>(run.last - first);
  const PackedDays* days = impl.fact_days.data();
  const auto start = [&](std::size_t i) { return days[first[i]].start_lo; };
  const auto end_of = [&](std::size_t i) { return days[first[i]].end_hi; };
  if (size > std::max(scan_up_to, blocked::kBlock)) {
    // Every long run has its arrays; the bounds check guards against a
    // damaged snapshot, which then costs a scan instead of a wrong read.
    const std::size_t blocks = blocked::BlockCount(size);
    auto it = runs.find(static_cast<std::uint32_t>(first - facts));
    if (it != runs.end() && it->second.pool_offset + 2 * blocks <= impl.run_pool.size()) {
      const Day* block_hi = impl.run_pool.data() + it->second.pool_offset;
      return blocked::Query(size, start, end_of, block_hi, block_hi + blocks, lo, hi,
                            [&](std::size_t i) { return visit(first[i]); });
    }
  }
  for (std::size_t i = 0; i < size && start(i) <= hi; ++i) {
    if (end_of(i) >= lo && !visit(first[i])) return false;
  }
  return true;
}

template <class Visit>
bool QueryAdjacency(const Store::Impl& impl, const FactId* facts, const std::uint8_t* tags,
                    const std::unordered_map<std::uint32_t, RunIndex>& runs, std::size_t begin,
                    std::size_t end, RelationId relation, Day lo, Day hi, Visit&& visit) {
  return QueryRun(impl, facts, runs, RunOf(impl, facts, tags, begin, end, relation), lo, hi, visit);
}

// The facts of `relation` whose subject (by_subject) or object is `entity`,
// meeting [lo, hi], for Store::FactsOfSubjectDuring and its kin: `visit` is
// any callable, so that a caller inside the store pays no std::function
// call per fact.
template <class Visit>
void VisitFactsOfEnd(const Store& store, const Store::Impl& impl, RelationId relation,
                     bool by_subject, EntityId entity, Day lo, Day hi, Visit&& visit) {
  if (lo > hi) return;
  const EntityId who = impl.Root(entity);
  const Column<EntityId>& ends = by_subject ? impl.fact_subject : impl.fact_object;
  const auto is_ours = [&](FactId f) { return impl.Root(ends[f]) == who; };
  if (impl.merged_since_finalize) {  // vertex lists are stale: filter the relation
    store.FactsDuring(relation, lo, hi, [&](FactId f) { return !is_ours(f) || visit(f); });
    return;
  }
  if (by_subject) {
    const auto& rowstart = impl.graph.m_forward.m_rowstart;
    if (impl.indexed && who + 1 < rowstart.size() &&
        !QueryAdjacency(impl, impl.OutFacts(), nullptr, impl.out_runs, rowstart[who],
                        rowstart[who + 1], relation, lo, hi, visit)) {
      return;
    }
  } else if (impl.indexed && who + 1 < impl.in_begin.size() &&
             !QueryAdjacency(impl, impl.in_facts.data(), impl.in_relation.data(), impl.in_runs,
                             impl.in_begin[who], impl.in_begin[who + 1], relation, lo, hi, visit)) {
    return;
  }
  ScanTail(impl, relation, lo, hi, is_ours, visit);
}

}  // namespace

void Store::FactsDuring(RelationId relation, Day lo, Day hi, const FactVisitor& visit) const {
  const Impl& impl = *impl_;
  CheckRelation(impl, relation);
  if (lo > hi) return;
  if (impl.indexed && relation + 1 < impl.relation_begin.size()) {
    const FactId* slice = impl.by_start.data() + impl.relation_begin[relation];
    const std::size_t size = impl.relation_begin[relation + 1] - impl.relation_begin[relation];
    const PackedDays* days = impl.fact_days.data();
    const std::size_t block = impl.relation_block_begin[relation];
    PrefetchedVisits visits(impl, visit);
    if (!blocked::QueryWithEndGaps(
            size, [&](std::size_t i) { return days[slice[i]].start_lo; },
            [&](std::size_t i) { return days[slice[i]].end_hi; },
            impl.by_start_end_gap.data() + impl.relation_begin[relation],
            impl.by_start_block_hi.data() + block, impl.by_start_tree.data() + block, lo, hi,
            [&](std::size_t i) { return visits.Add(slice[i]); }) ||
        !visits.Flush()) {
      return;
    }
  }
  ScanTail(
      impl, relation, lo, hi, [](FactId) { return true; }, visit);
}

void Store::FactsStartingDuring(RelationId relation, Day lo, Day hi,
                                const FactVisitor& visit) const {
  const Impl& impl = *impl_;
  CheckRelation(impl, relation);
  if (lo > hi) return;
  if (impl.indexed && relation + 1 < impl.relation_begin.size()) {
    // The relation's slice of by_start is sorted by start_lo.
    const FactId* first = impl.by_start.data() + impl.relation_begin[relation];
    const FactId* last = impl.by_start.data() + impl.relation_begin[relation + 1];
    const PackedDays* days = impl.fact_days.data();
    for (const FactId* at =
             std::partition_point(first, last, [&](FactId f) { return days[f].start_lo < lo; });
         at != last && days[*at].start_lo <= hi; ++at) {
      if (!visit(*at)) return;
    }
  }
  // Facts added since the last Finalize are in no index.
  for (std::size_t f = impl.indexed_facts; f < impl.fact_relation.size(); ++f) {
    const PackedDays& days = impl.fact_days[f];
    if (impl.fact_relation[f] == relation && days.start_lo >= lo && days.start_lo <= hi &&
        !visit(static_cast<FactId>(f))) {
      return;
    }
  }
}

void Store::FactsInIdOrder(RelationId relation, const FactVisitor& visit) const {
  const Impl& impl = *impl_;
  CheckRelation(impl, relation);
  const std::size_t total = impl.fact_relation.size();
  // A relation with a large share of the facts: one pass over the relation
  // column. A small one: its ids from the index, sorted.
  if (!impl.indexed || relation + 1 >= impl.relation_begin.size() ||
      impl.relation_fact_count[relation] * 16 >= total) {
    for (std::size_t f = 0; f < total; ++f) {
      if (impl.fact_relation[f] == relation && !visit(static_cast<FactId>(f))) return;
    }
    return;
  }
  std::vector<FactId> ids(impl.by_start.begin() + impl.relation_begin[relation],
                          impl.by_start.begin() + impl.relation_begin[relation + 1]);
  std::sort(ids.begin(), ids.end());
  for (const FactId id : ids) {
    if (!visit(id)) return;
  }
  ScanTail(
      impl, relation, kMinDay, kMaxDay, [](FactId) { return true; }, visit);
}

void Store::FactsOfSubjectDuring(RelationId relation, EntityId subject, Day lo, Day hi,
                                 const FactVisitor& visit) const {
  const Impl& impl = *impl_;
  CheckRelation(impl, relation);
  CheckEntity(impl, subject);
  VisitFactsOfEnd(*this, impl, relation, /*by_subject=*/true, subject, lo, hi, visit);
}

void Store::FactsOfObjectDuring(RelationId relation, EntityId object, Day lo, Day hi,
                                const FactVisitor& visit) const {
  const Impl& impl = *impl_;
  CheckRelation(impl, relation);
  CheckEntity(impl, object);
  VisitFactsOfEnd(*this, impl, relation, /*by_subject=*/false, object, lo, hi, visit);
}

void Store::OtherEndsDuring(RelationId relation, bool by_subject, EntityId entity, Day lo, Day hi,
                            std::vector<EntityId>* other_ends, std::vector<FactId>* facts) const {
  const Impl& impl = *impl_;
  CheckRelation(impl, relation);
  CheckEntity(impl, entity);
  const Column<EntityId>& others = by_subject ? impl.fact_object : impl.fact_subject;
  VisitFactsOfEnd(*this, impl, relation, by_subject, entity, lo, hi, [&](FactId f) {
    other_ends->push_back(impl.Root(others[f]));
    if (facts != nullptr) facts->push_back(f);
    return true;
  });
}

void Store::FactsOfEachDuring(RelationId relation, bool by_subject,
                              std::span<const EndLookup> lookups,
                              const LookupVisitor& visit) const {
  const Impl& impl = *impl_;
  CheckRelation(impl, relation);
  for (const EndLookup& lookup : lookups) CheckEntity(impl, lookup.entity);
  // One lookup has nothing to overlap its loads with: the plain walk.
  if (!impl.indexed || impl.merged_since_finalize || lookups.size() == 1) {
    for (std::size_t i = 0; i < lookups.size(); ++i) {
      const EndLookup& lookup = lookups[i];
      const auto visit_one = [&](FactId fact) { return visit(i, fact); };
      if (by_subject) {
        FactsOfSubjectDuring(relation, lookup.entity, lookup.lo, lookup.hi, visit_one);
      } else {
        FactsOfObjectDuring(relation, lookup.entity, lookup.lo, lookup.hi, visit_one);
      }
    }
    return;
  }
  const std::uint32_t* row_begin =
      by_subject ? impl.graph.m_forward.m_rowstart.data() : impl.in_begin.data();
  const std::size_t rows =
      by_subject ? impl.graph.m_forward.m_rowstart.size() : impl.in_begin.size();
  const FactId* facts = by_subject ? impl.OutFacts() : impl.in_facts.data();
  const std::uint8_t* tags = by_subject ? nullptr : impl.in_relation.data();
  const auto& long_runs = by_subject ? impl.out_runs : impl.in_runs;
  // Past this many facts a row or run is not prefetched whole: the lookup
  // then takes some misses in turn, as a single lookup would.
  constexpr std::size_t kPrefetchUpTo = 64;
  constexpr std::size_t kGroup = 16;
  constexpr std::size_t kLine = 64;
  const auto prefetch_span = [](const void* from, std::size_t bytes) {
    const auto* p = static_cast<const char*>(from);
    for (std::size_t at = 0; at < bytes; at += kLine) PrefetchForRead(p + at);
    if (bytes > 0) PrefetchForRead(p + bytes - 1);
  };
  EntityId who[kGroup];
  std::size_t row_first[kGroup];  // the row of who[k] in `facts`, empty when it has none
  std::size_t row_end[kGroup];
  Run run[kGroup];
  FoundFacts found(impl, visit);
  for (std::size_t at = 0; at < lookups.size(); at += kGroup) {
    const std::size_t count = std::min(kGroup, lookups.size() - at);
    // Step by step over the group, each step prefetching what the next
    // reads: the row's bounds, its fact ids, their relations, the run's days.
    for (std::size_t k = 0; k < count; ++k) {
      who[k] = impl.Root(lookups[at + k].entity);
      if (who[k] + 1 < rows) PrefetchForRead(&row_begin[who[k]]);
    }
    for (std::size_t k = 0; k < count; ++k) {
      const bool has_row = who[k] + 1 < rows;
      row_first[k] = has_row ? row_begin[who[k]] : 0;
      row_end[k] = has_row ? row_begin[who[k] + 1] : 0;
      const std::size_t size = std::min(row_end[k] - row_first[k], kPrefetchUpTo);
      prefetch_span(facts + row_first[k], size * sizeof(FactId));
    }
    for (std::size_t k = 0; k < count; ++k) {
      const std::size_t size = std::min(row_end[k] - row_first[k], kPrefetchUpTo);
      if (tags != nullptr) {
        prefetch_span(tags + row_first[k], size);
        continue;
      }
      for (std::size_t i = row_first[k]; i < row_first[k] + size; ++i) {
        PrefetchForRead(&impl.fact_relation[facts[i]]);
      }
    }
    for (std::size_t k = 0; k < count; ++k) {
      run[k] = RunOf(impl, facts, tags, row_first[k], row_end[k], relation);
      const std::size_t size = std::min<std::size_t>(run[k].last - run[k].first, kPrefetchUpTo);
      if (size == 0) continue;
      const FactId* first = run[k].first;
      // A run's facts are most often consecutive ids (an organisation's
      // leaders, listed together), so their days lie side by side: fetched a
      // line at a time then. Judged by the ends alone, which may guess wrong,
      // but a prefetch is only a hint, and the span stays within the array.
      if (first[size - 1] - first[0] == size - 1) {
        prefetch_span(&impl.fact_days[first[0]], size * sizeof(PackedDays));
        continue;
      }
      for (std::size_t i = 0; i < size; ++i) PrefetchForRead(&impl.fact_days[first[i]]);
    }
    for (std::size_t k = 0; k < count; ++k) {
      const std::size_t i = at + k;
      const EndLookup& lookup = lookups[i];
      if (lookup.lo > lookup.hi) continue;
      const auto visit_one = [&](FactId fact) {
        found.Add(i, fact);
        return true;
      };
      // The run's days are in cache by now: a scan beats finding its tree
      // (a hash lookup, two more misses) for as many facts as were fetched.
      QueryRun(impl, facts, long_runs, run[k], lookup.lo, lookup.hi, visit_one, kPrefetchUpTo);
      if (impl.indexed_facts == impl.fact_relation.size()) continue;
      const EntityId end_of = who[k];
      const auto is_ours = [&](FactId f) {
        return impl.Root(by_subject ? impl.fact_subject[f] : impl.fact_object[f]) == end_of;
      };
      ScanTail(impl, relation, lookup.lo, lookup.hi, is_ours, visit_one);
    }
  }
  found.Flush();
}

const FactGraph& GraphOf(const Store& store) { return store.Internals().graph; }

// ---------------------------------------------------------------- memory

std::size_t Store::Impl::MemoryBytes() const {
  std::size_t bytes = files.MemoryBytes() + strings.MemoryBytes() + VectorBytes(kinds);
  bytes += entity_name_arena.capacity() + VectorBytes(entity_name_end) + VectorBytes(entity_kind) +
           MapBytes(merged_into) + alias_arena.capacity() + VectorBytes(alias_end) +
           VectorBytes(alias_owner) + VectorBytes(name_slots) + VectorBytes(name_tags);
  bytes += MapBytes(extra_names) + MapBytes(lifespans);
  for (const auto& [root, names] : extra_names) bytes += VectorBytes(names);
  for (const RelationSchema& schema : schemas) {
    bytes += sizeof(schema) + schema.name.capacity();
    for (const std::string& column : schema.attribute_columns) {
      bytes += sizeof(column) + column.capacity();
    }
  }
  bytes += MapBytes(relation_ids) + VectorBytes(relation_fact_count);
  bytes += VectorBytes(fact_relation) + VectorBytes(fact_subject) + VectorBytes(fact_object) +
           VectorBytes(fact_days) + VectorBytes(wide_days) + VectorBytes(source_runs) +
           VectorBytes(attr_end) + VectorBytes(attrs);
  bytes += VectorBytes(relation_begin) + VectorBytes(relation_block_begin) + VectorBytes(by_start) +
           VectorBytes(by_start_end_gap) + VectorBytes(by_start_block_hi) +
           VectorBytes(by_start_tree);
  bytes += VectorBytes(graph.m_forward.m_rowstart) + VectorBytes(graph.m_forward.m_column) +
           boost::num_edges(graph) * sizeof(FactId);
  bytes += VectorBytes(in_begin) + VectorBytes(in_facts) + VectorBytes(in_relation) +
           MapBytes(out_runs) + MapBytes(in_runs) + VectorBytes(run_pool);
  return bytes;
}

std::size_t Store::MemoryBytes() const {
  return sizeof(Store) + sizeof(Impl) + impl_->MemoryBytes();
}

}  // namespace annals::engine
