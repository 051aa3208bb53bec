// The point-lookup short path answers exactly as the general evaluator: same
// rows, values, certainty, validity, order and sources, or the same error.
// Compared over random stores built to hit its corners: facts repeated with
// other sources, many facts of one period, vague dates, windows of every kind
// and parameters of every kind.
#include "query/point_lookup.hpp"

#include "query/evaluator.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "tests/unit/query/random_graph.hpp"
#include "tests/unit/query/run_outcome.hpp"

namespace annals::query {
namespace {

using testing::Catch;
using testing::Checked;
using testing::Lines;
using testing::Outcome;

// Entities n0..n{nodes-1} and "edge" facts between them. Besides facts over
// random periods at day, month or year precision: facts repeating an earlier
// fact with another source line, facts from n3 to several nodes that share
// one period, and a crowd of facts into n0 that share one period (so rows
// merge in groups larger than the short path's pairwise limit), some more
// than 256 times (a row's sources are capped there).
struct LookupStore {
  engine::Store store;

  LookupStore(std::uint32_t seed, int nodes, int facts) {
    std::mt19937 random(seed);
    auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(random); };
    const engine::FileId file = store.InternFile("graph.dl");
    const engine::FileId other_file = store.InternFile("another.dl");
    const engine::RelationId relation = store.InternRelation("edge");
    std::vector<engine::EntityId> ids;
    for (int i = 0; i < nodes; ++i) ids.push_back(store.InternEntity("n" + std::to_string(i)));
    store.AddAlias(ids[1], "first");
    auto vague = [&](int year) { return testing::RandomVagueDate(random, year); };
    struct Made {
      int from, to;
      Period period;
    };
    std::vector<Made> made;
    std::uint32_t line = 0;
    auto add = [&](int from, int to, const Period& period) {
      store.AddFact(relation, ids[static_cast<std::size_t>(from)],
                    ids[static_cast<std::size_t>(to)], period,
                    engine::SourceRef{pick(0, 3) == 0 ? other_file : file, ++line});
      made.push_back({from, to, period});
    };
    for (int f = 0; f < facts; ++f) {
      if (!made.empty() && pick(0, 5) == 0) {
        const Made& again =
            made[static_cast<std::size_t>(pick(0, static_cast<int>(made.size()) - 1))];
        const Made copy = again;
        add(copy.from, copy.to, copy.period);
        continue;
      }
      const int start = pick(1900, 1920);
      const int end = start + pick(0, 10);
      Period period;
      if (!Period::TryMake(vague(start), vague(end), &period, nullptr)) {
        period = Period::Make(VagueDate::InYear(start), VagueDate::InYear(end + 1));
      }
      add(pick(0, nodes - 1), pick(0, nodes - 1), period);
    }
    // One subject to several objects over one period, one of them twice:
    // a snapshot's rows that differ only in their second column.
    const Period shared = Period::Make(VagueDate::InMonth(1908, 3), VagueDate::InYear(1914));
    for (int to = 4; to <= 7 && to < nodes; ++to) add(3, to, shared);
    add(3, std::min(5, nodes - 1), shared);
    const Period crowd = Period::Make(VagueDate::InYear(1910), VagueDate::InMonth(1912, 6));
    for (int f = 0; f < 40; ++f) add(pick(1, nodes - 1), 0, crowd);
    for (int f = 0; f < 300; ++f) add(2, 0, crowd);
    store.Finalize();
  }
};

// A value for an entity parameter: mostly a name, sometimes an alias, a
// name that is no entity, or a value of the wrong kind.
Value EntityParam(std::mt19937& random, int nodes) {
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(random); };
  switch (pick(0, 19)) {
    case 0:
      return Value::String("nobody");
    case 1:
      return Value::Number(3);
    case 2:
      return Value::Entity("first");
    default:
      return pick(0, 3) == 0 ? Value::Entity("n0")
                             : Value::String("n" + std::to_string(pick(0, nodes - 1)));
  }
}

