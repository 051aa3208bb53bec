// Period operations for the evaluator: thin adapters over the time model's
// Allen relations and period algebra.
#include "query/temporal.hpp"

#include "engine/time/allen.hpp"
#include "engine/time/period_algebra.hpp"

#include <cmath>

namespace annals::query {

void IntersectPeriods(const Period& a, const Period& b, Period* out, Certainty* certainty) {
  const std::optional<engine::Intersection> meet = engine::IntersectWithCertainty(a, b);
  if (!meet) {
    *certainty = Certainty::kNo;
    return;
  }
  *out = meet->period;
  *certainty = meet->non_empty;
}

Certainty EvaluatePeriodBuiltin(Builtin builtin, const Period& a, const Period& b) {
  using engine::AllenRelation;
  AllenRelation relation = AllenRelation::kEquals;
  switch (builtin) {
    case Builtin::kIntersects:
      return engine::Intersects(a, b);
    case Builtin::kBefore:
      relation = AllenRelation::kBefore;
      break;
    case Builtin::kAfter:
      relation = AllenRelation::kAfter;
      break;
    case Builtin::kMeets:
      relation = AllenRelation::kMeets;
      break;
    case Builtin::kMetBy:
      relation = AllenRelation::kMetBy;
      break;
    case Builtin::kOverlaps:
      relation = AllenRelation::kOverlaps;
      break;
    case Builtin::kOverlappedBy:
      relation = AllenRelation::kOverlappedBy;
      break;
    case Builtin::kStarts:
      relation = AllenRelation::kStarts;
      break;
    case Builtin::kStartedBy:
      relation = AllenRelation::kStartedBy;
      break;
    case Builtin::kDuring:
      relation = AllenRelation::kDuring;
      break;
    case Builtin::kContains:
      relation = AllenRelation::kContains;
      break;
    case Builtin::kFinishes:
      relation = AllenRelation::kFinishes;
      break;
    case Builtin::kFinishedBy:
      relation = AllenRelation::kFinishedBy;
      break;
    case Builtin::kEquals:
      relation = AllenRelation::kEquals;
      break;
    case Builtin::kStart:
    case Builtin::kEnd:
      return Certainty::kNo;  // not period relations
  }
  return engine::Allen(relation, a, b);
}

std::vector<Period> CoalescePeriods(std::vector<Period> periods) {
  return engine::Coalesce(std::move(periods));
}

bool Encloses(const Period& outer, const Period& inner) {
  return outer.start.lo <= inner.start.lo && outer.start.hi <= inner.start.hi &&
         outer.end.hi >= inner.end.hi && outer.end.lo >= inner.end.lo;
}

std::optional<VagueDate> YearAsDate(double number) {
  // Compared as doubles first: converting one outside int's range is undefined.
  if (!(number >= kMinYear && number <= kMaxYear) || std::floor(number) != number) {
    return std::nullopt;
  }
  return VagueDate::InYear(static_cast<int>(number));
}

Period UnknownPeriod() {
  return PeriodOf(VagueDate{kMinDay, kMaxDay, DateForm::kUnknown},
                  VagueDate{kMinDay, kMaxDay, DateForm::kUnknown});
}

Period PeriodOf(const VagueDate& from, const VagueDate& to) {
  Period period;
  if (Period::TryMake(from, to, &period, nullptr)) return period;
  return Period::Always();
}

Certainty DateLess(const VagueDate& a, const VagueDate& b) {
  if (a.hi < b.lo) return Certainty::kCertain;
  if (a.lo < b.hi) return Certainty::kPossible;
  return Certainty::kNo;
}

Certainty DateLessEqual(const VagueDate& a, const VagueDate& b) {
  if (a.hi <= b.lo) return Certainty::kCertain;
  if (a.lo <= b.hi) return Certainty::kPossible;
  return Certainty::kNo;
}

Certainty DateEqual(const VagueDate& a, const VagueDate& b) {
  if (a.lo == a.hi && b.lo == b.hi && a.lo == b.lo) return Certainty::kCertain;
  if (a.lo <= b.hi && b.lo <= a.hi) return Certainty::kPossible;
  return Certainty::kNo;
}

}  // namespace annals::query
