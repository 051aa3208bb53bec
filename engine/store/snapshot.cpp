#include "engine/store/snapshot.hpp"

#include <annals/error.hpp>

#include "engine/store/column.hpp"
#include "engine/store/huge_pages.hpp"
#include "engine/store/mapped_file.hpp"
#include "engine/store/store_impl.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <limits>
#include <random>
#include <type_traits>

namespace annals::engine {
namespace {

// ---------------------------------------------------------------- format

constexpr char kMagic[8] = {'A', 'N', 'N', 'A', 'L', 'S', '\0', '\0'};
constexpr std::uint32_t kByteOrderMark = 0x01020304u;
constexpr std::size_t kHeaderSize = 64;
constexpr std::size_t kEntrySize = 32;
constexpr std::uint32_t kMaxSections = 1024;

struct Header {
  char magic[8];
  std::uint32_t version;
  std::uint32_t byte_order;
  std::uint64_t file_size;
  std::uint32_t section_count;
  std::uint32_t reserved;
  std::uint64_t fact_count;
  std::uint64_t entity_count;
  std::uint64_t reserved2;
  std::uint64_t header_checksum;  // over bytes [0, 56) and the section table
};
static_assert(sizeof(Header) == kHeaderSize && std::is_trivially_copyable_v<Header>);

struct SectionEntry {
  std::uint32_t id;
  std::uint32_t element_size;
  std::uint64_t offset;
  std::uint64_t count;
  std::uint64_t checksum;
};
static_assert(sizeof(SectionEntry) == kEntrySize && std::is_trivially_copyable_v<SectionEntry>);

// Attributes on disk without AttrValue's padding, so the bytes (and the
// checksum) are fully determined.
struct AttrRecord {
  std::uint32_t column;
  std::uint32_t kind;
  std::uint32_t id;
  std::uint32_t zero;
  double number;
};
static_assert(sizeof(AttrRecord) == 24);

struct Pair32 {
  std::uint32_t key;
  std::uint32_t value;
};

// On-disk types must have no padding: their bytes are their values.
static_assert(sizeof(PackedDays) == 12 && sizeof(WideDays) == 12 && sizeof(SourceRun) == 16);

enum class Section : std::uint32_t {
  kMeta = 1,  // u64: facts, entities, aliases, relations
  kFileArena,
  kFileEnds,
  kStringArena,
  kStringEnds,
  kKinds,
  kEntityNameArena,
  kEntityNameEnd,
  kEntityKind,
  kMergedInto,
  kAliasArena,
  kAliasEnd,
  kAliasOwner,
  kExtraNames,  // u32 stream: root, count, refs...
  kLifespans,   // u32 stream, 8 words each
  kNameSlots,
  kNameTags,
  kSchemaArena,  // relation name, then its columns, for each relation
  kSchemaEnds,
  kSchemaColumnCounts,
  kRelationFactCount,
  kFactRelation,
  kRetiredFactForms,  // version 2's date forms, in kFactDays since version 3
  kFactSubject,
  kFactObject,
  kFactDays,
  kWideDays,
  kSourceRuns,
  kAttrEnd,
  kAttrs,
  kRelationBegin,
  kRelationBlockBegin,
  kByStart,
  kByStartEndGap,
  kByStartBlockHi,
  kByStartTree,
  kGraphRowStart,
  kGraphTargets,
  kGraphFacts,
  kInBegin,
  kInFacts,
  kOutRuns,
  kInRuns,
  kRunPool,
  kInRelation,  // since version 4
  kEnd,         // one past the last id
};

const char* SectionName(std::uint32_t id) {
  static const char* const kNames[] = {"?",
                                       "meta",
                                       "file names",
                                       "file name ends",
                                       "strings",
                                       "string ends",
                                       "kinds",
                                       "entity names",
                                       "entity name ends",
                                       "entity kinds",
                                       "merges",
                                       "aliases",
                                       "alias ends",
                                       "alias owners",
                                       "extra names",
                                       "lifespans",
                                       "name slots",
                                       "name tags",
                                       "schema names",
                                       "schema name ends",
                                       "schema column counts",
                                       "relation fact counts",
                                       "fact relations",
                                       "fact forms (version 2)",
                                       "fact subjects",
                                       "fact objects",
                                       "fact days",
                                       "wide days",
                                       "sources",
                                       "attribute ends",
                                       "attributes",
                                       "relation offsets",
                                       "relation block offsets",
                                       "facts by start",
                                       "end gaps by start",
                                       "block max-ends",
                                       "block tree",
                                       "graph row starts",
                                       "graph targets",
                                       "graph facts",
                                       "in-edge offsets",
                                       "in-edge facts",
                                       "out-edge runs",
                                       "in-edge runs",
                                       "run pool",
                                       "in-edge relations"};
  static_assert(std::size(kNames) == static_cast<std::size_t>(Section::kEnd));
  return id < std::size(kNames) ? kNames[id] : "unknown";
}

// ---------------------------------------------------------------- checksum

// A 64-bit hash in the style of xxHash64, four lanes of 8 bytes so that it
// runs near memory speed (FNV-1a, one byte at a time, would take most of the
// open time of a large snapshot).
constexpr std::uint64_t kPrime1 = 0x9E3779B185EBCA87ull;
constexpr std::uint64_t kPrime2 = 0xC2B2AE3D27D4EB4Full;
constexpr std::uint64_t kPrime3 = 0x165667B19E3779F9ull;
constexpr std::uint64_t kPrime4 = 0x85EBCA77C2B2AE63ull;

std::uint64_t Rotl(std::uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }
std::uint64_t Load64(const unsigned char* p) {
  std::uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}
std::uint64_t Round(std::uint64_t acc, std::uint64_t input) {
  return Rotl(acc + input * kPrime2, 31) * kPrime1;
}

std::uint64_t Checksum(const void* data, std::size_t size) {
  const auto* p = static_cast<const unsigned char*>(data);
  const unsigned char* end = p + size;
  std::uint64_t h;
  if (size >= 32) {
    std::uint64_t v1 = kPrime1 + kPrime2;
    std::uint64_t v2 = kPrime2;
    std::uint64_t v3 = 0;
    std::uint64_t v4 = 0 - kPrime1;
    for (; end - p >= 32; p += 32) {
      v1 = Round(v1, Load64(p));
      v2 = Round(v2, Load64(p + 8));
      v3 = Round(v3, Load64(p + 16));
      v4 = Round(v4, Load64(p + 24));
    }
    h = Rotl(v1, 1) + Rotl(v2, 7) + Rotl(v3, 12) + Rotl(v4, 18);
    for (const std::uint64_t v : {v1, v2, v3, v4}) h = (h ^ Round(0, v)) * kPrime1 + kPrime4;
  } else {
    h = kPrime3;
  }
  h += size;
  for (; end - p >= 8; p += 8) h = Rotl(h ^ Round(0, Load64(p)), 27) * kPrime1 + kPrime4;
  for (; p < end; ++p) h = Rotl(h ^ (*p * kPrime3), 11) * kPrime1;
  h ^= h >> 33;
  h *= kPrime2;
  h ^= h >> 29;
  h *= kPrime3;
  h ^= h >> 32;
  return h;
}

std::uint64_t Align8(std::uint64_t offset) { return (offset + 7) & ~std::uint64_t{7}; }

// ---------------------------------------------------------------- writing

struct OutSection {
  Section id;
  std::uint32_t element_size;
  const void* data;
  std::uint64_t count;
};

class Writer {
 public:
  template <class T, class Allocator>
  void Add(Section id, const std::vector<T, Allocator>& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    sections_.push_back({id, sizeof(T), v.data(), v.size()});
  }
  void Add(Section id, const std::string& bytes) {
    sections_.push_back({id, 1, bytes.data(), bytes.size()});
  }
  // Keeps a derived buffer alive until the file is written.
  template <class T>
  void AddOwned(Section id, std::vector<T> v) {
    auto owned = std::make_shared<std::vector<T>>(std::move(v));
    keep_alive_.push_back(owned);
    Add(id, *owned);
  }

