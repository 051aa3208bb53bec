// The store seen as a Boost.Graph: entities are vertices, facts are edges.
//
// A compressed_sparse_row_graph built at Finalize(): 8 bytes per edge (target
// and FactId), no per-edge allocation, and its edge order is ours to choose.
// Out-edges of each vertex are grouped by relation and, within a relation,
// sorted by possible start, so Boost algorithms and the store's own window
// lookups walk the same arrays.
#pragma once

#include "engine/store/store.hpp"

#include <boost/graph/compressed_sparse_row_graph.hpp>

namespace annals::engine {

//! Vertex = canonical EntityId (merged-away ids have no edges); edge bundle =
//! the FactId. Directed: in-edges live in the store's own reverse index (see
//! store_impl.hpp for why not bidirectionalS).
using FactGraph = boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, FactId,
                                                     boost::no_property, EntityId, FactId>;

//! The graph of `store` as of its last Finalize() (empty before the first).
[[nodiscard]] const FactGraph& GraphOf(const Store& store);

}  // namespace annals::engine
