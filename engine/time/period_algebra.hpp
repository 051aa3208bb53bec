// What sequenced rule evaluation needs from periods: the intersection of the
// periods of a rule's body facts, whether it is (certainly) non-empty, and the
// coalescing of one derived tuple's periods into maximal runs.
#pragma once

#include <annals/time.hpp>

#include <optional>
#include <vector>

namespace annals::engine {

//! The days a and b both cover, world by world: start = the later start
//! (componentwise max of the start bounds), end = the earlier end (componentwise
//! min). nullopt when they certainly share no day: max(start.lo) > min(end.hi).
//! A bound keeps its written form when one side's bound dominates the other
//! (is the max, or min, in both lo and hi), else it becomes kSpan.
//!
//! Inputs are periods from Period::Make or earlier Intersect results; for
//! those the result's bounds are exactly the ranges of max(S1, S2) and
//! min(E1, E2) over all worlds. The result is not tightened the way
//! Period::Make tightens, on purpose: that would assume it is non-empty, and
//! NonEmpty on it would then claim too much.
[[nodiscard]] std::optional<Period> Intersect(const Period& a, const Period& b);

//! Whether the start and end bounds of `p`, read independently, give S <= E:
//! certain iff start.hi <= end.lo, possible iff start.lo <= end.hi.
//! On an Intersect result this never claims too much, but it can say
//! "possible" where the truth is "certain" (for a start and end that overlap
//! within one input period); Intersects(a, b) in allen.hpp is exact, and
//! IntersectWithCertainty below uses it.
[[nodiscard]] Certainty NonEmpty(const Period& p);

//! Intersect plus the exact certainty that a and b share a day.
struct Intersection {
  Period period;
  Certainty non_empty = Certainty::kNo;
};
//! Folding this over a rule body's periods (period = previous result) gives
//! the exact certainty that all of them share a day: each step's cross
//! conditions are exact and the accumulated period's own ones were checked by
//! the earlier steps. Exact for independent periods only: a period folded in
//! twice must be skipped the second time (the evaluator does, per fact).
[[nodiscard]] std::optional<Intersection> IntersectWithCertainty(const Period& a, const Period& b);

//! Merges the periods of one derived tuple that certainly overlap or meet
//! (start of each <= end of the other + 1 in every world), repeatedly, so that
//! each result is certainly one unbroken run of days; periods that only
//! possibly touch stay separate. A merged period starts at the componentwise
//! min of the starts and ends at the componentwise max of the ends. Periods
//! with equal bounds count as one (the same claim twice). A period merged with
//! nothing comes back unchanged. Sorted by start, then end.
//!
//! Each input is taken to exist (its start <= end in every world), so inputs
//! may be Intersect results. Merging is pairwise, run by run; a test checks
//! against brute force that no set of runs left apart is certainly one run.
[[nodiscard]] std::vector<Period> Coalesce(std::vector<Period> periods);

}  // namespace annals::engine
