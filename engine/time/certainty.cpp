// Certainty names and the certain/possible rule for a period and a window.
#include <annals/time.hpp>

namespace annals {

const char* CertaintyName(Certainty certainty) {
  switch (certainty) {
    case Certainty::kNo:
      return "no";
    case Certainty::kPossible:
      return "possible";
    case Certainty::kCertain:
      return "certain";
  }
  return "no";
}

Certainty HoldsDuring(const Period& period, Day window_lo, Day window_hi) {
  // The fact holds at some day of the window iff S <= window_hi and
  // E >= window_lo. Certain when that is so for the latest start and the
  // earliest end, possible when for the earliest start and the latest end.
  // Period::Make has tightened start.hi to <= end.hi and end.lo to >= start.lo,
  // so these bounds are the true extremes over all worlds.
  if (window_lo > window_hi) return Certainty::kNo;
  if (period.start.hi <= window_hi && period.end.lo >= window_lo) return Certainty::kCertain;
  if (period.start.lo <= window_hi && period.end.hi >= window_lo) return Certainty::kPossible;
  return Certainty::kNo;
}

}  // namespace annals
