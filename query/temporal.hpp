// The period operations the evaluator needs, in one place: intersection of a
// row's validity with a fact's, Allen relations with certainty, coalescing of
// a derived fact's pieces. They delegate to the time model (engine/time).
#pragma once

#include <annals/time.hpp>

#include "query/analysis/checked_program.hpp"

#include <optional>
#include <vector>

namespace annals::query {

//! `a` and `b` intersected; `*certainty` says whether the intersection is
//! certainly, possibly or not at all non-empty (then `*out` is unspecified).
void IntersectPeriods(const Period& a, const Period& b, Period* out, Certainty* certainty);

//! An Allen relation or intersects(a, b), certain, possible or not.
[[nodiscard]] Certainty EvaluatePeriodBuiltin(Builtin builtin, const Period& a, const Period& b);

//! Merges periods that overlap or meet, keeping the forms of the endpoints
//! that survive. Input in any order; output sorted.
[[nodiscard]] std::vector<Period> CoalescePeriods(std::vector<Period> periods);

//! True when every day `inner` may cover, `outer` covers in every world
//! where... simply: outer's bounds enclose inner's bounds.
[[nodiscard]] bool Encloses(const Period& outer, const Period& inner);

//! A number given where a date is expected, read as that year: only a whole
//! number within [kMinYear, kMaxYear] is one.
[[nodiscard]] std::optional<VagueDate> YearAsDate(double number);

//! The period of something whose start and end are both unknown.
[[nodiscard]] Period UnknownPeriod();
//! A period from one vague date, or from FROM .. TO with open/unknown sides.
[[nodiscard]] Period PeriodOf(const VagueDate& from, const VagueDate& to);

//! Vague date comparisons: certainly/possibly a < b, a <= b, a = b.
[[nodiscard]] Certainty DateLess(const VagueDate& a, const VagueDate& b);
[[nodiscard]] Certainty DateLessEqual(const VagueDate& a, const VagueDate& b);
[[nodiscard]] Certainty DateEqual(const VagueDate& a, const VagueDate& b);

}  // namespace annals::query