// A value for a date parameter: a day, month or year, a year as a number,
// a date as text, and now and then one that is no date.
Value DateParam(std::mt19937& random) {
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(random); };
  const int year = pick(1898, 1932);
  switch (pick(0, 11)) {
    case 0:
      return Value::Number(year);
    case 1:
      return Value::Number(year + 0.5);
    case 2:
      return Value::String(std::to_string(year) + "-0" + std::to_string(pick(1, 9)));
    case 3:
      return Value::String("not a date");
    case 4:
      return Value::Date(VagueDate::InYear(year));
    case 5:
      return Value::Date(VagueDate::InMonth(year, pick(1, 12)));
    case 6:
      return Value::OfPeriod(Period::Make(VagueDate::InYear(year), VagueDate::InYear(year + 1)));
    default:
      return Value::Date(VagueDate::OnDay(year, pick(1, 12), pick(1, 28)));
  }
}

// "edge" facts from graph.dl into one entity, "hub", each on the next line.
struct HubGraph {
  engine::Store store;
  engine::RelationId edge = store.InternRelation("edge");
  engine::FileId file = store.InternFile("graph.dl");
  engine::EntityId hub = store.InternEntity("hub");
  std::uint32_t line = 0;

  void AddInto(const std::string& from, const Period& period) {
    store.AddFact(edge, store.InternEntity(from), hub, period, engine::SourceRef{file, ++line});
  }
};

TEST_CASE("point lookups: the short path answers as the general evaluator",
          "[query][point_lookup]") {
  const std::vector<std::string> queries = {
      "?- edge(X, $node) @ $day.",
      "?- edge($node, Y) @ $day.",
      "?- edge(X, $node).",
      "?- edge($node, Y) @ _.",
      "?- edge(X, $node) @ $from .. $to.",
      "?- edge(X, $node) @ $from .. .",
      "?- edge($node, Y) @ .. $to.",
      "?- edge(X, \"n0\") @ 1911.",
      "?- edge(X, \"first\") @ \"mid-1910\".",
      "?- edge(\"n2\", Y) @ $day.",
      "?- edge(X, $node) @ 1905-03 .. ?.",
      "?- edge(X, Y) @ $day.",
      "?- edge(X, Y) @ $from .. $to.",
      "?- edge(X, Y).",
      "?- edge(X, Y) @ _.",
      "?- edge(X, Y) @ 1911-06 .. .",
  };
  std::mt19937 random(17);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(random); };
  constexpr int kNodes = 12;
  std::size_t rows_compared = 0;
  std::size_t errors_compared = 0;
  std::size_t merged_rows = 0;  // rows with more than one source
  for (std::uint32_t seed = 1; seed <= 5; ++seed) {
    const LookupStore built(seed, kNodes, 150);
    const engine::Store& store = built.store;
    for (const std::string& text : queries) {
      INFO("seed " << seed << ", query " << text);
      const Checked checked(store, text);
      REQUIRE(PointLookup::ShapeOf(checked.program).has_value());
      Evaluator general(checked.program, store, checked.text, &checked.plans);
      Evaluator fast(checked.program, store, checked.text, &checked.plans);
      for (int run = 0; run < 60; ++run) {
        EvaluatorOptions options;
        options.query.sources = pick(0, 3) != 0;
        if (pick(0, 9) == 0) options.query.row_limit = static_cast<std::size_t>(pick(0, 3));
        ParamValues params = {{"node", EntityParam(random, kNodes)},
                              {"day", DateParam(random)},
                              {"from", DateParam(random)},
                              {"to", DateParam(random)}};
        if (pick(0, 29) == 0) params.pop_back();                                // $to missing
        if (pick(0, 9) == 0) params.emplace_back("node", Value::String("n0"));  // given twice
        EvaluatorOptions slow_options = options;
        slow_options.point_lookup = false;
        const Outcome expected = Catch([&] { return general.Run(slow_options, params); });
        const Outcome got = Catch([&] { return fast.Run(options, params); });
        INFO("run " << run << ", sources " << options.query.sources);
        CHECK(got == expected);
        rows_compared += expected.lines.size();
        errors_compared += expected.error.has_value() ? 1 : 0;
        for (const std::string& line : expected.lines) {
          merged_rows += std::count(line.begin(), line.end(), ':') > 1 ? 1 : 0;
        }
      }
    }
  }
  // Answers, merged rows and errors were all compared.
  CHECK(rows_compared > 3000);
  CHECK(merged_rows > 100);
  CHECK(errors_compared > 50);
}

