#include "engine/store/store.hpp"

#include <annals/error.hpp>

#include "engine/store/name_match.hpp"
#include "engine/store/store_impl.hpp"

#include <algorithm>
#include <limits>
#include <tuple>
#include <utility>

namespace annals::engine {
namespace {

constexpr std::size_t kMaxFacts = std::numeric_limits<FactId>::max() - 1;

// Attribute columns every dataset shares (see the brief's .dl format); other
// relations get their columns as ingest meets them.
const std::vector<std::string>* BuiltInColumns(std::string_view relation) {
  static const std::vector<std::string> kLeads = {"role", "note"};
  static const std::vector<std::string> kSucceeds = {"org"};
  if (relation == "leads") return &kLeads;
  if (relation == "succeeds") return &kSucceeds;
  return nullptr;
}

bool Meets(const DayBounds& days, Day lo, Day hi) {
  return days.start_lo <= hi && days.end_hi >= lo;
}

template <class T>
std::size_t VectorBytes(const std::vector<T>& v) {
  return v.capacity() * sizeof(T);
}

// Node-based hash maps: a node per element (value, next pointer, cached hash)
// plus the bucket array.
template <class Map>
std::size_t MapBytes(const Map& map) {
  return map.size() * (sizeof(typename Map::value_type) + 2 * sizeof(void*)) +
         map.bucket_count() * sizeof(void*);
}

// The lookup key of a name, in a per-thread buffer: lookups are const and
// run concurrently on a finalized store, and a fresh string per probe would
// dominate the cost of interning millions of names.
const std::string& KeyOf(std::string_view name) {
  thread_local std::string key;
  NormalizeNameInto(name, &key);
  return key;
}

}  // namespace

// ---------------------------------------------------------------- Impl helpers

std::string_view Store::Impl::NameText(NameRef ref) const {
  if ((ref & kAliasBit) != 0) {
    const std::uint32_t alias = ref & ~kAliasBit;
    const std::uint64_t begin = alias == 0 ? 0 : alias_end[alias - 1];
    return std::string_view(alias_arena).substr(begin, alias_end[alias] - begin);
  }
  const std::uint64_t begin = ref == 0 ? 0 : entity_name_end[ref - 1];
  return std::string_view(entity_name_arena).substr(begin, entity_name_end[ref] - begin);
}

FileId Store::Impl::FileOf(FactId fact) const {
  // The last run starting at or before `fact`.
  auto it = std::upper_bound(file_runs.begin(), file_runs.end(), fact,
                             [](FactId f, const FileRun& run) { return f < run.first; });
  return it == file_runs.begin() ? 0 : std::prev(it)->file;
}

void Store::Impl::IndexName(NameRef ref) {
  if ((name_count + 1) * 4 > name_slots.size() * 3) {
    ++name_count;
    RebuildNameTable();  // inserts every name, this one included
    return;
  }
  const std::string& key = KeyOf(NameText(ref));
  const std::uint64_t hash = HashBytes(key);
  const std::size_t mask = name_slots.size() - 1;
  std::size_t i = hash & mask;
  while (name_slots[i] != kEmptySlot) i = (i + 1) & mask;
  name_slots[i] = (hash >> 32 << 32) | ref;
  ++name_count;
}

void Store::Impl::RebuildNameTable() {
  std::size_t size = 16;
  while (name_count * 4 > size * 3) size *= 2;
  name_slots.assign(size, kEmptySlot);
  const std::size_t mask = size - 1;
  const auto insert = [&](NameRef ref) {
    const std::uint64_t hash = HashBytes(KeyOf(NameText(ref)));
    std::size_t i = hash & mask;
    while (name_slots[i] != kEmptySlot) i = (i + 1) & mask;
    name_slots[i] = (hash >> 32 << 32) | ref;
  };
  // Entities before aliases, each in id order: probe order then matches
  // insertion order within each kind, which lookups rely on for stable ties.
  for (EntityId e = 0; e < entity_parent.size(); ++e) insert(e);
  for (std::uint32_t a = 0; a < alias_owner.size(); ++a) insert(kAliasBit | a);
  name_count = entity_parent.size() + alias_owner.size();
}

// ---------------------------------------------------------------- lifecycle

Store::Store() : impl_(std::make_unique<Impl>()) {}
Store::~Store() = default;
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;

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

void CheckEntity(const Store::Impl& impl, EntityId entity) {
  if (entity >= impl.entity_parent.size()) {
    throw Error(ErrorCode::kInvalidArgument, "no entity with id " + std::to_string(entity) +
                                                 " (the store has " +
                                                 std::to_string(impl.entity_parent.size()) + ")");
  }
}

// Calls on_match(ref) for every name whose key equals `key`, in probe order.
template <class OnMatch>
void ForEachNameMatch(const Store::Impl& impl, const std::string& key, OnMatch&& on_match) {
  if (impl.name_slots.empty() || key.empty()) return;
  const std::uint64_t hash = HashBytes(key);
  const std::size_t mask = impl.name_slots.size() - 1;
  std::string candidate;  // own buffer: `key` may be the thread-local one
  for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
    const std::uint64_t slot = impl.name_slots[i];
    if (slot == Store::Impl::kEmptySlot) return;
    if ((slot >> 32) != (hash >> 32)) continue;
    const auto ref = static_cast<NameRef>(slot & 0xFFFFFFFFu);
    NormalizeNameInto(impl.NameText(ref), &candidate);
    if (candidate == key) on_match(ref);
  }
}

