// W2 through the C API (include/annals/annals.h), as a program in another
// language would ask it: the 10,000 planned lookups bound as text (or the day
// as numbers, by annals_bind_date), one annals_execute each, or all added to
// one batch and run by annals_execute_batch, or one at a time from several
// threads, each with a prepared handle of its own. The data is loaded through
// annals_load_text from the same generator as the other workloads. Every path
// must count the same rows set by set before any time is taken.
#include <annals/annals.h>
#include <annals/time.hpp>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "synthetic_kg.hpp"
#include "workload_plan.hpp"

namespace annals::bench {
namespace {

constexpr std::uint64_t kSeed = 1;
constexpr const char* kLeadersOn = "?- leads(P, $org) @ $day.";

struct CFixture {
  annals_db* db = nullptr;
  annals_prepared* leaders_on = nullptr;
  std::vector<std::string> organisations;     //!< W2 names, in plan order
  std::vector<std::string> days;              //!< W2 days as ISO text
  std::vector<annals::CivilDate> civil_days;  //!< the same days as numbers
  std::vector<std::size_t> rows;              //!< rows per lookup, by annals_execute
  std::string error;                          //!< non-empty when set-up went wrong

  CFixture() = default;
  CFixture(const CFixture&) = delete;
  CFixture& operator=(const CFixture&) = delete;
  ~CFixture() {
    annals_prepared_free(leaders_on);
    annals_close(db);
  }
};

std::string LastError(const annals_db* db, const char* call) {
  return std::string(call) + ": " + annals_errmsg(db);
}

enum class CBind { kText, kDateParts };

std::vector<std::size_t> LoopRows(annals_prepared* query, const CFixture& f, std::string* error,
                                  CBind how = CBind::kText);

//! Threads of one benchmark ask for it at once; the first builds it, the
//! others wait.
CFixture& GetCFixture(std::uint64_t facts) {
  static std::mutex mutex;
  static std::map<std::uint64_t, std::unique_ptr<CFixture>> fixtures;
  const std::lock_guard<std::mutex> lock(mutex);
  std::unique_ptr<CFixture>& slot = fixtures[facts];
  if (slot) return *slot;
  slot = std::make_unique<CFixture>();
  CFixture& f = *slot;
  if (annals_open(&f.db) != ANNALS_OK) {
    f.error = "annals_open failed";
    return f;
  }
  // Loaded in blocks of whole lines, as AnnalsKg::LoadGenerated does.
  constexpr std::size_t kBlock = std::size_t{8} << 20;
  std::string block;
  std::size_t errors = 0;
  auto flush = [&] {
    annals_report* report = nullptr;
    if (annals_load_text(f.db, block.data(), block.size(), "tsv", "synthetic.tsv", &report) !=
        ANNALS_OK) {
      f.error = LastError(f.db, "annals_load_text");
    }
    errors += annals_report_errors(report);
    annals_report_free(report);
    block.clear();
  };
  WorkloadPlanner planner;
  const GenStats stats = Generate(GenOptions{kSeed, facts}, [&](const GenFact& fact) {
    planner.Observe(fact);
    AppendTsvLine(fact, &block);
    if (block.size() >= kBlock) flush();
  });
  flush();
  if (f.error.empty() && (errors > 0 || annals_fact_count(f.db) != facts)) {
    f.error = "the load reported " + std::to_string(errors) + " errors and " +
              std::to_string(annals_fact_count(f.db)) + " facts";
  }
  const WorkloadPlan plan = planner.Make(stats, kSeed);
  for (const PointLookup& lookup : plan.lookups) {
    f.organisations.push_back(EntityName({GenKind::kOrganisation, lookup.organisation}));
    f.days.push_back(IsoDay(lookup.day));
    f.civil_days.push_back(annals::CivilFromDay(lookup.day));
  }
  if (f.error.empty() && annals_prepare(f.db, kLeadersOn, &f.leaders_on) != ANNALS_OK) {
    f.error = LastError(f.db, "annals_prepare");
  }
  if (f.error.empty()) f.rows = LoopRows(f.leaders_on, f, &f.error);
  return f;
}

bool Bind(annals_prepared* query, const CFixture& f, std::size_t lookup, CBind how = CBind::kText) {
  if (annals_bind_text(query, "org", f.organisations[lookup].c_str()) != ANNALS_OK) return false;
  if (how == CBind::kText) {
    return annals_bind_text(query, "day", f.days[lookup].c_str()) == ANNALS_OK;
  }
  const annals::CivilDate& day = f.civil_days[lookup];
  return annals_bind_date(query, "day", day.year, day.month, day.day) == ANNALS_OK;
}

// The rows of lookup `lookup` through `query`; false with `error` set on failure.
bool ExecuteRows(annals_prepared* query, const CFixture& f, std::size_t lookup, std::size_t* rows,
                 std::string* error, CBind how = CBind::kText) {
  annals_result* result = nullptr;
  if (!Bind(query, f, lookup, how) || annals_execute(query, &result) != ANNALS_OK) {
    *error = LastError(f.db, "annals_execute");
    return false;
  }
  *rows = annals_result_row_count(result);
  annals_result_free(result);
  return true;
}

// Rows per lookup, one annals_execute each through `query`; empty with
// `error` set on failure.
std::vector<std::size_t> LoopRows(annals_prepared* query, const CFixture& f, std::string* error,
                                  CBind how) {
  std::vector<std::size_t> rows(f.organisations.size());
  for (std::size_t i = 0; i < f.organisations.size(); ++i) {
    if (!ExecuteRows(query, f, i, &rows[i], error, how)) return {};
  }
  return rows;
}

// The same as one batch.
std::vector<std::size_t> BatchRows(const CFixture& f, std::string* error) {
  for (std::size_t i = 0; i < f.organisations.size(); ++i) {
    if (!Bind(f.leaders_on, f, i) || annals_batch_add(f.leaders_on) != ANNALS_OK) {
      *error = LastError(f.db, "annals_batch_add");
      annals_batch_clear(f.leaders_on);
      return {};
    }
  }
  annals_result* result = nullptr;
  if (annals_execute_batch(f.leaders_on, &result) != ANNALS_OK) {
    *error = LastError(f.db, "annals_execute_batch");
    return {};
  }
  std::vector<std::size_t> rows(annals_result_set_count(result));
  for (std::size_t set = 0; set < rows.size(); ++set) {
    rows[set] = annals_result_set_row_count(result, set);
  }
  annals_result_free(result);
  return rows;
}

enum class CPath { kLoop, kLoopDateParts, kBatch };

// The fixture of the benchmark's size, or null when it cannot be used (the
// benchmark is then skipped, saying why).
const CFixture* ReadyFixture(benchmark::State& state) {
  const CFixture& f = GetCFixture(static_cast<std::uint64_t>(state.range(0)));
  if (!f.error.empty()) {
    state.SkipWithError(f.error.c_str());
    return nullptr;
  }
  if (f.organisations.empty()) {
    state.SkipWithError("no organisations generated");
    return nullptr;
  }
  return &f;
}

template <CPath kPath>
void BM_W2_CApi(benchmark::State& state) {
  const CFixture* ready = ReadyFixture(state);
  if (ready == nullptr) return;
  const CFixture& f = *ready;
  std::string error;
  const std::vector<std::size_t> batch = BatchRows(f, &error);
  if (!error.empty()) {
    state.SkipWithError(error.c_str());
    return;
  }
  if (batch != f.rows) {
    state.SkipWithError("the batch's rows per set differ from annals_execute's");
    return;
  }
  const CBind how = kPath == CPath::kLoopDateParts ? CBind::kDateParts : CBind::kText;
  if (how != CBind::kText && LoopRows(f.leaders_on, f, &error, how) != f.rows) {
    state.SkipWithError("days bound as numbers gave other rows than days bound as text");
    return;
  }
  std::size_t total = 0;
  for (const std::size_t rows : f.rows) total += rows;
  for (auto _ : state) {
    const std::vector<std::size_t> rows =
        kPath == CPath::kBatch ? BatchRows(f, &error) : LoopRows(f.leaders_on, f, &error, how);
    benchmark::DoNotOptimize(rows.data());
  }
  if (!error.empty()) state.SkipWithError(error.c_str());
  const auto lookups = static_cast<std::int64_t>(f.organisations.size());
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * lookups);
  state.counters["rows/lookup"] =
      benchmark::Counter(static_cast<double>(total) / static_cast<double>(lookups));
}

// One lookup an iteration, on each thread through a handle of its own, as
// annals.h tells a threaded program to do: the lookups per second of wall
// time should grow with the threads, though they share the database's lock
// and its per-thread error state.
void BM_W2_CApiThreads(benchmark::State& state) {
  const CFixture* ready = ReadyFixture(state);
  if (ready == nullptr) return;
  const CFixture& f = *ready;
  annals_prepared* prepared = nullptr;
  if (annals_prepare(f.db, kLeadersOn, &prepared) != ANNALS_OK) {
    state.SkipWithError(LastError(f.db, "annals_prepare").c_str());
    return;
  }
  const std::unique_ptr<annals_prepared, void (*)(annals_prepared*)> owned(prepared,
                                                                           annals_prepared_free);
  std::string error;
  // Every lookup is checked first, by all the threads at once.
  const std::vector<std::size_t> checked = LoopRows(prepared, f, &error);
  if (!error.empty()) {
    state.SkipWithError(error.c_str());
    return;
  }
  if (checked != f.rows) {
    state.SkipWithError("a thread's own handle gave other rows per lookup than the fixture's");
    return;
  }
  // Threads start apart in the plan, as users of a server ask different things.
  std::size_t i = f.organisations.size() * static_cast<std::size_t>(state.thread_index()) /
                  static_cast<std::size_t>(state.threads());
  std::uint64_t total = 0;
  for (auto _ : state) {
    std::size_t rows = 0;
    if (!ExecuteRows(prepared, f, i, &rows, &error)) {
      state.SkipWithError(error.c_str());
      break;
    }
    total += rows;
    if (++i == f.organisations.size()) i = 0;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
  // Each thread counts its own; the counter is their mean, not their sum.
  state.counters["rows/lookup"] = benchmark::Counter(
      static_cast<double>(total) /
          static_cast<double>(std::max<benchmark::IterationCount>(1, state.iterations())),
      benchmark::Counter::kAvgThreads);
}

void CSizes(benchmark::internal::Benchmark* b) {
  b->Arg(100'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond);
}

BENCHMARK_TEMPLATE(BM_W2_CApi, CPath::kLoop)->Name("W2_CApi/execute_loop")->Apply(CSizes);
BENCHMARK_TEMPLATE(BM_W2_CApi, CPath::kLoopDateParts)
    ->Name("W2_CApi/execute_loop_date_parts")
    ->Apply(CSizes);
BENCHMARK_TEMPLATE(BM_W2_CApi, CPath::kBatch)->Name("W2_CApi/batch")->Apply(CSizes);
BENCHMARK(BM_W2_CApiThreads)
    ->Name("W2_CApi/execute_threads")
    ->Arg(100'000)
    ->Arg(1'000'000)
    ->Unit(benchmark::kMicrosecond)
    ->Threads(1)
    ->Threads(2)
    ->UseRealTime();

}  // namespace
}  // namespace annals::bench
