// The evaluator: semi-naive and naive evaluation agree on random graphs (with
// and without periods, cycles included), closures match a brute-force search,
// limits stop runaway queries, and prepared queries take parameters.
#include "query/evaluator.hpp"

#include <annals/error.hpp>

#include "engine/time/allen.hpp"
#include "query/analysis/analyzer.hpp"
#include "query/closure.hpp"
#include "query/parser.hpp"
#include "query/planner.hpp"
#include "query/prepared.hpp"
#include "query/run.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "tests/unit/query/query_fixture.hpp"
#include "tests/unit/query/random_graph.hpp"

namespace annals::query {
namespace {

// A row's cells, certainty and validity as one line.
std::string RowLine(const Row& row) {
  std::string line;
  for (const Value& value : row.values) line += value.ToText() + "|";
  line += CertaintyName(row.certainty);
  line += "|" + row.validity.ToIso();
  return line;
}

std::vector<std::string> Rows(const QueryResult& result) {
  std::vector<std::string> rows;
  for (const Row& row : result) rows.push_back(RowLine(row));
  // Answers are sets; their order among equal periods is the order found.
  std::sort(rows.begin(), rows.end());
  return rows;
}

QueryResult Evaluate(const engine::Store& store, const std::string& text, bool naive) {
  const CheckedProgram program = Analyze(ParseQueryText(text), store, text);
  EvaluatorOptions options;
  options.naive = naive;
  return query::Evaluate(program, store, text, options);
}

const char* const kPrograms[] = {
    // Closure, time ignored.
    "tc(X, Y) :- edge(X, Y) @ _.\ntc(X, Z) :- tc(X, Y), edge(Y, Z) @ _.\n?- tc(X, Y).",
    // Sequenced closure: a path holds while all its edges hold; pieces coalesce.
    "tc(X, Y) :- edge(X, Y).\ntc(X, Z) :- tc(X, Y), edge(Y, Z).\n?- tc(X, Y).",
    // Doubly recursive.
    "tc(X, Y) :- edge(X, Y).\ntc(X, Z) :- tc(X, Y), tc(Y, Z).\n?- tc(X, Y).",
    // Mutual recursion.
    "odd(X, Y) :- edge(X, Y) @ _.\nodd(X, Z) :- even(X, Y), edge(Y, Z) @ _.\n"
    "even(X, Z) :- odd(X, Y), edge(Y, Z) @ _.\n?- even(X, Y).",
    // Recursion over a period variable: paths whose edges meet or overlap in time.
    "chain(X, Y, T) :- edge(X, Y) @ T.\n"
    "chain(X, Z, T2) :- chain(X, Y, T1), edge(Y, Z) @ T2, intersects(T1, T2).\n"
    "?- chain(X, Y, T).",
    // Negation of a lower stratum and an aggregate over a recursive one.
    "tc(X, Y) :- edge(X, Y) @ _.\ntc(X, Z) :- tc(X, Y), edge(Y, Z) @ _.\n"
    "n(X, count(Y)) :- tc(X, Y), !edge(X, Y) @ _.\n?- n(X, N).",
    // A recursive atom's `@ D` filtering by a date another literal gives D.
    "mark(X, D) :- edge(X, Y) @ T, start(T, D).\n"
    "tc(X, Y) :- edge(X, Y).\ntc(X, Z) :- tc(X, Y) @ D, mark(Y, D), edge(Y, Z).\n"
    "?- tc(X, Y).",
};

TEST_CASE("semi-naive and naive evaluation give the same answers", "[query][evaluator]") {
  std::map<std::string, std::size_t> rows_per_program;
  for (std::uint32_t seed = 1; seed <= 12; ++seed) {
    const testing::RandomGraph graph(seed, 4 + static_cast<int>(seed % 6),
                                     6 + static_cast<int>(seed * 2));
    for (const char* program : kPrograms) {
      INFO("seed " << seed << "\n" << program);
      const std::vector<std::string> semi_naive = Rows(Evaluate(graph.store, program, false));
      const std::vector<std::string> naive = Rows(Evaluate(graph.store, program, true));
      CHECK(semi_naive == naive);
      rows_per_program[program] += semi_naive.size();
    }
  }
  // Every program derived something, so the comparison compared answers.
  for (const auto& [program, rows] : rows_per_program) {
    INFO(program);
    CHECK(rows > 20);
  }
}

TEST_CASE("rows read whole from a derived relation are not repeated", "[query][evaluator]") {
  // Some of these read the table whole and skip the answer's duplicate check;
  // the rest project or collapse validity and must still merge rows. Each is
  // checked against itself with a no-op comparison added, which always
  // merges.
  const char* const rules[] = {
      "tc(X, Y) :- edge(X, Y) @ _.\ntc(X, Z) :- tc(X, Y), edge(Y, Z) @ _.\n",
      "tc(X, Y) :- edge(X, Y).\ntc(X, Z) :- tc(X, Y), edge(Y, Z).\n",
      // Two rules in one program.
      ("tc(X, Y) :- edge(X, Y) @ T, start(T, D), D < 1910.\n"
       "tc(X, Y) :- edge(X, Y) @ T, start(T, D), D >= 1905.\n"),
  };
  const char* const queries[] = {"tc(X, Y)", "tc(Y, X)", "tc(X, _)", "tc(X, X)", "tc(X, Y) @ _"};
  std::size_t rows_seen = 0;
  for (std::uint32_t seed = 1; seed <= 8; ++seed) {
    const testing::RandomGraph graph(seed, 5 + static_cast<int>(seed % 4),
                                     8 + static_cast<int>(seed * 2));
    for (const char* rule : rules) {
      for (const char* query : queries) {
        const std::string text = std::string(rule) + "?- " + query + ".";
        const std::string merged = std::string(rule) + "?- " + query + ", X = X.";
        INFO("seed " << seed << "\n" << text);
        const std::vector<std::string> rows = Rows(Evaluate(graph.store, text, false));
        CHECK(std::adjacent_find(rows.begin(), rows.end()) == rows.end());
        CHECK(rows == Rows(Evaluate(graph.store, merged, false)));
        rows_seen += rows.size();
      }
    }
  }
  CHECK(rows_seen > 500);
}

TEST_CASE("closure matches a brute-force search", "[query][evaluator]") {
  for (std::uint32_t seed = 100; seed < 110; ++seed) {
    const testing::RandomGraph graph(seed, 8, 14);
    std::set<std::pair<int, int>> expected;
    for (int start = 0; start < 8; ++start) {
      std::vector<int> frontier{start};
      std::set<int> seen;
      while (!frontier.empty()) {
        const int node = frontier.back();
        frontier.pop_back();
        for (const auto& [from, to] : graph.edges) {
          if (from == node && seen.insert(to).second) frontier.push_back(to);
        }
      }
      for (const int reached : seen) expected.emplace(start, reached);
    }
    const QueryResult result = Evaluate(
        graph.store,
        "tc(X, Y) :- edge(X, Y) @ _.\ntc(X, Z) :- tc(X, Y), edge(Y, Z) @ _.\n?- tc(X, Y).", false);
    std::set<std::pair<int, int>> actual;
    for (const Row& row : result) {
      actual.emplace(std::stoi(std::string(row.values[0].text().substr(1))),
                     std::stoi(std::string(row.values[1].text().substr(1))));
      CHECK(row.certainty == Certainty::kCertain);
      CHECK(row.validity == Period::Always());
      CHECK(!row.sources.empty());
    }
    CHECK(actual == expected);
  }
}

QueryResult EvaluateWith(const engine::Store& store, const std::string& text,
                         const EvaluatorOptions& options) {
  const CheckedProgram program = Analyze(ParseQueryText(text), store, text);
  return query::Evaluate(program, store, text, options);
}

// Whether some stratum of `text`'s program is a closure the search answers.
bool HasClosureStratum(const engine::Store& store, const std::string& text) {
  const CheckedProgram program = Analyze(ParseQueryText(text), store, text);
  return std::any_of(program.strata.begin(), program.strata.end(), [&](const Stratum& stratum) {
    return MatchClosure(program, stratum).has_value();
  });
}

struct ClosureCase {
  const char* program;
  bool searched;  // some stratum is a closure the search answers
};
const ClosureCase kClosureCases[] = {
    {"tc(X, Y) :- edge(X, Y) @ _.\ntc(X, Z) :- tc(X, Y) @ _, edge(Y, Z) @ _.\n?- tc(X, Y).", true},
    {"tc(X, Y) :- edge(X, Y) @ _.\ntc(X, Z) :- tc(X, Y), edge(Y, Z) @ _.\n?- tc(X, Y) @ T.", true},
    // Right-linear, rules and body atoms in the other order.
    {"tc(X, Z) :- edge(X, Y) @ _, tc(Y, Z) @ _.\ntc(X, Y) :- edge(X, Y) @ _.\n?- tc(X, Y).", true},
    // Constants pushed into the rules: a search from one start, or back from one end.
    {"tc(X, Y) :- edge(X, Y) @ _.\ntc(X, Z) :- tc(X, Y), edge(Y, Z) @ _.\n?- tc(\"n1\", Y).", true},
    {"tc(X, Y) :- edge(X, Y) @ _.\ntc(X, Z) :- edge(X, Y) @ _, tc(Y, Z).\n?- tc(X, \"n2\").", true},
    // A closure read by a later stratum.
    {"tc(X, Y) :- edge(X, Y) @ _.\ntc(X, Z) :- tc(X, Y), edge(Y, Z) @ _.\n"
     "n(X, count(Y)) :- tc(X, Y).\n?- n(X, N).",
     true},
    // Not closures of `edge` as the search computes them: rounds only.
    {"tc(X, Y) :- edge(X, Y).\ntc(X, Z) :- tc(X, Y), edge(Y, Z).\n?- tc(X, Y).", false},
    {"tc(X, Y) :- edge(X, Y) @ _.\ntc(X, Z) :- tc(X, Y), tc(Y, Z).\n?- tc(X, Y).", false},
    {"tc(X, Y) :- edge(X, Y) @ _.\ntc(X, Z) :- tc(X, Y), edge(Y, Z) @ _, X != Z.\n?- tc(X, Y).",
     false},
    {"tc(X, Y) :- edge(X, Y) @ _.\ntc(X, Z) :- tc(X, Y), edge(Z, Y) @ _.\n?- tc(X, Y).", false},
    {"tc(X, Y) :- edge(Y, X) @ _.\ntc(X, Z) :- tc(X, Y), edge(Y, Z) @ _.\n?- tc(X, Y).", false},
    {"tc(X, Y) :- edge(X, Y) @ _.\ntc(X, Z) :- tc(X, Y) @ T, edge(Y, Z) @ _.\n?- tc(X, Y).", false},
    {"tc(\"n1\", \"n1\").\ntc(X, Y) :- edge(X, Y) @ _.\n"
     "tc(X, Z) :- tc(X, Y), edge(Y, Z) @ _.\n?- tc(X, Y).",
     false},
};

TEST_CASE("closures found by search answer like semi-naive rounds", "[query][evaluator]") {
  EvaluatorOptions search;
  search.query.sources = false;
  EvaluatorOptions rounds = search;
  rounds.closure_search = false;
  std::size_t searched_rows = 0;
  for (std::uint32_t seed = 300; seed < 316; ++seed) {
    // Dense enough for cycles and self-loops, sparse enough for dead ends.
    const testing::RandomGraph graph(seed, 3 + static_cast<int>(seed % 7),
                                     2 + static_cast<int>(seed % 13));
    for (const auto& [program, searched] : kClosureCases) {
      INFO("seed " << seed << "\n" << program);
      CHECK(HasClosureStratum(graph.store, program) == searched);
      const std::vector<std::string> by_search = Rows(EvaluateWith(graph.store, program, search));
      CHECK(by_search == Rows(EvaluateWith(graph.store, program, rounds)));
      CHECK(by_search == Rows(Evaluate(graph.store, program, false)));  // with sources
      if (searched) searched_rows += by_search.size();
    }
  }
  CHECK(searched_rows > 100);  // the graphs are not all empty
}

// Each row with its sources, in the order the answer gives them.
std::vector<std::string> RowsWithSources(const QueryResult& result) {
  std::vector<std::string> rows;
  for (const Row& row : result) {
    std::string line = RowLine(row);
    for (const SourceLocation& source : row.sources) {
      line += "|" + source.file + ":" + std::to_string(source.line);
    }
    rows.push_back(line);
  }
  return rows;
}

TEST_CASE("closures found by search list the sources semi-naive rounds do", "[query][evaluator]") {
  EvaluatorOptions search;  // sources on, explanations off: the search's
  EvaluatorOptions rounds = search;
  rounds.closure_search = false;
  std::size_t sources_compared = 0;
  std::size_t found_in_another_order = 0;
  // Sparse graphs (a pair reached along a few edges), and dense ones, where
  // pairs have more derivations than the arena keeps and the search leaves
  // the stratum to the rounds.
  for (std::uint32_t seed = 300; seed < 324; ++seed) {
    const bool dense = seed >= 316;
    const int nodes = dense ? 3 : 3 + static_cast<int>(seed % 7);
    const int edges = dense ? 30 + static_cast<int>(seed % 5) : 2 + static_cast<int>(seed % 13);
    const testing::RandomGraph graph(seed, nodes, edges);
    for (const auto& [program, searched] : kClosureCases) {
      INFO("seed " << seed << "\n" << program);
      const std::vector<std::string> by_search =
          RowsWithSources(EvaluateWith(graph.store, program, search));
      const std::vector<std::string> by_rounds =
          RowsWithSources(EvaluateWith(graph.store, program, rounds));
      if (by_search != by_rounds) ++found_in_another_order;
      std::vector<std::string> sorted_search = by_search;
      std::vector<std::string> sorted_rounds = by_rounds;
      std::sort(sorted_search.begin(), sorted_search.end());
      std::sort(sorted_rounds.begin(), sorted_rounds.end());
      CHECK(sorted_search == sorted_rounds);
      for (const std::string& line : sorted_rounds) {
        sources_compared += static_cast<std::size_t>(std::count(line.begin(), line.end(), ':'));
      }
    }
  }
  CHECK(sources_compared > 1000);
  // The search ran with sources: its rows come in its own order in places.
  CHECK(found_in_another_order > 10);
}

TEST_CASE("answers without sources are the answers with sources, less the sources",
          "[query][evaluator]") {
  testing::Fixture fixture;
  const char* const kQueries[] = {
      "?- leads(P, O) @ 1921.",
      "chain(\"Alimdzhan Akchurin\").\nchain(P) :- chain(Q), succeeds(P, Q) @ _.\n?- chain(P).",
      "?- leads(P, A) @ _, leads(P, B) @ _, A != B.",
  };
  for (const char* text : kQueries) {
    INFO(text);
    QueryOptions without;
    without.sources = false;
    const QueryResult with_sources = RunQuery(fixture.store(), text, {});
    const QueryResult without_sources = RunQuery(fixture.store(), text, without);
    REQUIRE(with_sources.size() > 0);
    CHECK(Rows(with_sources) == Rows(without_sources));
    CHECK(std::any_of(with_sources.begin(), with_sources.end(),
                      [](const Row& row) { return !row.sources.empty(); }));
    for (const Row& row : without_sources) CHECK(row.sources.empty());
    without.explain = true;  // explanations still come, sources still do not
    const QueryResult explained = RunQuery(fixture.store(), text, without);
    for (const Row& row : explained) {
      CHECK(row.sources.empty());
      CHECK(!row.explanation.empty());
    }
  }
}

TEST_CASE("the row limit and the time-out stop a query", "[query][evaluator]") {
  testing::Fixture fixture;
  QueryOptions options;
  options.row_limit = 3;
  try {
    (void)RunQuery(fixture.store(), "?- leads(P, O).", options);
    FAIL("expected the row limit");
  } catch (const Error& error) {
    CHECK(error.code() == ErrorCode::kLimit);
  }
  options.row_limit = 1'000'000'000;
  options.timeout = std::chrono::milliseconds(1);
  CHECK_THROWS_AS(
      RunQuery(fixture.store(),
               "?- exists(A), exists(B), exists(C), exists(D), exists(E), exists(F).", options),
      Error);
}

TEST_CASE("certainty is the weakest of a row's parts", "[query][evaluator]") {
  testing::Fixture fixture;
  // Sultanmuradov's term ends "December 1920": at 1920-12-15 only possible.
  const QueryResult at = RunQuery(
      fixture.store(), "?- leads(\"Mulla Dzhumaniyaz Sultanmuradov\", O) @ 1920-12-15.", {});
  REQUIRE(at.size() == 1);
  CHECK(at[0].certainty == Certainty::kPossible);
  // Certain fact, possible comparison: possible.
  const QueryResult compared = RunQuery(
      fixture.store(), "?- leads(\"Mukhtar Saidzhanov\", O) @ T, start(T, D), D < 1922-06-01.", {});
  REQUIRE(compared.size() == 1);
  CHECK(compared[0].certainty == Certainty::kPossible);
  // A sequenced join whose periods only possibly meet is possible.
  const QueryResult joined = RunQuery(fixture.store(),
                                      "?- leads(\"Mulla Dzhumaniyaz Sultanmuradov\", O), "
                                      "leads(\"Makhmud Musayev\", O).",
                                      {});
  REQUIRE(joined.size() == 1);
  CHECK(joined[0].certainty == Certainty::kPossible);
  CHECK(joined[0].validity.start.ToText() == "1920-12");
  CHECK(joined[0].validity.end.ToText() == "1920-12");
}

TEST_CASE("prepared queries take entity and date parameters", "[query][evaluator]") {
  testing::Fixture fixture;
  const PreparedQuery prepared(fixture.store(), "?- leads(P, $org) @ $day.");
  CHECK(prepared.parameters() == std::vector<std::string>{"org", "day"});
  CHECK(prepared.columns() == std::vector<std::string>{"P"});
  const QueryResult bukhara = prepared.Execute(
      {},
      {{"org", Value::Entity("Communist Party of Bukhara")}, {"day", Value::String("mid-1921")}});
  REQUIRE(bukhara.size() == 2);
  CHECK(bukhara[0].values[0].text() == "Saidulla Tursunkhodzhayev");
  const QueryResult khorezm =
      prepared.Execute({}, {{"org", Value::String("Khorezm Communist Party")},
                            {"day", Value::Date(VagueDate::OnDay(1920, 12, 15))}});
  CHECK(khorezm.size() == 3);
  try {
    (void)prepared.Execute({}, {{"org", Value::String("Bukhara")}, {"day", Value::Number(1921)}});
    FAIL("expected an unknown entity");
  } catch (const Error& error) {
    CHECK(error.code() == ErrorCode::kUnknownEntity);
    CHECK(error.message().find("did you mean \"Communist Party of Bukhara\"") != std::string::npos);
  }
  CHECK_THROWS_AS(prepared.Execute({}, {{"org", Value::String("CPB")}}), Error);  // no $day
}

TEST_CASE("explain lists the facts and rules behind a row", "[query][evaluator]") {
  testing::Fixture fixture;
  QueryOptions options;
  options.explain = true;
  const QueryResult result = RunQuery(fixture.store(),
                                      "chain(\"Alimdzhan Akchurin\").\n"
                                      "chain(P) :- chain(Q), succeeds(P, Q) @ _.\n"
                                      "?- chain(\"Makhmud Musayev\").",
                                      options);
  REQUIRE(result.size() == 1);
  const std::span<const std::string> lines = result[0].explanation;
  REQUIRE(lines.size() == 5);
  CHECK(lines[0] ==
        "chain(\"Makhmud Musayev\")  by rule chain(P) :- chain(Q), succeeds(P, Q) @ _.");
  CHECK(lines[3].find("  succeeds(\"Mulla Dzhumaniyaz Sultanmuradov\", \"Alimdzhan Akchurin\"") ==
        2);
  CHECK(result[0].sources.size() == 2);
}

TEST_CASE("identical facts from two sources give one row with both", "[query][evaluator]") {
  testing::Fixture fixture;
  engine::Store& store = fixture.mutable_store();
  const engine::FileId other = store.InternFile("other.txt");
  store.AddFact(*store.FindRelation("dissolved_into"),
                *store.FindEntity("Communist Party of Bukhara"),
                *store.FindEntity("Communist Party of Uzbekistan"),
                Period::Make(VagueDate::OnDay(1924, 10, 27), VagueDate::OnDay(1924, 10, 27)),
                engine::SourceRef{other, 7});
  store.Finalize();
  const QueryResult result = RunQuery(
      store,
      "?- dissolved_into(\"Communist Party of Bukhara\", \"Communist Party of Uzbekistan\").", {});
  REQUIRE(result.size() == 1);
  REQUIRE(result[0].sources.size() == 2);
  CHECK(result[0].sources[0].ToString() == "fixture.dl:17");
  CHECK(result[0].sources[1].ToString() == "other.txt:7");
}

}  // namespace
}  // namespace annals::query