EntityId OwnerOf(const Store::Impl& impl, NameRef ref) {
  return (ref & kAliasBit) != 0 ? impl.alias_owner[ref & ~kAliasBit] : ref;
}

// Entity names win over aliases; earlier wins over later.
std::optional<EntityId> FindByKey(const Store::Impl& impl, const std::string& key) {
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
  const std::string key = NormalizeName(name_or_alias);
  return FindByKey(*impl_, key);
}

std::vector<EntityId> Store::FindEntities(std::string_view name_or_alias) const {
  const std::string key = NormalizeName(name_or_alias);
  std::vector<EntityId> found;
  ForEachNameMatch(*impl_, key,
                   [&](NameRef ref) { found.push_back(impl_->Root(OwnerOf(*impl_, ref))); });
  std::sort(found.begin(), found.end());
  found.erase(std::unique(found.begin(), found.end()), found.end());
  return found;
}

EntityId Store::InternEntity(std::string_view name) {
  Impl& impl = *impl_;
  const std::string key = NormalizeName(name);
  if (key.empty()) {
    throw Error(ErrorCode::kInvalidArgument, "an entity name must not be empty or blank");
  }
  if (auto found = FindByKey(impl, key)) return *found;
  if (impl.entity_parent.size() >= kAliasBit) {
    throw Error(ErrorCode::kData, "too many entities (more than 2^31)");
  }
  const auto id = static_cast<EntityId>(impl.entity_parent.size());
  impl.entity_name_arena.append(name);
  impl.entity_name_end.push_back(impl.entity_name_arena.size());
  impl.entity_kind.push_back(kNoKind);
  impl.entity_parent.push_back(id);
  impl.IndexName(id);
  return id;
}

void Store::AddAlias(EntityId entity, std::string_view alias) {
  Impl& impl = *impl_;
  CheckEntity(impl, entity);
  const std::string key = NormalizeName(alias);
  if (key.empty()) {
    throw Error(ErrorCode::kInvalidArgument, "an alias must not be empty or blank");
  }
  const EntityId root = impl.Root(entity);
  bool known = false;
  ForEachNameMatch(impl, key,
                   [&](NameRef ref) { known = known || impl.Root(OwnerOf(impl, ref)) == root; });
  if (known) return;  // already a name of this entity
  if (impl.alias_owner.size() >= kAliasBit) {
    throw Error(ErrorCode::kData, "too many aliases (more than 2^31)");
  }
  const auto index = static_cast<std::uint32_t>(impl.alias_owner.size());
  impl.alias_arena.append(alias);
  impl.alias_end.push_back(impl.alias_arena.size());
  impl.alias_owner.push_back(entity);
  impl.extra_names[root].push_back(kAliasBit | index);
  impl.IndexName(kAliasBit | index);
}

