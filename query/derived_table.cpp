// Derived relations: tuple interning, piece merging, indexes.
#include "query/derived_table.hpp"

#include "engine/store/memory_bytes.hpp"
#include "query/release_map.hpp"
#include "query/temporal.hpp"

#include <algorithm>
#include <array>

namespace annals::query {

namespace {

std::uint64_t MixHash(std::uint64_t h, std::uint64_t v) {
  h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
  return h * 0xff51afd7ed558ccdULL;
}

}  // namespace

bool DerivedTable::Covers(const Piece& piece, const PieceCandidate& candidate) const {
  if (piece.certainty < candidate.certainty) return false;
  if (piece.always) return true;
  if (candidate.always) return false;
  return Encloses(periods_[piece.period_index], candidate.period);
}

std::uint64_t DerivedTable::HashColumns(std::uint64_t mask, const ValueId* row) const {
  std::uint64_t h = 0x12345678u;
  for (std::uint32_t i = 0; i < arity_; ++i) {
    if (i < 64 && (mask & (std::uint64_t{1} << i)) != 0) h = MixHash(h, row[i]);
  }
  return h;
}

bool DerivedTable::SameTuple(std::uint32_t tuple, const ValueId* values) const {
  return std::equal(values, values + arity_, Tuple(tuple));
}

void DerivedTable::Clear() {
  values_.clear();
  first_piece_.clear();
  pieces_.clear();
  periods_.clear();
  period_sources_.clear();
  slots_.clear();  // Grow sizes it afresh, in the memory kept
  hashed_tuples_ = 0;
  ReleaseMap(indexes_);
  delta_.clear();
  current_delta_.clear();
  scratch_.clear();
}

std::size_t DerivedTable::CapacityBytes() const {
  using engine::VectorBytes;
  return VectorBytes(values_) + VectorBytes(first_piece_) + VectorBytes(pieces_) +
         VectorBytes(periods_) + VectorBytes(period_sources_) + VectorBytes(slots_) +
         VectorBytes(delta_) + VectorBytes(current_delta_) + VectorBytes(scratch_);
}

void DerivedTable::Grow() { Rehash(slots_.empty() ? 64 : slots_.size() * 2); }

void DerivedTable::Rehash(std::size_t slot_count) {
  slots_.assign(slot_count, kNoIndex);
  const std::uint64_t full = arity_ >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << arity_) - 1;
  for (std::uint32_t tuple = 0; tuple < hashed_tuples_; ++tuple) {
    std::size_t at = HashColumns(full, Tuple(tuple)) & (slots_.size() - 1);
    while (slots_[at] != kNoIndex) at = (at + 1) & (slots_.size() - 1);
    slots_[at] = tuple;
  }
}

std::uint32_t DerivedTable::FindOrAddTuple(const ValueId* values) {
  if (hashed_tuples_ < first_piece_.size()) {
    // Tuples added without hashing: take them into the set first.
    hashed_tuples_ = static_cast<std::uint32_t>(first_piece_.size());
    std::size_t slot_count = std::max<std::size_t>(slots_.size(), 64);
    while ((first_piece_.size() + 1) * 2 > slot_count) slot_count *= 2;
    Rehash(slot_count);
  }
  if ((first_piece_.size() + 1) * 2 > slots_.size()) Grow();
  const std::uint64_t full = arity_ >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << arity_) - 1;
  std::size_t at = HashColumns(full, values) & (slots_.size() - 1);
  while (slots_[at] != kNoIndex) {
    if (SameTuple(slots_[at], values)) return slots_[at];
    at = (at + 1) & (slots_.size() - 1);
  }
  const std::uint32_t tuple = AppendTuple(values);
  slots_[at] = tuple;
  hashed_tuples_ = tuple + 1;
  return tuple;
}

std::uint32_t DerivedTable::AppendTuple(const ValueId* values) {
  const auto tuple = static_cast<std::uint32_t>(first_piece_.size());
  if (first_piece_.capacity() == 0) {
    // Room for a few tuples at once: a prepared query's table often holds a
    // handful, and growing four arrays from one element reallocates each of
    // them four times, which costs more than the rule's own work.
    constexpr std::size_t kFirstTuples = 16;
    values_.reserve(kFirstTuples * arity_);
    first_piece_.reserve(kFirstTuples);
    pieces_.reserve(kFirstTuples);
    delta_.reserve(kFirstTuples);
  }
  values_.Append(values, values + arity_);
  first_piece_.push_back(kNoIndex);
  for (auto& [mask, index] : indexes_) index[HashColumns(mask, values)].push_back(tuple);
  return tuple;
}

std::uint32_t DerivedTable::AddDistinctAlways(const ValueId* values, std::uint32_t derivation) {
  const std::uint32_t tuple = AppendTuple(values);
  Piece piece;
  piece.tuple = tuple;
  piece.always = true;
  piece.derivation = derivation;
  const auto id = static_cast<std::uint32_t>(pieces_.size());
  first_piece_[tuple] = id;
  pieces_.push_back(piece);
  delta_.push_back(id);
  return id;
}