  void Write(const std::string& path, std::uint64_t facts, std::uint64_t entities) const {
    std::vector<SectionEntry> table;
    std::uint64_t offset = Align8(kHeaderSize + kEntrySize * sections_.size());
    for (const OutSection& s : sections_) {
      table.push_back({static_cast<std::uint32_t>(s.id), s.element_size, offset, s.count,
                       Checksum(s.data, s.count * s.element_size)});
      offset = Align8(offset + s.count * s.element_size);
    }
    Header header{};
    std::memcpy(header.magic, kMagic, sizeof(kMagic));
    header.version = kSnapshotVersion;
    header.byte_order = kByteOrderMark;
    header.file_size = offset;
    header.section_count = static_cast<std::uint32_t>(sections_.size());
    header.fact_count = facts;
    header.entity_count = entities;
    header.header_checksum = HeaderChecksum(header, table);

    const std::string temp = CreateTempBeside(path);
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    if (!out) {
      std::remove(temp.c_str());
      Fail(path, "cannot open '" + temp + "': " + std::strerror(errno));
    }
    static constexpr char kZeros[8] = {};
    out.write(reinterpret_cast<const char*>(&header), sizeof(header));
    out.write(reinterpret_cast<const char*>(table.data()),
              static_cast<std::streamsize>(table.size() * kEntrySize));
    std::uint64_t written = kHeaderSize + table.size() * kEntrySize;
    for (std::size_t i = 0; i < sections_.size(); ++i) {
      out.write(kZeros, static_cast<std::streamsize>(table[i].offset - written));
      const std::uint64_t bytes = sections_[i].count * sections_[i].element_size;
      out.write(static_cast<const char*>(sections_[i].data), static_cast<std::streamsize>(bytes));
      written = table[i].offset + bytes;
    }
    out.write(kZeros, static_cast<std::streamsize>(offset - written));
    out.close();
    if (!out) {
      std::remove(temp.c_str());
      Fail(path, "writing failed (disk full?)");
    }
    std::error_code error;
    std::filesystem::rename(temp, path, error);
    if (error) {
      std::remove(temp.c_str());
      Fail(path, "cannot rename the written file into place: " + error.message());
    }
  }

  static std::uint64_t HeaderChecksum(const Header& header,
                                      const std::vector<SectionEntry>& table) {
    std::string bytes(reinterpret_cast<const char*>(&header), offsetof(Header, header_checksum));
    bytes.append(reinterpret_cast<const char*>(table.data()), table.size() * kEntrySize);
    return Checksum(bytes.data(), bytes.size());
  }

  // A new, empty file beside `path` that no other writer uses: two saves to
  // one path at once, each with a temporary of its own, leave one whole
  // snapshot (the last renamed), where a shared name let each truncate the
  // other's and one report success over a file it had not written.
  static std::string CreateTempBeside(const std::string& path) {
    std::random_device entropy;
    for (int attempt = 0; attempt < 16; ++attempt) {
      const std::string temp = path + ".tmp-" + std::to_string(entropy()) + std::to_string(attempt);
      // "x": created here or not at all (C11), with the permissions a new
      // file gets, as the snapshot itself should.
      std::FILE* file = std::fopen(temp.c_str(), "wbx");
      if (file != nullptr) {
        std::fclose(file);
        return temp;
      }
      if (errno != EEXIST) Fail(path, "cannot create '" + temp + "': " + std::strerror(errno));
    }
    Fail(path, "cannot create a temporary file beside it: every name tried exists");
  }