void Store::SetKind(EntityId entity, std::string_view kind) {
  CheckEntity(*impl_, entity);
  impl_->entity_kind[impl_->Root(entity)] = kind.empty() ? kNoKind : impl_->strings.Intern(kind);
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
  impl.entity_parent[gone] = root;
  std::vector<NameRef>& names = impl.extra_names[root];
  names.push_back(gone);
  if (auto it = impl.extra_names.find(gone); it != impl.extra_names.end()) {
    names.insert(names.end(), it->second.begin(), it->second.end());
    impl.extra_names.erase(it);
  }
  // What `keep` lacks, `other` may know.
  if (impl.entity_kind[root] == kNoKind) impl.entity_kind[root] = impl.entity_kind[gone];
  if (auto it = impl.lifespans.find(gone); it != impl.lifespans.end()) {
    impl.lifespans.try_emplace(root, it->second);
    impl.lifespans.erase(gone);
  }
  if (impl.indexed_facts > 0 || impl.finalized) impl.merged_since_finalize = true;
}

EntityId Store::Canonical(EntityId entity) const {
  CheckEntity(*impl_, entity);
  return impl_->Root(entity);
}

std::size_t Store::EntityCount() const { return impl_->entity_parent.size(); }

std::string_view Store::EntityName(EntityId entity) const {
  CheckEntity(*impl_, entity);
  return impl_->NameText(impl_->Root(entity));
}

