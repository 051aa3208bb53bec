// The store as a Boost.Graph: Boost algorithms run on it, and each vertex's
// out-edges come grouped by relation and sorted by start.
#include "engine/store/fact_graph.hpp"

#include "engine/store/store.hpp"

#include <boost/graph/breadth_first_search.hpp>
#include <catch2/catch.hpp>

#include <vector>

namespace annals::engine {
namespace {

Period Days(Day from, Day to) { return Period{VagueDate{from, from}, VagueDate{to, to}}; }

TEST_CASE("Boost algorithms walk the fact graph", "[engine][store]") {
  Store store;
  const RelationId dissolved = store.InternRelation("dissolved_into");
  const RelationId leads = store.InternRelation("leads");
  const EntityId khorezm = store.InternEntity("Khorezm SSR");
  const EntityId uzbek = store.InternEntity("Uzbek SSR");
  const EntityId ussr = store.InternEntity("USSR");
  const EntityId alone = store.InternEntity("Bukhara");
  const EntityId person = store.InternEntity("Person");
  const FactId late = store.AddFact(leads, khorezm, person, Days(300, 400), SourceRef{});
  const FactId first = store.AddFact(dissolved, khorezm, uzbek, Days(100, 100), SourceRef{});
  const FactId early = store.AddFact(leads, khorezm, person, Days(10, 20), SourceRef{});
  store.AddFact(dissolved, uzbek, ussr, Days(200, 200), SourceRef{});
  store.Finalize();
  const FactGraph& graph = GraphOf(store);
  CHECK(boost::num_vertices(graph) == store.EntityCount());
  CHECK(boost::num_edges(graph) == store.FactCount());

  std::vector<boost::default_color_type> colors(boost::num_vertices(graph));
  std::vector<EntityId> reached;
  struct Recorder : boost::default_bfs_visitor {
    std::vector<EntityId>* out;
    void discover_vertex(EntityId v, const FactGraph&) const { out->push_back(v); }
  } recorder;
  recorder.out = &reached;
  boost::breadth_first_search(graph, khorezm,
                              boost::visitor(recorder).color_map(boost::make_iterator_property_map(
                                  colors.begin(), boost::get(boost::vertex_index, graph))));
  std::sort(reached.begin(), reached.end());
  CHECK(reached == std::vector<EntityId>{khorezm, uzbek, ussr, person});
  CHECK(std::find(reached.begin(), reached.end(), alone) == reached.end());

  // Relation order (by id), then start: dissolved_into, then leads early/late.
  std::vector<FactId> order;
  for (auto [e, end] = boost::out_edges(khorezm, graph); e != end; ++e) {
    order.push_back(graph[*e]);
    CHECK(boost::target(*e, graph) == store.Fact(graph[*e]).object);
  }
  CHECK(order == std::vector<FactId>{first, early, late});
}

}  // namespace
}  // namespace annals::engine
