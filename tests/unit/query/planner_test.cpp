// The planner: bound variables drive index lookups, filters run as soon as
// their inputs are known, and period built-ins narrow lookups (the W2, W4 and
// W5 shapes of the benchmarks).
#include "query/planner.hpp"

#include "query/analysis/analyzer.hpp"
#include "query/parser.hpp"

#include <catch2/catch.hpp>

#include <string>

#include "tests/unit/query/query_fixture.hpp"

namespace annals::query {
namespace {

std::string PlanOf(const engine::Store& store, const std::string& text) {
  const CheckedProgram program = Analyze(ParseQueryText(text), store, text);
  SizeHints sizes;
  sizes.stored_facts = [&](engine::RelationId relation) { return store.FactCount(relation); };
  sizes.derived_tuples = [](std::uint32_t) { return std::size_t{100}; };
  sizes.entities = store.EntityCount();
  return PlanRule(program.query, sizes).Describe(program.query);
}

TEST_CASE("W2: a point lookup is one object-index probe", "[query][planner]") {
  testing::Fixture fixture;
  CHECK(PlanOf(fixture.store(), "?- leads(P, \"Communist Party of Bukhara\") @ 1921-06-01.") ==
        "leads(P, \"Communist Party of Bukhara\") @ 1921-06-01 [by object]");
}

TEST_CASE("W5: the second atom is probed by the shared variable, windowed", "[query][planner]") {
  testing::Fixture fixture;
  CHECK(PlanOf(fixture.store(),
               "?- leads(P, O1) @ T1, leads(P, O2) @ T2, O1 != O2, intersects(T1, T2).") ==
        "leads(P, O1) @ T1 [scan]; leads(P, O2) @ T2 [by subject, window from intersects(T1, "
        "T2)]; O1 != O2 [check]; intersects(T1, T2) [check]");
}

TEST_CASE("a chain is joined along bound variables", "[query][planner]") {
  testing::Fixture fixture;
  CHECK(PlanOf(fixture.store(),
               "?- succeeds(B, \"Alimdzhan Akchurin\") @ _, succeeds(C, B) @ _, leads(C, O).") ==
        "succeeds(B, \"Alimdzhan Akchurin\") @ _ [by object]; succeeds(C, B) @ _ [by object]; "
        "leads(C, O) [by subject]");
}

TEST_CASE("equalities with a producer elsewhere stay tests", "[query][planner]") {
  testing::Fixture fixture;
  CHECK(PlanOf(fixture.store(), "?- leads(P, O) @ T, start(T, D), D = 1921.") ==
        "leads(P, O) @ T [scan]; start(T, D) [check]; D = 1921 [check]");
  CHECK(PlanOf(fixture.store(), "?- X = \"Communist Party of Bukhara\", leads(P, X).") ==
        "X = \"Communist Party of Bukhara\" [check]; leads(P, X) [by object]");
}

TEST_CASE("an equality of entities joins like a shared variable", "[query][planner]") {
  testing::Fixture fixture;
  // P and Q are read from subjects: `P = Q` is identity, so it binds Q and
  // the second atom is probed by it instead of scanned once per row.
  CHECK(PlanOf(fixture.store(), "?- leads(P, A) @ _, leads(Q, B) @ _, P = Q, A != B.") ==
        "leads(P, A) @ _ [scan]; P = Q [check]; leads(Q, B) @ _ [by subject]; A != B [check]");
  // Dates compare vaguely: D1 = D2 stays a test.
  CHECK(PlanOf(fixture.store(),
               "?- leads(P, A) @ T1, start(T1, D1), leads(Q, B) @ T2, start(T2, D2), D1 = D2.") ==
        "leads(P, A) @ T1 [scan]; start(T1, D1) [check]; leads(Q, B) @ T2 [scan]; "
        "start(T2, D2) [check]; D1 = D2 [check]");
}

TEST_CASE("meets, met_by, before and after narrow the lookup of the other side",
          "[query][planner]") {
  testing::Fixture fixture;
  for (const char* relation : {"meets", "met_by", "before", "after"}) {
    INFO(relation);
    const std::string text = std::string("?- leads(P, \"Communist Party of Bukhara\") @ T1, ") +
                             "leads(Q, O) @ T2, " + relation + "(T1, T2).";
    CHECK(PlanOf(fixture.store(), text).find(std::string("[scan, window from ") + relation) !=
          std::string::npos);
  }
}

TEST_CASE("the window a known period gives the other side", "[query][planner]") {
  const Period known = Period::Make(VagueDate::InYear(1921), VagueDate::InMonth(1923, 6));
  const Day y1921 = VagueDate::InYear(1921).lo;
  const Day june1923 = VagueDate::InMonth(1923, 6).lo;
  const Day june1923_end = VagueDate::InMonth(1923, 6).hi;
  using W = std::pair<Day, Day>;
  // Sharing a day: the known period's possible days.
  CHECK(OtherPeriodWindow(Builtin::kIntersects, 0, known) == W{y1921, june1923_end});
  CHECK(OtherPeriodWindow(Builtin::kDuring, 1, known) == W{y1921, june1923_end});
  // meets(K, U) and met_by(U, K): U holds the day after K's end.
  CHECK(OtherPeriodWindow(Builtin::kMeets, 0, known) == W{june1923 + 1, june1923_end + 1});
  CHECK(OtherPeriodWindow(Builtin::kMetBy, 1, known) == W{june1923 + 1, june1923_end + 1});
  // met_by(K, U) and meets(U, K): U holds the day before K's start.
  CHECK(OtherPeriodWindow(Builtin::kMetBy, 0, known) == W{y1921 - 1, known.start.hi - 1});
  CHECK(OtherPeriodWindow(Builtin::kMeets, 1, known) == W{y1921 - 1, known.start.hi - 1});
  // before(K, U): U holds a day two or more after K's earliest end; after: the mirror.
  CHECK(OtherPeriodWindow(Builtin::kBefore, 0, known) == W{june1923 + 2, kMaxDay});
  CHECK(OtherPeriodWindow(Builtin::kAfter, 1, known) == W{june1923 + 2, kMaxDay});
  CHECK(OtherPeriodWindow(Builtin::kAfter, 0, known) == W{kMinDay, known.start.hi - 2});
  CHECK(OtherPeriodWindow(Builtin::kBefore, 1, known) == W{kMinDay, known.start.hi - 2});
  // Past the ends of time: clamped, never wrapped.
  const Period open = Period::Make(VagueDate::InYear(1921), VagueDate::Open());
  CHECK(OtherPeriodWindow(Builtin::kMeets, 0, open) == W{kMaxDay, kMaxDay});
}

TEST_CASE("a negation without @ waits for every positive atom", "[query][planner]") {
  testing::Fixture fixture;
  CHECK(PlanOf(fixture.store(),
               "?- !dissolved_into(\"Communist Party of Bukhara\", _), leads(P, O).") ==
        "leads(P, O) [scan]; !dissolved_into(\"Communist Party of Bukhara\", _) [check]");
}

TEST_CASE("plans that no run can change are made when the query is prepared", "[query][planner]") {
  testing::Fixture fixture;
  const std::string rules =
      "reach(X, Y) :- dissolved_into(X, Y) @ _.\n"
      "reach(X, Z) :- reach(X, Y), dissolved_into(Y, Z) @ _.\n";
  auto ahead = [&](const std::string& query) {
    const std::string text = rules + query;
    const CheckedProgram program = Analyze(ParseQueryText(text), fixture.store(), text);
    return PlanAhead(program, fixture.store());
  };
  // One literal: read by its bound column whatever the table's size.
  const PlansAhead one = ahead("?- reach(\"Communist Party of Bukhara\", Y).");
  REQUIRE(one.query.has_value());
  REQUIRE(one.query->steps.size() == 1);
  CHECK(one.query->steps[0].access == Step::Access::kByColumns);
  // Two literals, one of them derived: which goes first depends on the
  // table's size in that run, so the plan waits for it.
  CHECK_FALSE(ahead("?- reach(X, Y), leads(P, X).").query.has_value());
  // No derived relation: the store's sizes decide, and they do not change.
  CHECK(ahead("?- leads(P, X), dissolved_into(X, Y) @ _.").query.has_value());
}

}  // namespace
}  // namespace annals::query