std::string_view Store::EntityKind(EntityId entity) const {
  CheckEntity(*impl_, entity);
  const std::uint32_t kind = impl_->entity_kind[impl_->Root(entity)];
  return kind == kNoKind ? std::string_view() : impl_->strings.Get(kind);
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
    if (key.find(query) != std::string::npos || query.find(key) != std::string::npos) {
      const std::size_t gap =
          key.size() > query.size() ? key.size() - query.size() : query.size() - key.size();
      candidates.push_back({true, gap, name});
      return;
    }
    const std::size_t distance = BoundedEditDistance(query, key, cutoff);
    if (distance <= cutoff) candidates.push_back({false, distance, name});
  };
  for (EntityId e = 0; e < impl.entity_parent.size(); ++e) consider(e);
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
  impl.fact_forms.reserve(count);
  impl.fact_line.reserve(count);
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
  const auto id = static_cast<FactId>(impl.fact_relation.size());
  impl.fact_relation.push_back(relation);
  impl.fact_subject.push_back(subject);
  impl.fact_object.push_back(object);
  impl.fact_days.push_back(DayBounds{s.lo, s.hi, e.lo, e.hi});
  impl.fact_forms.push_back(static_cast<std::uint16_t>(static_cast<unsigned>(s.form) |
                                                       static_cast<unsigned>(e.form) << 8));
  impl.fact_line.push_back(source.line);
  if (impl.file_runs.empty() ? source.file != 0 : impl.file_runs.back().file != source.file) {
    impl.file_runs.push_back(FileRun{id, source.file});
  }
  if (!attributes.empty() || !impl.attr_end.empty()) {
    if (impl.attr_end.size() < id) impl.attr_end.resize(id, 0);  // all earlier had none
    if (impl.attrs.size() + attributes.size() > std::numeric_limits<std::uint32_t>::max()) {
      throw Error(ErrorCode::kData, "too many attribute values (more than 2^32)");
    }
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

FactView Store::Fact(FactId fact) const {
  const Impl& impl = *impl_;
  if (fact >= impl.fact_relation.size()) {
    throw Error(ErrorCode::kInvalidArgument, "no fact with id " + std::to_string(fact));
  }
  FactView view;
  view.id = fact;
  view.relation = impl.fact_relation[fact];
  view.subject = impl.Root(impl.fact_subject[fact]);
  view.object = impl.Root(impl.fact_object[fact]);
  const DayBounds& d = impl.fact_days[fact];
  const std::uint16_t forms = impl.fact_forms[fact];
  view.period.start = VagueDate{d.start_lo, d.start_hi, static_cast<DateForm>(forms & 0xFF)};
  view.period.end = VagueDate{d.end_lo, d.end_hi, static_cast<DateForm>(forms >> 8)};
  view.source = SourceRef{impl.FileOf(fact), impl.fact_line[fact]};
  if (!impl.attr_end.empty()) {
    const std::uint32_t begin = fact == 0 ? 0 : impl.attr_end[fact - 1];
    view.attributes =
        std::span<const Attribute>(impl.attrs.data() + begin, impl.attr_end[fact] - begin);
  }
  return view;
}

// ---------------------------------------------------------------- indexes

void Store::Impl::BuildIndexes() {
  const std::size_t n = fact_relation.size();
  const std::size_t entity_count = entity_parent.size();
  // 1. Flatten same_as chains so every later read is one step.
  for (EntityId e = 0; e < entity_count; ++e) entity_parent[e] = Root(e);
  for (Attribute& a : attrs) {
    if (a.value.kind == AttrValue::Kind::kEntity) a.value.id = entity_parent[a.value.id];
  }

  // 2. Per relation: the interval index over [start.lo, end.hi].
  {
    std::vector<std::vector<IntervalIndex::Entry>> entries(schemas.size());
    for (RelationId r = 0; r < schemas.size(); ++r) entries[r].reserve(relation_fact_count[r]);
    for (FactId f = 0; f < n; ++f) {
      const DayBounds& d = fact_days[f];
      entries[fact_relation[f]].push_back({d.start_lo, d.end_hi, f, 0});
    }
    by_relation.clear();
    by_relation.reserve(schemas.size());
    for (auto& relation_entries : entries) {
      by_relation.emplace_back(std::move(relation_entries));
      std::vector<IntervalIndex::Entry>().swap(relation_entries);
    }
  }

  // 3. Adjacency, both ways, by counting sort over the relation indexes: each
  // vertex's edges come out grouped by relation and sorted by start (the
  // order the relation indexes hold) with no comparison sort.
  const auto fill = [&](const std::vector<EntityId>& endpoint, std::vector<std::uint32_t>& begin,
                        auto&& place) {
    begin.assign(entity_count + 1, 0);
    for (FactId f = 0; f < n; ++f) ++begin[entity_parent[endpoint[f]] + 1];
    for (std::size_t v = 0; v < entity_count; ++v) begin[v + 1] += begin[v];
    std::vector<std::uint32_t> next(begin.begin(), begin.end() - 1);
    for (const IntervalIndex& index : by_relation) {
      for (const IntervalIndex::Entry& entry : index.Entries()) {
        place(next[entity_parent[endpoint[entry.id]]]++, entry.id);
      }
    }
  };
  // Max-end per (vertex, relation) run, read through the fact columns.
  const auto augment = [&](const std::vector<std::uint32_t>& begin, const FactId* facts,
                           Day* max_end) {
    for (std::size_t v = 0; v + 1 < begin.size(); ++v) {
      std::size_t run = begin[v];
      while (run < begin[v + 1]) {
        const RelationId r = fact_relation[facts[run]];
        std::size_t run_end = run + 1;
        while (run_end < begin[v + 1] && fact_relation[facts[run_end]] == r) ++run_end;
        const FactId* run_facts = facts + run;
        implicit_tree::BuildMaxEnd(
            run_end - run, [&](std::size_t i) { return fact_days[run_facts[i]].end_hi; },
            max_end + run);
        run = run_end;
      }
    }
  };

  {
    std::vector<std::uint32_t> out_begin;
    std::vector<EntityId> sources(n);
    std::vector<EntityId> targets(n);
    std::vector<FactId> edge_facts(n);
    fill(fact_subject, out_begin, [&](std::uint32_t pos, FactId f) {
      sources[pos] = entity_parent[fact_subject[f]];
      targets[pos] = entity_parent[fact_object[f]];
      edge_facts[pos] = f;
    });
    // Sources arrive sorted, and Boost's in-place histogram sort leaves a
    // sorted input exactly as it is, so our within-vertex order survives.
    graph = FactGraph(boost::construct_inplace_from_sources_and_targets, sources, targets,
                      edge_facts, static_cast<EntityId>(entity_count));
    out_max_end.assign(n, 0);
    if (n > 0) {
      augment(out_begin, &graph[FactGraph::edge_descriptor(0, 0)], out_max_end.data());
    }
  }
  {
    in_facts.assign(n, 0);
    fill(fact_object, in_begin, [&](std::uint32_t pos, FactId f) { in_facts[pos] = f; });
    in_max_end.assign(n, 0);
    augment(in_begin, in_facts.data(), in_max_end.data());
  }
  indexed_facts = n;
  merged_since_finalize = false;
  finalized = true;
}

void Store::Finalize() {
  if (IsFinalized()) return;
  impl_->BuildIndexes();
}

bool Store::IsFinalized() const {
  return impl_->finalized && impl_->indexed_facts == impl_->fact_relation.size() &&
         !impl_->merged_since_finalize;
}

namespace {

// Facts added since the last Finalize(): not indexed yet, found by scanning.
template <class Keep>
bool ScanTail(const Store::Impl& impl, RelationId relation, Day lo, Day hi, Keep&& keep,
              const FactVisitor& visit) {
  for (std::size_t f = impl.indexed_facts; f < impl.fact_relation.size(); ++f) {
    const auto fact = static_cast<FactId>(f);
    if (impl.fact_relation[f] == relation && Meets(impl.fact_days[f], lo, hi) && keep(fact) &&
        !visit(fact)) {
      return false;
    }
  }
  return true;
}

// One vertex's run of `relation` within an adjacency array grouped by
// relation: a binary search, then the implicit tree over that run.
bool QueryAdjacency(const Store::Impl& impl, const FactId* facts, const Day* max_end,
                    std::size_t begin, std::size_t end, RelationId relation, Day lo, Day hi,
                    const FactVisitor& visit) {
  const auto relation_of = [&](std::size_t i) { return impl.fact_relation[facts[i]]; };
  std::size_t a = begin;
  std::size_t b = end;
  while (a < b) {  // first position with relation >= `relation`
    const std::size_t mid = a + (b - a) / 2;
    if (relation_of(mid) < relation) {
      a = mid + 1;
    } else {
      b = mid;
    }
  }
  std::size_t run_end = a;
  b = end;
  while (run_end < b) {  // first position with relation > `relation`
    const std::size_t mid = run_end + (b - run_end) / 2;
    if (relation_of(mid) <= relation) {
      run_end = mid + 1;
    } else {
      b = mid;
    }
  }
  const FactId* run = facts + a;
  const DayBounds* days = impl.fact_days.data();
  return implicit_tree::Query(
      run_end - a, [&](std::size_t i) { return days[run[i]].start_lo; },
      [&](std::size_t i) { return days[run[i]].end_hi; }, max_end + a, lo, hi,
      [&](std::size_t i) { return visit(run[i]); });
}

}  // namespace

void Store::FactsDuring(RelationId relation, Day lo, Day hi, const FactVisitor& visit) const {
  const Impl& impl = *impl_;
  CheckRelation(impl, relation);
  if (lo > hi) return;
  if (relation < impl.by_relation.size() &&
      !impl.by_relation[relation].Query(lo, hi, [&](FactId f) { return visit(f); })) {
    return;
  }
  ScanTail(
      impl, relation, lo, hi, [](FactId) { return true; }, visit);
}

void Store::FactsOfSubjectDuring(RelationId relation, EntityId subject, Day lo, Day hi,
                                 const FactVisitor& visit) const {
  const Impl& impl = *impl_;
  CheckRelation(impl, relation);
  CheckEntity(impl, subject);
  if (lo > hi) return;
  const EntityId who = impl.Root(subject);
  const auto is_ours = [&](FactId f) { return impl.Root(impl.fact_subject[f]) == who; };
  if (impl.merged_since_finalize) {  // vertex lists are stale: filter the relation
    FactsDuring(relation, lo, hi, [&](FactId f) { return !is_ours(f) || visit(f); });
    return;
  }
  const auto& rowstart = impl.graph.m_forward.m_rowstart;
  if (impl.indexed_facts > 0 && who + 1 < rowstart.size()) {
    const FactId* facts = &impl.graph[FactGraph::edge_descriptor(0, 0)];
    if (!QueryAdjacency(impl, facts, impl.out_max_end.data(), rowstart[who], rowstart[who + 1],
                        relation, lo, hi, visit)) {
      return;
    }
  }
  ScanTail(impl, relation, lo, hi, is_ours, visit);
}

void Store::FactsOfObjectDuring(RelationId relation, EntityId object, Day lo, Day hi,
                                const FactVisitor& visit) const {
  const Impl& impl = *impl_;
  CheckRelation(impl, relation);
  CheckEntity(impl, object);
  if (lo > hi) return;
  const EntityId what = impl.Root(object);
  const auto is_ours = [&](FactId f) { return impl.Root(impl.fact_object[f]) == what; };
  if (impl.merged_since_finalize) {
    FactsDuring(relation, lo, hi, [&](FactId f) { return !is_ours(f) || visit(f); });
    return;
  }
  if (impl.indexed_facts > 0 && what + 1 < impl.in_begin.size()) {
    if (!QueryAdjacency(impl, impl.in_facts.data(), impl.in_max_end.data(), impl.in_begin[what],
                        impl.in_begin[what + 1], relation, lo, hi, visit)) {
      return;
    }
  }
  ScanTail(impl, relation, lo, hi, is_ours, visit);
}

const FactGraph& GraphOf(const Store& store) { return store.Internals().graph; }

// ---------------------------------------------------------------- memory

std::size_t Store::Impl::MemoryBytes() const {
  std::size_t bytes = files.MemoryBytes() + strings.MemoryBytes();
  bytes += entity_name_arena.capacity() + VectorBytes(entity_name_end) + VectorBytes(entity_kind) +
           VectorBytes(entity_parent) + alias_arena.capacity() + VectorBytes(alias_end) +
           VectorBytes(alias_owner) + VectorBytes(name_slots);
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
           VectorBytes(fact_days) + VectorBytes(fact_forms) + VectorBytes(fact_line) +
           VectorBytes(file_runs) + VectorBytes(attr_end) + VectorBytes(attrs);
  for (const IntervalIndex& index : by_relation) bytes += sizeof(index) + index.MemoryBytes();
  bytes += VectorBytes(graph.m_forward.m_rowstart) + VectorBytes(graph.m_forward.m_column) +
           boost::num_edges(graph) * sizeof(FactId);
  bytes += VectorBytes(out_max_end) + VectorBytes(in_begin) + VectorBytes(in_facts) +
           VectorBytes(in_max_end);
  return bytes;
}

std::size_t Store::MemoryBytes() const {
  return sizeof(Store) + sizeof(Impl) + impl_->MemoryBytes();
}

}  // namespace annals::engine