  [[noreturn]] static void Fail(const std::string& path, const std::string& what) {
    throw Error(ErrorCode::kData, "cannot write snapshot '" + path + "': " + what);
  }

 private:
  std::vector<OutSection> sections_;
  std::vector<std::shared_ptr<void>> keep_alive_;
};

// The parts of the store that are not flat columns, flattened.
template <class Map>
std::vector<Pair32> SortedPairs(const Map& map) {
  std::vector<Pair32> pairs;
  pairs.reserve(map.size());
  for (const auto& [key, value] : map) {
    if constexpr (std::is_same_v<typename Map::mapped_type, RunIndex>) {
      pairs.push_back({key, value.pool_offset});
    } else {
      pairs.push_back({key, value});
    }
  }
  std::sort(pairs.begin(), pairs.end(),
            [](const Pair32& a, const Pair32& b) { return a.key < b.key; });
  return pairs;
}

}  // namespace

void SaveSnapshot(const Store& store, const std::string& path) {
  if (!store.IsFinalized()) {
    throw Error(ErrorCode::kInvalidArgument,
                "cannot write snapshot '" + path + "': the store is not finalized");
  }
  const Store::Impl& impl = store.Internals();
  Writer w;
  w.AddOwned(Section::kMeta,
             std::vector<std::uint64_t>{impl.fact_relation.size(), impl.EntityCount(),
                                        impl.alias_owner.size(), impl.schemas.size()});
  w.Add(Section::kFileArena, impl.files.Arena());
  w.Add(Section::kFileEnds, impl.files.Ends());
  w.Add(Section::kStringArena, impl.strings.Arena());
  w.Add(Section::kStringEnds, impl.strings.Ends());
  w.Add(Section::kKinds, impl.kinds);
  w.Add(Section::kEntityNameArena, impl.entity_name_arena);
  w.Add(Section::kEntityNameEnd, impl.entity_name_end);
  w.Add(Section::kEntityKind, impl.entity_kind);
  w.AddOwned(Section::kMergedInto, SortedPairs(impl.merged_into));
  w.Add(Section::kAliasArena, impl.alias_arena);
  w.Add(Section::kAliasEnd, impl.alias_end);
  w.Add(Section::kAliasOwner, impl.alias_owner);
  {
    std::vector<EntityId> roots;
    for (const auto& [root, names] : impl.extra_names) roots.push_back(root);
    std::sort(roots.begin(), roots.end());
    std::vector<std::uint32_t> stream;
    for (const EntityId root : roots) {
      const std::vector<NameRef>& names = impl.extra_names.at(root);
      stream.push_back(root);
      stream.push_back(static_cast<std::uint32_t>(names.size()));
      stream.insert(stream.end(), names.begin(), names.end());
    }
    w.AddOwned(Section::kExtraNames, std::move(stream));
  }
  {
    std::vector<EntityId> entities;
    for (const auto& [entity, entry] : impl.lifespans) entities.push_back(entity);
    std::sort(entities.begin(), entities.end());
    std::vector<std::uint32_t> stream;
    for (const EntityId entity : entities) {
      const LifespanEntry& e = impl.lifespans.at(entity);
      const Period& p = e.period;
      stream.insert(
          stream.end(),
          {entity, static_cast<std::uint32_t>(p.start.lo), static_cast<std::uint32_t>(p.start.hi),
           static_cast<std::uint32_t>(p.end.lo), static_cast<std::uint32_t>(p.end.hi),
           static_cast<std::uint32_t>(p.start.form) | static_cast<std::uint32_t>(p.end.form) << 8,
           e.source.file, e.source.line});
    }
    w.AddOwned(Section::kLifespans, std::move(stream));
  }
  w.Add(Section::kNameSlots, impl.name_slots);
  w.Add(Section::kNameTags, impl.name_tags);
  {
    std::string arena;
    std::vector<std::uint64_t> ends;
    std::vector<std::uint32_t> column_counts;
    for (const RelationSchema& schema : impl.schemas) {
      arena += schema.name;
      ends.push_back(arena.size());
      for (const std::string& column : schema.attribute_columns) {
        arena += column;
        ends.push_back(arena.size());
      }
      column_counts.push_back(static_cast<std::uint32_t>(schema.attribute_columns.size()));
    }
    w.AddOwned(Section::kSchemaArena, std::vector<char>(arena.begin(), arena.end()));
    w.AddOwned(Section::kSchemaEnds, std::move(ends));
    w.AddOwned(Section::kSchemaColumnCounts, std::move(column_counts));
  }
  w.AddOwned(
      Section::kRelationFactCount,
      std::vector<std::uint64_t>(impl.relation_fact_count.begin(), impl.relation_fact_count.end()));
  w.Add(Section::kFactRelation, impl.fact_relation);
  w.Add(Section::kFactSubject, impl.fact_subject);
  w.Add(Section::kFactObject, impl.fact_object);
  w.Add(Section::kFactDays, impl.fact_days);
  w.Add(Section::kWideDays, impl.wide_days);
  w.Add(Section::kSourceRuns, impl.source_runs);
  w.Add(Section::kAttrEnd, impl.attr_end);
  {
    std::vector<AttrRecord> records;
    records.reserve(impl.attrs.size());
    for (const Attribute& a : impl.attrs) {
      records.push_back(
          {a.column, static_cast<std::uint32_t>(a.value.kind), a.value.id, 0, a.value.number});
    }
    w.AddOwned(Section::kAttrs, std::move(records));
  }
  w.Add(Section::kRelationBegin, impl.relation_begin);
  w.Add(Section::kRelationBlockBegin, impl.relation_block_begin);
  w.Add(Section::kByStart, impl.by_start);
  w.Add(Section::kByStartEndGap, impl.by_start_end_gap);
  w.Add(Section::kByStartBlockHi, impl.by_start_block_hi);
  w.Add(Section::kByStartTree, impl.by_start_tree);
  w.Add(Section::kGraphRowStart, impl.graph.m_forward.m_rowstart);
  w.Add(Section::kGraphTargets, impl.graph.m_forward.m_column);
  w.Add(Section::kGraphFacts, impl.graph.m_forward.m_edge_properties);
  w.Add(Section::kInBegin, impl.in_begin);
  w.Add(Section::kInFacts, impl.in_facts);
  w.Add(Section::kInRelation, impl.in_relation);
  w.AddOwned(Section::kOutRuns, SortedPairs(impl.out_runs));
  w.AddOwned(Section::kInRuns, SortedPairs(impl.in_runs));
  w.Add(Section::kRunPool, impl.run_pool);
  w.Write(path, impl.fact_relation.size(), impl.EntityCount());
}

// ---------------------------------------------------------------- reading

namespace {

// All tests at once, without a branch each: the checks below run over every
// fact of a snapshot that may hold tens of millions.
constexpr bool AllHold(std::initializer_list<bool> tests) {
  bool all = true;
  for (const bool test : tests) all &= test;
  return all;
}

class Reader {
 public:
  Reader(const std::string& path, SnapshotAccess access) : path_(path) {
    if (access == SnapshotAccess::kMap) mapped_ = MappedFile::Map(path);
    if (mapped_) {
      size_ = mapped_->size();
    } else {
      std::error_code error;
      const auto size = std::filesystem::file_size(path, error);
      if (error) Fail("cannot open it: " + error.message());
      size_ = size;
      in_.open(path, std::ios::binary);
      if (!in_) Fail(std::string("cannot open it: ") + std::strerror(errno));
    }
    ReadHeader();
  }

