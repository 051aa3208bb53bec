// A query showing one derived relation (`?- r(X, Y).`, `?- r("n1", Y).`)
// reads the table's pieces straight into the answer. It must answer exactly
// as a body run through the answer's sink: same rows, values, certainty,
// validity, order, sources and explanations, or the same error. Compared
// over random graphs and rules whose tables hold every kind of piece:
// always (the closure search), periods coalesced from several facts,
// possible and certain, and period columns the answer is ordered by.
#include "query/evaluator.hpp"

#include <catch2/catch.hpp>

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

constexpr const char* kClosureRules =
    "tc(X, Y) :- edge(X, Y) @ _.\ntc(X, Z) :- tc(X, Y), edge(Y, Z) @ _.\n";

TEST_CASE("shown table: reading a table's pieces answers as a body run", "[query][shown_table]") {
  const std::vector<std::string> programs = {
      // The closure search (always, no derivations without sources).
      std::string(kClosureRules) + "?- tc(X, Y).",
      // Semi-naive rounds: pieces over periods, merged as they meet.
      "tc(X, Y) :- edge(X, Y).\ntc(X, Z) :- tc(X, Y), edge(Y, Z).\n?- tc(X, Y).",
      // One rule over vague periods, and one read on a day: possible and
      // certain pieces.
      "r(X, Y) :- edge(X, Y).\n?- r(X, Y).",
      "r(X, Y) :- edge(X, Y) @ 1910-06-15.\n?- r(X, Y).",
      // A period column, which orders the answer.
      "r(X, T) :- edge(X, Y) @ T.\n?- r(X, T).",
      "r(X, Y, T) :- edge(X, Y) @ T.\n?- r(X, Y, T).",
      // Facts in the program beside rules.
      "r(\"n1\", \"n2\").\nr(X, Y) :- edge(X, Y) @ _.\n?- r(X, Y).",
      // A later stratum reading the closure.
      std::string(kClosureRules) + "from(X, count(Y)) :- tc(X, Y).\n?- from(X, N).",
      // Columns given: the closure from one start (specialised: every tuple
      // holds the start), to one end (every tuple read, some kept), and
      // given columns among periods and possible pieces.
      std::string(kClosureRules) + "?- tc(\"n1\", Y).",
      std::string(kClosureRules) + "?- tc(X, \"n2\").",
      "tc(X, Y) :- edge(X, Y).\ntc(X, Z) :- tc(X, Y), edge(Y, Z).\n?- tc(X, \"n0\").",
      "r(X, Y, T) :- edge(X, Y) @ T.\n?- r(\"n0\", Y, T).",
      "r(X, Y, T) :- edge(X, Y) @ T.\n?- r(X, \"n1\", T).",
      // An entity no tuple holds, and one the store lacks.
      std::string(kClosureRules) + "?- tc(\"n99\", Y).",
      "r(X, Y) :- edge(X, Y) @ 1910-06-15.\n?- r(X, \"nowhere\").",
  };
  std::mt19937 random(23);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(random); };
  std::size_t rows_compared = 0;
  std::size_t errors_compared = 0;
  std::size_t possible_rows = 0;
  for (std::uint32_t seed = 40; seed < 52; ++seed) {
    const testing::RandomGraph graph(seed, 3 + static_cast<int>(seed % 7),
                                     4 + static_cast<int>(seed % 17));
    for (const std::string& text : programs) {
      INFO("seed " << seed << "\n" << text);
      const Checked checked(graph.store, text);
      REQUIRE(ShownTableOf(checked.program.query).has_value());
      Evaluator through_sink(checked.program, graph.store, checked.text, &checked.plans);
      Evaluator by_pieces(checked.program, graph.store, checked.text, &checked.plans);
      for (int run = 0; run < 6; ++run) {
        EvaluatorOptions options;
        options.query.sources = pick(0, 2) != 0;
        options.query.explain = pick(0, 3) == 0;
        if (pick(0, 3) == 0) options.query.row_limit = static_cast<std::size_t>(pick(0, 6));
        EvaluatorOptions slow = options;
        slow.shown_table = false;
        const Outcome expected = Catch([&] { return through_sink.Run(slow, {}); });
        const Outcome got = Catch([&] { return by_pieces.Run(options, {}); });
        INFO("run " << run << ", sources " << options.query.sources << ", explain "
                    << options.query.explain << ", limit " << options.query.row_limit);
        CHECK(got == expected);
        rows_compared += expected.lines.size();
        errors_compared += expected.error.has_value() ? 1 : 0;
        for (const std::string& line : expected.lines) {
          possible_rows += line.find("|possible|") != std::string::npos ? 1 : 0;
        }
      }
    }
  }
  // Rows of both certainties, and row-limit errors, were compared.
  CHECK(rows_compared > 2000);
  CHECK(possible_rows > 100);
  CHECK(errors_compared > 20);
}