std::span<const std::uint32_t> DerivedTable::Lookup(std::uint64_t mask, const ValueId* row) {
  // A handful of tuples are compared faster than an index is built (a
  // prepared query's closure from one start often derives one or two).
  static constexpr std::array<std::uint32_t, 8> kFewTuples{0, 1, 2, 3, 4, 5, 6, 7};
  if (first_piece_.size() <= kFewTuples.size() && !indexes_.contains(mask)) {
    return {kFewTuples.data(), first_piece_.size()};
  }
  auto [it, inserted] = indexes_.try_emplace(mask);
  if (inserted) {
    for (std::uint32_t tuple = 0; tuple < first_piece_.size(); ++tuple) {
      it->second[HashColumns(mask, Tuple(tuple))].push_back(tuple);
    }
  }
  const auto found = it->second.find(HashColumns(mask, row));
  if (found == it->second.end()) return {};
  return found->second;
}

std::uint32_t DerivedTable::Insert(const ValueId* values, const PieceCandidate& candidate,
                                   std::uint32_t rule, std::span<const Ref> refs,
                                   std::uint32_t relation, DerivationArena& arena) {
  const std::uint32_t tuple = FindOrAddTuple(values);
  for (std::uint32_t p = first_piece_[tuple]; p != kNoIndex; p = pieces_[p].next) {
    const Piece& piece = pieces_[p];
    if (!Covers(piece, candidate)) continue;
    // The same fact over the same period by another way: remember its
    // sources too (bounded), though it adds no validity.
    if (piece.derivation != kNoDerivation && piece.certainty == candidate.certainty &&
        piece.always == candidate.always &&
        (piece.always || periods_[piece.period_index] == candidate.period)) {
      arena.AddAlternative(piece.derivation, rule, refs);
    }
    return kNoIndex;
  }
  Piece fresh;
  fresh.tuple = tuple;
  fresh.certainty = candidate.certainty;
  fresh.always = candidate.always;
  Period period = candidate.period;
  const std::uint32_t derivation = arena.Add(rule, relation, refs);
  fresh.derivation = derivation;

  // Coalesce with the live pieces of the same certainty the candidate
  // overlaps or meets: the merged piece replaces them.
  std::vector<Ref> absorbed;
  if (!candidate.always) {
    std::vector<Period> same;
    same.push_back(candidate.period);
    for (std::uint32_t p = first_piece_[tuple]; p != kNoIndex; p = pieces_[p].next) {
      if (pieces_[p].certainty == candidate.certainty && !pieces_[p].always) {
        same.push_back(periods_[pieces_[p].period_index]);
      }
    }
    if (same.size() > 1) {
      // The candidate's run is one whose bounds all enclose it (a merge
      // takes the componentwise min of the starts and max of the ends).
      // The outer bounds alone do not tell: a period with an unknown end
      // ("1921-01-01..?") spans a later one it only possibly touches, and
      // taking it for the merge would join the two, and their certainties
      // and sources with them.
      for (const Period& merged : CoalescePeriods(same)) {
        if (Encloses(merged, candidate.period)) {
          period = merged;
          break;
        }
      }
    }
  }
  if (!fresh.always) {
    fresh.period_index = static_cast<std::uint32_t>(periods_.size());
    periods_.push_back(period);
    // A merged period is a union of readings, no longer the candidate's one.
    period_sources_.push_back(period == candidate.period ? candidate.source : kNoPeriodSource);
  }
  // Unlink every live piece the fresh one now covers (same or lower certainty).
  std::uint32_t* link = &first_piece_[tuple];
  while (*link != kNoIndex) {
    Piece& old = pieces_[*link];
    const PieceCandidate as_candidate{old.always ? Period{} : periods_[old.period_index],
                                      old.always, old.certainty};
    if (Covers(fresh, as_candidate)) {
      if (old.certainty == fresh.certainty) {
        absorbed.push_back(Ref{Ref::Kind::kDerivation, old.derivation});
      }
      old.dead = true;
      *link = old.next;
      continue;
    }
    link = &old.next;
  }
  if (!absorbed.empty()) {
    absorbed.push_back(Ref{Ref::Kind::kDerivation, derivation});
    fresh.derivation = arena.Add(kMergedRule, relation, absorbed);
  }
  const auto id = static_cast<std::uint32_t>(pieces_.size());
  arena.SetPiece(fresh.derivation, id);
  if (fresh.derivation != derivation) arena.SetPiece(derivation, id);
  fresh.next = first_piece_[tuple];
  first_piece_[tuple] = id;
  pieces_.push_back(fresh);
  delta_.push_back(id);
  return id;
}

bool DerivedTable::StartRound() {
  // Swapped, not moved: both buffers keep their memory for the rounds (and
  // the runs) to come.
  current_delta_.swap(delta_);
  delta_.clear();
  // A piece merged away later in the same round is covered by its successor,
  // which is in the delta too.
  current_delta_.erase(std::remove_if(current_delta_.begin(), current_delta_.end(),
                                      [&](std::uint32_t p) { return pieces_[p].dead; }),
                       current_delta_.end());
  return !current_delta_.empty();
}

}  // namespace annals::query