  [[noreturn]] void Fail(const std::string& what) const {
    throw Error(ErrorCode::kData, "snapshot '" + path_ + "': " + what);
  }
  [[noreturn]] void Damaged(const std::string& what) const {
    Fail("damaged (" + what + "); rebuild the snapshot");
  }

  // Reads section `id` into `out`, checking size, element size and checksum.
  template <class T, class Allocator>
  void Read(Section id, std::vector<T, Allocator>* out) {
    const SectionEntry& entry = Entry(id, sizeof(T));
    out->reserve(entry.count);
    // A column's allocator has already asked for huge pages.
    if constexpr (!std::is_same_v<Allocator, ColumnAllocator<T>>) {
      AdviseHugePages(out->data(), entry.count * sizeof(T));
    }
    out->resize(entry.count);
    ReadBytes(entry, out->data());
  }
  // A column adopts its section where the file is mapped, after the same
  // checks; the sections' 8-byte alignment in the file is enough for T.
  template <class T>
  void Read(Section id, Column<T>* out) {
    static_assert(alignof(T) <= 8);
    if (!mapped_) {
      Read<T, ColumnAllocator<T>>(id, out);
      return;
    }
    const SectionEntry& entry = Entry(id, sizeof(T));
    T* data = reinterpret_cast<T*>(mapped_->data() + entry.offset);
    CheckSum(entry, data);
    *out = AdoptColumn(mapped_, data, entry.count);
  }
  void Read(Section id, std::string* out) {
    const SectionEntry& entry = Entry(id, 1);
    out->reserve(entry.count);
    AdviseHugePages(out->data(), entry.count);
    out->resize(entry.count);
    ReadBytes(entry, out->data());
  }

  // Every byte outside the sections is padding and must be zero: a flipped
  // bit anywhere in the file is then caught by some check.
  void CheckPadding() {
    std::uint64_t at = kHeaderSize + kEntrySize * table_.size();
    for (const SectionEntry& entry : table_) {
      CheckZeros(at, entry.offset);
      at = entry.offset + entry.count * entry.element_size;
    }
    CheckZeros(at, size_);
  }

 private:
  void ReadHeader() {
    Header header{};
    const std::uint64_t head = std::min<std::uint64_t>(size_, kHeaderSize);
    ReadAt(0, &header, head);
    if (std::memcmp(header.magic, kMagic, std::min<std::uint64_t>(head, sizeof(kMagic))) != 0) {
      Fail("not an Annals snapshot (the file does not start with \"ANNALS\")");
    }
    if (size_ < kHeaderSize) Truncated(kHeaderSize, "at least ");
    if (header.byte_order != kByteOrderMark) {
      Fail("written with another byte order, which this build cannot read");
    }
    if (header.version != kSnapshotVersion) {
      Fail("format version " + std::to_string(header.version) + ", this build reads " +
           std::to_string(kSnapshotVersion) + "; rebuild the snapshot");
    }
    if (header.section_count == 0 || header.section_count > kMaxSections) {
      Damaged("section count " + std::to_string(header.section_count));
    }
    const std::uint64_t table_end = kHeaderSize + kEntrySize * header.section_count;
    if (size_ < table_end) Truncated(std::max(table_end, header.file_size), "");
    table_.resize(header.section_count);
    ReadAt(kHeaderSize, table_.data(), kEntrySize * header.section_count);
    if (Writer::HeaderChecksum(header, table_) != header.header_checksum) {
      Fail("checksum mismatch in the header (the file is corrupt)");
    }
    if (size_ < header.file_size) Truncated(header.file_size, "");
    if (size_ > header.file_size) {
      Fail("expected " + std::to_string(header.file_size) + " bytes, found " +
           std::to_string(size_) + " (data after the end)");
    }
    // Sections are laid out in table order, each 8-byte aligned, back to back.
    std::uint64_t expected = Align8(table_end);
    for (const SectionEntry& entry : table_) {
      const char* name = SectionName(entry.id);
      if (entry.offset != expected) Damaged(std::string("offset of section ") + name);
      if (entry.element_size == 0 || entry.count > (size_ - entry.offset) / entry.element_size) {
        Damaged(std::string("size of section ") + name);
      }
      expected = Align8(entry.offset + entry.count * entry.element_size);
    }
    if (expected != size_) Damaged("the sections do not fill the file");
  }

