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
  //! Edge i is line i + 1 of file edge_files[i].
  std::vector<std::string> edge_files;

  //! With `file_count` > 1, edge i is written in file graph-{k}.dl, k = i mod
  //! file_count, and the files are interned from the last name to the
  //! first, so that the store's numbering is not their order by name.
  //! With `acyclic`, every edge goes from a lower node to a higher one: a
  //! DAG, where many pairs are joined along several paths.
  RandomGraph(std::uint32_t seed, int nodes, int edge_count, int file_count = 1,
              bool acyclic = false) {
    std::mt19937 random(seed);
    auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(random); };
    std::vector<engine::FileId> files(static_cast<std::size_t>(file_count));
    for (int k = file_count - 1; k >= 0; --k) {
      files[static_cast<std::size_t>(k)] =
          store.InternFile(file_count == 1 ? "graph.dl" : "graph-" + std::to_string(k) + ".dl");
    }
    const engine::RelationId relation = store.InternRelation("edge");
    std::vector<engine::EntityId> ids;
    for (int i = 0; i < nodes; ++i) ids.push_back(store.InternEntity("n" + std::to_string(i)));
    auto vague = [&](int year) { return RandomVagueDate(random, year); };
    for (int e = 0; e < edge_count; ++e) {
      const int from = acyclic ? pick(0, nodes - 2) : pick(0, nodes - 1);
      const int to = acyclic ? pick(from + 1, nodes - 1) : pick(0, nodes - 1);
      const int start = pick(1900, 1920);
      const int end = start + pick(0, 10);
      Period period;
      if (!Period::TryMake(vague(start), vague(end), &period, nullptr)) {
        period = Period::Make(VagueDate::InYear(start), VagueDate::InYear(end + 1));
      }
      edges.emplace_back(from, to);
      const engine::FileId file = files[static_cast<std::size_t>(e % file_count)];
      edge_files.emplace_back(store.FileName(file));
      store.AddFact(relation, ids[static_cast<std::size_t>(from)],
                    ids[static_cast<std::size_t>(to)], period,
                    engine::SourceRef{file, static_cast<std::uint32_t>(e + 1)});
    }
    store.Finalize();
  }
};

}  // namespace annals::query::testing
