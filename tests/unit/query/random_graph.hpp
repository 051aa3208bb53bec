// A random directed graph for query tests: entities n0..n{nodes-1} and
// "edge" facts between random pairs, each over a random period at day, month
// or year precision (cycles and self-loops included). Seeded: the same
// arguments give the same graph.
#pragma once

#include <annals/time.hpp>

#include "engine/store/store.hpp"

#include <cstdint>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace annals::query::testing {

//! A day, a month or the whole of `year`, at random.
inline VagueDate RandomVagueDate(std::mt19937& random, int year) {
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(random); };
  switch (pick(0, 2)) {
    case 0:
      return VagueDate::OnDay(year, pick(1, 12), pick(1, 28));
    case 1:
      return VagueDate::InMonth(year, pick(1, 12));
    default:
      return VagueDate::InYear(year);
  }
}

struct RandomGraph {
  engine::Store store;
  std::vector<std::pair<int, int>> edges;

  RandomGraph(std::uint32_t seed, int nodes, int edge_count) {
    std::mt19937 random(seed);
    auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(random); };
    const engine::FileId file = store.InternFile("graph.dl");
    const engine::RelationId relation = store.InternRelation("edge");
    std::vector<engine::EntityId> ids;
    for (int i = 0; i < nodes; ++i) ids.push_back(store.InternEntity("n" + std::to_string(i)));
    auto vague = [&](int year) { return RandomVagueDate(random, year); };
    for (int e = 0; e < edge_count; ++e) {
      const int from = pick(0, nodes - 1);
      const int to = pick(0, nodes - 1);
      const int start = pick(1900, 1920);
      const int end = start + pick(0, 10);
      Period period;
      if (!Period::TryMake(vague(start), vague(end), &period, nullptr)) {
        period = Period::Make(VagueDate::InYear(start), VagueDate::InYear(end + 1));
      }
      edges.emplace_back(from, to);
      store.AddFact(relation, ids[static_cast<std::size_t>(from)],
                    ids[static_cast<std::size_t>(to)], period,
                    engine::SourceRef{file, static_cast<std::uint32_t>(e + 1)});
    }
    store.Finalize();
  }
};

}  // namespace annals::query::testing
