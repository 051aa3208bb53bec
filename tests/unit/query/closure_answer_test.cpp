// A closure from one start, shown as it stands (`?- tc($start, Y).`), is
// answered straight from its search. It must answer exactly as when its
// pairs go into the table and are read back: same rows, order, sources and
// errors (row limit, a start that is no entity, a search with sources that
// gives up and leaves the closure to the rounds). Compared over random
// graphs, cyclic and acyclic, with edges in one to three files, in both rule
// forms, with one evaluator per way run again and again.
#include "query/derivation.hpp"
#include "query/evaluator.hpp"

#include <catch2/catch.hpp>

#include <random>
#include <set>
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

constexpr const char* kLeftLinear =
    "tc(X, Y) :- edge(X, Y) @ _.\ntc(X, Z) :- tc(X, Y), edge(Y, Z) @ _.\n";
constexpr const char* kRightLinear =
    "tc(X, Y) :- edge(X, Y) @ _.\ntc(X, Z) :- edge(X, Y) @ _, tc(Y, Z).\n";

// Whether the search with sources from `start` must give up: some node it
// reaches has more edges in from the nodes it reaches (or the start) than a
// pair keeps derivations (kMaxAlternatives). Each such edge is one.
bool MustGiveUp(const testing::RandomGraph& graph, int start, bool forward) {
  std::set<int> reached;
  std::vector<int> queue{start};
  for (std::size_t head = 0; head < queue.size(); ++head) {
    for (const auto& [from, to] : graph.edges) {
      const int near = forward ? from : to;
      const int far = forward ? to : from;
      if (near == queue[head] && reached.insert(far).second) queue.push_back(far);
    }
  }
  for (const int node : reached) {
    std::size_t ways = 0;
    for (const auto& [from, to] : graph.edges) {
      const int near = forward ? from : to;
      const int far = forward ? to : from;
      ways += far == node && (near == start || reached.contains(near)) ? 1 : 0;
    }
    if (ways > kMaxAlternatives) return true;
  }
  return false;
}

TEST_CASE("closure answer: the search's pairs answer as the table read back",
          "[query][closure_answer]") {
  struct Program {
    std::string text;
    bool forward;  // the start is the pairs' first column
  };
  const std::vector<Program> programs = {
      {std::string(kLeftLinear) + "?- tc($start, Y).", true},
      {std::string(kRightLinear) + "?- tc(X, $start).", false},
  };
  std::mt19937 random(71);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(random); };
  std::size_t rows_compared = 0;
  std::size_t rows_with_several_files = 0;
  std::size_t limits_compared = 0;
  std::size_t gave_up = 0;
  std::size_t rows_searched_with_sources = 0;
  for (std::uint32_t seed = 900; seed < 960; ++seed) {
    const bool acyclic = seed % 2 == 0;
    const int nodes = 4 + static_cast<int>(seed % 9);
    const int file_count = 1 + static_cast<int>(seed % 3);
    // Up to ten edges a node: some nodes then have more ways in than a
    // pair keeps.
    const int edges = nodes * (1 + static_cast<int>(seed % 10));
    const testing::RandomGraph graph(seed, nodes, edges, file_count, acyclic);
    for (const Program& program : programs) {
      INFO("seed " << seed << "\n" << program.text);
      const Checked checked(graph.store, program.text);
      REQUIRE(AnswersFromClosureSearch(checked.program));
      Evaluator from_search(checked.program, graph.store, checked.text, &checked.plans);
      Evaluator from_table(checked.program, graph.store, checked.text, &checked.plans);
      for (int run = 0; run < 12; ++run) {
        EvaluatorOptions options;
        options.query.sources = pick(0, 3) != 0;
        if (pick(0, 4) == 0) options.query.row_limit = static_cast<std::size_t>(pick(0, 5));
        EvaluatorOptions through_table = options;
        through_table.closure_answer = false;
        // Mostly a node of the graph; now and then one the store lacks, or
        // a start that is not an entity.
        const int start = pick(0, nodes + 1);
        ParamValues params;
        if (start < nodes) {
          params = {{"start", Value::Entity("n" + std::to_string(start))}};
        } else if (start == nodes) {
          params = {{"start", Value::Entity("nowhere")}};
        } else {
          params = {{"start", Value::Number(3)}};
        }
        INFO("run " << run << ", start " << start << ", sources " << options.query.sources
                    << ", limit " << options.query.row_limit);
        const Outcome expected = Catch([&] { return from_table.Run(through_table, params); });
        const Outcome got = Catch([&] { return from_search.Run(options, params); });
        CHECK(got == expected);
        rows_compared += expected.lines.size();
        for (const std::string& line : expected.lines) {
          rows_with_several_files +=
              line.find("graph-0") != std::string::npos && line.find("graph-1") != std::string::npos
                  ? 1
                  : 0;
        }
        limits_compared += expected.error == ErrorCode::kLimit ? 1 : 0;
        if (start < nodes && options.query.sources && !expected.error) {
          if (MustGiveUp(graph, start, program.forward)) {
            ++gave_up;
          } else {
            rows_searched_with_sources += expected.lines.size();
          }
        }
      }
    }
  }
  // Rows with sources from searches that kept every derivation, rows citing
  // several files, row limits met, and searches that gave up were all
  // compared.
  CHECK(rows_compared > 3000);
  CHECK(rows_searched_with_sources > 800);
  CHECK(rows_with_several_files > 1000);
  CHECK(limits_compared > 50);
  CHECK(gave_up > 100);
}