namespace annals::query {
namespace {

TEST_CASE("a constant pushed into recursion gives the same answers", "[query][evaluator]") {
  struct Case {
    const char* rules;
    bool specialised;
  };
  const Case kRules[] = {
      {"tc(X, Y) :- edge(X, Y) @ _.\ntc(X, Z) :- tc(X, Y), edge(Y, Z) @ _.\n", true},
      {"tc(X, Y) :- edge(X, Y).\ntc(X, Z) :- tc(X, Y), edge(Y, Z).\n", true},
      // A fact for one start: kept for "n1", dropped for the others.
      {"tc(\"n1\", \"n1\").\ntc(X, Y) :- edge(X, Y) @ _.\ntc(X, Z) :- tc(X, Y), edge(Y, Z) @ _.\n",
       true},
      // Doubly recursive: the first argument moves (tc(Y, Z)), so no rewrite.
      {"tc(X, Y) :- edge(X, Y) @ _.\ntc(X, Z) :- tc(X, Y), tc(Y, Z).\n", false},
  };
  for (std::uint32_t seed = 200; seed < 208; ++seed) {
    const testing::RandomGraph graph(seed, 7, 12);
    for (const auto& [rules, specialised] : kRules) {
      for (int start = 0; start < 3; ++start) {
        const std::string node = "\"n" + std::to_string(start) + "\"";
        const std::string pushed = std::string(rules) + "?- tc(" + node + ", Y).";
        const std::string filtered = std::string(rules) + "?- tc(X, Y), X = " + node + ".";
        INFO(pushed);
        const CheckedProgram program = Analyze(ParseQueryText(pushed), graph.store, pushed);
        CHECK((program.query.body[0].derived != 0) == specialised);
        std::vector<std::string> expected;
        for (std::string row : Rows(Evaluate(graph.store, filtered, false))) {
          expected.push_back(row.substr(row.find('|') + 1));  // drop the X column
        }
        std::sort(expected.begin(), expected.end());
        CHECK(Rows(Evaluate(graph.store, pushed, false)) == expected);
      }
    }
  }
}

TEST_CASE("a rule that moves the argument is not specialised", "[query][evaluator]") {
  testing::Fixture fixture;
  const std::string text =
      "back(Y, X) :- succeeds(X, Y) @ _.\nback(Z, X) :- back(Y, X), succeeds(Y, Z) @ _.\n"
      "?- back(\"Alimdzhan Akchurin\", X).";
  const CheckedProgram program = Analyze(ParseQueryText(text), fixture.store(), text);
  CHECK(program.query.body[0].derived == 0);
  CHECK(program.derived.size() == 1);
}

}  // namespace
}  // namespace annals::query

