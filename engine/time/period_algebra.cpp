// Intersection and coalescing of vague periods.
#include "engine/time/period_algebra.hpp"

#include <annals/time.hpp>

#include "engine/time/allen.hpp"

#include <boost/icl/interval_set.hpp>
#include <boost/icl/right_open_interval.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <tuple>
#include <utility>
#include <vector>

namespace annals::engine {

namespace {

// Half-open day intervals, fixed at compile time (STYLE.md §5): a closed
// [S, E] is right_open(S, E + 1). E + 1 <= kMaxDay + 1 fits a Day easily.
using DayInterval = boost::icl::right_open_interval<Day>;
using DaySet = boost::icl::interval_set<Day, std::less, DayInterval>;

bool Feasible(const Period& p) {
  return p.start.lo <= p.start.hi && p.end.lo <= p.end.hi && p.start.lo <= p.end.hi;
}

// The bounds each end really takes in the period's worlds (start <= end).
Period Effective(const Period& p) {
  Period e = p;
  e.start.hi = std::min(p.start.hi, p.end.hi);
  e.end.lo = std::max(p.end.lo, p.start.lo);
  return e;
}

// Componentwise max (for the later of two starts) or min (for the earlier of
// two ends), keeping the written form of a side that dominates.
VagueDate Later(const VagueDate& a, const VagueDate& b) {
  if (a.lo >= b.lo && a.hi >= b.hi) return a;
  if (b.lo >= a.lo && b.hi >= a.hi) return b;
  return VagueDate{std::max(a.lo, b.lo), std::max(a.hi, b.hi), DateForm::kSpan};
}

VagueDate Earlier(const VagueDate& a, const VagueDate& b) {
  if (a.lo <= b.lo && a.hi <= b.hi) return a;
  if (b.lo <= a.lo && b.hi <= a.hi) return b;
  return VagueDate{std::min(a.lo, b.lo), std::min(a.hi, b.hi), DateForm::kSpan};
}

Certainty Grade(bool certain, bool possible) {
  if (certain) return Certainty::kCertain;
  return possible ? Certainty::kPossible : Certainty::kNo;
}

// A set of input periods that is certainly one run of days. Bounds are the
// effective ones: start in [start.lo, start.hi], end in [end.lo, end.hi].
struct Group {
  VagueDate start;
  VagueDate end;
  std::size_t first = 0;    // the earliest input index among the members
  std::size_t members = 0;  // how many inputs it joins
};

// Days certainly covered run from start.hi to end.lo; a group whose start may
// fall after its earliest end ("inverted") certainly covers no fixed day.
bool Proper(const Group& g) {
  return static_cast<std::int64_t>(g.start.hi) <= g.end.lo + std::int64_t{1};
}

// In every world the two runs overlap or meet.
bool CertainlyTouch(const Group& g, const Group& h) {
  return static_cast<std::int64_t>(g.start.hi) <= h.end.lo + std::int64_t{1} &&
         static_cast<std::int64_t>(h.start.hi) <= g.end.lo + std::int64_t{1};
}

void Absorb(Group* into, const Group& other) {
  // Fold in input order so that equal bounds keep the earlier input's form.
  const bool other_first = other.first < into->first;
  into->start = other_first ? Earlier(other.start, into->start) : Earlier(into->start, other.start);
  into->end = other_first ? Later(other.end, into->end) : Later(into->end, other.end);
  into->first = std::min(into->first, other.first);
  into->members += other.members;
}

// Exact (day-precise) periods coalesce by plain interval-set union, which
// Boost.ICL's interval_set does for us: it joins intervals that overlap or
// touch ([1, 5) + [5, 9) = [1, 9)), which for closed day periods is exactly
// "overlap or meet". Most stored facts are day-precise, so this is the bulk.
std::vector<Group> CoalesceExact(const std::vector<Period>& inputs,
                                 const std::vector<std::size_t>& exact) {
  DaySet days;
  for (const std::size_t i : exact) {
    days += DayInterval(inputs[i].start.lo, inputs[i].end.hi + 1);
  }
  std::vector<Group> runs;
  std::vector<Day> run_starts;
  for (const DayInterval& run : days) {
    Group group;
    group.start = VagueDate{run.lower(), run.lower(), DateForm::kDay};
    group.end = VagueDate{run.upper() - 1, run.upper() - 1, DateForm::kDay};
    group.first = inputs.size();
    runs.push_back(group);
    run_starts.push_back(run.lower());
  }
  // Give each run the written forms of the inputs it came from.
  std::vector<bool> start_named(runs.size(), false);
  std::vector<bool> end_named(runs.size(), false);
  for (const std::size_t i : exact) {
    const Period p = Effective(inputs[i]);
    const auto it = std::upper_bound(run_starts.begin(), run_starts.end(), p.start.lo);
    const std::size_t r = static_cast<std::size_t>(it - run_starts.begin()) - 1;
    Group& run = runs[r];
    if (!start_named[r] && p.start.lo == run.start.lo) {
      run.start = p.start;
      start_named[r] = true;
    }
    if (!end_named[r] && p.end.hi == run.end.hi) {
      run.end = p.end;
      end_named[r] = true;
    }
    run.first = std::min(run.first, i);
    ++run.members;
  }
  return runs;
}

}  // namespace

std::optional<Period> Intersect(const Period& a, const Period& b) {
  if (!Feasible(a) || !Feasible(b)) return std::nullopt;
  if (std::max(a.start.lo, b.start.lo) > std::min(a.end.hi, b.end.hi)) return std::nullopt;
  // Componentwise on the bounds as they are: for periods from Period::Make
  // (and for Intersect results, by induction) those are the exact ranges of
  // S and E over all worlds, so the result is the exact range of max(S1, S2)
  // and min(E1, E2), and folding over a rule body stays exact.
  return Period{Later(a.start, b.start), Earlier(a.end, b.end)};
}

Certainty NonEmpty(const Period& p) {
  return Grade(p.start.hi <= p.end.lo, p.start.lo <= p.end.hi);
}

std::optional<Intersection> IntersectWithCertainty(const Period& a, const Period& b) {
  const std::optional<Period> period = Intersect(a, b);
  if (!period) return std::nullopt;
  return Intersection{*period, Intersects(a, b)};
}

std::vector<Period> Coalesce(std::vector<Period> periods) {
  std::vector<std::size_t> exact;
  std::vector<Group> proper;
  std::vector<Group> inverted;
  std::vector<Period> result;
  // Periods with equal bounds are one claim repeated, not two independent
  // ones that might fall apart: keep the first of each.
  std::vector<std::size_t> order(periods.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  const auto bounds = [&periods](std::size_t i) {
    const Period& p = periods[i];
    return std::make_tuple(p.start.lo, p.start.hi, p.end.lo, p.end.hi);
  };
  std::stable_sort(order.begin(), order.end(),
                   [&bounds](std::size_t x, std::size_t y) { return bounds(x) < bounds(y); });
  std::vector<bool> repeated(periods.size(), false);
  for (std::size_t k = 1; k < order.size(); ++k) {
    if (bounds(order[k]) == bounds(order[k - 1])) repeated[order[k]] = true;
  }
  for (std::size_t i = 0; i < periods.size(); ++i) {
    if (repeated[i]) continue;
    if (!Feasible(periods[i])) {
      result.push_back(periods[i]);  // malformed: never merged, never dropped
      continue;
    }
    const Period e = Effective(periods[i]);
    if (e.start.lo == e.start.hi && e.end.lo == e.end.hi) {
      exact.push_back(i);
      continue;
    }
    Group group{e.start, e.end, i, 1};
    (Proper(group) ? proper : inverted).push_back(group);
  }
  for (Group& run : CoalesceExact(periods, exact)) proper.push_back(run);

  // Runs that certainly cover some day merge like ordinary intervals over
  // [start.hi, end.lo]: sorted by start.hi, each touches the current merged
  // run or starts a new one. Merging keeps start.hi = min and end.lo = max.
  std::sort(proper.begin(), proper.end(), [](const Group& x, const Group& y) {
    return std::tie(x.start.hi, x.first) < std::tie(y.start.hi, y.first);
  });
  std::vector<Group> merged;
  for (const Group& group : proper) {
    if (!merged.empty() && CertainlyTouch(merged.back(), group)) {
      Absorb(&merged.back(), group);
    } else {
      merged.push_back(group);
    }
  }
  // An inverted run touches a run only if that run certainly covers the whole
  // gap [end.lo + 1, start.hi - 1] around it. Merged runs are disjoint and not
  // adjacent, so at most one does; absorbing it leaves that run's [start.hi,
  // end.lo] unchanged, so no further merges follow. Two inverted runs never
  // certainly touch each other.
  std::vector<Group> alone;
  for (const Group& group : inverted) {
    const auto it =
        std::upper_bound(merged.begin(), merged.end(), static_cast<std::int64_t>(group.end.lo) + 1,
                         [](std::int64_t value, const Group& run) { return value < run.start.hi; });
    if (it != merged.begin() && CertainlyTouch(*(it - 1), group)) {
      Absorb(&*(it - 1), group);
    } else {
      alone.push_back(group);
    }
  }
  merged.insert(merged.end(), alone.begin(), alone.end());
  for (const Group& group : merged) {
    result.push_back(group.members == 1 ? periods[group.first] : Period{group.start, group.end});
  }
  std::sort(result.begin(), result.end(), [](const Period& x, const Period& y) {
    return std::tie(x.start.lo, x.start.hi, x.end.lo, x.end.hi, x.start.form, x.end.form) <
           std::tie(y.start.lo, y.start.hi, y.end.lo, y.end.hi, y.start.form, y.end.form);
  });
  return result;
}

}  // namespace annals::engine
