// The facts of one stored relation as a graph over just the entities they
// join, numbered densely, for a closure's searches from every start.
//
// Why not the join index: it is a CSR over all of the store's entities, and
// so is the dense reached-set a search over it needs. At 10M facts that is
// two arrays of 36 MB each, touched in full (zeroed, then probed at random)
// for a relation of 333k facts among 420k entities: 18,000 fresh pages per
// query and a cache miss per visit. Renumbered, the same graph and marks
// take a few MB. Nodes are numbered in the order of their entity ids, and a
// node's edges keep the order of their fact ids, so searches over the graph
// find what searches over the join index found, in the same order.
#pragma once

#include "engine/store/store.hpp"

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

namespace annals::query {

class EdgeGraph {
 public:
  //! The graph of `relation`'s facts, each an edge from its subject to its
  //! object (`forward`) or back. `tick` is called once per fact, so that a
  //! query's time limit can end a long build (by throwing).
  EdgeGraph(const engine::Store& store, engine::RelationId relation, bool forward,
            const std::function<void()>& tick);

  //! Nodes are 0..NodeCount()-1: every entity at either end of a fact.
  [[nodiscard]] std::uint32_t NodeCount() const {
    return static_cast<std::uint32_t>(entities_.size());
  }
  [[nodiscard]] engine::EntityId EntityOf(std::uint32_t node) const { return entities_[node]; }
  //! The nodes `node`'s edges lead to, in the order of their facts' ids.
  [[nodiscard]] std::span<const std::uint32_t> Targets(std::uint32_t node) const {
    return {targets_.data() + offsets_[node], offsets_[node + 1] - offsets_[node]};
  }
  //! The fact of each edge of Targets(node), in the same order.
  [[nodiscard]] std::span<const engine::FactId> Facts(std::uint32_t node) const {
    return {facts_.data() + offsets_[node], offsets_[node + 1] - offsets_[node]};
  }
  //! Bytes the graph holds.
  [[nodiscard]] std::size_t CapacityBytes() const;

 private:
  std::vector<engine::EntityId> entities_;  // node -> entity, ascending
  std::vector<std::uint32_t> offsets_;      // node -> first edge; node + 1 -> end
  std::vector<std::uint32_t> targets_;      // by edge
  std::vector<engine::FactId> facts_;       // by edge
};

}  // namespace annals::query