  [[noreturn]] void Truncated(std::uint64_t expected, const char* at_least) const {
    Fail("truncated: expected " + std::string(at_least) + std::to_string(expected) +
         " bytes, found " + std::to_string(size_));
  }

  const SectionEntry& Entry(Section id, std::size_t element_size) const {
    const auto raw = static_cast<std::uint32_t>(id);
    for (const SectionEntry& entry : table_) {
      if (entry.id != raw) continue;
      if (entry.element_size != element_size) {
        Damaged(std::string("element size of section ") + SectionName(raw));
      }
      return entry;
    }
    Damaged(std::string("section ") + SectionName(raw) + " is missing");
  }

  void ReadBytes(const SectionEntry& entry, void* out) {
    ReadAt(entry.offset, out, entry.count * entry.element_size);
    CheckSum(entry, out);
    if (mapped_) mapped_->Release(entry.offset, entry.count * entry.element_size);
  }

  void CheckSum(const SectionEntry& entry, const void* bytes) const {
    if (Checksum(bytes, entry.count * entry.element_size) != entry.checksum) {
      Fail(std::string("checksum mismatch in section ") + SectionName(entry.id) +
           " (the file is corrupt)");
    }
  }

  // Callers have checked [offset, offset + bytes) against the file's size.
  void ReadAt(std::uint64_t offset, void* out, std::uint64_t bytes) {
    if (mapped_) {
      if (bytes != 0) std::memcpy(out, mapped_->data() + offset, bytes);
      return;
    }
    in_.seekg(static_cast<std::streamoff>(offset));
    in_.read(static_cast<char*>(out), static_cast<std::streamsize>(bytes));
    if (!in_ || static_cast<std::uint64_t>(in_.gcount()) != bytes) {
      Fail("read error at byte " + std::to_string(offset));
    }
  }

  void CheckZeros(std::uint64_t from, std::uint64_t to) {
    if (to <= from) return;
    char bytes[8] = {};
    ReadAt(from, bytes, to - from);
    for (std::uint64_t i = 0; i < to - from; ++i) {
      if (bytes[i] != 0)
        Fail("padding byte " + std::to_string(from + i) + " is not zero (the file is corrupt)");
    }
  }

