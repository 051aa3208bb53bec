// The temporal graph store: entities, relations, facts and their indexes.
//
// Facts live in flat columns (cheap to scan and to snapshot); entities are the
// vertices and facts the edges of a Boost.Graph built over those columns; each
// relation's validity periods are indexed so that "facts of R valid during W"
// and "facts of R around entity X valid during W" cost O(log n + k).
//
// Lifecycle: add entities and facts, then Finalize() before any lookup by
// window. Adding after Finalize() marks the indexes stale; Finalize() again.
// A finalized store is immutable and safe to read from many threads.
#pragma once

#include <annals/time.hpp>

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace annals::engine {

using EntityId = std::uint32_t;
using RelationId = std::uint32_t;
using FactId = std::uint32_t;
using FileId = std::uint32_t;

inline constexpr EntityId kNoEntity = 0xFFFFFFFFu;

//! Where a fact or entity came from: an interned file name and a 1-based line.
struct SourceRef {
  FileId file = 0;
  std::uint32_t line = 0;
};

//! One cell of an attribute column (role, note, org, ...).
struct AttrValue {
  enum class Kind : std::uint8_t { kNone, kEntity, kString, kNumber };
  Kind kind = Kind::kNone;
  std::uint32_t id = 0;  //!< EntityId for kEntity, string id (Store::String) for kString
  double number = 0;     //!< for kNumber
};

struct Attribute {
  std::uint32_t column = 0;  //!< index into RelationSchema::attribute_columns
  AttrValue value;
};

//! A relation's columns: subject, object, then named attribute columns in the
//! order they were first declared (leads: role, note; succeeds: org).
struct RelationSchema {
  std::string name;
  std::vector<std::string> attribute_columns;
};

//! A read-only view of one stored fact.
struct FactView {
  FactId id = 0;
  RelationId relation = 0;
  EntityId subject = kNoEntity;  //!< canonical (after same_as merges)
  EntityId object = kNoEntity;   //!< canonical (after same_as merges)
  Period period;
  SourceRef source;
  std::span<const Attribute> attributes;
};

//! The part of a fact that a lookup of one relation reads of every fact it
//! visits (see Store::EndsAndPeriod).
struct FactEndsAndPeriod {
  EntityId subject = kNoEntity;  //!< canonical (after same_as merges)
  EntityId object = kNoEntity;   //!< canonical (after same_as merges)
  Period period;
};

//! Visitor over candidate facts; return false to stop early.
using FactVisitor = std::function<bool(FactId)>;

class Store {
 public:
  Store();
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;
  Store(Store&&) noexcept;
  Store& operator=(Store&&) noexcept;

  // ---- source files
  FileId InternFile(std::string_view path);
  [[nodiscard]] std::string_view FileName(FileId file) const;

  // ---- strings (attribute values)
  std::uint32_t InternString(std::string_view text);
  [[nodiscard]] std::string_view String(std::uint32_t id) const;

  // ---- entities
  //! The entity whose name or alias matches (case- and whitespace-insensitive,
  //! any script), or a new one with this display name.
  EntityId InternEntity(std::string_view name);
  //! InternEntity for a name whose HashSimpleName (name_match.hpp) was true,
  //! with the hash it gave: a loader computes it on its parsing thread, off
  //! the one thread that may touch the store.
  EntityId InternSimpleEntity(std::string_view name, std::uint64_t simple_hash);
  [[nodiscard]] std::optional<EntityId> FindEntity(std::string_view name_or_alias) const;
  //! Every entity answering to the name (an alias may be shared), canonical
  //! ids in increasing order; FindEntity picks one of them (an entity's own
  //! name wins over an alias, then the earliest added), also canonical.
  [[nodiscard]] std::vector<EntityId> FindEntities(std::string_view name_or_alias) const;
  //! FindEntity(names[i]) into found[i] (as many), for many names at once:
  //! a probe is a few dependent cache misses, and a group of probes takes
  //! them side by side instead of one after another.
  void FindEachEntity(std::span<const std::string_view> names,
                      std::span<std::optional<EntityId>> found) const;
  void AddAlias(EntityId entity, std::string_view alias);
  void SetKind(EntityId entity, std::string_view kind);
  void SetLifespan(EntityId entity, const Period& lifespan, SourceRef source);
  //! same_as: `other` becomes the same entity as `keep`; its name and aliases
  //! become aliases of `keep`, and its facts are reported with `keep`.
  void Merge(EntityId keep, EntityId other);
  [[nodiscard]] EntityId Canonical(EntityId entity) const;

  [[nodiscard]] std::size_t EntityCount() const;  //!< ids 0..count-1, some merged away
  //! Entities as a user counts them: ids not merged away by same_as.
  [[nodiscard]] std::size_t CanonicalEntityCount() const;
  // The accessors below answer for the canonical entity: a merged-away id is
  // one more handle on the entity it was merged into. Out-of-range ids throw
  // Error(kInvalidArgument).
  [[nodiscard]] std::string_view EntityName(EntityId entity) const;
  //! EntityName of each of `entities`, in order, into `names` (as many).
  //! For answers with many rows: random names cost two dependent memory
  //! loads each (where the name ends, then its text), and this starts the
  //! loads of later names before it needs them, so a batch pays about one
  //! memory latency per several names instead of two per name. The text of
  //! the last few hundred names is then in cache for the caller to copy.
  void EntityNames(std::span<const EntityId> entities, std::span<std::string_view> names) const;
  [[nodiscard]] std::string_view EntityKind(EntityId entity) const;  //!< "" when unknown
  [[nodiscard]] std::vector<std::string_view> EntityAliases(EntityId entity) const;
  [[nodiscard]] const Period* Lifespan(EntityId entity) const;  //!< nullptr when unknown
  [[nodiscard]] SourceRef LifespanSource(EntityId entity) const;
  //! Up to `limit` entity names closest to `text` (edit distance on the
  //! normalised form, substring matches first), for "did you mean" messages.
  [[nodiscard]] std::vector<std::string> NearestEntityNames(std::string_view text,
                                                            std::size_t limit) const;
  //! Case/space-insensitive key used for all name lookups.
  [[nodiscard]] static std::string NormalizeName(std::string_view name);

  // ---- relations
  RelationId InternRelation(std::string_view name);
  [[nodiscard]] std::optional<RelationId> FindRelation(std::string_view name) const;
  [[nodiscard]] std::size_t RelationCount() const;
  [[nodiscard]] const RelationSchema& Schema(RelationId relation) const;
  //! Index of the named attribute column of `relation`, added when missing.
  std::uint32_t InternAttributeColumn(RelationId relation, std::string_view column);

  // ---- facts (never deduplicated: a repeated or contradicting fact is kept
  // with its own source)
  FactId AddFact(RelationId relation, EntityId subject, EntityId object, const Period& period,
                 SourceRef source, std::span<const Attribute> attributes = {});
  //! Capacity hint for bulk loads (avoids regrowing the fact columns).
  void ReserveFacts(std::size_t count);
  [[nodiscard]] std::size_t FactCount() const;
  [[nodiscard]] std::size_t FactCount(RelationId relation) const;
  [[nodiscard]] FactView Fact(FactId fact) const;
  //! Fact(fact).source without reading the fact's other columns (each a
  //! cache miss for a fact visited long ago, e.g. when an answer lists its
  //! sources after the search).
  [[nodiscard]] SourceRef FactSource(FactId fact) const;
  //! Fact(fact)'s ends and period, without its relation (known to a caller
  //! that asked for facts of one), source and attributes: a fact visited in
  //! time order is a cache miss in each column read.
  [[nodiscard]] FactEndsAndPeriod EndsAndPeriod(FactId fact) const;
  //! Fact(fact)'s subject (`subject` true) or object, canonical: one column
  //! read, for a pass that only groups facts by an end.
  [[nodiscard]] EntityId FactEnd(FactId fact, bool subject) const;

  // ---- indexes: build, then look up by window
  void Finalize();
  [[nodiscard]] bool IsFinalized() const;
  //! Facts of `relation` whose possible validity [start.lo, end.hi] meets the
  //! window [lo, hi]: exactly those, each once, in O(log n + k).
  //! The caller decides certain/possible with HoldsDuring().
  void FactsDuring(RelationId relation, Day lo, Day hi, const FactVisitor& visit) const;
  //! Facts of `relation` whose earliest start (start.lo) lies in [lo, hi],
  //! each once, in O(log n + k): the facts a period written exactly so can
  //! be, which FactsDuring would bury among every fact of its days.
  void FactsStartingDuring(RelationId relation, Day lo, Day hi, const FactVisitor& visit) const;
  //! Every fact of `relation`, each once, in id order (the order they were
  //! added). For callers that read every fact of a relation: consecutive ids
  //! are neighbours in every column, where time order jumps across them.
  void FactsInIdOrder(RelationId relation, const FactVisitor& visit) const;
  //! The same, restricted to facts whose subject (resp. object) is `entity`.
  void FactsOfSubjectDuring(RelationId relation, EntityId subject, Day lo, Day hi,
                            const FactVisitor& visit) const;
  void FactsOfObjectDuring(RelationId relation, EntityId object, Day lo, Day hi,
                           const FactVisitor& visit) const;
  //! The other end (canonical) of each fact FactsOfSubjectDuring (by_subject)
  //! or FactsOfObjectDuring would visit, in that order, appended to
  //! `other_ends`, and the fact's id to `facts` when given: a search along a
  //! relation needs no more of a fact, and should not pay a visitor call for
  //! each.
  void OtherEndsDuring(RelationId relation, bool by_subject, EntityId entity, Day lo, Day hi,
                       std::vector<EntityId>* other_ends,
                       std::vector<FactId>* facts = nullptr) const;
  //! One lookup of FactsOfEachDuring: the facts whose subject (or object) is
  //! `entity`, meeting [lo, hi].
  struct EndLookup {
    EntityId entity = 0;
    Day lo = 0;
    Day hi = 0;
  };
  //! visit(i, fact) for the facts of lookups[i], as FactsOfSubjectDuring
  //! (by_subject) or FactsOfObjectDuring would give them, lookup after
  //! lookup; visit returning false ends lookup i only. Many lookups at once
  //! take their dependent cache misses (row bounds, the run's relation, its
  //! days) side by side, a group at a time.
  using LookupVisitor = std::function<bool(std::size_t, FactId)>;
  void FactsOfEachDuring(RelationId relation, bool by_subject, std::span<const EndLookup> lookups,
                         const LookupVisitor& visit) const;

  //! Bytes held by the store's containers (for the memory benchmark).
  [[nodiscard]] std::size_t MemoryBytes() const;

  // ---- interrupting the queries running on the store
  //! Asks every query running on this store to stop (query::RunClock
  //! compares InterruptCount with its value when the query began). A lock-
  //! free increment and nothing else: safe from any thread while queries
  //! hold the database's lock, and from a signal handler.
  void Interrupt() const noexcept { interrupts_.fetch_add(1, std::memory_order_relaxed); }
  //! How many times Interrupt was called: what a query started now is
  //! compared with.
  [[nodiscard]] const std::atomic<std::uint32_t>& InterruptCount() const noexcept {
    return interrupts_;
  }

  struct Impl;
  //! The data layout (engine/store/store_impl.hpp), for the snapshot code.
  [[nodiscard]] const Impl& Internals() const { return *impl_; }
  [[nodiscard]] Impl& Internals() { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
  // Beside impl_ rather than in it: opening a snapshot move-assigns a new
  // store into the database's while Interrupt may run without the lock, and
  // a move replaces impl_ but leaves this count where Interrupt finds it.
  mutable std::atomic<std::uint32_t> interrupts_{0};
  static_assert(std::atomic<std::uint32_t>::is_always_lock_free,
                "Interrupt must be callable from a signal handler");
};

}  // namespace annals::engine
