// W2 through the C API (include/annals/annals.h), as a program in another
// language would ask it: the 10,000 planned lookups bound as text, one
// annals_execute each, or all added to one batch and run by
// annals_execute_batch. The data is loaded through annals_load_text from the
// same generator as the other workloads. Both paths must count the same rows
// set by set before any time is taken.
#include <annals/annals.h>

#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "synthetic_kg.hpp"
#include "workload_plan.hpp"

namespace annals::bench {
namespace {

constexpr std::uint64_t kSeed = 1;

struct CFixture {
  annals_db* db = nullptr;
  annals_prepared* leaders_on = nullptr;
  std::vector<std::string> organisations;  //!< W2 names, in plan order
  std::vector<std::string> days;           //!< W2 days as ISO text
  std::string error;                       //!< non-empty when set-up went wrong

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

CFixture& GetCFixture(std::uint64_t facts) {
  static std::map<std::uint64_t, std::unique_ptr<CFixture>> fixtures;
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
  }
  if (f.error.empty() &&
      annals_prepare(f.db, "?- leads(P, $org) @ $day.", &f.leaders_on) != ANNALS_OK) {
    f.error = LastError(f.db, "annals_prepare");
  }
  return f;
}

bool Bind(const CFixture& f, std::size_t lookup) {
  return annals_bind_text(f.leaders_on, "org", f.organisations[lookup].c_str()) == ANNALS_OK &&
         annals_bind_text(f.leaders_on, "day", f.days[lookup].c_str()) == ANNALS_OK;
}

// Rows per lookup, one annals_execute each; empty with `error` set on failure.
std::vector<std::size_t> LoopRows(const CFixture& f, std::string* error) {
  std::vector<std::size_t> rows;
  rows.reserve(f.organisations.size());
  for (std::size_t i = 0; i < f.organisations.size(); ++i) {
    annals_result* result = nullptr;
    if (!Bind(f, i) || annals_execute(f.leaders_on, &result) != ANNALS_OK) {
      *error = LastError(f.db, "annals_execute");
      return {};
    }
    rows.push_back(annals_result_row_count(result));
    annals_result_free(result);
  }
  return rows;
}

// The same as one batch.
std::vector<std::size_t> BatchRows(const CFixture& f, std::string* error) {
  for (std::size_t i = 0; i < f.organisations.size(); ++i) {
    if (!Bind(f, i) || annals_batch_add(f.leaders_on) != ANNALS_OK) {
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

enum class CPath { kLoop, kBatch };

template <CPath kPath>
void BM_W2_CApi(benchmark::State& state) {
  const CFixture& f = GetCFixture(static_cast<std::uint64_t>(state.range(0)));
  if (!f.error.empty()) {
    state.SkipWithError(f.error.c_str());
    return;
  }
  if (f.organisations.empty()) {
    state.SkipWithError("no organisations generated");
    return;
  }
  std::string error;
  const std::vector<std::size_t> loop = LoopRows(f, &error);
  const std::vector<std::size_t> batch = error.empty() ? BatchRows(f, &error) : loop;
  if (!error.empty()) {
    state.SkipWithError(error.c_str());
    return;
  }
  if (batch != loop) {
    state.SkipWithError("the batch's rows per set differ from annals_execute's");
    return;
  }
  std::size_t total = 0;
  for (const std::size_t rows : loop) total += rows;
  for (auto _ : state) {
    const std::vector<std::size_t> rows =
        kPath == CPath::kLoop ? LoopRows(f, &error) : BatchRows(f, &error);
    benchmark::DoNotOptimize(rows.data());
  }
  if (!error.empty()) state.SkipWithError(error.c_str());
  const auto lookups = static_cast<std::int64_t>(f.organisations.size());
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * lookups);
  state.counters["rows/lookup"] =
      benchmark::Counter(static_cast<double>(total) / static_cast<double>(lookups));
}

void CSizes(benchmark::internal::Benchmark* b) {
  b->Arg(100'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond);
}

BENCHMARK_TEMPLATE(BM_W2_CApi, CPath::kLoop)->Name("W2_CApi/execute_loop")->Apply(CSizes);
BENCHMARK_TEMPLATE(BM_W2_CApi, CPath::kBatch)->Name("W2_CApi/batch")->Apply(CSizes);

}  // namespace
}  // namespace annals::bench