  std::string path_;
  std::shared_ptr<const MappedFile> mapped_;  // null: read through in_
  std::ifstream in_;
  std::uint64_t size_ = 0;
  std::vector<SectionEntry> table_;
};

bool ValidForm(unsigned form) { return form <= static_cast<unsigned>(DateForm::kUnknown); }

// Checks over whole columns accumulate one flag instead of stopping at the
// first failure: a branch-free loop vectorises, and a valid file, the case
// that must be fast, is read to the end anyway.
template <class T, class Allocator, class Pred>
bool AllOf(const std::vector<T, Allocator>& v, Pred pred) {
  bool ok = true;
  for (const T& x : v) ok &= pred(x);
  return ok;
}

template <class T, class Allocator>
bool NonDecreasing(const std::vector<T, Allocator>& v, std::uint64_t limit) {
  if (v.empty()) return true;
  bool ok = static_cast<std::uint64_t>(v.back()) <= limit;
  for (std::size_t i = 1; i < v.size(); ++i) ok &= v[i - 1] <= v[i];
  return ok;
}

// Offsets of per-vertex (or per-relation) lists: count + 1 entries from 0 to
// `total`, never decreasing.
template <class T, class Allocator>
bool ValidOffsets(const std::vector<T, Allocator>& v, std::size_t count, std::uint64_t total) {
  return v.size() == count + 1 && v.front() == 0 && v.back() == total && NonDecreasing(v, total);
}

// Branch-free: name table slots are in hash order, so which kind of ref
// comes next is a coin toss for a branch predictor.
bool ValidRef(NameRef ref, std::size_t entities, std::size_t aliases) {
  const std::size_t limit = (ref & kAliasBit) != 0 ? aliases : entities;
  return (ref & ~kAliasBit) < limit;
}

// A source's file is one the store interned; or file 0 in a store that has
// none, which is what a fact added before any file was interned cites.
bool KnownFile(const Store::Impl& impl, FileId file) {
  return file < std::max<std::size_t>(impl.files.Size(), 1);
}

}  // namespace

Store OpenSnapshot(const std::string& path, SnapshotAccess access) {
  Reader r(path, access);
  r.CheckPadding();
  Store store;
  Store::Impl& impl = store.Internals();

  std::vector<std::uint64_t> meta;
  r.Read(Section::kMeta, &meta);
  if (meta.size() != 4) r.Damaged("meta section");
  const std::uint64_t n = meta[0];
  const std::uint64_t entities = meta[1];
  const std::uint64_t aliases = meta[2];
  const std::uint64_t relations = meta[3];
  const auto check = [&r](bool ok, const char* what) {
    if (!ok) [[unlikely]] {
      r.Damaged(what);
    }
  };

  // ---- text
  for (auto [pool, arena_id, ends_id] :
       {std::tuple{&impl.files, Section::kFileArena, Section::kFileEnds},
        std::tuple{&impl.strings, Section::kStringArena, Section::kStringEnds}}) {
    std::string arena;
    std::vector<std::uint64_t> ends;
    r.Read(arena_id, &arena);
    r.Read(ends_id, &ends);
    check(pool->Assign(std::move(arena), std::move(ends)), "string pool offsets");
  }
  r.Read(Section::kKinds, &impl.kinds);
  check(impl.kinds.size() < 0xFFFF, "kind count");
  for (const std::uint32_t kind : impl.kinds) check(kind < impl.strings.Size(), "kind names");

  // ---- entities
  r.Read(Section::kEntityNameArena, &impl.entity_name_arena);
  r.Read(Section::kEntityNameEnd, &impl.entity_name_end);
  r.Read(Section::kEntityKind, &impl.entity_kind);
  check(entities < kAliasBit && impl.entity_name_end.size() == entities &&
            impl.entity_kind.size() == entities &&
            NonDecreasing(impl.entity_name_end, impl.entity_name_arena.size()) &&
            (entities == 0 || impl.entity_name_end.back() == impl.entity_name_arena.size()),
        "entity names");
  check(AllOf(impl.entity_kind,
              [kinds = impl.kinds.size()](std::uint16_t kind) { return kind <= kinds; }),
        "entity kinds");
  {
    std::vector<Pair32> merges;
    r.Read(Section::kMergedInto, &merges);
    for (const Pair32& m : merges) {
      check(m.key < entities && m.value < entities && m.key != m.value, "merges");
      impl.merged_into.emplace(m.key, m.value);
    }
    // Saved finalized, so every merge points at a root: no chains, no cycles.
    for (const Pair32& m : merges) check(impl.merged_into.count(m.value) == 0, "merge chains");
    check(impl.merged_into.size() == merges.size(), "duplicate merges");
  }
  r.Read(Section::kAliasArena, &impl.alias_arena);
  r.Read(Section::kAliasEnd, &impl.alias_end);
  r.Read(Section::kAliasOwner, &impl.alias_owner);
  check(aliases < kAliasBit && impl.alias_end.size() == aliases &&
            impl.alias_owner.size() == aliases &&
            NonDecreasing(impl.alias_end, impl.alias_arena.size()) &&
            (aliases == 0 || impl.alias_end.back() == impl.alias_arena.size()),
        "aliases");
  check(AllOf(impl.alias_owner, [entities](EntityId owner) { return owner < entities; }),
        "alias owners");
  {
    std::vector<std::uint32_t> stream;
    r.Read(Section::kExtraNames, &stream);
    for (std::size_t i = 0; i < stream.size();) {
      check(stream.size() - i >= 2 && stream[i] < entities, "extra names");
      const std::uint32_t count = stream[i + 1];
      check(stream.size() - i - 2 >= count, "extra names");
      std::vector<NameRef>& names = impl.extra_names[stream[i]];
      for (std::size_t k = 0; k < count; ++k) {
        const NameRef ref = stream[i + 2 + k];
        check(ValidRef(ref, entities, aliases), "extra names");
        names.push_back(ref);
      }
      i += 2 + count;
    }
  }
  {
    std::vector<std::uint32_t> stream;
    r.Read(Section::kLifespans, &stream);
    check(stream.size() % 8 == 0, "lifespans");
    for (std::size_t i = 0; i < stream.size(); i += 8) {
      const std::uint32_t* w = stream.data() + i;
      check(w[0] < entities && ValidForm(w[5] & 0xFF) && ValidForm((w[5] >> 8) & 0xFF) &&
                (w[5] >> 16) == 0,
            "lifespans");
      LifespanEntry entry;
      entry.period.start = VagueDate{static_cast<Day>(w[1]), static_cast<Day>(w[2]),
                                     static_cast<DateForm>(w[5] & 0xFF)};
      entry.period.end = VagueDate{static_cast<Day>(w[3]), static_cast<Day>(w[4]),
                                   static_cast<DateForm>(w[5] >> 8)};
      check(KnownFile(impl, w[6]), "lifespan sources");
      entry.source = SourceRef{w[6], w[7]};
      impl.lifespans.emplace(w[0], entry);
    }
  }
  r.Read(Section::kNameSlots, &impl.name_slots);
  r.Read(Section::kNameTags, &impl.name_tags);
  {
    bool has_empty = false;
    bool refs_ok = true;
    for (const NameRef ref : impl.name_slots) {
      has_empty |= ref == kNoName;
      refs_ok &= (ref == kNoName) | ValidRef(ref, entities, aliases);
    }
    check(refs_ok, "name table");
    // Probing stops at an empty slot: a full table would never stop.
    check(impl.name_tags.size() == impl.name_slots.size() &&
              (has_empty || impl.name_slots.empty()) &&
              impl.name_slots.size() >= entities + aliases,
          "name table");
  }

  // ---- relations
  {
    std::vector<char> arena;
    std::vector<std::uint64_t> ends;
    std::vector<std::uint32_t> column_counts;
    r.Read(Section::kSchemaArena, &arena);
    r.Read(Section::kSchemaEnds, &ends);
    r.Read(Section::kSchemaColumnCounts, &column_counts);
    check(relations < 0xFFFF && column_counts.size() == relations &&
              NonDecreasing(ends, arena.size()),
          "relation schemas");
    std::size_t next = 0;
    std::uint64_t begin = 0;
    const auto text = [&] {
      check(next < ends.size(), "relation schemas");
      std::string s(arena.data() + begin, arena.data() + ends[next]);
      begin = ends[next++];
      return s;
    };
    for (std::size_t rel = 0; rel < relations; ++rel) {
      RelationSchema schema;
      schema.name = text();
      for (std::uint32_t c = 0; c < column_counts[rel]; ++c) {
        schema.attribute_columns.push_back(text());
      }
      check(impl.relation_ids.emplace(schema.name, static_cast<RelationId>(rel)).second,
            "duplicate relation names");
      impl.schemas.push_back(std::move(schema));
    }
    check(next == ends.size(), "relation schemas");
    std::vector<std::uint64_t> counts;
    r.Read(Section::kRelationFactCount, &counts);
    check(counts.size() == relations, "relation fact counts");
    impl.relation_fact_count.assign(counts.begin(), counts.end());
  }

  // ---- facts
  r.Read(Section::kFactRelation, &impl.fact_relation);
  r.Read(Section::kFactSubject, &impl.fact_subject);
  r.Read(Section::kFactObject, &impl.fact_object);
  r.Read(Section::kFactDays, &impl.fact_days);
  r.Read(Section::kWideDays, &impl.wide_days);
  r.Read(Section::kSourceRuns, &impl.source_runs);
  check(n < std::numeric_limits<FactId>::max() && impl.fact_relation.size() == n &&
            impl.fact_subject.size() == n && impl.fact_object.size() == n &&
            impl.fact_days.size() == n,
        "fact column lengths");
  {
    // One pass per column, accumulating a flag: this runs over every fact
    // of a snapshot that should open in well under a second.
    // Four interleaved histograms, so that runs of one relation do not
    // wait on the previous increment of the same counter; out-of-range
    // relations count in an extra bucket that must stay empty.
    const std::size_t stride = relations + 1;
    std::vector<std::uint64_t> histograms(4 * stride, 0);
    for (std::size_t f = 0; f < n; ++f) {
      const std::size_t rel = std::min<std::size_t>(impl.fact_relation[f], relations);
      ++histograms[(f & 3) * stride + rel];
    }
    std::vector<std::uint64_t> per_relation(relations, 0);
    for (std::size_t k = 0; k < 4; ++k) {
      for (std::size_t rel = 0; rel < relations; ++rel) {
        per_relation[rel] += histograms[k * stride + rel];
      }
    }
    bool ok = true;
    for (std::size_t k = 0; k < 4; ++k) ok &= histograms[k * stride + relations] == 0;
    check(ok, "fact relations");
    for (const PackedDays& d : impl.fact_days) {
      ok &= AllHold({ValidForm(FormBitsOf(d.start)), ValidForm(FormBitsOf(d.end))});
    }
    check(ok, "fact date forms");
    for (std::size_t f = 0; f < n; ++f) {
      ok &= AllHold({impl.fact_subject[f] < entities, impl.fact_object[f] < entities});
    }
    check(ok, "fact entities");
    std::size_t wide = 0;
    for (std::size_t f = 0; f < n; ++f) {
      const PackedDays& d = impl.fact_days[f];
      std::int64_t start_hi = std::int64_t{d.start_lo} + SpanOf(d.start);
      std::int64_t end_lo = std::int64_t{d.end_hi} - SpanOf(d.end);
      if (SpanOf(d.start) == kSpanEscape || SpanOf(d.end) == kSpanEscape) [[unlikely]] {
        check(SpanOf(d.start) == kSpanEscape && SpanOf(d.end) == kSpanEscape &&
                  wide < impl.wide_days.size() && impl.wide_days[wide].fact == f,
              "wide periods");
        start_hi = impl.wide_days[wide].start_hi;
        end_lo = impl.wide_days[wide].end_lo;
        ++wide;
      }
      // Readers add the spans back in 32 bits: the sums must fit.
      ok &= AllHold({d.start_lo <= start_hi, end_lo <= d.end_hi, d.start_lo <= d.end_hi,
                     start_hi <= std::numeric_limits<Day>::max(),
                     end_lo >= std::numeric_limits<Day>::min()});
    }
    check(ok, "fact periods");
    check(wide == impl.wide_days.size(), "wide periods");
    check(per_relation == std::vector<std::uint64_t>(impl.relation_fact_count.begin(),
                                                     impl.relation_fact_count.end()),
          "relation fact counts");
    FactId previous = 0;
    for (std::size_t i = 0; i < impl.source_runs.size(); ++i) {
      check(impl.source_runs[i].first < n && (i == 0 || impl.source_runs[i].first > previous) &&
                KnownFile(impl, impl.source_runs[i].file),
            "sources");
      previous = impl.source_runs[i].first;
    }
  }
  r.Read(Section::kAttrEnd, &impl.attr_end);
  {
    std::vector<AttrRecord> records;
    r.Read(Section::kAttrs, &records);
    check((impl.attr_end.empty() && records.empty()) ||
              (impl.attr_end.size() == n && NonDecreasing(impl.attr_end, records.size()) &&
               impl.attr_end.back() == records.size()),
          "attribute offsets");
    impl.attrs.reserve(records.size());
    for (const AttrRecord& rec : records) {
      check(rec.kind <= static_cast<std::uint32_t>(AttrValue::Kind::kNumber) && rec.zero == 0,
            "attributes");
      Attribute a;
      a.column = rec.column;
      a.value.kind = static_cast<AttrValue::Kind>(rec.kind);
      a.value.id = rec.id;
      a.value.number = rec.number;
      check(a.value.kind != AttrValue::Kind::kEntity || a.value.id < entities, "attributes");
      check(a.value.kind != AttrValue::Kind::kString || a.value.id < impl.strings.Size(),
            "attributes");
      impl.attrs.push_back(a);
    }
    for (std::size_t f = 0; f < impl.attr_end.size(); ++f) {
      const std::uint32_t begin = f == 0 ? 0 : impl.attr_end[f - 1];
      const std::size_t columns = impl.schemas[impl.fact_relation[f]].attribute_columns.size();
      for (std::uint32_t i = begin; i < impl.attr_end[f]; ++i) {
        check(impl.attrs[i].column < columns, "attribute columns");
      }
    }
  }

  // ---- indexes
  r.Read(Section::kRelationBegin, &impl.relation_begin);
  r.Read(Section::kRelationBlockBegin, &impl.relation_block_begin);
  r.Read(Section::kByStart, &impl.by_start);
  r.Read(Section::kByStartEndGap, &impl.by_start_end_gap);
  r.Read(Section::kByStartBlockHi, &impl.by_start_block_hi);
  r.Read(Section::kByStartTree, &impl.by_start_tree);
  check(ValidOffsets(impl.relation_begin, relations, n) && impl.by_start.size() == n &&
            impl.by_start_end_gap.size() == n,
        "relation index");
  check(impl.relation_block_begin.size() == relations + 1 && impl.relation_block_begin[0] == 0,
        "relation index blocks");
  for (std::size_t rel = 0; rel < relations; ++rel) {
    const std::size_t size = impl.relation_begin[rel + 1] - impl.relation_begin[rel];
    check(impl.relation_block_begin[rel + 1] ==
              impl.relation_block_begin[rel] + blocked::BlockCount(size),
          "relation index blocks");
  }
  // Index entries are checked to be in range, which is what memory safety
  // needs; that they are the right entries is what the checksums vouch for
  // (checking it here would cost random reads across all the columns).
  check(AllOf(impl.by_start, [n](FactId f) { return f < n; }), "relation index");
  check(impl.by_start_block_hi.size() == impl.relation_block_begin.back() &&
            impl.by_start_tree.size() == impl.relation_block_begin.back(),
        "relation index blocks");
  {
    std::vector<std::uint32_t> row_start;
    std::vector<EntityId> targets;
    std::vector<FactId> edge_facts;
    r.Read(Section::kGraphRowStart, &row_start);
    r.Read(Section::kGraphTargets, &targets);
    r.Read(Section::kGraphFacts, &edge_facts);
    check(ValidOffsets(row_start, entities, n), "graph row starts");
    check(targets.size() == n && edge_facts.size() == n, "graph edges");
    check(AllOf(edge_facts, [n](FactId f) { return f < n; }) &&
              AllOf(targets, [entities](EntityId v) { return v < entities; }),
          "graph edges");
    // The arrays are the CSR graph's own, already checked: adopt them
    // (building through Boost's constructor would sort the edges again).
    impl.graph = FactGraph();
    impl.graph.m_forward.m_rowstart = std::move(row_start);
    impl.graph.m_forward.m_column = std::move(targets);
    impl.graph.m_forward.m_edge_properties = std::move(edge_facts);
  }
  r.Read(Section::kInBegin, &impl.in_begin);
  r.Read(Section::kInFacts, &impl.in_facts);
  check(ValidOffsets(impl.in_begin, entities, n) && impl.in_facts.size() == n, "in-edge index");
  check(AllOf(impl.in_facts, [n](FactId f) { return f < n; }), "in-edge index");
  // Only the size is checked: a wrong tag can misplace a lookup within its
  // entity's own in-edges, never outside them, and the checksum has already
  // vouched for the bytes.
  r.Read(Section::kInRelation, &impl.in_relation);
  check(impl.in_relation.size() == n, "in-edge relations");
  r.Read(Section::kRunPool, &impl.run_pool);
  for (auto [runs, id] :
       {std::pair{&impl.out_runs, Section::kOutRuns}, std::pair{&impl.in_runs, Section::kInRuns}}) {
    std::vector<Pair32> pairs;
    r.Read(id, &pairs);
    for (const Pair32& p : pairs) {
      // Lookups check the run's length against the pool again.
      check(p.key < n && p.value < std::max<std::size_t>(impl.run_pool.size(), 1), "run index");
      runs->emplace(p.key, RunIndex{p.value});
    }
  }
  impl.indexed_facts = n;
  impl.indexed = true;
  impl.merged_since_finalize = false;
  return store;
}

std::string WithChecksumsRecomputed(std::string bytes) {
  if (bytes.size() < kHeaderSize) return bytes;
  Header header;
  std::memcpy(&header, bytes.data(), kHeaderSize);
  const std::uint64_t sections = header.section_count;
  if (sections == 0 || sections > (bytes.size() - kHeaderSize) / kEntrySize) return bytes;
  std::vector<SectionEntry> table(sections);
  std::memcpy(table.data(), bytes.data() + kHeaderSize, sections * kEntrySize);
  for (SectionEntry& entry : table) {
    if (entry.offset > bytes.size() || entry.element_size == 0 ||
        entry.count > (bytes.size() - entry.offset) / entry.element_size) {
      continue;
    }
    entry.checksum = Checksum(bytes.data() + entry.offset, entry.count * entry.element_size);
  }
  std::memcpy(bytes.data() + kHeaderSize, table.data(), sections * kEntrySize);
  header.header_checksum = Writer::HeaderChecksum(header, table);
  std::memcpy(bytes.data(), &header, kHeaderSize);
  return bytes;
}

}  // namespace annals::engine
