// Intersection, non-emptiness and coalescing of vague periods against
// brute-force enumeration of worlds.
#include "engine/time/period_algebra.hpp"

#include <annals/time.hpp>

#include "engine/time/allen.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <functional>
#include <optional>
#include <random>
#include <tuple>
#include <vector>

#include "worlds.hpp"

namespace {

using annals::Certainty;
using annals::DateForm;
using annals::Day;
using annals::Period;
using annals::VagueDate;
using annals::engine::Coalesce;
using annals::engine::Intersect;
using annals::engine::Intersection;
using annals::engine::Intersects;
using annals::engine::IntersectWithCertainty;
using annals::engine::NonEmpty;
using annals::testing::World;
using annals::testing::Worlds;

// Calls `visit` with every combination of one world per period.
void ForEachWorld(const std::vector<Period>& periods,
                  const std::function<void(const std::vector<World>&)>& visit) {
  std::vector<std::vector<World>> choices;
  for (const Period& p : periods) choices.push_back(Worlds(p));
  std::vector<World> current(periods.size());
  std::function<void(std::size_t)> recurse = [&](std::size_t i) {
    if (i == periods.size()) {
      visit(current);
      return;
    }
    for (const World& w : choices[i]) {
      current[i] = w;
      recurse(i + 1);
    }
  };
  recurse(0);
}

// What the brute force says about the common part of `periods`.
struct Truth {
  Certainty non_empty = Certainty::kNo;
  Day start_lo = 0, start_hi = 0, end_lo = 0, end_hi = 0;  // over all worlds
};

Truth Common(const std::vector<Period>& periods) {
  bool all = true;
  bool any = false;
  bool first = true;
  Truth truth;
  ForEachWorld(periods, [&](const std::vector<World>& worlds) {
    Day s = worlds[0].s;
    Day e = worlds[0].e;
    for (const World& w : worlds) {
      s = std::max(s, w.s);
      e = std::min(e, w.e);
    }
    all = all && s <= e;
    any = any || s <= e;
    if (first) {
      truth.start_lo = truth.start_hi = s;
      truth.end_lo = truth.end_hi = e;
      first = false;
    }
    truth.start_lo = std::min(truth.start_lo, s);
    truth.start_hi = std::max(truth.start_hi, s);
    truth.end_lo = std::min(truth.end_lo, e);
    truth.end_hi = std::max(truth.end_hi, e);
  });
  truth.non_empty = annals::testing::Grade(all, any);
  return truth;
}

TEST_CASE("Intersect and its certainty match brute force on every pair within 0..3",
          "[time][algebra]") {
  std::vector<Period> boxes;
  for (const Period& box : annals::testing::AllBoxes(3)) {
    boxes.push_back(Period::Make(box.start, box.end));
  }
  int wrong = 0;
  int unsound = 0;
  int conservative = 0;
  for (const Period& a : boxes) {
    for (const Period& b : boxes) {
      const Truth truth = Common({a, b});
      const std::optional<Period> got = Intersect(a, b);
      if (got.has_value() != (truth.non_empty != Certainty::kNo)) {
        ++wrong;
        continue;
      }
      CHECK(Intersects(a, b) == truth.non_empty);
      if (!got) continue;
      // The bounds are exactly the ranges of max(S1, S2) and min(E1, E2).
      if (got->start.lo != truth.start_lo || got->start.hi != truth.start_hi ||
          got->end.lo != truth.end_lo || got->end.hi != truth.end_hi) {
        ++wrong;
      }
      const std::optional<Intersection> exact = IntersectWithCertainty(a, b);
      REQUIRE(exact.has_value());
      if (exact->non_empty != truth.non_empty || !(exact->period == *got)) ++wrong;
      // NonEmpty never claims more than the truth; it may claim less.
      const Certainty loose = NonEmpty(*got);
      if (loose > truth.non_empty || loose == Certainty::kNo) ++unsound;
      if (loose < truth.non_empty) ++conservative;
    }
  }
  CHECK(wrong == 0);
  CHECK(unsound == 0);
  CHECK(conservative > 0);  // documented: that is why IntersectWithCertainty exists
}

TEST_CASE("a rule body's certainty: min(HoldsDuring(Intersect), Intersects) is exact",
          "[time][algebra]") {
  // The derived fact holds during W in a world iff the intersection is
  // non-empty and shares a day with W.
  std::vector<Period> boxes;
  for (const Period& box : annals::testing::AllBoxes(3)) {
    boxes.push_back(Period::Make(box.start, box.end));
  }
  int wrong = 0;
  for (std::size_t i = 0; i < boxes.size(); i += 3) {
    for (const Period& b : boxes) {
      const Period& a = boxes[i];
      const std::optional<Period> common = Intersect(a, b);
      if (!common) continue;
      for (Day w_lo = 0; w_lo <= 3; ++w_lo) {
        for (Day w_hi = w_lo; w_hi <= 3; ++w_hi) {
          bool all = true;
          bool any = false;
          ForEachWorld({a, b}, [&](const std::vector<World>& w) {
            const Day s = std::max(w[0].s, w[1].s);
            const Day e = std::min(w[0].e, w[1].e);
            const bool holds = s <= e && s <= w_hi && e >= w_lo;
            all = all && holds;
            any = any || holds;
          });
          const Certainty got =
              std::min(annals::HoldsDuring(*common, w_lo, w_hi), Intersects(a, b));
          if (got != annals::testing::Grade(all, any)) ++wrong;
        }
      }
    }
  }
  CHECK(wrong == 0);
}

TEST_CASE("folding IntersectWithCertainty over three periods is exact", "[time][algebra]") {
  std::mt19937 rng(1918);
  int wrong = 0;
  int wrong_bounds = 0;
  for (int i = 0; i < 3000; ++i) {
    std::vector<Period> body;
    for (int k = 0; k < 3; ++k) {
      const Period box = annals::testing::RandomBox(rng, 8, 3);
      body.push_back(Period::Make(box.start, box.end));
    }
    const Truth truth = Common(body);
    std::optional<Intersection> acc = IntersectWithCertainty(body[0], body[1]);
    Certainty certainty = acc ? acc->non_empty : Certainty::kNo;
    if (acc) {
      const std::optional<Intersection> next = IntersectWithCertainty(acc->period, body[2]);
      certainty = next ? std::min(certainty, next->non_empty) : Certainty::kNo;
      if (next && truth.non_empty != Certainty::kNo &&
          (next->period.start.lo != truth.start_lo || next->period.start.hi != truth.start_hi ||
           next->period.end.lo != truth.end_lo || next->period.end.hi != truth.end_hi)) {
        ++wrong_bounds;
      }
    }
    if (certainty != truth.non_empty) ++wrong;
  }
  CHECK(wrong == 0);
  CHECK(wrong_bounds == 0);
}

TEST_CASE("Intersect keeps written forms where one side dominates", "[time][algebra]") {
  const Period a = Period::Parse("1921..present");
  const Period b = Period::Parse("1920..1922-06");
  const std::optional<Period> ab = Intersect(a, b);
  REQUIRE(ab.has_value());
  CHECK(ab->start.form == DateForm::kYear);
  CHECK(ab->end.form == DateForm::kMonth);
  CHECK(ab->ToIso() == "1921..1922-06");
  // With the whole of time: unchanged.
  for (const char* text :
       {"1921-02-23..1921-07-03", "mid-1921..?", "..1920", "c. 1921..late 1922"}) {
    const Period p = Period::Parse(text);
    CHECK(Intersect(p, Period::Always()) == p);
    CHECK(Intersect(Period::Always(), p) == p);
  }
  // Neither side dominates: a span.
  const std::optional<Period> mixed =
      Intersect(Period::Parse("1921-06..1925"), Period::Parse("c. 1921..1925"));
  REQUIRE(mixed.has_value());
  CHECK(mixed->start.form == DateForm::kSpan);
  CHECK(mixed->start.ToIso() == "[1921-06-01..1922-12-31]");
  // Disjoint: nothing.
  CHECK_FALSE(Intersect(Period::Parse("1920"), Period::Parse("1922")).has_value());
  // Khorezm, December 1920: Sultanmuradov and Musayev may share days.
  const std::optional<Intersection> khorezm =
      IntersectWithCertainty(Period::Parse("4 June 1920 \xE2\x80\x93 December 1920"),
                             Period::Parse("December 1920 \xE2\x80\x93 29 May 1921"));
  REQUIRE(khorezm.has_value());
  CHECK(khorezm->non_empty == Certainty::kPossible);
  CHECK(khorezm->period.ToIso() == "1920-12");  // start and end both December 1920
}

// ---- Coalesce

auto Bounds(const Period& p) { return std::make_tuple(p.start.lo, p.start.hi, p.end.lo, p.end.hi); }

// In every world the union of the members' day ranges is one unbroken run.
bool CertainlyOneRun(const std::vector<Period>& members) {
  bool all = true;
  ForEachWorld(members, [&](const std::vector<World>& worlds) {
    if (!all) return;
    std::vector<World> sorted = worlds;
    std::sort(sorted.begin(), sorted.end(),
              [](const World& x, const World& y) { return x.s < y.s; });
    Day end = sorted[0].e;
    for (const World& w : sorted) {
      if (w.s > end + 1) all = false;
      end = std::max(end, w.e);
    }
  });
  return all;
}

// The reference: merge any two groups whose union is certainly one run, until
// none is left; a merged group's bounds are the ranges of min S and max E.
std::vector<Period> ReferenceCoalesce(const std::vector<Period>& periods) {
  std::vector<std::vector<Period>> groups;
  for (const Period& p : periods) {
    // The same bounds twice are one claim.
    bool seen = false;
    for (const std::vector<Period>& group : groups) seen = seen || Bounds(group[0]) == Bounds(p);
    if (!seen) groups.push_back({p});
  }
  bool changed = true;
  while (changed) {
    changed = false;
    for (std::size_t i = 0; i < groups.size() && !changed; ++i) {
      for (std::size_t j = i + 1; j < groups.size() && !changed; ++j) {
        std::vector<Period> both = groups[i];
        both.insert(both.end(), groups[j].begin(), groups[j].end());
        if (CertainlyOneRun(both)) {
          groups[i] = both;
          groups.erase(groups.begin() + static_cast<std::ptrdiff_t>(j));
          changed = true;
        }
      }
    }
  }
  std::vector<Period> result;
  for (const std::vector<Period>& group : groups) {
    if (group.size() == 1) {
      result.push_back(group[0]);
      continue;
    }
    Day s_lo = annals::kMaxDay, s_hi = annals::kMinDay, e_lo = annals::kMaxDay,
        e_hi = annals::kMinDay;
    ForEachWorld(group, [&](const std::vector<World>& worlds) {
      Day s = worlds[0].s;
      Day e = worlds[0].e;
      for (const World& w : worlds) {
        s = std::min(s, w.s);
        e = std::max(e, w.e);
      }
      s_lo = std::min(s_lo, s);
      s_hi = std::max(s_hi, s);
      e_lo = std::min(e_lo, e);
      e_hi = std::max(e_hi, e);
    });
    result.push_back(annals::testing::Box(s_lo, s_hi, e_lo, e_hi));
  }
  return result;
}

bool SameBounds(std::vector<Period> x, std::vector<Period> y) {
  const auto by_bounds = [](const Period& a, const Period& b) { return Bounds(a) < Bounds(b); };
  std::sort(x.begin(), x.end(), by_bounds);
  std::sort(y.begin(), y.end(), by_bounds);
  if (x.size() != y.size()) return false;
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (Bounds(x[i]) != Bounds(y[i])) return false;
  }
  return true;
}

