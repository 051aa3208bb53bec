// A derived relation during evaluation: distinct tuples of interned values,
// each with its validity as coalesced pieces (a period, or always) of one
// certainty, hash indexes on column subsets built on first use, and the
// pieces each round added (the delta of semi-naive evaluation).
#pragma once

#include <annals/time.hpp>

#include "engine/store/growing_array.hpp"
#include "query/derivation.hpp"
#include "query/value_pool.hpp"

#include <cstdint>
#include <span>
#include <unordered_map>
#include <vector>

namespace annals::query {

inline constexpr std::uint32_t kNoIndex = 0xFFFFFFFFu;

//! 20 bytes: a closure's table holds millions, nearly all `always`, so the
//! period (24 bytes) is kept aside for the pieces that have one.
struct Piece {
  std::uint32_t period_index = kNoIndex;  //!< into the table's periods; none when `always`
  std::uint32_t tuple = 0;
  std::uint32_t next = kNoIndex;  //!< next live piece of the same tuple
  std::uint32_t derivation = 0;
  Certainty certainty = Certainty::kCertain;
  bool always = false;
  bool dead = false;  //!< merged into a later piece
};

//! Which reading of the vague dates a sequenced period is. Each stored fact's
//! (and lifespan's) period is its own unknown, independent of every other
//! fact's, even one written alike; but the same fact met twice in one body,
//! or a derived piece whose period is one fact's period passed on, is one
//! reading, and intersecting it with itself must not make a row less sure.
using PeriodSource = std::uint64_t;
inline constexpr PeriodSource kNoPeriodSource = ~PeriodSource{0};
[[nodiscard]] constexpr PeriodSource FactPeriodSource(std::uint32_t fact) { return fact; }
[[nodiscard]] constexpr PeriodSource LifespanPeriodSource(std::uint32_t entity) {
  return (PeriodSource{1} << 62) | entity;
}
[[nodiscard]] constexpr PeriodSource PiecePeriodSource(std::uint32_t relation,
                                                       std::uint32_t piece) {
  return (PeriodSource{2} << 62) | (PeriodSource{relation} << 32) | piece;
}

//! What a rule produced for one tuple, before merging.
struct PieceCandidate {
  Period period;
  bool always = false;
  Certainty certainty = Certainty::kCertain;
  //! The one fact or piece whose period `period` is, when it is exactly one.
  PeriodSource source = kNoPeriodSource;
};

class DerivedTable {
 public:
  explicit DerivedTable(std::uint32_t arity) : arity_(arity) {}

  [[nodiscard]] std::uint32_t arity() const { return arity_; }
  //! Empties the table and its indexes but keeps its memory, for an
  //! evaluator that runs again.
  void Clear();
  //! Bytes the table's own arrays hold.
  [[nodiscard]] std::size_t CapacityBytes() const;
  [[nodiscard]] std::size_t TupleCount() const { return first_piece_.size(); }
  [[nodiscard]] std::size_t PieceCount() const { return pieces_.size(); }
  [[nodiscard]] const ValueId* Tuple(std::uint32_t tuple) const {
    return values_.data() + static_cast<std::size_t>(tuple) * arity_;
  }
  [[nodiscard]] std::uint32_t FirstPiece(std::uint32_t tuple) const { return first_piece_[tuple]; }
  [[nodiscard]] const Piece& GetPiece(std::uint32_t piece) const { return pieces_[piece]; }
  //! The period of a piece of this table, or null when it is `always`.
  [[nodiscard]] const Period* PeriodOf(const Piece& piece) const {
    return piece.always ? nullptr : &periods_[piece.period_index];
  }
  //! The reading a piece's period is (meaningful when it is not `always`):
  //! the fact it was passed on from unchanged, else the piece itself.
  [[nodiscard]] PeriodSource SourceOf(std::uint32_t relation, std::uint32_t piece) const {
    const PeriodSource passed_on = period_sources_[pieces_[piece].period_index];
    return passed_on != kNoPeriodSource ? passed_on : PiecePeriodSource(relation, piece);
  }

  //! Tuples whose columns in `mask` equal those of `row` (other columns of
  //! `row` are ignored). May hold tuples that differ there (hash collisions,
  //! or every tuple of a small table): callers compare.
  [[nodiscard]] std::span<const std::uint32_t> Lookup(std::uint64_t mask, const ValueId* row);

  //! Merges a candidate derived by `rule` from `refs`. Returns the new live
  //! piece when it adds validity (then it is in the delta), kNoIndex when
  //! existing pieces cover it (then nothing is recorded). A piece that absorbs
  //! others gets a kMergedRule derivation pointing at all of them.
  std::uint32_t Insert(const ValueId* values, const PieceCandidate& candidate, std::uint32_t rule,
                       std::span<const Ref> refs, std::uint32_t relation, DerivationArena& arena);

  //! Adds a tuple the caller knows is not in the table yet, valid always and
  //! certainly, resting on `derivation` (kNoDerivation: keeping no
  //! provenance), and returns its piece: for bulk fills that know their
  //! tuples are distinct (the closure search). Skips the duplicate check;
  //! the tuple set catches up on the next Insert.
  std::uint32_t AddDistinctAlways(const ValueId* values, std::uint32_t derivation = kNoDerivation);

  //! Starts the next round: the live pieces added since the last call become
  //! the delta the round reads (Delta). False when there are none.
  bool StartRound();
  [[nodiscard]] bool HasDelta() const { return !delta_.empty(); }
  [[nodiscard]] std::span<const std::uint32_t> Delta() const { return current_delta_; }

 private:
  [[nodiscard]] std::uint64_t HashColumns(std::uint64_t mask, const ValueId* row) const;
  [[nodiscard]] bool SameTuple(std::uint32_t tuple, const ValueId* values) const;
  [[nodiscard]] bool Covers(const Piece& piece, const PieceCandidate& candidate) const;
  std::uint32_t FindOrAddTuple(const ValueId* values);
  std::uint32_t AppendTuple(const ValueId* values);
  void Grow();
  void Rehash(std::size_t slot_count);

  std::uint32_t arity_;
  // The arrays that grow with every tuple grow in place (GrowingArray):
  // a closure's table reaches millions of tuples in one query.
  engine::GrowingArray<ValueId> values_;
  engine::GrowingArray<std::uint32_t> first_piece_;
  engine::GrowingArray<Piece> pieces_;
  engine::GrowingArray<Period> periods_;  // of the pieces not `always`, by Piece::period_index
  engine::GrowingArray<PeriodSource> period_sources_;  // beside periods_: PieceCandidate::source
  // Open-addressing set of tuple ids keyed by the full tuple.
  std::vector<std::uint32_t> slots_;
  std::uint32_t hashed_tuples_ = 0;  // tuples in slots_; the rest came by AddDistinctAlways
  // Column-subset indexes: mask -> hash of those columns -> tuples.
  std::unordered_map<std::uint64_t, std::unordered_map<std::uint64_t, std::vector<std::uint32_t>>>
      indexes_;
  engine::GrowingArray<std::uint32_t> delta_;          // being filled this round
  engine::GrowingArray<std::uint32_t> current_delta_;  // read this round
  std::vector<std::uint32_t> scratch_;
};

}  // namespace annals::query
