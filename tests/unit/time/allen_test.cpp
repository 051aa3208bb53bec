// Allen relations under vagueness against brute-force enumeration of worlds.
#include "engine/time/allen.hpp"

#include <annals/time.hpp>

#include <catch2/catch.hpp>

#include <random>
#include <vector>

#include "worlds.hpp"

namespace {

using annals::Certainty;
using annals::Period;
using annals::engine::Allen;
using annals::engine::AllenRelation;
using annals::engine::Intersects;
using annals::engine::kAllenRelationCount;
using annals::testing::World;

// Closed days: [S, E] covers S..E.
bool Holds(AllenRelation r, World a, World b) {
  switch (r) {
    case AllenRelation::kBefore:
      return a.e + 1 < b.s;
    case AllenRelation::kMeets:
      return a.e + 1 == b.s;
    case AllenRelation::kOverlaps:
      return a.s < b.s && b.s <= a.e && a.e < b.e;
    case AllenRelation::kStarts:
      return a.s == b.s && a.e < b.e;
    case AllenRelation::kDuring:
      return b.s < a.s && a.e < b.e;
    case AllenRelation::kFinishes:
      return b.s < a.s && a.e == b.e;
    case AllenRelation::kEquals:
      return a.s == b.s && a.e == b.e;
    default:
      return Holds(annals::engine::Inverse(r), b, a);
  }
}

bool Shares(World a, World b) { return a.s <= b.e && b.s <= a.e; }

AllenRelation Relation(int i) { return static_cast<AllenRelation>(i); }

// Compares every relation and Intersects with the brute force on one pair;
// returns the number of disagreements.
int Disagreements(const Period& a, const Period& b) {
  const std::vector<World> wa = annals::testing::Worlds(a);
  const std::vector<World> wb = annals::testing::Worlds(b);
  int wrong = 0;
  for (int i = 0; i < kAllenRelationCount; ++i) {
    bool all = true;
    bool any = false;
    for (const World& x : wa) {
      for (const World& y : wb) {
        const bool holds = Holds(Relation(i), x, y);
        all = all && holds;
        any = any || holds;
      }
    }
    if (Allen(Relation(i), a, b) != annals::testing::Grade(all, any)) {
      ++wrong;
      UNSCOPED_INFO(annals::engine::AllenRelationName(Relation(i))
                    << " a=" << a.start.lo << ".." << a.start.hi << "/" << a.end.lo << ".."
                    << a.end.hi << " b=" << b.start.lo << ".." << b.start.hi << "/" << b.end.lo
                    << ".." << b.end.hi);
    }
  }
  bool all = true;
  bool any = false;
  for (const World& x : wa) {
    for (const World& y : wb) {
      all = all && Shares(x, y);
      any = any || Shares(x, y);
    }
  }
  if (Intersects(a, b) != annals::testing::Grade(all, any)) ++wrong;
  return wrong;
}

TEST_CASE("the brute-force relations are exclusive and exhaustive", "[time][allen]") {
  int pairs = 0;
  for (int s1 = 0; s1 < 5; ++s1)
    for (int e1 = s1; e1 < 5; ++e1)
      for (int s2 = 0; s2 < 5; ++s2)
        for (int e2 = s2; e2 < 5; ++e2) {
          int holding = 0;
          bool intersects_by_relations = false;
          for (int i = 0; i < kAllenRelationCount; ++i) {
            if (Holds(Relation(i), World{s1, e1}, World{s2, e2})) {
              ++holding;
              const AllenRelation r = Relation(i);
              intersects_by_relations = r != AllenRelation::kBefore && r != AllenRelation::kAfter &&
                                        r != AllenRelation::kMeets && r != AllenRelation::kMetBy;
            }
          }
          CHECK(holding == 1);
          CHECK(intersects_by_relations == Shares(World{s1, e1}, World{s2, e2}));
          ++pairs;
        }
  CHECK(pairs == 225);
}

TEST_CASE("Allen relations match brute force on every pair of periods within 0..3",
          "[time][allen]") {
  const std::vector<Period> boxes = annals::testing::AllBoxes(3);
  int wrong = 0;
  long long pairs = 0;
  for (const Period& a : boxes) {
    for (const Period& b : boxes) {
      wrong += Disagreements(a, b);
      ++pairs;
    }
  }
  CHECK(wrong == 0);
  CHECK(pairs == static_cast<long long>(boxes.size() * boxes.size()));
}

TEST_CASE("Allen relations match brute force on random wider periods", "[time][allen]") {
  std::mt19937 rng(1921);
  int wrong = 0;
  for (int i = 0; i < 4000; ++i) {
    const Period a = annals::testing::RandomBox(rng, 14, 3);
    const Period b = annals::testing::RandomBox(rng, 14, 3);
    wrong += Disagreements(a, b);
    // The same through Period::Make, as stored facts are.
    wrong += Disagreements(Period::Make(a.start, a.end), Period::Make(b.start, b.end));
  }
  CHECK(wrong == 0);
}

TEST_CASE("Allen certainty is consistent across relations", "[time][allen]") {
  std::mt19937 rng(1924);
  for (int i = 0; i < 3000; ++i) {
    const Period a = annals::testing::RandomBox(rng, 10, 4);
    const Period b = annals::testing::RandomBox(rng, 10, 4);
    int certain = 0;
    int possible = 0;
    for (int r = 0; r < kAllenRelationCount; ++r) {
      const Certainty c = Allen(Relation(r), a, b);
      certain += c == Certainty::kCertain;
      possible += c != Certainty::kNo;
      // r(a, b) == inverse(r)(b, a)
      REQUIRE(c == Allen(annals::engine::Inverse(Relation(r)), b, a));
    }
    // Some relation holds in every world; at most one can hold in all.
    CHECK(possible >= 1);
    CHECK(certain <= 1);
    if (certain == 1) CHECK(possible == 1);
  }
}

TEST_CASE("Allen relations on sample-data periods", "[time][allen]") {
  // Bukhara: Tursunkhodzhayev 23 Feb 1921 - 3 Jul 1921, Mukamilov 5 Jul 1921 - 10 Jan 1922.
  const Period tursun = Period::Parse("23 February 1921 \xE2\x80\x93 3 July 1921");
  const Period mukamilov = Period::Parse("5 July 1921 \xE2\x80\x93 10 January 1922");
  CHECK(Allen(AllenRelation::kBefore, tursun, mukamilov) == Certainty::kCertain);  // 4 July between
  CHECK(Allen(AllenRelation::kMeets, tursun, mukamilov) == Certainty::kNo);
  // Khusainov left on 6 October 1920, the day Umarkhodzhayev took office: a
  // shared day, so with inclusive days they overlap rather than meet.
  const Period khusainov = Period::Parse("27 June 1919 \xE2\x80\x93 6 October 1920");
  const Period umar = Period::Parse("6 October 1920 \xE2\x80\x93 23 February 1921");
  CHECK(Allen(AllenRelation::kOverlaps, khusainov, umar) == Certainty::kCertain);
  // Khorezm: Sultanmuradov 4 June 1920 - December 1920, Musayev December 1920 - 29 May 1921.
  const Period sultan = Period::Parse("4 June 1920 \xE2\x80\x93 December 1920");
  const Period musayev = Period::Parse("December 1920 \xE2\x80\x93 29 May 1921");
  CHECK(Allen(AllenRelation::kBefore, sultan, musayev) == Certainty::kPossible);
  CHECK(Allen(AllenRelation::kMeets, sultan, musayev) == Certainty::kPossible);
  CHECK(Allen(AllenRelation::kOverlaps, sultan, musayev) == Certainty::kPossible);
  CHECK(Allen(AllenRelation::kAfter, sultan, musayev) == Certainty::kNo);
  CHECK(Intersects(sultan, musayev) == Certainty::kPossible);
  // An open end still holds: it is after any dated period.
  const Period open = Period::Parse("1923..present");
  CHECK(Allen(AllenRelation::kContains, open, Period::Parse("1950")) == Certainty::kCertain);
  CHECK(Allen(AllenRelation::kContains, Period::Parse("..1923"), Period::Parse("1920")) ==
        Certainty::kPossible);
  CHECK(Allen(AllenRelation::kAfter, open, Period::Parse("1920")) == Certainty::kCertain);
  CHECK(Allen(AllenRelation::kEquals, Period::Parse("1921-06-15"), Period::Parse("15 June 1921")) ==
        Certainty::kCertain);
  CHECK(Allen(AllenRelation::kEquals, Period::Parse("1921"), Period::Parse("1921")) ==
        Certainty::kPossible);
}

TEST_CASE("relation names", "[time][allen]") {
  for (int i = 0; i < kAllenRelationCount; ++i) {
    const char* name = annals::engine::AllenRelationName(Relation(i));
    REQUIRE(annals::engine::AllenRelationFromName(name) == Relation(i));
  }
  CHECK(annals::engine::AllenRelationFromName("met_by") == AllenRelation::kMetBy);
  CHECK_FALSE(annals::engine::AllenRelationFromName("metby").has_value());
}

TEST_CASE("a period without any world relates to nothing", "[time][allen]") {
  const Period broken = annals::testing::Box(5, 6, 1, 2);  // ends before it starts
  const Period fine = annals::testing::Box(0, 0, 9, 9);
  for (int i = 0; i < kAllenRelationCount; ++i) {
    CHECK(Allen(Relation(i), broken, fine) == Certainty::kNo);
    CHECK(Allen(Relation(i), fine, broken) == Certainty::kNo);
  }
  CHECK(Intersects(broken, fine) == Certainty::kNo);
}

}  // namespace
