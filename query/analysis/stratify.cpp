// Tarjan's strongly connected components over the derived-relation
// dependency graph; an edge is negative when the body uses the relation under
// '!' or the rule aggregates.
#include "query/analysis/stratify.hpp"

#include <algorithm>
#include <deque>
#include <functional>
#include <string>

namespace annals::query {

namespace {

struct Edge {
  std::uint32_t to;  // the head that depends on `from`
  bool negative;
  bool aggregate;  // negative because the rule aggregates, not through '!'
  TextPos pos;     // the literal (or the aggregating head) responsible
};

std::vector<std::vector<Edge>> DependencyGraph(const CheckedProgram& program) {
  std::vector<std::vector<Edge>> edges(program.derived.size());
  for (const CheckedRule& rule : program.rules) {
    for (const CheckedLiteral& literal : rule.body) {
      if (literal.kind != CheckedLiteral::Kind::kAtom ||
          literal.relation != RelationKind::kDerived) {
        continue;
      }
      const bool negative = literal.negated || rule.has_aggregate;
      edges[literal.derived].push_back(Edge{rule.head, negative, !literal.negated && negative,
                                            literal.negated ? literal.pos : rule.pos});
    }
  }
  return edges;
}

}  // namespace

std::vector<bool> NeededRelations(const CheckedProgram& program,
                                  const std::vector<CheckedLiteral>& literals) {
  std::vector<bool> needed(program.derived.size(), false);
  std::vector<std::uint32_t> work;
  auto visit = [&](const std::vector<CheckedLiteral>& body) {
    for (const CheckedLiteral& literal : body) {
      if (literal.kind == CheckedLiteral::Kind::kAtom &&
          literal.relation == RelationKind::kDerived && !needed[literal.derived]) {
        needed[literal.derived] = true;
        work.push_back(literal.derived);
      }
    }
  };
  visit(literals);
  while (!work.empty()) {
    const std::uint32_t relation = work.back();
    work.pop_back();
    for (const std::uint32_t rule : program.derived[relation].rules)
      visit(program.rules[rule].body);
  }
  return needed;
}

std::vector<Stratum> Stratify(const CheckedProgram& program, const std::vector<bool>& needed,
                              const ErrorContext& context) {
  const std::size_t n = program.derived.size();
  const std::vector<std::vector<Edge>> edges = DependencyGraph(program);

  // Tarjan, iterative-free for clarity: n is the number of rule heads (small).
  std::vector<int> index(n, -1), low(n, 0), component(n, -1);
  std::vector<bool> on_stack(n, false);
  std::vector<std::uint32_t> stack;
  int next_index = 0;
  int components = 0;
  std::function<void(std::uint32_t)> connect = [&](std::uint32_t v) {
    index[v] = low[v] = next_index++;
    stack.push_back(v);
    on_stack[v] = true;
    for (const Edge& edge : edges[v]) {
      if (!needed[edge.to]) continue;
      if (index[edge.to] < 0) {
        connect(edge.to);
        low[v] = std::min(low[v], low[edge.to]);
      } else if (on_stack[edge.to]) {
        low[v] = std::min(low[v], index[edge.to]);
      }
    }
    if (low[v] == index[v]) {
      std::uint32_t w;
      do {
        w = stack.back();
        stack.pop_back();
        on_stack[w] = false;
        component[w] = components;
      } while (w != v);
      ++components;
    }
  };
  for (std::uint32_t v = 0; v < n; ++v) {
    if (needed[v] && index[v] < 0) connect(v);
  }

  // A negative edge inside a component is a cycle through negation: find the
  // path back from its head to its source to name the cycle.
  for (std::uint32_t from = 0; from < n; ++from) {
    if (!needed[from]) continue;
    for (const Edge& edge : edges[from]) {
      if (!edge.negative || !needed[edge.to] || component[edge.to] != component[from]) continue;
      std::vector<int> parent(n, -1);
      std::deque<std::uint32_t> queue{edge.to};
      parent[edge.to] = static_cast<int>(edge.to);
      while (!queue.empty() && parent[from] < 0) {
        const std::uint32_t v = queue.front();
        queue.pop_front();
        for (const Edge& next : edges[v]) {
          if (needed[next.to] && component[next.to] == component[from] && parent[next.to] < 0) {
            parent[next.to] = static_cast<int>(v);
            queue.push_back(next.to);
          }
        }
      }
      // BFS found edge.to -> ... -> from along "is used by"; name the cycle
      // along "uses": edge.to uses !from, which uses ..., which uses edge.to.
      std::vector<std::uint32_t> between;
      for (std::uint32_t v = static_cast<std::uint32_t>(parent[from]); v != edge.to;
           v = static_cast<std::uint32_t>(parent[v])) {
        between.push_back(v);
      }
      std::string cycle = program.derived[edge.to].name +
                          (edge.aggregate ? " -> aggregate of " : " -> !") +
                          program.derived[from].name;
      for (const std::uint32_t v : between) cycle += " -> " + program.derived[v].name;
      if (from != edge.to) cycle += " -> " + program.derived[edge.to].name;
      context.Fail(ErrorCode::kNotStratifiable,
                   "not stratifiable: " + program.derived[edge.to].name +
                       " depends on itself through negation or aggregation (" + cycle +
                       "); a relation cannot be negated or aggregated by its own rules",
                   edge.pos);
    }
  }

  // Tarjan numbers components in reverse topological order of the edges
  // (dependency -> dependent), so the highest number must run first.
  std::vector<Stratum> strata(static_cast<std::size_t>(components));
  for (std::uint32_t v = 0; v < n; ++v) {
    if (component[v] >= 0)
      strata[static_cast<std::size_t>(components - 1 - component[v])].relations.push_back(v);
  }
  for (Stratum& stratum : strata) {
    if (stratum.relations.size() > 1) {
      stratum.recursive = true;
      continue;
    }
    const std::uint32_t v = stratum.relations.front();
    for (const Edge& edge : edges[v]) stratum.recursive |= edge.to == v;
  }
  return strata;
}

}  // namespace annals::query