// A batch looks its sets up a group at a time (Store::FindEachEntity,
// Store::FactsOfEachDuring) and leaves the sets it cannot settle to the
// general evaluator, in place: the rows, each set's end, and any error with
// the set it names must be the general path's, for batches of every size
// around the groups' bounds.
TEST_CASE("point lookups: a batch on the short path answers as the general one",
          "[query][point_lookup]") {
  const std::vector<std::string> queries = {
      "?- edge(X, $node) @ $day.", "?- edge($node, Y) @ $from .. $to.",
      "?- edge(X, $node).",        "?- edge(\"n2\", Y) @ $day.",
      "?- edge(X, Y) @ $day.",
  };
  std::mt19937 random(3);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(random); };
  constexpr int kNodes = 10;
  std::size_t rows_compared = 0;
  std::size_t errors_compared = 0;
  std::size_t sets_compared = 0;
  for (std::uint32_t seed = 1; seed <= 3; ++seed) {
    const LookupStore built(seed + 20, kNodes, 120);
    const engine::Store& store = built.store;
    for (const std::string& text : queries) {
      const Checked checked(store, text);
      Evaluator general(checked.program, store, checked.text, &checked.plans);
      Evaluator fast(checked.program, store, checked.text, &checked.plans);
      for (int batch = 0; batch < 25; ++batch) {
        EvaluatorOptions options;
        options.query.sources = pick(0, 3) != 0;
        options.query.explain = pick(0, 19) == 0;
        if (pick(0, 9) == 0) options.query.row_limit = static_cast<std::size_t>(pick(1, 4));
        // Mostly sets the short path settles, now and then one it leaves
        // (a name of no entity, a value of the wrong kind, no date).
        std::vector<ParamValues> sets(static_cast<std::size_t>(pick(0, 150)));
        for (ParamValues& set : sets) {
          const bool odd = pick(0, 59) == 0;
          set = {
              {"node", odd ? EntityParam(random, kNodes)
                           : Value::String("n" + std::to_string(pick(0, kNodes - 1)))},
              {"day", odd ? DateParam(random) : Value::Date(VagueDate::InYear(pick(1898, 1932)))},
              {"from", Value::Date(VagueDate::InYear(pick(1898, 1915)))},
              {"to", Value::Date(VagueDate::InMonth(pick(1910, 1932), pick(1, 12)))}};
        }
        const std::vector<ParamView> views(sets.begin(), sets.end());
        // Two batches in three give the short path the same sets as rows of
        // a table (ParameterTable's layout), columns in a shuffled order; in
        // one of those the rows alternate between two tables whose columns
        // are in different orders, which a batch must read apart.
        std::vector<std::string> names[2] = {{"node", "day", "from", "to"}, {}};
        std::shuffle(names[0].begin(), names[0].end(), random);
        names[1] = names[0];
        std::rotate(names[1].begin(), names[1].begin() + 1, names[1].end());
        std::vector<Value> cells[2];
        for (const ParamValues& set : sets) {
          for (int t = 0; t < 2; ++t) {
            for (const std::string& name : names[t]) {
              cells[t].push_back(*ParamView(set).Find(name));
            }
          }
        }
        const int layout = pick(0, 2);
        const bool as_table = layout != 0;
        std::vector<ParamView> rows;
        for (std::size_t i = 0; i < sets.size(); ++i) {
          const std::size_t t = layout == 2 ? i % 2 : 0;
          rows.emplace_back(names[t], &cells[t][i * 4]);
        }
        EvaluatorOptions slow_options = options;
        slow_options.point_lookup = false;
        std::vector<std::size_t> slow_ends;
        std::vector<std::size_t> fast_ends;
        const Outcome expected =
            Catch([&] { return general.RunBatch(slow_options, views, &slow_ends); });
        const Outcome got =
            Catch([&] { return fast.RunBatch(options, as_table ? rows : views, &fast_ends); });
        INFO("seed " << seed << ", query " << text << ", batch " << batch << " of " << sets.size()
                     << " sets, layout " << layout);
        CHECK(got == expected);
        if (!expected.error) CHECK(fast_ends == slow_ends);
        rows_compared += expected.lines.size();
        errors_compared += expected.error.has_value() ? 1 : 0;
        sets_compared += expected.error ? 0 : sets.size();
      }
    }
  }
  CHECK(rows_compared > 3000);
  CHECK(sets_compared > 3000);
  CHECK(errors_compared > 20);
}

