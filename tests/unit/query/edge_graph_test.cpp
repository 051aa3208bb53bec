// EdgeGraph: a relation's facts over densely numbered ends, checked against
// the store's own facts, with entities of other relations in between.
#include "query/edge_graph.hpp"

#include "engine/store/store.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace annals::query {
namespace {

struct Edges {
  engine::Store store;
  engine::RelationId edge = 0;
  // Every fact of `edge`: (fact, subject, object), in id order.
  std::vector<std::tuple<engine::FactId, engine::EntityId, engine::EntityId>> facts;
};

// Entities of `edge` interleaved with ones only `other` joins and ones no
// fact names, so that the graph's ends are not the store's first ids.
void Fill(Edges& edges, std::uint32_t seed) {
  std::mt19937 random(seed);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(random); };
  engine::Store& store = edges.store;
  edges.edge = store.InternRelation("edge");
  const engine::RelationId other = store.InternRelation("other");
  std::vector<engine::EntityId> joined;
  std::vector<engine::EntityId> elsewhere;
  for (int i = 0; i < 200; ++i) {
    const engine::EntityId entity = store.InternEntity("e" + std::to_string(i));
    switch (pick(0, 2)) {
      case 0:
        joined.push_back(entity);
        break;
      case 1:
        elsewhere.push_back(entity);
        break;
      default:
        break;  // named by no fact
    }
  }
  REQUIRE(joined.size() > 10);
  REQUIRE(elsewhere.size() > 10);
  auto any = [&](const std::vector<engine::EntityId>& from) {
    return from[static_cast<std::size_t>(pick(0, static_cast<int>(from.size()) - 1))];
  };
  const Period period = Period::Make(VagueDate::InYear(1920), VagueDate::InYear(1921));
  for (int f = 0; f < 400; ++f) {
    if (pick(0, 2) == 0) {
      store.AddFact(other, any(elsewhere), any(elsewhere), period, engine::SourceRef{});
      continue;
    }
    const engine::EntityId subject = any(joined);
    const engine::EntityId object = pick(0, 9) == 0 ? subject : any(joined);  // self-loops too
    const engine::FactId id =
        store.AddFact(edges.edge, subject, object, period, engine::SourceRef{});
    edges.facts.emplace_back(id, subject, object);
  }
  store.Finalize();
}

TEST_CASE("an edge graph holds its relation's facts between densely numbered ends",
          "[query][closure]") {
  for (std::uint32_t seed = 1; seed <= 8; ++seed) {
    Edges edges;
    Fill(edges, seed);
    for (const bool forward : {true, false}) {
      INFO("seed " << seed << (forward ? " forward" : " backward"));
      std::size_t ticks = 0;
      const EdgeGraph graph(edges.store, edges.edge, forward, [&] { ++ticks; });
      CHECK(ticks == edges.facts.size());

      // The nodes: every end of an edge fact, ascending, and nothing else.
      std::set<engine::EntityId> ends;
      for (const auto& [fact, subject, object] : edges.facts) {
        ends.insert(subject);
        ends.insert(object);
      }
      const std::vector<engine::EntityId> expected_nodes(ends.begin(), ends.end());
      std::vector<engine::EntityId> nodes;
      for (std::uint32_t node = 0; node < graph.NodeCount(); ++node) {
        nodes.push_back(graph.EntityOf(node));
      }
      CHECK(nodes == expected_nodes);

      // Each node's edges: its facts in id order, each to the other end.
      std::map<engine::EntityId, std::vector<std::pair<engine::FactId, engine::EntityId>>> expected;
      for (const auto& [fact, subject, object] : edges.facts) {
        if (forward) {
          expected[subject].emplace_back(fact, object);
        } else {
          expected[object].emplace_back(fact, subject);
        }
      }
      std::size_t edge_count = 0;
      for (std::uint32_t node = 0; node < graph.NodeCount(); ++node) {
        const auto targets = graph.Targets(node);
        const auto facts = graph.Facts(node);
        REQUIRE(targets.size() == facts.size());
        std::vector<std::pair<engine::FactId, engine::EntityId>> actual;
        for (std::size_t i = 0; i < targets.size(); ++i) {
          REQUIRE(targets[i] < graph.NodeCount());
          actual.emplace_back(facts[i], graph.EntityOf(targets[i]));
        }
        const auto found = expected.find(graph.EntityOf(node));
        CHECK(actual == (found == expected.end() ? decltype(actual){} : found->second));
        edge_count += actual.size();
      }
      CHECK(edge_count == edges.facts.size());
      CHECK(graph.CapacityBytes() > 0);
    }
  }
}

TEST_CASE("an edge graph of a relation without facts is empty", "[query][closure]") {
  engine::Store store;
  const engine::RelationId empty = store.InternRelation("empty");
  store.InternEntity("alone");
  store.Finalize();
  const EdgeGraph graph(store, empty, true, [] {});
  CHECK(graph.NodeCount() == 0);
}

}  // namespace
}  // namespace annals::query
