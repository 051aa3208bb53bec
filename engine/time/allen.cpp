// Closed forms for Allen relations under vagueness.
//
// Certain: every relation is a conjunction of comparisons between an endpoint
// of a and an endpoint of b. Endpoints of different periods vary
// independently, so a conjunction holds in every world iff each comparison
// does, which reads off the extreme values of the two endpoints.
//
// Possible: every relation orders the four endpoints into a chain (e.g.
// overlaps: S1 < S2 <= E1 < E2; equal endpoints merge into one variable) that
// implies S <= E for both periods. A chain x1 <= x2 - g1 <= ... with each x in
// [lo, hi] is satisfiable iff the greedy choice (each x as small as the chain
// allows) stays within bounds.
#include "engine/time/allen.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <initializer_list>

namespace annals::engine {

namespace {

// Bounds of one endpoint, in 64 bits so that "+ 1" and "+ 2" never overflow.
struct Bound {
  std::int64_t lo = 0;
  std::int64_t hi = 0;
  bool Exact() const { return lo == hi; }
};

// The bounds each endpoint really takes over the period's worlds: a start is
// never after the latest end, an end never before the earliest start.
struct Ends {
  Bound s;
  Bound e;
  bool feasible = false;
};

Ends EffectiveEnds(const Period& p) {
  Ends ends;
  ends.s = Bound{p.start.lo, std::min<std::int64_t>(p.start.hi, p.end.hi)};
  ends.e = Bound{std::max<std::int64_t>(p.end.lo, p.start.lo), p.end.hi};
  ends.feasible = p.start.lo <= p.start.hi && p.end.lo <= p.end.hi && p.start.lo <= p.end.hi;
  return ends;
}

// Two endpoints that must be equal, as one variable.
Bound Same(Bound x, Bound y) { return Bound{std::max(x.lo, y.lo), std::min(x.hi, y.hi)}; }

// A chain step: next >= previous + gap.
struct Link {
  Bound var;
  std::int64_t gap_before = 0;  // ignored for the first link
};

bool ChainFeasible(std::initializer_list<Link> chain) {
  bool first = true;
  std::int64_t x = 0;
  for (const Link& link : chain) {
    x = first ? link.var.lo : std::max(link.var.lo, x + link.gap_before);
    first = false;
    if (x > link.var.hi) return false;
  }
  return true;
}

Certainty Grade(bool certain, bool possible) {
  if (certain) return Certainty::kCertain;
  return possible ? Certainty::kPossible : Certainty::kNo;
}

// The seven base relations; the inverses swap the arguments.
Certainty Base(AllenRelation relation, const Ends& a, const Ends& b) {
  switch (relation) {
    case AllenRelation::kBefore:  // E1 + 1 < S2
      return Grade(b.s.lo - a.e.hi >= 2, ChainFeasible({{a.s}, {a.e, 0}, {b.s, 2}, {b.e, 0}}));
    case AllenRelation::kMeets: {  // E1 + 1 == S2
      const Bound joint = Same(a.e, Bound{b.s.lo - 1, b.s.hi - 1});
      return Grade(a.e.Exact() && b.s.Exact() && b.s.lo == a.e.lo + 1,
                   ChainFeasible({{a.s}, {joint, 0}, {b.e, 1}}));
    }
    case AllenRelation::kOverlaps:  // S1 < S2 <= E1 < E2
      return Grade(a.s.hi < b.s.lo && b.s.hi <= a.e.lo && a.e.hi < b.e.lo,
                   ChainFeasible({{a.s}, {b.s, 1}, {a.e, 0}, {b.e, 1}}));
    case AllenRelation::kStarts:  // S1 == S2, E1 < E2
      return Grade(a.s.Exact() && b.s.Exact() && a.s.lo == b.s.lo && a.e.hi < b.e.lo,
                   ChainFeasible({{Same(a.s, b.s)}, {a.e, 0}, {b.e, 1}}));
    case AllenRelation::kDuring:  // S2 < S1, E1 < E2
      return Grade(b.s.hi < a.s.lo && a.e.hi < b.e.lo,
                   ChainFeasible({{b.s}, {a.s, 1}, {a.e, 0}, {b.e, 1}}));
    case AllenRelation::kFinishes:  // S2 < S1, E1 == E2
      return Grade(a.e.Exact() && b.e.Exact() && a.e.lo == b.e.lo && b.s.hi < a.s.lo,
                   ChainFeasible({{b.s}, {a.s, 1}, {Same(a.e, b.e), 0}}));
    case AllenRelation::kEquals:  // S1 == S2, E1 == E2
      return Grade(a.s.Exact() && b.s.Exact() && a.s.lo == b.s.lo && a.e.Exact() && b.e.Exact() &&
                       a.e.lo == b.e.lo,
                   ChainFeasible({{Same(a.s, b.s)}, {Same(a.e, b.e), 0}}));
    case AllenRelation::kAfter:
    case AllenRelation::kMetBy:
    case AllenRelation::kOverlappedBy:
    case AllenRelation::kStartedBy:
    case AllenRelation::kContains:
    case AllenRelation::kFinishedBy:
      break;
  }
  return Base(Inverse(relation), b, a);
}

struct NamedRelation {
  AllenRelation relation;
  const char* name;
};

constexpr NamedRelation kNames[kAllenRelationCount] = {
    {AllenRelation::kBefore, "before"},          {AllenRelation::kMeets, "meets"},
    {AllenRelation::kOverlaps, "overlaps"},      {AllenRelation::kStarts, "starts"},
    {AllenRelation::kDuring, "during"},          {AllenRelation::kFinishes, "finishes"},
    {AllenRelation::kEquals, "equals"},          {AllenRelation::kAfter, "after"},
    {AllenRelation::kMetBy, "met_by"},           {AllenRelation::kOverlappedBy, "overlapped_by"},
    {AllenRelation::kStartedBy, "started_by"},   {AllenRelation::kContains, "contains"},
    {AllenRelation::kFinishedBy, "finished_by"},
};

}  // namespace

const char* AllenRelationName(AllenRelation relation) {
  for (const NamedRelation& named : kNames) {
    if (named.relation == relation) return named.name;
  }
  return "?";
}

std::optional<AllenRelation> AllenRelationFromName(std::string_view name) {
  for (const NamedRelation& named : kNames) {
    if (name == named.name) return named.relation;
  }
  return std::nullopt;
}

AllenRelation Inverse(AllenRelation relation) {
  switch (relation) {
    case AllenRelation::kBefore:
      return AllenRelation::kAfter;
    case AllenRelation::kMeets:
      return AllenRelation::kMetBy;
    case AllenRelation::kOverlaps:
      return AllenRelation::kOverlappedBy;
    case AllenRelation::kStarts:
      return AllenRelation::kStartedBy;
    case AllenRelation::kDuring:
      return AllenRelation::kContains;
    case AllenRelation::kFinishes:
      return AllenRelation::kFinishedBy;
    case AllenRelation::kEquals:
      return AllenRelation::kEquals;
    case AllenRelation::kAfter:
      return AllenRelation::kBefore;
    case AllenRelation::kMetBy:
      return AllenRelation::kMeets;
    case AllenRelation::kOverlappedBy:
      return AllenRelation::kOverlaps;
    case AllenRelation::kStartedBy:
      return AllenRelation::kStarts;
    case AllenRelation::kContains:
      return AllenRelation::kDuring;
    case AllenRelation::kFinishedBy:
      return AllenRelation::kFinishes;
  }
  return relation;
}

Certainty Allen(AllenRelation relation, const Period& a, const Period& b) {
  const Ends ea = EffectiveEnds(a);
  const Ends eb = EffectiveEnds(b);
  if (!ea.feasible || !eb.feasible) return Certainty::kNo;
  return Base(relation, ea, eb);
}

Certainty Intersects(const Period& a, const Period& b) {
  const Ends ea = EffectiveEnds(a);
  const Ends eb = EffectiveEnds(b);
  if (!ea.feasible || !eb.feasible) return Certainty::kNo;
  // Both comparisons want small starts and large ends, so the world with the
  // earliest starts and latest ends satisfies them if any world does.
  return Grade(ea.s.hi <= eb.e.lo && eb.s.hi <= ea.e.lo, ea.s.lo <= eb.e.hi && eb.s.lo <= ea.e.hi);
}

}  // namespace annals::engine
