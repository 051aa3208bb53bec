// The store's data layout, shared by store.cpp and the snapshot code.
//
// Budget: 10M facts in < 80 bytes each, indexes included, on data where
// nearly every fact brings a new person (0.9 entities per fact in the
// synthetic benchmark graph). Per fact:
//   columns     relation 2, subject 4, object 4, days and forms 12         = 22
//               source: runs of (file, first line, line step) ~ 0 for TSV
//               attributes: end offsets, only once some fact has one   0 or 4
//   by relation FactIds sorted by start, blocked max-end                 4.5
//   out-edges   FactGraph (CSR): target + FactId                            8
//   in-edges    FactIds                                                     4
//   long runs   blocked max-end for (vertex, relation) runs > 16 facts   ~ 0
// Per entity: name bytes, end offset 4, kind 2, name table ~9, CSR row
// starts (out 4, in 4). Merges, aliases and lifespans live in side tables
// because most entities have none. Measured at 10M synthetic facts (8.9M
// entities, 0.3.1): MemoryBytes 73.4 bytes/fact, RSS 74.8, and the Finalize() peak
// no higher than its result (scratch arrays are freed before the next one).
//
// Why the in-edges are not a bidirectionalS graph's own: Boost builds them in
// out-edge order, so a vertex's in-edges are neither grouped by relation nor
// sorted by start, and "facts of R whose object is X during W" would have to
// scan them all; bidirectionalS would add 8 bytes per edge for an order we
// cannot use, where our reverse index costs 4.
#pragma once

