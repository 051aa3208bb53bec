// Renumbering a relation's ends densely, and grouping its edges by node.
#include "query/edge_graph.hpp"

#include "engine/store/memory_bytes.hpp"

#include <bit>

namespace annals::query {

EdgeGraph::EdgeGraph(const engine::Store& store, engine::RelationId relation, bool forward,
                     const std::function<void()>& tick) {
  struct Edge {
    std::uint32_t from;  // an entity, then its node
    std::uint32_t to;
    engine::FactId fact;
  };
  std::vector<Edge> edges;
  edges.reserve(store.FactCount(relation));
  // A bit per entity of the store marks the ends: 1 MB at 10M facts, where
  // a table of the ends would be hashed at random.
  std::vector<std::uint64_t> is_end((store.EntityCount() + 63) / 64, 0);
  auto mark = [&](engine::EntityId entity) {
    is_end[entity / 64] |= std::uint64_t{1} << (entity % 64);
  };
  store.FactsInIdOrder(relation, [&](engine::FactId fact) {
    tick();
    const engine::EntityId subject = store.FactEnd(fact, /*subject=*/true);
    const engine::EntityId object = store.FactEnd(fact, /*subject=*/false);
    mark(subject);
    mark(object);
    edges.push_back(forward ? Edge{subject, object, fact} : Edge{object, subject, fact});
    return true;
  });
  // A node is its entity's rank among the marked ones.
  std::vector<std::uint32_t> nodes_before(is_end.size());
  std::uint32_t nodes = 0;
  for (std::size_t word = 0; word < is_end.size(); ++word) {
    nodes_before[word] = nodes;
    nodes += static_cast<std::uint32_t>(std::popcount(is_end[word]));
  }
  entities_.reserve(nodes);
  for (std::size_t word = 0; word < is_end.size(); ++word) {
    for (std::uint64_t bits = is_end[word]; bits != 0; bits &= bits - 1) {
      entities_.push_back(static_cast<engine::EntityId>(word * 64 + std::countr_zero(bits)));
    }
  }
  auto node_of = [&](engine::EntityId entity) {
    const std::uint64_t below = (std::uint64_t{1} << (entity % 64)) - 1;
    return nodes_before[entity / 64] +
           static_cast<std::uint32_t>(std::popcount(is_end[entity / 64] & below));
  };
  // A counting sort by node: stable, so each node's edges stay in fact order.
  offsets_.assign(std::size_t{nodes} + 1, 0);
  for (Edge& edge : edges) {
    edge.from = node_of(edge.from);
    edge.to = node_of(edge.to);
    ++offsets_[edge.from + 1];
  }
  for (std::size_t node = 1; node < offsets_.size(); ++node) offsets_[node] += offsets_[node - 1];
  targets_.resize(edges.size());
  facts_.resize(edges.size());
  std::vector<std::uint32_t> next(offsets_.begin(), offsets_.end() - 1);
  for (const Edge& edge : edges) {
    const std::uint32_t at = next[edge.from]++;
    targets_[at] = edge.to;
    facts_[at] = edge.fact;
  }
}

std::size_t EdgeGraph::CapacityBytes() const {
  using engine::VectorBytes;
  return VectorBytes(entities_) + VectorBytes(offsets_) + VectorBytes(targets_) +
         VectorBytes(facts_);
}

}  // namespace annals::query
