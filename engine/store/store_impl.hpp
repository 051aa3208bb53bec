// The store's data layout, shared by store.cpp and the snapshot reader/writer.
//
// Layout, per fact (10M facts must fit in < 80 bytes each, indexes included):
//   columns   relation 4, subject 4, object 4, day bounds 16, forms 2, line 4  = 34
//             file: run-length table (facts arrive file by file)               ~ 0
//             attributes: end offsets, only once some fact has one          0 or 4
//   by relation   IntervalIndex entry {lo, hi, fact, max_hi}                   16
//   out-edges     FactGraph target + FactId 8, max-end 4                       12
//   in-edges      FactId 4, max-end 4                                           8
//                                                                      total ~70
// The four day bounds sit together (16 bytes, one cache line) because every
// reader wants all four at once (HoldsDuring); the other columns are apart so
// a scan touches only what it needs.
//
// Why the in-edges are not the bidirectionalS graph's own: Boost builds them
// in out-edge order, so a vertex's in-edges are not grouped by relation nor
// sorted by start, and a lookup "facts of R whose object is X during W" would
// have to scan them all; ours are 8 bytes per edge and sorted the useful way,
// where bidirectionalS would add 8 bytes per edge for an order we cannot use.
#pragma once

#include "engine/store/fact_graph.hpp"
#include "engine/store/interval_index.hpp"
#include "engine/store/store.hpp"
#include "engine/store/string_pool.hpp"

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace annals::engine {

//! A fact's validity as four day bounds: possible start in [start_lo,
//! start_hi], possible end in [end_lo, end_hi].
struct DayBounds {
  Day start_lo = 0;
  Day start_hi = 0;
  Day end_lo = 0;
  Day end_hi = 0;
};

//! Facts [first, next run's first) all come from `file`.
struct FileRun {
  FactId first = 0;
  FileId file = 0;
};

//! A name in the lookup table: an entity's own name, or an alias.
//! Aliases have the top bit set: ref = kAliasBit | alias index.
using NameRef = std::uint32_t;
inline constexpr NameRef kAliasBit = 0x80000000u;
inline constexpr std::uint32_t kNoKind = 0xFFFFFFFFu;

struct LifespanEntry {
  Period period;
  SourceRef source;
};

struct Store::Impl {
  // ---- interned text
  StringPool files;
  StringPool strings;  // attribute values and entity kinds

  // ---- entities (ids are dense; a merged-away id keeps its name and parent)
  std::string entity_name_arena;
  std::vector<std::uint64_t> entity_name_end;  // per entity
  std::vector<std::uint32_t> entity_kind;      // strings id or kNoKind
  std::vector<EntityId> entity_parent;         // union-find; parent == self at a root
  std::string alias_arena;
  std::vector<std::uint64_t> alias_end;  // per alias
  std::vector<EntityId> alias_owner;     // the entity the alias was added to
  // Names each root answers to besides its own: its aliases, and the names
  // and aliases of entities merged into it. Most entities have none.
  std::unordered_map<EntityId, std::vector<NameRef>> extra_names;
  std::unordered_map<EntityId, LifespanEntry> lifespans;
  // Open addressing over normalised names: slot = hash high 32 bits << 32 |
  // NameRef; kEmptySlot when free. Several refs may share a key (an alias
  // also used by another entity); lookups collect them all.
  std::vector<std::uint64_t> name_slots;
  std::size_t name_count = 0;

  // ---- relations
  std::vector<RelationSchema> schemas;
  std::unordered_map<std::string, RelationId> relation_ids;
  std::vector<std::size_t> relation_fact_count;

  // ---- facts, one column per field, indexed by FactId
  std::vector<RelationId> fact_relation;
  std::vector<EntityId> fact_subject;  // as added; Canonical() on read
  std::vector<EntityId> fact_object;
  std::vector<DayBounds> fact_days;
  std::vector<std::uint16_t> fact_forms;  // start form | end form << 8
  std::vector<std::uint32_t> fact_line;
  std::vector<FileRun> file_runs;
  std::vector<std::uint32_t> attr_end;  // empty until some fact has attributes
  std::vector<Attribute> attrs;

  // ---- indexes, valid for facts [0, indexed_facts) as of the last Finalize()
  bool finalized = false;
  std::size_t indexed_facts = 0;
  bool merged_since_finalize = false;  // entity indexes stale: fall back to scans
  std::vector<IntervalIndex> by_relation;
  FactGraph graph;                      // out-edges: (relation, start_lo, fact) order
  std::vector<Day> out_max_end;         // per graph edge, per (vertex, relation) run
  std::vector<std::uint32_t> in_begin;  // per entity + 1
  std::vector<FactId> in_facts;         // (object, relation, start_lo, fact) order
  std::vector<Day> in_max_end;

  static constexpr std::uint64_t kEmptySlot = ~std::uint64_t{0};

  // ---- helpers shared with the snapshot code
  [[nodiscard]] EntityId Root(EntityId entity) const {
    while (entity_parent[entity] != entity) entity = entity_parent[entity];
    return entity;
  }
  [[nodiscard]] std::string_view NameText(NameRef ref) const;
  [[nodiscard]] FileId FileOf(FactId fact) const;
  void IndexName(NameRef ref);
  void RebuildNameTable();
  void BuildIndexes();
  [[nodiscard]] std::size_t MemoryBytes() const;
};

}  // namespace annals::engine