// A batch's lookups run before its answers are written, so the time-out is
// checked while they run (not only once they are done), and names the set
// being looked up.
TEST_CASE("point lookups: a batch's time-out stops its lookups", "[query][point_lookup]") {
  HubGraph graph;
  engine::Store& store = graph.store;
  // Each lookup of the hub visits every fact: far more work than 1 ms.
  for (std::uint32_t i = 0; i < 200'000; ++i) {
    graph.AddInto(
        "p" + std::to_string(i % 1000),
        Period::Make(VagueDate::InYear(1900 + static_cast<int>(i % 100)), VagueDate::InYear(2000)));
  }
  store.Finalize();
  const Checked checked(store, "?- edge(X, $node) @ $day.");
  Evaluator evaluator(checked.program, store, checked.text, &checked.plans);
  std::vector<ParamValues> sets(4, ParamValues{{"node", Value::String("hub")},
                                               {"day", Value::Date(VagueDate::InYear(1999))}});
  const std::vector<ParamView> views(sets.begin(), sets.end());
  EvaluatorOptions options;
  options.query.timeout = std::chrono::milliseconds(1);
  std::vector<std::size_t> ends;
  const Outcome got = Catch([&] { return evaluator.RunBatch(options, views, &ends); });
  REQUIRE(got.error == ErrorCode::kLimit);
  INFO(got.message);
  CHECK(got.message.find("parameter set 0: the query ran longer than its time-out") !=
        std::string::npos);
}

TEST_CASE("point lookups: each row cites its own fact's file, among many files",
          "[query][point_lookup]") {
  // More files than the answer's source writer keeps in place.
  engine::Store store;
  const engine::RelationId relation = store.InternRelation("edge");
  const engine::EntityId hub = store.InternEntity("hub");
  constexpr int kFiles = 20;
  std::vector<std::string> expected;
  for (int i = 0; i < kFiles; ++i) {
    const std::string file = "source-" + std::to_string(i) + ".tsv";
    const engine::FileId id = store.InternFile(file);
    const std::string name = "n" + std::to_string(i);
    const Period period = Period::Make(VagueDate::InYear(1900 + i), VagueDate::InYear(1900 + i));
    store.AddFact(relation, store.InternEntity(name), hub, period,
                  engine::SourceRef{id, static_cast<std::uint32_t>(i + 1)});
    expected.push_back(name + "|certain|" + period.ToText() + "|" + file + ":" +
                       std::to_string(i + 1));
  }
  store.Finalize();
  const Checked checked(store, "?- edge(X, \"hub\").");
  Evaluator evaluator(checked.program, store, checked.text, &checked.plans);
  EvaluatorOptions slow;
  slow.point_lookup = false;
  CHECK(Lines(evaluator.Run({}, {})) == expected);
  CHECK(Lines(evaluator.Run(slow, {})) == expected);
}

