// The window lookups against a brute-force scan on random data: every fact
// whose possible validity [start.lo, end.hi] meets the window, each once; and
// the walk of a relation in id order.
#include "engine/store/interval_index.hpp"
#include "engine/store/snapshot.hpp"
#include "engine/store/store.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <functional>
#include <random>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "scratch_dir.hpp"

namespace annals::engine {
namespace {

using Rng = std::mt19937;

int Uniform(Rng& rng, int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); }

// Periods in the shapes history gives: exact, vague, open or unknown ends at
// the bounds of time, single days, long reigns, and chains of adjacent terms.
Period RandomPeriod(Rng& rng, Day previous_end) {
  const int shape = Uniform(rng, 0, 9);
  Day s_lo = Uniform(rng, -2000, 2000);
  Day s_hi = s_lo;
  if (shape == 1) s_hi = s_lo + Uniform(rng, 1, 365);  // vague start
  Day e_lo = s_hi + Uniform(rng, 0, 400);
  Day e_hi = e_lo;
  switch (shape) {
    case 2:  // single day
      e_lo = e_hi = s_hi = s_lo;
      break;
    case 3:  // open end: still holds
      e_hi = kMaxDay;
      break;
    case 4:  // unknown start
      s_lo = kMinDay;
      break;
    case 5:  // the whole of time
      s_lo = kMinDay;
      s_hi = kMinDay;
      e_lo = kMaxDay;
      e_hi = kMaxDay;
      break;
    case 6:  // long reign
      e_hi = e_lo = s_hi + Uniform(rng, 1000, 3000);
      break;
    case 7:  // adjacent to the previous fact's end
      s_lo = s_hi = previous_end + 1;
      e_lo = e_hi = s_hi + Uniform(rng, 0, 50);
      break;
    case 8:  // vague end
      e_hi = e_lo + Uniform(rng, 1, 400);
      break;
    case 9:  // ends on either side of the 16-bit gap the index keeps beside starts
      if (Uniform(rng, 0, 1) == 0) e_hi = e_lo = s_hi + Uniform(rng, 65500, 65600);
      break;
    default:
      break;
  }
  return Period{VagueDate{s_lo, s_hi, DateForm::kSpan}, VagueDate{e_lo, e_hi, DateForm::kSpan}};
}

std::pair<Day, Day> RandomWindow(Rng& rng) {
  switch (Uniform(rng, 0, 7)) {
    case 0: {
      const Day d = Uniform(rng, -2500, 2500);
      return {d, d};
    }
    case 1:
      return {kMinDay, kMaxDay};
    case 2:
      return {kMinDay, Uniform(rng, -2500, 2500)};
    case 3:
      return {Uniform(rng, -2500, 2500), kMaxDay};
    case 4: {
      const Day d = Uniform(rng, -2500, 2500);
      return {d, d - Uniform(rng, 1, 10)};  // empty window
    }
    case 7: {  // among the ends of the longest periods
      const Day d = Uniform(rng, 63000, 68000);
      return {d, d + Uniform(rng, 0, 10)};
    }
    default: {
      const Day d = Uniform(rng, -2500, 2500);
      return {d, d + Uniform(rng, 0, 500)};
    }
  }
}

struct Model {
  struct Row {
    RelationId relation;
    EntityId subject;
    EntityId object;
    Period period;
  };
  std::vector<Row> rows;  // indexed by FactId
};

std::vector<FactId> Collect(const std::function<void(const FactVisitor&)>& lookup) {
  std::vector<FactId> seen;
  lookup([&](FactId f) {
    seen.push_back(f);
    return true;
  });
  return seen;
}

// An empty window (lo > hi) meets nothing.
bool Meets(const Period& p, Day lo, Day hi) {
  return lo <= hi && p.start.lo <= hi && p.end.hi >= lo;
}

void CheckAgainstBruteForce(const Store& store, const Model& model, Rng& rng, int queries) {
  const auto relation_count = static_cast<RelationId>(store.RelationCount());
  const auto entity_count = static_cast<EntityId>(store.EntityCount());
  for (int q = 0; q < queries; ++q) {
    // Plain variables: lambdas below capture them, which clang 14 refuses
    // for structured bindings.
    Day lo = 0;
    Day hi = 0;
    std::tie(lo, hi) = RandomWindow(rng);
    const auto relation = static_cast<RelationId>(Uniform(rng, 0, relation_count - 1));
    const auto entity = static_cast<EntityId>(Uniform(rng, 0, entity_count - 1));
    const EntityId canonical = store.Canonical(entity);
    std::vector<FactId> all, by_subject, by_object, in_id_order, starting;
    for (FactId f = 0; f < model.rows.size(); ++f) {
      const Model::Row& row = model.rows[f];
      if (row.relation == relation) in_id_order.push_back(f);
      if (row.relation == relation && row.period.start.lo >= lo && row.period.start.lo <= hi) {
        starting.push_back(f);
      }
      if (row.relation != relation || !Meets(row.period, lo, hi)) continue;
      all.push_back(f);
      if (store.Canonical(row.subject) == canonical) by_subject.push_back(f);
      if (store.Canonical(row.object) == canonical) by_object.push_back(f);
    }
    auto got_all = Collect([&](const FactVisitor& v) { store.FactsDuring(relation, lo, hi, v); });
    auto got_starting =
        Collect([&](const FactVisitor& v) { store.FactsStartingDuring(relation, lo, hi, v); });
    auto got_subject = Collect(
        [&](const FactVisitor& v) { store.FactsOfSubjectDuring(relation, entity, lo, hi, v); });
    auto got_object = Collect(
        [&](const FactVisitor& v) { store.FactsOfObjectDuring(relation, entity, lo, hi, v); });
    // In id order as given, not sorted here: the order is the promise.
    const auto got_in_id_order =
        Collect([&](const FactVisitor& v) { store.FactsInIdOrder(relation, v); });
    for (auto* got : {&got_all, &got_subject, &got_object, &got_starting}) {
      std::sort(got->begin(), got->end());
    }
    INFO("window [" << lo << ", " << hi << "], relation " << relation << ", entity " << entity);
    REQUIRE(got_all == all);
    REQUIRE(got_starting == starting);
    REQUIRE(got_subject == by_subject);
    REQUIRE(got_object == by_object);
    REQUIRE(got_in_id_order == in_id_order);
  }
}

// FactsOfEachDuring gives, lookup after lookup, what the one-at-a-time
// lookups give, in their order; a visitor's stop ends its lookup only.
void CheckLookupsTogether(const Store& store, Rng& rng, int batches) {
  const auto relation_count = static_cast<RelationId>(store.RelationCount());
  const auto entity_count = static_cast<EntityId>(store.EntityCount());
  if (relation_count == 0 || entity_count == 0) return;
  for (int b = 0; b < batches; ++b) {
    const auto relation = static_cast<RelationId>(Uniform(rng, 0, relation_count - 1));
    const bool by_subject = Uniform(rng, 0, 1) == 0;
    // Sizes across the groups the store takes lookups in (16).
    std::vector<Store::EndLookup> lookups(static_cast<std::size_t>(Uniform(rng, 0, 40)));
    for (Store::EndLookup& lookup : lookups) {
      lookup.entity = static_cast<EntityId>(Uniform(rng, 0, entity_count - 1));
      std::tie(lookup.lo, lookup.hi) = RandomWindow(rng);
    }
    // Lookup i takes at most stop_after[i] facts (0: all).
    std::vector<int> stop_after(lookups.size());
    for (int& stop : stop_after) stop = Uniform(rng, 0, 3) == 0 ? Uniform(rng, 1, 20) : 0;
    std::vector<std::pair<std::size_t, FactId>> expected;
    for (std::size_t i = 0; i < lookups.size(); ++i) {
      const Store::EndLookup& lookup = lookups[i];
      int taken = 0;
      const FactVisitor take = [&](FactId fact) {
        expected.emplace_back(i, fact);
        return ++taken != stop_after[i];
      };
      if (by_subject) {
        store.FactsOfSubjectDuring(relation, lookup.entity, lookup.lo, lookup.hi, take);
      } else {
        store.FactsOfObjectDuring(relation, lookup.entity, lookup.lo, lookup.hi, take);
      }
    }
    std::vector<std::pair<std::size_t, FactId>> got;
    std::vector<int> taken(lookups.size());
    store.FactsOfEachDuring(relation, by_subject, lookups, [&](std::size_t i, FactId fact) {
      got.emplace_back(i, fact);
      return ++taken[i] != stop_after[i];
    });
    INFO("batch " << b << " of " << lookups.size() << " lookups, relation " << relation
                  << (by_subject ? ", by subject" : ", by object"));
    REQUIRE(got == expected);
  }
}

// `relations` names the relation of each fact (by default three common ones
// and a rare one).
void AddRandomFacts(Store& store, Model& model, Rng& rng, int count, int entities,
                    const std::function<std::string(Rng&)>& relations = {}) {
  Day previous_end = 0;
  for (int i = 0; i < count; ++i) {
    // Three common relations and a rare one (under 1/16 of the facts, which
    // FactsInIdOrder reads from the index rather than by a full pass).
    const auto relation =
        store.InternRelation(relations                  ? relations(rng)
                             : Uniform(rng, 0, 39) == 0 ? std::string("rare")
                                                        : "r" + std::to_string(Uniform(rng, 0, 2)));
    // A few entities carry most of the history, as capitals and big parties do.
    const auto pick = [&] {
      return store.InternEntity("e" + std::to_string(Uniform(rng, 0, 3) == 0
                                                         ? Uniform(rng, 0, 2)
                                                         : Uniform(rng, 0, entities - 1)));
    };
    const EntityId subject = pick();
    const EntityId object = pick();
    const Period period = RandomPeriod(rng, previous_end);
    previous_end = period.end.hi;
    if (previous_end >= kMaxDay - 100) previous_end = 0;
    const FactId id =
        store.AddFact(relation, subject, object, period,
                      SourceRef{0, static_cast<std::uint32_t>(model.rows.size() + 1)});
    REQUIRE(id == model.rows.size());
    model.rows.push_back({relation, subject, object, period});
  }
}

TEST_CASE("Window lookups match a brute-force scan on random data", "[engine][store]") {
  for (std::uint32_t seed = 1; seed <= 40; ++seed) {
    Rng rng(seed);
    Store store;
    Model model;
    const int entities = Uniform(rng, 1, 60);
    AddRandomFacts(store, model, rng, Uniform(rng, 0, 3000), entities);
    INFO("seed " << seed << ", " << model.rows.size() << " facts");
    CheckAgainstBruteForce(store, model, rng, 20);  // before Finalize: scans
    CheckLookupsTogether(store, rng, 5);
    store.Finalize();
    CheckAgainstBruteForce(store, model, rng, 150);
    CheckLookupsTogether(store, rng, 40);
  }
}

// An entity's in-edges are found by a one-byte relation tag, which holds ids
// up to 254; runs of the relations past it share the tag 255 and are told
// apart by their facts' relations. Lookups must find every run either way,
// in a store just indexed and in one opened from its snapshot.
TEST_CASE("Lookups find each relation's facts among hundreds of relations", "[engine][store]") {
  ScratchDir dir("annals-window-lookup-test");
  for (std::uint32_t seed = 1; seed <= 4; ++seed) {
    Rng rng(seed);
    Store store;
    for (int r = 0; r < 300; ++r) store.InternRelation("r" + std::to_string(r));
    Model model;
    // Most facts in relations about the tag's limit, few entities, so that
    // each entity has in-edges of relations on both sides of it.
    AddRandomFacts(store, model, rng, 3000, 12, [](Rng& r) {
      const int pick = Uniform(r, 0, 9);
      return "r" + std::to_string(pick < 2 ? Uniform(r, 0, 299) : Uniform(r, 250, 260));
    });
    store.Finalize();
    INFO("seed " << seed);
    CheckAgainstBruteForce(store, model, rng, 300);
    CheckLookupsTogether(store, rng, 60);
    SaveSnapshot(store, dir.File("many.annals"));
    for (const SnapshotAccess access : {SnapshotAccess::kMap, SnapshotAccess::kRead}) {
      const Store opened = OpenSnapshot(dir.File("many.annals"), access);
      CheckAgainstBruteForce(opened, model, rng, 300);
      CheckLookupsTogether(opened, rng, 60);
    }
  }
}

TEST_CASE("Finalize, add more, merge, Finalize again", "[engine][store]") {
  for (std::uint32_t seed = 100; seed <= 115; ++seed) {
    Rng rng(seed);
    Store store;
    Model model;
    AddRandomFacts(store, model, rng, 1500, 40);
    store.Finalize();
    REQUIRE(store.IsFinalized());
    AddRandomFacts(store, model, rng, 300, 50);  // new entities and facts: the tail
    REQUIRE_FALSE(store.IsFinalized());
    INFO("seed " << seed);
    CheckAgainstBruteForce(store, model, rng, 60);
    CheckLookupsTogether(store, rng, 20);  // indexed, with a tail to scan
    for (int m = 0; m < 5; ++m) {          // merges after Finalize: entity lists are stale
      const auto a = static_cast<EntityId>(Uniform(rng, 0, store.EntityCount() - 1));
      const auto b = static_cast<EntityId>(Uniform(rng, 0, store.EntityCount() - 1));
      store.Merge(a, b);
    }
    CheckAgainstBruteForce(store, model, rng, 60);
    CheckLookupsTogether(store, rng, 20);  // merged since: no vertex lists
    store.Finalize();
    REQUIRE(store.IsFinalized());
    CheckAgainstBruteForce(store, model, rng, 100);
    CheckLookupsTogether(store, rng, 20);
    for (FactId f = 0; f < model.rows.size(); f += 97) {
      const FactView view = store.Fact(f);
      CHECK(view.subject == store.Canonical(model.rows[f].subject));
      CHECK(view.object == store.Canonical(model.rows[f].object));
      CHECK(view.period == model.rows[f].period);
      CHECK(view.source.line == f + 1);
    }
  }
}

TEST_CASE("A visitor returning false stops the lookup", "[engine][store]") {
  Rng rng(7);
  Store store;
  Model model;
  AddRandomFacts(store, model, rng, 2000, 3);
  store.Finalize();
  AddRandomFacts(store, model, rng, 100, 3);  // a tail too
  for (RelationId r = 0; r < store.RelationCount(); ++r) {
    int calls = 0;
    // Facts reach the visitor in batches: stops on either side of a batch's end.
    for (const int stop_at : {1, 3, 15, 16, 17, 33}) {
      calls = 0;
      store.FactsDuring(r, kMinDay, kMaxDay, [&](FactId) { return ++calls < stop_at; });
      CHECK(calls == stop_at);
    }
    calls = 0;
    store.FactsOfObjectDuring(r, 0, kMinDay, kMaxDay, [&](FactId) { return ++calls < 2; });
    CHECK(calls == 2);
  }
}

TEST_CASE("The implicit interval tree is exact at every small size", "[engine][store]") {
  Rng rng(3);
  for (std::size_t n = 0; n <= 300; n += (n < 140 ? 1 : 7)) {
    std::vector<IntervalIndex::Interval> entries;
    for (std::size_t i = 0; i < n; ++i) {
      const Day lo = Uniform(rng, 0, 300);
      const Day hi = lo + (Uniform(rng, 0, 4) == 0 ? Uniform(rng, 0, 300) : Uniform(rng, 0, 10));
      entries.push_back({lo, hi, static_cast<std::uint32_t>(i)});
    }
    const IntervalIndex index(entries);
    CHECK(index.Size() == n);
    for (int q = 0; q < 200; ++q) {
      const Day lo = Uniform(rng, -10, 620);
      const Day hi = lo + Uniform(rng, -1, 40);
      std::vector<std::uint32_t> expected, got;
      for (const auto& e : entries) {
        if (lo <= hi && e.lo <= hi && e.hi >= lo) expected.push_back(e.id);
      }
      index.Query(lo, hi, [&](std::uint32_t id) {
        got.push_back(id);
        return true;
      });
      std::sort(got.begin(), got.end());
      INFO("n " << n << " window [" << lo << ", " << hi << "]");
      REQUIRE(got == expected);
    }
  }
}

// The store's relation walk: starts and ends read through ids, and ends
// mostly from the 16-bit gaps beside the start order. Ends reach both sides
// of what a gap can hold, from ordinary and from unknown (kMinDay) starts.
TEST_CASE("The blocked walk over end gaps is exact and in start order", "[engine][store]") {
  Rng rng(4);
  for (std::size_t n = 0; n <= 300; n += (n < 70 ? 1 : 13)) {
    std::vector<std::pair<Day, Day>> periods;  // sorted by start, as the store's slices are
    for (std::size_t i = 0; i < n; ++i) {
      const Day start = Uniform(rng, 0, 9) == 0 ? kMinDay : Uniform(rng, -70000, 70000);
      const int shape = Uniform(rng, 0, 4);
      const Day from = start == kMinDay ? Uniform(rng, -70000, 70000) : start;
      Day end = from + Uniform(rng, 0, 300);
      if (shape == 1) end = from + Uniform(rng, 65530, 65540);
      if (shape == 2) end = kMaxDay;
      if (shape == 3) end = from + Uniform(rng, 0, 70000);
      periods.emplace_back(start, end);
    }
    std::sort(periods.begin(), periods.end());
    const auto start = [&](std::size_t i) { return periods[i].first; };
    const auto end = [&](std::size_t i) { return periods[i].second; };
    const std::size_t blocks = blocked::BlockCount(n);
    std::vector<Day> block_hi(blocks), tree(blocks);
    std::vector<std::uint16_t> gaps(n);
    blocked::Build(n, end, block_hi.data(), tree.data());
    blocked::BuildEndGaps(n, start, end, gaps.data());
    for (int q = 0; q < 200; ++q) {
      Day lo = Uniform(rng, -75000, 150000);
      Day hi = lo + (Uniform(rng, 0, 3) == 0 ? Uniform(rng, 0, 70000) : Uniform(rng, -1, 40));
      if (q % 50 == 0) lo = kMinDay;
      if (q % 50 == 1) hi = kMaxDay;
      std::vector<std::size_t> expected, got;
      for (std::size_t i = 0; i < n; ++i) {
        if (lo <= hi && start(i) <= hi && end(i) >= lo) expected.push_back(i);
      }
      blocked::QueryWithEndGaps(n, start, end, gaps.data(), block_hi.data(), tree.data(), lo, hi,
                                [&](std::size_t i) {
                                  got.push_back(i);
                                  return true;
                                });
      INFO("n " << n << " window [" << lo << ", " << hi << "]");
      REQUIRE(got == expected);  // unsorted: start order is the promise
    }
  }
}

}  // namespace
}  // namespace annals::engine