#include "engine/store/column.hpp"
#include "engine/store/fact_graph.hpp"
#include "engine/store/interval_index.hpp"
#include "engine/store/store.hpp"
#include "engine/store/string_pool.hpp"

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace annals::engine {

//! A fact's validity in 12 bytes: the possible extent [start_lo, end_hi] as
//! is, and each end's form beside its span (start_hi - start_lo, end_hi -
//! end_lo) in 16 bits, so that a fact's period is one load. Spans of
//! kSpanEscape days or more (open starts, unknown ends, decades) live in
//! Store::Impl::wide_days, for both ends of the fact.
struct PackedDays {
  Day start_lo = 0;
  Day end_hi = 0;
  std::uint16_t start = 0;  //!< PackEnd(start form, start span)
  std::uint16_t end = 0;    //!< PackEnd(end form, end span)
};
inline constexpr unsigned kSpanBits = 11;
inline constexpr std::uint16_t kSpanEscape = (1u << kSpanBits) - 1;
static_assert(static_cast<unsigned>(DateForm::kUnknown) < (1u << (16 - kSpanBits)),
              "every DateForm must fit beside a span");

[[nodiscard]] constexpr std::uint16_t PackEnd(DateForm form, std::uint16_t span) {
  return static_cast<std::uint16_t>(static_cast<unsigned>(form) << kSpanBits | span);
}
[[nodiscard]] constexpr std::uint16_t SpanOf(std::uint16_t end) { return end & kSpanEscape; }
[[nodiscard]] constexpr unsigned FormBitsOf(std::uint16_t end) { return end >> kSpanBits; }

//! start_hi and end_lo of a fact whose spans do not both fit below kSpanEscape.
struct WideDays {
  FactId fact = 0;
  Day start_hi = 0;
  Day end_lo = 0;
};

//! Facts [first, next run's first) come from `file`, fact first + i from line
//! first_line + i * line_step: one run covers a whole TSV file.
struct SourceRun {
  FactId first = 0;
  FileId file = 0;
  std::uint32_t first_line = 0;
  std::uint32_t line_step = 0;
};

//! A name in the lookup table: an entity's own name, or an alias.
//! Aliases have the top bit set: ref = kAliasBit | alias index.
using NameRef = std::uint32_t;
inline constexpr NameRef kAliasBit = 0x80000000u;
inline constexpr NameRef kNoName = 0xFFFFFFFFu;

//! An in-edge's relation tag (Store::Impl::in_relation) for relation ids
//! that do not fit in it; such a run is then found by its facts' relations.
inline constexpr std::uint8_t kManyRelations = 0xFF;
[[nodiscard]] constexpr std::uint8_t RelationTag(std::uint16_t relation) {
  return relation < kManyRelations ? static_cast<std::uint8_t>(relation) : kManyRelations;
}

struct LifespanEntry {
  Period period;
  SourceRef source;
};

//! Blocked max-end arrays of one long adjacency run, in Impl::run_pool.
struct RunIndex {
  std::uint32_t pool_offset = 0;  //!< block_hi at [offset, offset + blocks), tree after it
};

struct Store::Impl {
  // ---- interned text
  StringPool files;
  StringPool strings;                // attribute values and kind names
  std::vector<std::uint32_t> kinds;  // kind k (1-based in entity_kind) = strings id

  // ---- entities: dense ids; a merged-away id keeps its name
  Column<char> entity_name_arena;
  Column<std::uint32_t> entity_name_end;               // per entity
  Column<std::uint16_t> entity_kind;                   // 0 = unknown, else index into kinds + 1
  std::unordered_map<EntityId, EntityId> merged_into;  // same_as: merged-away id -> kept id
  std::string alias_arena;
  std::vector<std::uint32_t> alias_end;  // per alias
  std::vector<EntityId> alias_owner;     // the entity the alias was added to
  // Names a root answers to besides its own: its aliases, and the names and
  // aliases of entities merged into it.
  std::unordered_map<EntityId, std::vector<NameRef>> extra_names;
  std::unordered_map<EntityId, LifespanEntry> lifespans;
  // Open addressing over normalised names (linear probing, power-of-two
  // size): the NameRef, and 8 bits of the key's hash so that a probe rarely
  // has to normalise a stored name to compare. Several refs may share a key.
  Column<NameRef> name_slots;
  Column<std::uint8_t> name_tags;

  // ---- relations
  std::vector<RelationSchema> schemas;
  std::unordered_map<std::string, RelationId> relation_ids;
  std::vector<std::size_t> relation_fact_count;

  // ---- facts, one column per field, indexed by FactId
  Column<std::uint16_t> fact_relation;
  Column<EntityId> fact_subject;  // canonical as of the last Finalize()
  Column<EntityId> fact_object;
  Column<PackedDays> fact_days;
  std::vector<WideDays> wide_days;  // sorted by fact
  std::vector<SourceRun> source_runs;
  Column<std::uint32_t> attr_end;  // empty until some fact has attributes
  std::vector<Attribute> attrs;

  // ---- indexes, covering facts [0, indexed_facts) as of the last Finalize()
  std::size_t indexed_facts = 0;
  bool indexed = false;
  bool merged_since_finalize = false;  // vertex lists stale: filter relation lookups
  // Per relation r: FactIds [relation_begin[r], relation_begin[r + 1]) of
  // by_start, sorted by (start_lo, id), with blocked max-end arrays at the
  // same block offsets (relation_block_begin) and each fact's end as a gap
  // from its block's first start (blocked::BuildEndGaps).
  std::vector<std::uint32_t> relation_begin;
  std::vector<std::uint32_t> relation_block_begin;
  Column<FactId> by_start;
  Column<std::uint16_t> by_start_end_gap;
  Column<Day> by_start_block_hi;
  Column<Day> by_start_tree;
  FactGraph graph;                 // out-edges: (relation, start_lo, id) order per vertex
  Column<std::uint32_t> in_begin;  // per entity + 1
  Column<FactId> in_facts;         // (object, relation, start_lo, id) order
  // Each in_facts entry's relation, kManyRelations for ids from 255 up: a
  // lookup finds its relation's run among an entity's in-edges in these
  // bytes, one cache line, instead of in the relations of each fact.
  Column<std::uint8_t> in_relation;
  // Blocked max-end for adjacency runs longer than one block, keyed by the
  // run's first position (out-edges: edge index; in-edges: in_facts index).
  std::unordered_map<std::uint32_t, RunIndex> out_runs;
  std::unordered_map<std::uint32_t, RunIndex> in_runs;
  std::vector<Day> run_pool;

  // ---- helpers shared with the snapshot code
  // Inline for the common store without merges: lookups call it per fact
  // and per name.
  [[nodiscard]] EntityId Root(EntityId entity) const {
    return merged_into.empty() ? entity : RootAfterMerges(entity);
  }
  [[nodiscard]] EntityId RootAfterMerges(EntityId entity) const;
  [[nodiscard]] std::size_t EntityCount() const { return entity_name_end.size(); }
  [[nodiscard]] std::string_view NameText(NameRef ref) const;
  [[nodiscard]] Day StartHi(FactId fact) const;
  [[nodiscard]] Day EndLo(FactId fact) const;
  [[nodiscard]] SourceRef SourceOf(FactId fact) const;
  [[nodiscard]] const FactId* OutFacts() const;
  void IndexName(NameRef ref);
  void IndexName(NameRef ref, std::uint64_t key_hash);  // the hash of its key, known
  void RebuildNameTable();
  void BuildIndexes();
  //! Moves the arrays that lookups probe at random onto huge pages where
  //! they are not yet (engine::CollapseIntoHugePages), after BuildIndexes.
  void CollapseColumnsIntoHugePages() const;
  [[nodiscard]] std::size_t MemoryBytes() const;
};

}  // namespace annals::engine