TEST_CASE("point lookups: a number is a year only when whole and in range, on both paths",
          "[query][point_lookup]") {
  const LookupStore built(4, 6, 40);
  const engine::Store& store = built.store;
  const Checked checked(store, "?- edge(X, $node) @ $day.");
  Evaluator evaluator(checked.program, store, checked.text, &checked.plans);
  EvaluatorOptions slow;
  slow.point_lookup = false;
  // Far outside int's range too: converting those to int would be undefined.
  for (const double number : {1e300, -1e300, std::nan(""), 1910.5, 10000.0, -10000.0}) {
    INFO("number " << number);
    const ParamValues params = {{"node", Value::String("n0")}, {"day", Value::Number(number)}};
    for (const EvaluatorOptions& options : {EvaluatorOptions{}, slow}) {
      const Outcome outcome = Catch([&] { return evaluator.Run(options, params); });
      CHECK(outcome.error == ErrorCode::kInvalidArgument);
    }
  }
  const ParamValues year = {{"node", Value::String("n0")}, {"day", Value::Number(1911)}};
  const std::vector<std::string> rows = Lines(evaluator.Run({}, year));
  CHECK(rows == Lines(evaluator.Run(slow, year)));
  CHECK(rows.size() > 3);  // the crowd of 1910 to mid-1912, one row per entity
}

// The short path reads every kind of date a window's parameter may give; it
// leaves only what is no date (or no whole year) to the general evaluator,
// which gives the same answers, so only Settled shows which path answered.
TEST_CASE("point lookups: a window's parameter is read on the short path in every date kind",
          "[query][point_lookup]") {
  const LookupStore built(3, 6, 30);
  const Checked checked(built.store, "?- edge(X, $node) @ $from .. $to.");
  const std::optional<PointLookupShape> shape = PointLookup::ShapeOf(checked.program);
  REQUIRE(shape);
  PointLookup lookup(checked.program, built.store, *shape);
  const auto set = [](Value from, Value to) {
    return ParamValues{
        {"node", Value::String("n0")}, {"from", std::move(from)}, {"to", std::move(to)}};
  };
  const Value day = Value::Date(VagueDate::OnDay(1910, 6, 1));
  const std::vector<ParamValues> sets = {
      set(day, day),
      set(Value::Number(1905), Value::Number(1915)),
      set(Value::String("1905"), Value::String("mid-1915")),
      set(Value::Entity("1905-03"), day),
      set(Value::Number(1905.5), day),
      set(Value::String("not a date"), day),
      set(day, Value::OfPeriod(Period::Make(VagueDate::InYear(1905), VagueDate::InYear(1906)))),
      set(day, Value()),
      {{"node", Value::String("n0")}, {"from", day}},
  };
  const std::vector<bool> settled = {true, true, true, true, false, false, false, false, false};
  const std::vector<ParamView> views(sets.begin(), sets.end());
  RunClock clock;
  clock.Start(std::chrono::milliseconds(0), built.store.InterruptCount(), 0);
  lookup.Look(views, QueryOptions{}, clock);
  for (std::size_t k = 0; k < sets.size(); ++k) {
    INFO("set " << k);
    CHECK(lookup.Settled(k) == settled[k]);
  }
}

// A snapshot's hits are kept until its answer is written, so a batch of
// snapshots looks at one set at a time: what the evaluator keeps for its
// next run is about one snapshot's worth, not the batch's.
TEST_CASE("point lookups: a batch of snapshots keeps one snapshot's hits at a time",
          "[query][point_lookup]") {
  HubGraph graph;
  engine::Store& store = graph.store;
  const Period period = Period::Make(VagueDate::InYear(1900), VagueDate::InYear(1950));
  for (int i = 0; i < 2000; ++i) graph.AddInto("p" + std::to_string(i), period);
  store.Finalize();
  const Checked checked(store, "?- edge(X, Y) @ $day.");
  const ParamValues one_day = {{"day", Value::Date(VagueDate::InYear(1920))}};
  std::vector<ParamView> days(64, ParamView(one_day));
  Evaluator one(checked.program, store, checked.text, &checked.plans);
  std::vector<std::size_t> ends;
  CHECK(one.RunBatch({}, std::span(days).first(1), &ends).size() == 2000);
  Evaluator many(checked.program, store, checked.text, &checked.plans);
  CHECK(many.RunBatch({}, days, &ends).size() == 64 * 2000);
  INFO("one snapshot: " << one.CapacityBytes() << " bytes kept; 64: " << many.CapacityBytes());
  CHECK(many.CapacityBytes() < 2 * one.CapacityBytes());
}