namespace annals::query {
namespace {

TEST_CASE("joins through the grouped (hash) index match a brute-force join", "[query][evaluator]") {
  const testing::RandomGraph graph(77, 40, 600);
  const std::string text = "?- edge(X, Y) @ T1, edge(Y, Z) @ T2, intersects(T1, T2).";
  // The second atom is probed once per edge: the planner groups instead.
  const CheckedProgram program = Analyze(ParseQueryText(text), graph.store, text);
  SizeHints sizes;
  sizes.stored_facts = [&](engine::RelationId relation) { return graph.store.FactCount(relation); };
  sizes.derived_tuples = [](std::uint32_t) { return std::size_t{0}; };
  sizes.entities = graph.store.EntityCount();
  CHECK(PlanRule(program.query, sizes).Describe(program.query).find("hash join") !=
        std::string::npos);

  std::multiset<std::string> expected;
  const engine::RelationId edge = *graph.store.FindRelation("edge");
  for (engine::FactId a = 0; a < graph.store.FactCount(); ++a) {
    const engine::FactView first = graph.store.Fact(a);
    for (engine::FactId b = 0; b < graph.store.FactCount(); ++b) {
      const engine::FactView second = graph.store.Fact(b);
      if (first.relation != edge || second.relation != edge || first.object != second.subject) {
        continue;
      }
      const Certainty shared = engine::Intersects(first.period, second.period);
      if (shared == Certainty::kNo) continue;
      expected.insert(std::string(graph.store.EntityName(first.subject)) + "|" +
                      std::string(graph.store.EntityName(first.object)) + "|" +
                      first.period.ToIso() + "|" +
                      std::string(graph.store.EntityName(second.object)) + "|" +
                      second.period.ToIso() + "|" + CertaintyName(shared));
    }
  }
  std::multiset<std::string> actual;
  for (const Row& row : RunQuery(graph.store, text, {})) {
    actual.insert(row.values[0].ToText() + "|" + row.values[1].ToText() + "|" +
                  row.values[2].period().ToIso() + "|" + row.values[3].ToText() + "|" +
                  row.values[4].period().ToIso() + "|" + CertaintyName(row.certainty));
  }
  CHECK(actual.size() > 100);
  CHECK(actual == expected);
}

TEST_CASE("aggregates fold each group's distinct bindings", "[query][evaluator]") {
  // Edges repeat between the same nodes over other periods: `@ _` makes
  // them one binding, counted once and summed once.
  const testing::RandomGraph graph(23, 15, 400);
  std::map<std::string, std::set<std::string>> targets;
  for (engine::FactId f = 0; f < graph.store.FactCount(); ++f) {
    const engine::FactView fact = graph.store.Fact(f);
    targets[std::string(graph.store.EntityName(fact.subject))].insert(
        std::string(graph.store.EntityName(fact.object)));
  }
  const std::string rules =
      "n(X, count(Y)) :- edge(X, Y) @ _.\n"
      "first(X, min(Y)) :- edge(X, Y) @ _.\n"
      "last(X, max(Y)) :- edge(X, Y) @ _.\n"
      "total(sum(N)) :- n(X, N).\n";
  std::multiset<std::string> counts;
  std::multiset<std::string> firsts;
  std::multiset<std::string> lasts;
  std::size_t pairs = 0;
  for (const auto& [from, to] : targets) {
    counts.insert(from + "|" + std::to_string(to.size()));
    firsts.insert(from + "|" + *to.begin());
    lasts.insert(from + "|" + *to.rbegin());
    pairs += to.size();
  }
  auto two_columns = [&](const std::string& query) {
    std::multiset<std::string> rows;
    for (const Row& row : RunQuery(graph.store, rules + query, {})) {
      CHECK(row.certainty == Certainty::kCertain);
      rows.insert(row.values[0].ToText() + "|" + row.values[1].ToText());
    }
    return rows;
  };
  CHECK(two_columns("?- n(X, N).") == counts);
  CHECK(two_columns("?- first(X, Y).") == firsts);
  CHECK(two_columns("?- last(X, Y).") == lasts);
  const QueryResult total = RunQuery(graph.store, rules + "?- total(S).", {});
  REQUIRE(total.size() == 1);
  CHECK(total[0].values[0].ToText() == std::to_string(pairs));
  CHECK(pairs > 100);
}

TEST_CASE("an equality of entity variables answers like a shared variable", "[query][evaluator]") {
  // `Y = Z` binds Z to Y's entity, so the second atom is probed by its
  // subject (a hash join here) instead of scanned per row: the same rows.
  const testing::RandomGraph graph(5, 20, 300);
  std::multiset<std::string> shared;
  for (const Row& row : RunQuery(graph.store, "?- edge(X, Y), edge(Y, W).", {})) {
    shared.insert(row.values[0].ToText() + "|" + row.values[1].ToText() + "|" +
                  row.values[1].ToText() + "|" + row.values[2].ToText() + "|" +
                  CertaintyName(row.certainty) + "|" + row.validity.ToIso());
  }
  std::multiset<std::string> equal;
  for (const Row& row : RunQuery(graph.store, "?- edge(X, Y), edge(Z, W), Y = Z.", {})) {
    equal.insert(row.values[0].ToText() + "|" + row.values[1].ToText() + "|" +
                 row.values[2].ToText() + "|" + row.values[3].ToText() + "|" +
                 CertaintyName(row.certainty) + "|" + row.validity.ToIso());
  }
  CHECK(shared.size() > 500);
  CHECK(equal == shared);
}

// "X|Y|T1|Z|W|T2|certainty" for the rows of `text`, whose columns are those six.
std::multiset<std::string> SixColumnRows(const engine::Store& store, const std::string& text) {
  std::multiset<std::string> rows;
  for (const Row& row : RunQuery(store, text, {})) {
    rows.insert(row.values[0].ToText() + "|" + row.values[1].ToText() + "|" +
                row.values[2].period().ToIso() + "|" + row.values[3].ToText() + "|" +
                row.values[4].ToText() + "|" + row.values[5].period().ToIso() + "|" +
                CertaintyName(row.certainty));
  }
  return rows;
}

TEST_CASE("period built-ins that narrow a lookup match a brute-force join", "[query][evaluator]") {
  // The second atom is looked up in the window the first one's period gives
  // it (OtherPeriodWindow): scanned across the relation, and grouped by a
  // shared variable (a hash join). Either way, the rows of a join that tests
  // every pair.
  const testing::RandomGraph graph(91, 12, 160);
  const engine::RelationId edge = *graph.store.FindRelation("edge");
  std::size_t rows_seen = 0;
  for (const char* name : {"meets", "met_by", "before", "after", "overlaps", "during"}) {
    const engine::AllenRelation relation = *engine::AllenRelationFromName(name);
    for (const bool known_first : {true, false}) {
      for (const bool shared : {false, true}) {
        const std::string call = std::string(name) + (known_first ? "(T1, T2)" : "(T2, T1)");
        const std::string text = std::string("?- edge(X, Y) @ T1, edge(Z, W) @ T2, ") + call +
                                 (shared ? ", Y = Z." : ".");
        INFO(text);
        std::multiset<std::string> expected;
        for (engine::FactId a = 0; a < graph.store.FactCount(); ++a) {
          const engine::FactView first = graph.store.Fact(a);
          for (engine::FactId b = 0; b < graph.store.FactCount(); ++b) {
            const engine::FactView second = graph.store.Fact(b);
            if (first.relation != edge || second.relation != edge ||
                (shared && first.object != second.subject)) {
              continue;
            }
            const Certainty holds = known_first
                                        ? engine::Allen(relation, first.period, second.period)
                                        : engine::Allen(relation, second.period, first.period);
            if (holds == Certainty::kNo) continue;
            expected.insert(std::string(graph.store.EntityName(first.subject)) + "|" +
                            std::string(graph.store.EntityName(first.object)) + "|" +
                            first.period.ToIso() + "|" +
                            std::string(graph.store.EntityName(second.subject)) + "|" +
                            std::string(graph.store.EntityName(second.object)) + "|" +
                            second.period.ToIso() + "|" + CertaintyName(holds));
          }
        }
        const std::multiset<std::string> actual = SixColumnRows(graph.store, text);
        CHECK(actual == expected);
        rows_seen += actual.size();
      }
    }
  }
  CHECK(rows_seen > 1000);
}

TEST_CASE("a derived atom skips the pieces outside a built-in's window", "[query][evaluator]") {
  // Pieces of `e` whose periods the built-in cannot accept are skipped
  // before their periods are bound: the rows of a join testing every pair
  // of `e`'s pieces.
  const testing::RandomGraph graph(92, 10, 120);
  const std::string rule = "e(X, Y) @ T :- edge(X, Y) @ T.\n";
  struct Piece {
    std::string x, y;
    Period period;
  };
  std::vector<Piece> pieces;
  for (const Row& row : RunQuery(graph.store, rule + "?- e(X, Y) @ T.", {})) {
    REQUIRE(row.certainty == Certainty::kCertain);
    pieces.push_back({row.values[0].ToText(), row.values[1].ToText(), row.values[2].period()});
  }
  std::size_t rows_seen = 0;
  for (const char* name : {"meets", "met_by", "before", "after", "during"}) {
    const engine::AllenRelation relation = *engine::AllenRelationFromName(name);
    for (const bool shared : {false, true}) {
      const std::string text = rule + "?- e(X, Y) @ T1, e(Z, W) @ T2, " + name + "(T1, T2)" +
                               (shared ? ", Y = Z." : ".");
      INFO(text);
      std::multiset<std::string> expected;
      for (const Piece& a : pieces) {
        for (const Piece& b : pieces) {
          if (shared && a.y != b.x) continue;
          const Certainty holds = engine::Allen(relation, a.period, b.period);
          if (holds == Certainty::kNo) continue;
          expected.insert(a.x + "|" + a.y + "|" + a.period.ToIso() + "|" + b.x + "|" + b.y + "|" +
                          b.period.ToIso() + "|" + CertaintyName(holds));
        }
      }
      const std::multiset<std::string> actual = SixColumnRows(graph.store, text);
      CHECK(actual == expected);
      rows_seen += actual.size();
    }
  }
  CHECK(rows_seen > 1000);
}

TEST_CASE("a known period finds the facts written exactly so", "[query][evaluator]") {
  // `@ T` with T bound looks up the facts starting as T does, and keeps
  // those written the same: two facts of one period, and a negation's.
  const testing::RandomGraph graph(17, 12, 500);
  std::multiset<std::string> pairs;
  std::multiset<std::string> alone;
  for (engine::FactId a = 0; a < graph.store.FactCount(); ++a) {
    const engine::FactView first = graph.store.Fact(a);
    bool other_from_object = false;
    for (engine::FactId b = 0; b < graph.store.FactCount(); ++b) {
      const engine::FactView second = graph.store.Fact(b);
      if (first.period != second.period) continue;
      if (a != b) {
        pairs.insert(std::string(graph.store.EntityName(first.subject)) + "|" +
                     std::string(graph.store.EntityName(second.subject)) + "|" +
                     first.period.ToIso());
      }
      other_from_object |= second.subject == first.object;
    }
    if (!other_from_object) {
      alone.insert(std::string(graph.store.EntityName(first.subject)) + "|" +
                   std::string(graph.store.EntityName(first.object)) + "|" + first.period.ToIso());
    }
  }
  std::multiset<std::string> got_pairs;
  for (const Row& row : RunQuery(graph.store, "?- edge(X, Y) @ T, edge(Z, W) @ T, X != Z.", {})) {
    got_pairs.insert(row.values[0].ToText() + "|" + row.values[3].ToText() + "|" +
                     row.values[2].period().ToIso());
  }
  // The pairs of facts of one period whose subjects differ.
  std::multiset<std::string> expected_pairs;
  for (const std::string& pair : pairs) {
    const std::size_t bar = pair.find('|');
    if (pair.substr(0, bar) != pair.substr(bar + 1, pair.find('|', bar + 1) - bar - 1)) {
      expected_pairs.insert(pair);
    }
  }
  CHECK(expected_pairs.size() > 20);
  CHECK(got_pairs == expected_pairs);
  std::multiset<std::string> got_alone;
  for (const Row& row : RunQuery(graph.store, "?- edge(X, Y) @ T, !edge(Y, _) @ T.", {})) {
    CHECK(row.certainty == Certainty::kCertain);
    got_alone.insert(row.values[0].ToText() + "|" + row.values[1].ToText() + "|" +
                     row.values[2].period().ToIso());
  }
  CHECK(got_alone == alone);
}

}  // namespace
}  // namespace annals::query
