// The sources of a closure's rows against what they must be: every edge on
// some path between the row's ends, by file name, then line. The answer
// writes a row's sources from those of the row one edge shorter when it can,
// so a wrong copy or merge would show here, where comparing the search with
// the rounds (which share that writer) would not.
#include "query/analysis/analyzer.hpp"
#include "query/derivation.hpp"
#include "query/evaluator.hpp"
#include "query/parser.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "tests/unit/query/random_graph.hpp"

namespace annals::query {
namespace {

QueryResult EvaluateWith(const engine::Store& store, const std::string& text,
                         const EvaluatorOptions& options) {
  const CheckedProgram program = Analyze(ParseQueryText(text), store, text);
  return query::Evaluate(program, store, text, options);
}

//! reaches[a][b]: a path of one edge or more leads from node a to node b.
std::vector<std::vector<bool>> Reachability(const testing::RandomGraph& graph, int nodes) {
  const auto n = static_cast<std::size_t>(nodes);
  std::vector<std::vector<bool>> reaches(n, std::vector<bool>(n, false));
  for (const auto& [from, to] : graph.edges) {
    reaches[static_cast<std::size_t>(from)][static_cast<std::size_t>(to)] = true;
  }
  for (std::size_t via = 0; via < n; ++via) {
    for (std::size_t a = 0; a < n; ++a) {
      for (std::size_t b = 0; b < n; ++b) {
        if (reaches[a][via] && reaches[via][b]) reaches[a][b] = true;
      }
    }
  }
  return reaches;
}

int NodeOf(const Value& value) { return std::stoi(std::string(value.text().substr(1))); }

//! The sources a row of ends (a, b), with `more` edges of its own besides
//! the path's, must list: "file:line", by file name, then line.
std::vector<std::string> ExpectedSources(const testing::RandomGraph& graph,
                                         const std::vector<std::vector<bool>>& reaches, int a,
                                         int b, const std::vector<std::size_t>& more) {
  std::set<std::pair<std::string, std::uint32_t>> sources;
  auto add = [&](std::size_t edge) {
    sources.emplace(graph.edge_files[edge], static_cast<std::uint32_t>(edge + 1));
  };
  for (std::size_t i = 0; i < graph.edges.size(); ++i) {
    const auto [u, v] = graph.edges[i];
    const bool from_a = u == a || reaches[static_cast<std::size_t>(a)][static_cast<std::size_t>(u)];
    const bool to_b = v == b || reaches[static_cast<std::size_t>(v)][static_cast<std::size_t>(b)];
    if (from_a && to_b) add(i);
  }
  for (const std::size_t edge : more) add(edge);
  std::vector<std::string> listed;
  for (const auto& [file, line] : sources) listed.push_back(file + ":" + std::to_string(line));
  return listed;
}

std::vector<std::string> Listed(const Row& row) {
  std::vector<std::string> listed;
  for (const SourceLocation& source : row.sources) {
    listed.push_back(source.file + ":" + std::to_string(source.line));
  }
  return listed;
}

//! No pair has more derivations than the arena keeps: at most one per edge
//! into (left-linear) or out of (right-linear) a node.
bool FewEdgesPerNode(const testing::RandomGraph& graph, int nodes) {
  std::vector<int> in(static_cast<std::size_t>(nodes), 0);
  std::vector<int> out(static_cast<std::size_t>(nodes), 0);
  for (const auto& [from, to] : graph.edges) {
    ++out[static_cast<std::size_t>(from)];
    ++in[static_cast<std::size_t>(to)];
  }
  const auto most = [](const std::vector<int>& counts) {
    return *std::max_element(counts.begin(), counts.end());
  };
  return most(in) <= static_cast<int>(kMaxAlternatives) &&
         most(out) <= static_cast<int>(kMaxAlternatives);
}

constexpr const char* kLeftLinear =
    "tc(X, Y) :- edge(X, Y) @ _.\ntc(X, Z) :- tc(X, Y) @ _, edge(Y, Z) @ _.\n";
constexpr const char* kRightLinear =
    "tc(X, Z) :- edge(X, Y) @ _, tc(Y, Z) @ _.\ntc(X, Y) :- edge(X, Y) @ _.\n";

TEST_CASE("a closure's row lists the sources of every edge on a path between its ends",
          "[query][evaluator][sources]") {
  struct Case {
    std::string text;
    int fixed_start = -1;  // the start or end the query names, or -1
    int fixed_end = -1;
    bool joins_edge = false;  // the row also has the edges out of its end
  };
  const std::vector<Case> cases = {
      {std::string(kLeftLinear) + "?- tc(X, Y)."},
      {std::string(kRightLinear) + "?- tc(X, Y)."},
      {std::string(kLeftLinear) + "?- tc(\"n1\", Y).", 1, -1},
      {std::string(kRightLinear) + "?- tc(X, \"n2\").", -1, 2},
      {std::string(kLeftLinear) + "?- tc(X, Y), edge(Y, Z) @ _.", -1, -1, true},
  };
  EvaluatorOptions search;
  EvaluatorOptions rounds;
  rounds.closure_search = false;
  std::size_t rows_checked = 0;
  std::size_t longest = 0;
  std::size_t several_files = 0;
  // Acyclic graphs join many pairs along several paths (diamonds), whose
  // rows list the union of what the rows one edge shorter listed.
  for (std::uint32_t seed = 500; seed < 580; ++seed) {
    const bool acyclic = seed >= 540;
    const int nodes = 3 + static_cast<int>(seed % 7);
    const int file_count = 1 + static_cast<int>(seed % 3);
    const testing::RandomGraph graph(seed, nodes, 2 + static_cast<int>(seed % 13), file_count,
                                     acyclic);
    if (!FewEdgesPerNode(graph, nodes)) continue;
    const auto reaches = Reachability(graph, nodes);
    for (const Case& c : cases) {
      for (const EvaluatorOptions* options : {&search, &rounds}) {
        INFO("seed " << seed << (options == &search ? ", search\n" : ", rounds\n") << c.text);
        const QueryResult result = EvaluateWith(graph.store, c.text, *options);
        for (const Row& row : result) {
          const int a = c.fixed_start >= 0 ? c.fixed_start : NodeOf(row.values[0]);
          const int b = c.fixed_end >= 0     ? c.fixed_end
                        : c.fixed_start >= 0 ? NodeOf(row.values[0])
                                             : NodeOf(row.values[1]);
          std::vector<std::size_t> more;
          if (c.joins_edge) {
            const int z = NodeOf(row.values[2]);
            for (std::size_t i = 0; i < graph.edges.size(); ++i) {
              if (graph.edges[i] == std::make_pair(b, z)) more.push_back(i);
            }
          }
          INFO("row " << a << " -> " << b);
          const std::vector<std::string> listed = Listed(row);
          CHECK(listed == ExpectedSources(graph, reaches, a, b, more));
          ++rows_checked;
          longest = std::max(longest, listed.size());
          std::set<std::string> files;
          for (const SourceLocation& source : row.sources) files.insert(source.file);
          if (files.size() > 1) ++several_files;
        }
      }
    }
  }
  // The graphs hold long paths, and rows whose sources span files.
  CHECK(rows_checked > 1000);
  CHECK(longest >= 8);
  CHECK(several_files > 100);
}

TEST_CASE("a closure's search answers a pair after every pair one edge shorter it rests on",
          "[query][evaluator][sources]") {
  // The order the source writer relies on to take a row's sources from the
  // rows one edge shorter as written, and to share them when that row was
  // the last one written; breadth first it fails wherever a pair is reached
  // by paths of different lengths. In a DAG every such row comes first.
  struct Case {
    const char* rules;
    bool left_linear;  // pairs from one start rest on (start, u); else on (u, end)
  };
  std::size_t rows_checked = 0;
  std::size_t right_after_shorter = 0;
  for (const Case& c : {Case{kLeftLinear, true}, Case{kRightLinear, false}}) {
    for (std::uint32_t seed = 700; seed < 760; ++seed) {
      const int nodes = 4 + static_cast<int>(seed % 9);
      const testing::RandomGraph graph(seed, nodes, 3 + static_cast<int>(seed % 17), 1,
                                       /*acyclic=*/true);
      if (!FewEdgesPerNode(graph, nodes)) continue;
      INFO("seed " << seed << "\n" << c.rules);
      const QueryResult result =
          EvaluateWith(graph.store, std::string(c.rules) + "?- tc(X, Y).", EvaluatorOptions{});
      std::vector<std::pair<int, int>> pairs;
      for (const Row& row : result)
        pairs.emplace_back(NodeOf(row.values[0]), NodeOf(row.values[1]));
      const auto position = [&](std::pair<int, int> pair) {
        return std::find(pairs.begin(), pairs.end(), pair) - pairs.begin();
      };
      for (std::size_t at = 0; at < pairs.size(); ++at) {
        const auto [a, b] = pairs[at];
        for (const auto& [u, v] : graph.edges) {
          // The shorter pair a derivation of (a, b) by this edge rests on.
          std::pair<int, int> shorter;
          if (c.left_linear && v == b && u != a) {
            shorter = {a, u};
          } else if (!c.left_linear && u == a && v != b) {
            shorter = {v, b};
          } else {
            continue;
          }
          const auto found = position(shorter);
          if (found == static_cast<std::ptrdiff_t>(pairs.size())) continue;  // no path: no pair
          INFO("row " << a << " -> " << b << " at " << at);
          CHECK(static_cast<std::size_t>(found) < at);
          if (static_cast<std::size_t>(found) + 1 == at) ++right_after_shorter;
        }
        ++rows_checked;
      }
    }
  }
  CHECK(rows_checked > 500);
  // Most rows come right after a row they rest on.
  CHECK(right_after_shorter * 2 > rows_checked);
}

}  // namespace
}  // namespace annals::query