// Runs a batch both ways, through the sink and from the table, and checks
// they give the same rows and set ends; returns the set ends.
std::vector<std::size_t> CheckBatchBothWays(Evaluator& evaluator,
                                            const std::vector<ParamView>& views) {
  EvaluatorOptions slow;
  slow.shown_table = false;
  std::vector<std::size_t> slow_ends;
  std::vector<std::size_t> fast_ends;
  const std::vector<std::string> expected = Lines(evaluator.RunBatch(slow, views, &slow_ends));
  const std::vector<std::string> got = Lines(evaluator.RunBatch({}, views, &fast_ends));
  CHECK(got == expected);
  CHECK(fast_ends == slow_ends);
  return fast_ends;
}

TEST_CASE("shown table: a batch reads the table again for every set", "[query][shown_table]") {
  const testing::RandomGraph graph(7, 8, 20);
  const Checked checked(graph.store, std::string(kClosureRules) + "?- tc(X, Y).");
  Evaluator evaluator(checked.program, graph.store, checked.text, &checked.plans);
  const std::vector<ParamValues> sets(3);
  const std::vector<ParamView> views(sets.begin(), sets.end());
  const std::vector<std::size_t> fast_ends = CheckBatchBothWays(evaluator, views);
  REQUIRE(fast_ends.size() == 3);
  CHECK(fast_ends[0] > 0);
  CHECK(fast_ends[2] == 3 * fast_ends[0]);
}

TEST_CASE("shown table: a batch matches each set's given column", "[query][shown_table]") {
  const testing::RandomGraph graph(11, 9, 9);
  for (const char* query : {"?- tc($start, Y).", "?- tc(X, $start)."}) {
    INFO(query);
    const Checked checked(graph.store, std::string(kClosureRules) + query);
    REQUIRE(ShownTableOf(checked.program.query).has_value());
    Evaluator evaluator(checked.program, graph.store, checked.text, &checked.plans);
    std::vector<ParamValues> sets;
    for (int node = 0; node < 9; ++node) {
      sets.push_back({{"start", Value::Entity("n" + std::to_string(node))}});
    }
    const std::vector<ParamView> views(sets.begin(), sets.end());
    const std::vector<std::size_t> fast_ends = CheckBatchBothWays(evaluator, views);
    REQUIRE(fast_ends.size() == 9);
    // Sets answered differently: the given column was matched per set.
    std::size_t distinct_counts = 0;
    for (std::size_t i = 1; i < fast_ends.size(); ++i) {
      distinct_counts += fast_ends[i] - fast_ends[i - 1] != fast_ends[0] ? 1 : 0;
    }
    CHECK(distinct_counts > 0);
    CHECK(fast_ends.back() > 9);
  }
}

TEST_CASE("shown table: one derived atom, each column given or shown", "[query][shown_table]") {
  const testing::RandomGraph graph(3, 5, 10);
  auto shown = [&](const std::string& query) {
    return ShownTableOf(Checked(graph.store, std::string(kClosureRules) + query).program.query);
  };
  const auto whole = shown("?- tc(X, Y).");
  REQUIRE(whole.has_value());
  CHECK(whole->as_stored);
  CHECK(whole->given.empty());
  CHECK(whole->columns == std::vector<std::uint32_t>{0, 1});
  // The answer's columns follow the atom's: still the table as it stands.
  const auto swapped = shown("?- tc(Y, X).");
  REQUIRE(swapped.has_value());
  CHECK(swapped->as_stored);
  // A given column is matched, not shown.
  const auto from_one = shown("?- tc(\"n1\", Y).");
  REQUIRE(from_one.has_value());
  CHECK_FALSE(from_one->as_stored);
  REQUIRE(from_one->given.size() == 1);
  CHECK(from_one->given.front().first == 0);
  CHECK(from_one->columns == std::vector<std::uint32_t>{1});
  const auto to_one = shown("?- tc(X, \"n2\").");
  REQUIRE(to_one.has_value());
  REQUIRE(to_one->given.size() == 1);
  CHECK(to_one->given.front().first == 1);
  CHECK(to_one->columns == std::vector<std::uint32_t>{0});
  // Columns repeated or hidden; a time clause; a stored relation; a second
  // literal: a body run's.
  CHECK_FALSE(shown("?- tc(X, X)."));
  CHECK_FALSE(shown("?- tc(X, _)."));
  CHECK_FALSE(shown("?- tc(_X, Y)."));
  CHECK_FALSE(shown("?- tc(\"n1\", _)."));
  CHECK_FALSE(shown("?- tc(X, Y) @ 1910."));
  CHECK_FALSE(shown("?- tc(X, Y) @ _."));
  CHECK_FALSE(shown("?- edge(X, Y)."));
  CHECK_FALSE(shown("?- tc(X, Y), X != Y."));
}

}  // namespace
}  // namespace annals::query