TEST_CASE("Coalesce matches the brute-force reference on every pair within 0..4",
          "[time][algebra][coalesce]") {
  const std::vector<Period> boxes = annals::testing::AllBoxes(4);
  int wrong = 0;
  for (std::size_t i = 0; i < boxes.size(); ++i) {
    for (std::size_t j = i; j < boxes.size(); j += 2) {
      const std::vector<Period> input{boxes[i], boxes[j]};
      if (!SameBounds(Coalesce(input), ReferenceCoalesce(input))) ++wrong;
    }
  }
  CHECK(wrong == 0);
}

TEST_CASE("Coalesce matches the brute-force reference on random sets",
          "[time][algebra][coalesce]") {
  std::mt19937 rng(1920);
  int wrong = 0;
  int merged_sets = 0;
  int unmerged_certain_runs = 0;
  for (int i = 0; i < 600; ++i) {
    std::uniform_int_distribution<int> size_of(2, 4);
    std::uniform_int_distribution<int> exact_of(0, 2);
    const int size = size_of(rng);
    std::vector<Period> input;
    for (int k = 0; k < size; ++k) {
      Period box = annals::testing::RandomBox(rng, 12, 2);
      if (exact_of(rng) == 0) {  // a day-precise period, for the Boost.ICL path
        box.start.hi = box.start.lo;
        box.end.lo = box.end.hi = std::max(box.start.lo, box.end.hi);
      }
      input.push_back(i % 2 == 0 ? box : Period::Make(box.start, box.end));
    }
    const std::vector<Period> got = Coalesce(input);
    const std::vector<Period> want = ReferenceCoalesce(input);
    if (!SameBounds(got, want)) ++wrong;
    if (got.size() < input.size()) ++merged_sets;
    // Periods left apart are not certainly one run, not even three of them
    // together: pairwise merging misses nothing here.
    for (unsigned mask = 0; mask < (1u << got.size()); ++mask) {
      std::vector<Period> subset;
      for (std::size_t k = 0; k < got.size(); ++k) {
        if ((mask >> k) & 1u) subset.push_back(got[k]);
      }
      if (subset.size() >= 2 && CertainlyOneRun(subset)) ++unmerged_certain_runs;
    }
    // The result does not depend on the input order.
    std::vector<Period> shuffled = input;
    std::shuffle(shuffled.begin(), shuffled.end(), rng);
    if (!SameBounds(Coalesce(shuffled), got)) ++wrong;
  }
  CHECK(wrong == 0);
  CHECK(unmerged_certain_runs == 0);
  CHECK(merged_sets > 100);  // the cases exercise merging, not only separation
}