// The indexes report facts in order of start, which the short path's sort
// counts on to be quick; facts added since the last Finalize come after
// them, in the order added. Added latest first, they are far out of order,
// and must be ordered as the general evaluator orders them.
TEST_CASE("point lookups: facts found far out of order are ordered as the evaluator orders them",
          "[query][point_lookup]") {
  HubGraph graph;
  engine::Store& store = graph.store;
  auto add = [&](int year, int person) {
    graph.AddInto(
        "p" + std::to_string(person),
        Period::Make(VagueDate::InYear(year), VagueDate::OnDay(year + 30, 6, person % 28 + 1)));
  };
  for (int i = 0; i < 20; ++i) add(1850 + i, i);
  store.Finalize();
  for (int i = 0; i < 300; ++i) add(1960 - i / 3, i % 50);
  for (const char* text : {"?- edge(X, Y) @ 1900 .. 1950.", "?- edge(X, \"hub\")."}) {
    INFO(text);
    const Checked checked(store, text);
    Evaluator evaluator(checked.program, store, checked.text, &checked.plans);
    EvaluatorOptions slow;
    slow.point_lookup = false;
    const std::vector<std::string> expected = Lines(evaluator.Run(slow, {}));
    CHECK(Lines(evaluator.Run({}, {})) == expected);
    CHECK(expected.size() > 200);
  }
}

TEST_CASE("point lookups: only one stored atom with at most one end given takes the short path",
          "[query][point_lookup]") {
  const LookupStore built(2, 6, 30);
  const engine::Store& store = built.store;
  auto shape = [&](const std::string& text) {
    return PointLookup::ShapeOf(Checked(store, text).program);
  };
  const auto object_given = shape("?- edge(X, $node) @ $day.");
  REQUIRE(object_given);
  CHECK_FALSE(object_given->given_is_subject);
  CHECK_FALSE(object_given->neither_given);
  const auto subject_given = shape("?- edge(\"n1\", Y).");
  REQUIRE(subject_given);
  CHECK(subject_given->given_is_subject);
  const auto snapshot = shape("?- edge(X, Y) @ 1910.");
  REQUIRE(snapshot);
  CHECK(snapshot->neither_given);
  // Both ends given, the period bound, a hidden column, one variable for
  // both ends, a second literal, a negation, a rule: the general evaluator's.
  CHECK_FALSE(shape("?- edge(\"n1\", \"n2\")."));
  CHECK_FALSE(shape("?- edge(X, \"n1\") @ T."));
  CHECK_FALSE(shape("?- edge(X, Y) @ T."));
  CHECK_FALSE(shape("?- edge(_X, \"n1\")."));
  CHECK_FALSE(shape("?- edge(X, _Y) @ 1910."));
  CHECK_FALSE(shape("?- edge(X, X)."));
  CHECK_FALSE(shape("?- edge(X, \"n1\"), X != \"n2\"."));
  CHECK_FALSE(shape("?- edge(X, Y), X != Y."));
  CHECK_FALSE(shape("?- edge(X, \"n1\"), !edge(\"n2\", X)."));
  CHECK_FALSE(shape("e(X, Y) :- edge(X, Y).\n?- e(X, \"n1\")."));
}

}  // namespace
}  // namespace annals::query