TEST_CASE("closure answer: a batch answers each start from its search", "[query][closure_answer]") {
  const testing::RandomGraph graph(17, 12, 30, 2);
  const Checked checked(graph.store, std::string(kLeftLinear) + "?- tc($start, Y).");
  Evaluator evaluator(checked.program, graph.store, checked.text, &checked.plans);
  std::vector<ParamValues> sets;
  for (int node = 0; node < 12; ++node) {
    sets.push_back({{"start", Value::Entity("n" + std::to_string(node))}});
  }
  const std::vector<ParamView> views(sets.begin(), sets.end());
  for (const bool sources : {true, false}) {
    INFO("sources " << sources);
    EvaluatorOptions options;
    options.query.sources = sources;
    EvaluatorOptions through_table = options;
    through_table.closure_answer = false;
    std::vector<std::size_t> expected_ends;
    std::vector<std::size_t> ends;
    const std::vector<std::string> expected =
        Lines(evaluator.RunBatch(through_table, views, &expected_ends));
    const std::vector<std::string> got = Lines(evaluator.RunBatch(options, views, &ends));
    CHECK(got == expected);
    CHECK(ends == expected_ends);
    // Starts answered differently: each set searched from its own.
    REQUIRE(ends.size() == 12);
    CHECK(std::set<std::size_t>{ends.begin(), ends.end()}.size() > 6);
  }
}

TEST_CASE("closure answer: only a closure from one start, shown as it stands",
          "[query][closure_answer]") {
  const testing::RandomGraph graph(3, 5, 10);
  auto answers = [&](const std::string& text) {
    return AnswersFromClosureSearch(Checked(graph.store, text).program);
  };
  CHECK(answers(std::string(kLeftLinear) + "?- tc(\"n1\", Y)."));
  CHECK(answers(std::string(kLeftLinear) + "?- tc($start, Y)."));
  CHECK(answers(std::string(kRightLinear) + "?- tc(X, \"n2\")."));
  // From every start: the closure's table, read whole.
  CHECK_FALSE(answers(std::string(kLeftLinear) + "?- tc(X, Y)."));
  // The constant at the end the step extends: not a search from it.
  CHECK_FALSE(answers(std::string(kLeftLinear) + "?- tc(X, \"n2\")."));
  CHECK_FALSE(answers(std::string(kRightLinear) + "?- tc(\"n1\", Y)."));
  // Anything besides the shown closure: a body run, or another stratum.
  CHECK_FALSE(answers(std::string(kLeftLinear) + "?- tc(\"n1\", Y), Y != \"n2\"."));
  CHECK_FALSE(answers(std::string(kLeftLinear) + "?- tc(\"n1\", Y) @ 1910."));
  CHECK_FALSE(answers(std::string(kLeftLinear) + "from(X, count(Y)) :- tc(X, Y).\n" +
                      "?- from(\"n1\", N)."));
  // Not a closure: the periods of its steps are kept.
  CHECK_FALSE(
      answers("tc(X, Y) :- edge(X, Y).\ntc(X, Z) :- tc(X, Y), edge(Y, Z).\n?- tc(\"n1\", Y)."));
}

}  // namespace
}  // namespace annals::query