TEST_CASE("Coalesce on day-precise periods joins overlapping and adjacent runs",
          "[time][algebra][coalesce]") {
  const std::vector<Period> got = Coalesce({
      Period::Parse("1921-01-01..1921-01-10"),
      Period::Parse("1921-01-11..1921-01-20"),  // meets the first
      Period::Parse("1921-01-15..1921-02-01"),  // overlaps the second
      Period::Parse("1921-02-03..1921-02-05"),  // a one-day gap: stays apart
      Period::Parse("1921-03-01..present"),
      Period::Parse("1921-02-20..1921-03-01"),  // overlaps the open one
  });
  REQUIRE(got.size() == 3);
  CHECK(got[0].ToIso() == "1921-01-01..1921-02-01");
  CHECK(got[1].ToIso() == "1921-02-03..1921-02-05");
  CHECK(got[2].ToIso() == "1921-02-20..");  // the open end keeps its form
  CHECK(got[2].end.form == DateForm::kOpen);
}

TEST_CASE("Coalesce on vague periods merges only what certainly touches",
          "[time][algebra][coalesce]") {
  // Khorezm: Sultanmuradov's and Musayev's terms both touch December 1920 but
  // may leave a gap within it.
  const std::vector<Period> khorezm = Coalesce({
      Period::Parse("4 June 1920 \xE2\x80\x93 December 1920"),
      Period::Parse("December 1920 \xE2\x80\x93 29 May 1921"),
  });
  CHECK(khorezm.size() == 2);
  // 1920 to 1921 and 1921 to 1922 share the year 1921 for sure? No: the first
  // may end on 1 Jan 1921 and the second start on 31 Dec 1921.
  CHECK(Coalesce({Period::Parse("1920..1921"), Period::Parse("1921..1922")}).size() == 2);
  // Whereas "1920..1921-12-31" certainly reaches any start in 1921.
  const std::vector<Period> joined =
      Coalesce({Period::Parse("1920..1921-12-31"), Period::Parse("1921..1922")});
  REQUIRE(joined.size() == 1);
  CHECK(joined[0].ToIso() == "1920..1922");
  // Turkestan: Rakhimbayev "1920–1921, 1922" may have a gap: the list stays two.
  CHECK(Coalesce(Period::ParseList("1920\xE2\x80\x93"
                                   "1921, 1922"))
            .size() == 2);
}

TEST_CASE("Coalesce keeps lone periods unchanged and never drops one",
          "[time][algebra][coalesce]") {
  const Period lone = Period::Parse("c. 1921..late 1922");
  const Period other = Period::Parse("1930-01-01..1930-01-02");
  const Period broken = annals::testing::Box(9, 9, 1, 1);  // hand-built, no world
  const std::vector<Period> got = Coalesce({other, broken, lone});
  REQUIRE(got.size() == 3);
  CHECK(std::count(got.begin(), got.end(), lone) == 1);
  CHECK(std::count(got.begin(), got.end(), other) == 1);
  CHECK(std::count(got.begin(), got.end(), broken) == 1);
  CHECK(Coalesce({}).empty());
  // Duplicates merge into one.
  CHECK(Coalesce({lone, lone}) == std::vector<Period>{lone});
}

}  // namespace
