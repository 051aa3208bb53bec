// The store on the synthetic knowledge graph (bench/synthetic_kg.hpp): load N
// facts and Finalize(), then window lookups: "all leads facts valid on day T"
// (FactsDuring) and "who led organisation O on day T" (FactsOfObjectDuring).
// bytes_per_fact = Store::MemoryBytes() / FactCount(), indexes included.
//
//   annals_bench --benchmark_filter='Store'
#include <annals/time.hpp>

#include "engine/store/snapshot.hpp"
#include "engine/store/store.hpp"

#include <benchmark/benchmark.h>

#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <random>
#include <string>

#include "synthetic_kg.hpp"

namespace annals::engine {
namespace {

struct Loaded {
  std::unique_ptr<Store> store;
  bench::GenStats stats;
};

VagueDate ToVague(const bench::GenDate& date, bool is_end) {
  std::int32_t lo = 0;
  std::int32_t hi = 0;
  if (!bench::GenDateRange(date, &lo, &hi)) {
    return is_end ? VagueDate{kMaxDay, kMaxDay, DateForm::kOpen}
                  : VagueDate{kMinDay, kMinDay, DateForm::kOpen};
  }
  const DateForm form = date.precision == bench::GenDate::Precision::kDay     ? DateForm::kDay
                        : date.precision == bench::GenDate::Precision::kMonth ? DateForm::kMonth
                                                                              : DateForm::kYear;
  return VagueDate{lo, hi, form};
}

Loaded Load(std::size_t facts) {
  Loaded loaded;
  loaded.store = std::make_unique<Store>();
  Store& store = *loaded.store;
  store.ReserveFacts(facts);
  const FileId file = store.InternFile("synthetic.tsv");
  RelationId relations[bench::kGenRelationCount];
  for (int r = 0; r < bench::kGenRelationCount; ++r) {
    relations[r] = store.InternRelation(bench::GenRelationName(static_cast<bench::GenRelation>(r)));
  }
  std::string name;
  std::uint32_t line = 0;
  bench::GenOptions options;
  options.facts = facts;
  loaded.stats = bench::Generate(options, [&](const bench::GenFact& fact) {
    name.clear();
    bench::AppendEntityName(fact.subject, &name);
    const EntityId subject = store.InternEntity(name);
    name.clear();
    bench::AppendEntityName(fact.object, &name);
    const EntityId object = store.InternEntity(name);
    Period period{ToVague(fact.start, false), ToVague(fact.end, true)};
    if (period.end.hi < period.start.lo) period.end = period.start;
    store.AddFact(relations[static_cast<int>(fact.relation)], subject, object, period,
                  SourceRef{file, ++line});
  });
  store.Finalize();
  return loaded;
}

// One load per size, shared by the lookup benchmarks.
const Loaded& Cached(std::size_t facts) {
  static std::map<std::size_t, Loaded> cache;
  auto it = cache.find(facts);
  if (it == cache.end()) it = cache.emplace(facts, Load(facts)).first;
  return it->second;
}

void BM_StoreLoadAndFinalize(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  double bytes_per_fact = 0;
  for (auto _ : state) {
    Loaded loaded = Load(n);
    bytes_per_fact = static_cast<double>(loaded.store->MemoryBytes()) /
                     static_cast<double>(loaded.store->FactCount());
    state.PauseTiming();
    loaded.store.reset();
    state.ResumeTiming();
  }
  state.counters["bytes_per_fact"] = bytes_per_fact;
  state.counters["facts_per_s"] =
      benchmark::Counter(static_cast<double>(n), benchmark::Counter::kIsIterationInvariantRate);
}

void BM_StoreFinalize(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  Loaded loaded = Load(n);
  Store& store = *loaded.store;
  const RelationId leads = *store.FindRelation("leads");
  const EntityId someone = store.InternEntity("Organisation 0");
  for (auto _ : state) {
    state.PauseTiming();
    // One more fact makes the indexes stale; Finalize() rebuilds them all.
    store.AddFact(leads, someone, someone, Period{VagueDate{0, 0}, VagueDate{1, 1}}, SourceRef{});
    state.ResumeTiming();
    store.Finalize();
  }
  state.counters["bytes_per_fact"] =
      static_cast<double>(store.MemoryBytes()) / static_cast<double>(store.FactCount());
}

std::vector<Day> RandomDays(std::size_t count) {
  std::mt19937 rng(11);
  std::uniform_int_distribution<int> year(1800, 2020);
  std::uniform_int_distribution<int> day_of_year(0, 364);
  std::vector<Day> days(count);
  const Day epoch_1800 = bench::GenDayFromCivil(1800, 1, 1);
  for (Day& d : days) d = epoch_1800 + (year(rng) - 1800) * 365 + day_of_year(rng);
  return days;
}

// W3's shape: every leads fact that may hold on day T.
void BM_StoreFactsDuring(benchmark::State& state) {
  const Loaded& loaded = Cached(static_cast<std::size_t>(state.range(0)));
  const Store& store = *loaded.store;
  const RelationId leads = *store.FindRelation("leads");
  const std::vector<Day> days = RandomDays(256);
  std::size_t q = 0;
  std::size_t hits = 0;
  for (auto _ : state) {
    const Day day = days[q++ & 255];
    std::uint64_t sum = 0;
    store.FactsDuring(leads, day, day, [&](FactId f) {
      sum += f;
      ++hits;
      return true;
    });
    benchmark::DoNotOptimize(sum);
  }
  state.counters["hits_per_query"] = static_cast<double>(hits) / static_cast<double>(q);
  state.counters["bytes_per_fact"] =
      static_cast<double>(store.MemoryBytes()) / static_cast<double>(store.FactCount());
}

// W2's shape: who led organisation O on day T, including the check of each
// candidate's certainty the query layer will make.
void BM_StoreFactsOfObjectDuring(benchmark::State& state) {
  const Loaded& loaded = Cached(static_cast<std::size_t>(state.range(0)));
  const Store& store = *loaded.store;
  const RelationId leads = *store.FindRelation("leads");
  const std::vector<Day> days = RandomDays(4096);
  std::mt19937 rng(5);
  std::uniform_int_distribution<std::uint32_t> org(0, loaded.stats.organisations - 1);
  std::vector<EntityId> orgs(4096);
  for (EntityId& o : orgs) {
    o = *store.FindEntity("Organisation " + std::to_string(org(rng)));
  }
  std::size_t q = 0;
  std::size_t hits = 0;
  for (auto _ : state) {
    const std::size_t i = q++ & 4095;
    int certain = 0;
    store.FactsOfObjectDuring(leads, orgs[i], days[i], days[i], [&](FactId f) {
      ++hits;
      certain += HoldsDuring(store.Fact(f).period, days[i], days[i]) == Certainty::kCertain;
      return true;
    });
    benchmark::DoNotOptimize(certain);
  }
  state.counters["hits_per_query"] = static_cast<double>(hits) / static_cast<double>(q);
}

std::string SnapshotPath(std::size_t facts) {
  return (std::filesystem::temp_directory_path() /
          ("annals-bm-store-" + std::to_string(facts) + ".annals"))
      .string();
}

void BM_StoreSnapshotSave(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const Store& store = *Cached(n).store;
  const std::string path = SnapshotPath(n);
  for (auto _ : state) SaveSnapshot(store, path);
  state.counters["file_bytes_per_fact"] =
      static_cast<double>(std::filesystem::file_size(path)) / static_cast<double>(n);
}

// W1's second half: a snapshot back to a queryable store (from the page
// cache: the file was just written).
void BM_StoreSnapshotOpen(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const std::string path = SnapshotPath(n);
  SaveSnapshot(*Cached(n).store, path);
  for (auto _ : state) {
    Store store = OpenSnapshot(path);
    benchmark::DoNotOptimize(store.FactCount());
    state.PauseTiming();
    { Store discard = std::move(store); }
    state.ResumeTiming();
  }
  std::remove(path.c_str());
}

BENCHMARK(BM_StoreLoadAndFinalize)->Arg(100'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_StoreFinalize)->Arg(100'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_StoreFactsDuring)->Arg(100'000)->Arg(1'000'000)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_StoreFactsOfObjectDuring)->Arg(100'000)->Arg(1'000'000);
BENCHMARK(BM_StoreSnapshotSave)->Arg(100'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_StoreSnapshotOpen)->Arg(100'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace annals::engine
