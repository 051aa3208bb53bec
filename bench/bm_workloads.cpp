// W2 (point-in-time lookup), W3 (snapshot of one day), W4 from one start
// (organisations a lineage reaches) and the W4 closure at 100k, 1M and 10M
// facts, through the query language and through direct store calls, to show
// that their cost grows as O(log n + k). The graph is generated in-process
// with the same generator as annals_gen and loaded through the TSV reader once
// per size; answers are checked before timing (W2 and W3 against a full scan,
// W4 against a search over the store).
#include <annals/time.hpp>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "annals_kg.hpp"
#include "name_list.hpp"
#include "synthetic_kg.hpp"
#include "workload_plan.hpp"

namespace annals::bench {
namespace {

constexpr std::uint64_t kSeed = 1;

//! How a benchmark asks: query text each time, a prepared query, or the
//! store's index calls directly.
enum class Path { kQuery, kPrepared, kDirect };

struct Fixture {
  AnnalsKg kg;
  GenStats stats;
  WorkloadPlan plan;
  NameList lookup_names;   //!< W2 organisation names, in plan order
  NameList root_names;     //!< W4 starts, in plan order
  std::string load_error;  //!< non-empty when the load went wrong
};

//! One fixture per size, built on first use and kept: W2 and W3 share it,
//! and a filtered run (e.g. CI at 100k) never builds the big ones. Threads of
//! one benchmark ask for it at once; the first builds it, the others wait.
Fixture& GetFixture(std::uint64_t facts) {
  static std::mutex mutex;
  static std::map<std::uint64_t, std::unique_ptr<Fixture>> fixtures;
  const std::lock_guard<std::mutex> lock(mutex);
  std::unique_ptr<Fixture>& slot = fixtures[facts];
  if (slot) return *slot;
  slot = std::make_unique<Fixture>();
  Fixture& f = *slot;
  WorkloadPlanner planner;
  try {
    const LoadReport report = f.kg.LoadGenerated(
        GenOptions{kSeed, facts}, &f.stats, [&](const GenFact& fact) { planner.Observe(fact); });
    if (report.errors() > 0 || report.facts != facts) f.load_error = report.Summary();
  } catch (const std::exception& e) {
    f.load_error = e.what();
  }
  f.plan = planner.Make(f.stats, kSeed);
  std::vector<std::string> lookup_names;
  for (const PointLookup& lookup : f.plan.lookups) {
    lookup_names.push_back(EntityName({GenKind::kOrganisation, lookup.organisation}));
  }
  f.lookup_names = NameList(lookup_names);
  std::vector<std::string> root_names;
  for (const std::uint32_t root : f.plan.lineage_roots) {
    root_names.push_back(EntityName({GenKind::kOrganisation, root}));
  }
  f.root_names = NameList(root_names);
  return f;
}

//! The answer by brute force: every fact of the store, no index.
Answer ScanLeads(const engine::Store& store, const engine::EntityId* organisation,
                 std::int32_t day) {
  Answer answer;
  const auto leads = store.FindRelation("leads");
  if (!leads) return answer;
  for (std::size_t id = 0; id < store.FactCount(); ++id) {
    const engine::FactView fact = store.Fact(static_cast<engine::FactId>(id));
    if (fact.relation != *leads) continue;
    if (organisation != nullptr && fact.object != *organisation) continue;
    const Certainty certainty = HoldsDuring(fact.period, day, day);
    if (certainty == Certainty::kNo) continue;
    ++answer.rows;
    ++(certainty == Certainty::kCertain ? answer.certain : answer.possible);
  }
  return answer;
}

//! False (and the benchmark skipped with a message) when the fixture is
//! broken or `got` differs from the full scan.
bool Verified(benchmark::State& state, const Fixture& f, const Answer& got,
              const Answer& expected) {
  if (!f.load_error.empty()) {
    state.SkipWithError(("load failed: " + f.load_error).c_str());
    return false;
  }
  if (!(got == expected)) {
    state.SkipWithError(
        ("wrong answer: " + got.ToString() + ", a full scan gives " + expected.ToString()).c_str());
    return false;
  }
  return true;
}

template <Path kPath>
void BM_W2_PointLookup(benchmark::State& state) {
  Fixture& f = GetFixture(static_cast<std::uint64_t>(state.range(0)));
  if (f.plan.lookups.empty()) {
    state.SkipWithError("no organisations generated");
    return;
  }
  auto lookup = [&](std::size_t i) {
    const PointLookup& l = f.plan.lookups[i];
    switch (kPath) {
      case Path::kQuery:
        return f.kg.LeadersOnQuery(f.lookup_names[i], l.day);
      case Path::kPrepared:
        return f.kg.LeadersOnPrepared(f.lookup_names[i], l.day);
      case Path::kDirect:
        break;
    }
    return f.kg.LeadersOnDirect(f.lookup_names[i], l.day);
  };
  try {
    {
      // Checked on a handful of lookups (a full scan each) before timing, by
      // one thread at a time: the first to ask prepares the query, which
      // AnnalsKg does not do for two threads at once.
      static std::mutex checking;
      const std::lock_guard<std::mutex> lock(checking);
      for (std::size_t i = 0; i < 5 && i < f.plan.lookups.size(); ++i) {
        const auto org = f.kg.store().FindEntity(f.lookup_names[i]);
        const Answer expected =
            org ? ScanLeads(f.kg.store(), &*org, f.plan.lookups[i].day) : Answer{};
        if (!Verified(state, f, lookup(i), expected)) return;
      }
    }
    // Threads start apart in the plan, as users of a server ask different things.
    std::size_t i = f.plan.lookups.size() * static_cast<std::size_t>(state.thread_index()) /
                    static_cast<std::size_t>(state.threads());
    std::uint64_t rows = 0;
    for (auto _ : state) {
      const Answer answer = lookup(i);
      rows += answer.rows;
      if (++i == f.plan.lookups.size()) i = 0;
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
    // Each thread counts its own; the counter is their mean, not their sum.
    state.counters["rows/lookup"] = benchmark::Counter(
        static_cast<double>(rows) / static_cast<double>(std::max<std::int64_t>(
                                        1, static_cast<std::int64_t>(state.iterations()))),
        benchmark::Counter::kAvgThreads);
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
  }
}

template <Path kPath>
void BM_W3_Snapshot(benchmark::State& state) {
  Fixture& f = GetFixture(static_cast<std::uint64_t>(state.range(0)));
  if (f.plan.snapshot_days.empty()) {
    state.SkipWithError("no days planned");
    return;
  }
  auto snapshot = [&](std::int32_t day) {
    switch (kPath) {
      case Path::kQuery:
        return f.kg.LeadsOnQuery(day);
      case Path::kPrepared:
        return f.kg.LeadsOnPrepared(day);
      case Path::kDirect:
        break;
    }
    return f.kg.LeadsOnDirect(day);
  };
  try {
    const std::int32_t first_day = f.plan.snapshot_days.front();
    if (!Verified(state, f, snapshot(first_day), ScanLeads(f.kg.store(), nullptr, first_day))) {
      return;
    }
    std::size_t i = 0;
    std::uint64_t rows = 0;
    for (auto _ : state) {
      rows += snapshot(f.plan.snapshot_days[i]).rows;
      if (++i == f.plan.snapshot_days.size()) i = 0;
    }
    // k grows with n here, so the time per answer row is what must stay flat.
    state.SetItemsProcessed(static_cast<std::int64_t>(rows));
    state.counters["rows/snapshot"] = benchmark::Counter(
        static_cast<double>(rows) / static_cast<double>(std::max<std::int64_t>(
                                        1, static_cast<std::int64_t>(state.iterations()))));
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
  }
}

//! How W4 asks through the query language: with sources (the default) or
//! without, as SQLite answers.
enum class ReachPath { kPrepared, kPreparedNoSources, kDirect };

// One start per iteration, cycling through the planned lineage roots. Every
// start's row count is checked against the direct path (a search over the
// store's out-edges, which keeps no certainty) before timing.
template <ReachPath kPath>
void BM_W4_Reach(benchmark::State& state) {
  Fixture& f = GetFixture(static_cast<std::uint64_t>(state.range(0)));
  if (f.root_names.empty()) {
    state.SkipWithError("no lineage roots generated");
    return;
  }
  auto reach = [&](std::string_view root) {
    switch (kPath) {
      case ReachPath::kPrepared:
        return f.kg.ReachablePrepared(root);
      case ReachPath::kPreparedNoSources:
        return f.kg.ReachablePrepared(root, Sources::kWithout);
      case ReachPath::kDirect:
        break;
    }
    return f.kg.ReachableDirect(root);
  };
  try {
    if (!f.load_error.empty()) {
      state.SkipWithError(("load failed: " + f.load_error).c_str());
      return;
    }
    for (const std::string_view root : f.root_names) {
      const std::uint64_t got = reach(root).rows;
      const std::uint64_t expected = f.kg.ReachableDirect(root).rows;
      if (got != expected) {
        state.SkipWithError(("wrong answer from " + std::string(root) + ": " + std::to_string(got) +
                             " rows, a search over the store gives " + std::to_string(expected))
                                .c_str());
        return;
      }
    }
    std::size_t i = 0;
    std::uint64_t rows = 0;
    for (auto _ : state) {
      rows += reach(f.root_names[i]).rows;
      if (++i == f.root_names.size()) i = 0;
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
    state.counters["rows/start"] = benchmark::Counter(
        static_cast<double>(rows) / static_cast<double>(std::max<std::int64_t>(
                                        1, static_cast<std::int64_t>(state.iterations()))));
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
  }
}

//! How the W4 closure is asked: query text with sources, without them, or a
//! search over the store that counts pairs and keeps no names.
enum class ClosurePath { kQuery, kQueryNoSources, kDirect };

// The full transitive closure of dissolved_into, one per iteration. Its row
// count is checked against the direct search before timing. annals_compare
// times it too, but once per size and in a process shared with SQLite; a
// profile needs it repeated in a process of its own.
template <ClosurePath kPath>
void BM_W4_Closure(benchmark::State& state) {
  Fixture& f = GetFixture(static_cast<std::uint64_t>(state.range(0)));
  auto closure = [&] {
    switch (kPath) {
      case ClosurePath::kQuery:
        return f.kg.ClosureQuery();
      case ClosurePath::kQueryNoSources:
        return f.kg.ClosureQuery(Sources::kWithout);
      case ClosurePath::kDirect:
        break;
    }
    return f.kg.ClosureDirect();
  };
  try {
    if (!f.load_error.empty()) {
      state.SkipWithError(("load failed: " + f.load_error).c_str());
      return;
    }
    const std::uint64_t expected = f.kg.ClosureDirect().rows;
    const std::uint64_t got = closure().rows;
    if (got != expected) {
      state.SkipWithError(("wrong closure: " + std::to_string(got) +
                           " rows, a search over the store gives " + std::to_string(expected))
                              .c_str());
      return;
    }
    for (auto _ : state) benchmark::DoNotOptimize(closure().rows);
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * expected));
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
  }
}

// Every planned lookup as one prepared batch per iteration; items are
// lookups, so items_per_second compares with the one-at-a-time paths.
void BM_W2_PointLookupBatch(benchmark::State& state) {
  Fixture& f = GetFixture(static_cast<std::uint64_t>(state.range(0)));
  if (f.plan.lookups.empty()) {
    state.SkipWithError("no organisations generated");
    return;
  }
  std::vector<std::int32_t> days;
  for (const PointLookup& l : f.plan.lookups) days.push_back(l.day);
  try {
    Answer expected;
    for (std::size_t i = 0; i < f.plan.lookups.size(); ++i) {
      expected += f.kg.LeadersOnDirect(f.lookup_names[i], days[i]);
    }
    if (!Verified(state, f, f.kg.LeadersOnBatch(f.lookup_names.views(), days), expected)) return;
    std::uint64_t rows = 0;
    for (auto _ : state) rows += f.kg.LeadersOnBatch(f.lookup_names.views(), days).rows;
    const auto lookups = static_cast<std::int64_t>(f.plan.lookups.size());
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * lookups);
    state.counters["rows/lookup"] =
        benchmark::Counter(static_cast<double>(rows) / static_cast<double>(std::max<std::int64_t>(
                                                           1, state.iterations() * lookups)));
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
  }
}

void Sizes(benchmark::internal::Benchmark* b) {
  b->Arg(100'000)->Arg(1'000'000)->Arg(10'000'000)->Unit(benchmark::kMicrosecond);
}

// A closure takes seconds at 10M, so it is measured in milliseconds.
void ClosureSizes(benchmark::internal::Benchmark* b) {
  b->Arg(100'000)->Arg(1'000'000)->Arg(10'000'000)->Unit(benchmark::kMillisecond);
}

BENCHMARK_TEMPLATE(BM_W2_PointLookup, Path::kQuery)->Name("W2_PointLookup/query")->Apply(Sizes);
BENCHMARK_TEMPLATE(BM_W2_PointLookup, Path::kPrepared)
    ->Name("W2_PointLookup/prepared")
    ->Apply(Sizes);
BENCHMARK_TEMPLATE(BM_W2_PointLookup, Path::kDirect)->Name("W2_PointLookup/direct")->Apply(Sizes);
// One prepared query run by one thread, then by two at once, as a server's
// threads share it: lookups per second of wall time should double. Only
// the prepared path has state that threads share, the pool of evaluators.
BENCHMARK_TEMPLATE(BM_W2_PointLookup, Path::kPrepared)
    ->Name("W2_PointLookup/prepared_shared")
    ->Apply(Sizes)
    ->Threads(1)
    ->Threads(2)
    ->UseRealTime();
BENCHMARK(BM_W2_PointLookupBatch)->Name("W2_PointLookup/batch")->Apply(Sizes);
BENCHMARK_TEMPLATE(BM_W4_Reach, ReachPath::kPrepared)->Name("W4_Reach/prepared")->Apply(Sizes);
BENCHMARK_TEMPLATE(BM_W4_Reach, ReachPath::kPreparedNoSources)
    ->Name("W4_Reach/prepared_no_sources")
    ->Apply(Sizes);
BENCHMARK_TEMPLATE(BM_W4_Reach, ReachPath::kDirect)->Name("W4_Reach/direct")->Apply(Sizes);
BENCHMARK_TEMPLATE(BM_W4_Closure, ClosurePath::kQuery)
    ->Name("W4_Closure/query")
    ->Apply(ClosureSizes);
BENCHMARK_TEMPLATE(BM_W4_Closure, ClosurePath::kQueryNoSources)
    ->Name("W4_Closure/query_no_sources")
    ->Apply(ClosureSizes);
BENCHMARK_TEMPLATE(BM_W4_Closure, ClosurePath::kDirect)
    ->Name("W4_Closure/direct")
    ->Apply(ClosureSizes);
BENCHMARK_TEMPLATE(BM_W3_Snapshot, Path::kQuery)->Name("W3_Snapshot/query")->Apply(Sizes);
BENCHMARK_TEMPLATE(BM_W3_Snapshot, Path::kPrepared)->Name("W3_Snapshot/prepared")->Apply(Sizes);
BENCHMARK_TEMPLATE(BM_W3_Snapshot, Path::kDirect)->Name("W3_Snapshot/direct")->Apply(Sizes);

}  // namespace
}  // namespace annals::bench
