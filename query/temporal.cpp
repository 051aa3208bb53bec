// Period operations for the evaluator.
// PROVISIONAL: bounds-only versions until engine/time/allen.hpp and
// engine/time/period_algebra.hpp land; then these delegate to them.
#include "query/temporal.hpp"

#include <algorithm>

namespace annals::query {

namespace {

// The later of two vague starts: the one whose bounds are both later keeps
// its form; otherwise a span of the possible days.
VagueDate LaterOf(const VagueDate& a, const VagueDate& b) {
  if (a.lo >= b.lo && a.hi >= b.hi) return a;
  if (b.lo >= a.lo && b.hi >= a.hi) return b;
  return VagueDate{std::max(a.lo, b.lo), std::max(a.hi, b.hi), DateForm::kSpan};
}

VagueDate EarlierOf(const VagueDate& a, const VagueDate& b) {
  if (a.lo <= b.lo && a.hi <= b.hi) return a;
  if (b.lo <= a.lo && b.hi <= a.hi) return b;
  return VagueDate{std::min(a.lo, b.lo), std::min(a.hi, b.hi), DateForm::kSpan};
}

}  // namespace

void IntersectPeriods(const Period& a, const Period& b, Period* out, Certainty* certainty) {
  out->start = LaterOf(a.start, b.start);
  out->end = EarlierOf(a.end, b.end);
  if (out->start.hi <= out->end.lo) {
    *certainty = Certainty::kCertain;
  } else if (out->start.lo <= out->end.hi) {
    *certainty = Certainty::kPossible;
  } else {
    *certainty = Certainty::kNo;
  }
}

Certainty EvaluatePeriodBuiltin(Builtin builtin, const Period& a, const Period& b) {
  Period meet;
  Certainty shared = Certainty::kNo;
  IntersectPeriods(a, b, &meet, &shared);
  switch (builtin) {
    case Builtin::kIntersects: return shared;
    case Builtin::kBefore:
      return a.end.hi + 1 < b.start.lo    ? Certainty::kCertain
             : a.end.lo + 1 < b.start.hi ? Certainty::kPossible
                                         : Certainty::kNo;
    case Builtin::kAfter: return EvaluatePeriodBuiltin(Builtin::kBefore, b, a);
    default: break;
  }
  return shared;
}

std::vector<Period> CoalescePeriods(std::vector<Period> periods) {
  std::sort(periods.begin(), periods.end(), [](const Period& x, const Period& y) {
    return x.start.lo != y.start.lo ? x.start.lo < y.start.lo : x.start.hi < y.start.hi;
  });
  std::vector<Period> out;
  for (const Period& period : periods) {
    if (!out.empty() && period.start.hi <= out.back().end.lo + 1) {
      if (period.end.lo >= out.back().end.lo && period.end.hi >= out.back().end.hi) {
        out.back().end = period.end;
      }
      continue;
    }
    out.push_back(period);
  }
  return out;
}

bool Encloses(const Period& outer, const Period& inner) {
  return outer.start.lo <= inner.start.lo && outer.start.hi <= inner.start.hi &&
         outer.end.hi >= inner.end.hi && outer.end.lo >= inner.end.lo;
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
