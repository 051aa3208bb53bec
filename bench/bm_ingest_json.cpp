// JSON text -> store, the same facts laid out one per line and as a single
// line (what `jq -c` and most HTTP APIs give). Both layouts must load at the
// same rate: every fact's source line and every diagnostic's column come from
// the LineIndex, and a count from the start of the line for each of them made
// a one-line file quadratic (20k facts took 2.7 s).
//
//   annals_bench --benchmark_filter='IngestJson'
#include <annals/database.hpp>

#include "engine/store/store.hpp"
#include "ingest/json_reader.hpp"

#include <benchmark/benchmark.h>

#include <cstddef>
#include <string>

namespace annals {
namespace {

std::string JsonFacts(std::size_t facts, bool one_line) {
  const char* separator = one_line ? "," : ",\n";
  std::string text = one_line ? "{\"facts\":[" : "{\"facts\": [\n";
  for (std::size_t i = 0; i < facts; ++i) {
    if (i != 0) text += separator;
    // Non-ASCII names, so that columns count code points, not bytes.
    text += "{\"relation\":\"leads\",\"subject\":\"Раҳбар " + std::to_string(i) +
            "\",\"object\":\"Partiya " + std::to_string(i % 997) + "\",\"from\":\"" +
            std::to_string(1800 + i % 200) + "\",\"to\":\"" + std::to_string(1801 + i % 200) +
            "-06\"}";
  }
  text += one_line ? "]}" : "\n]}\n";
  return text;
}

// Arguments: facts, and 1 for a single line.
void BM_IngestJson(benchmark::State& state) {
  const auto facts = static_cast<std::size_t>(state.range(0));
  const std::string text = JsonFacts(facts, state.range(1) != 0);
  for (auto _ : state) {
    engine::Store store;
    LoadReport report;
    ingest::ReadJson(store, text, "facts.json", report);
    if (store.FactCount() != facts || !report.diagnostics.empty()) {
      state.SkipWithError("the generated JSON did not load cleanly");
      break;
    }
    benchmark::DoNotOptimize(store);
  }
  state.counters["facts/s"] =
      benchmark::Counter(static_cast<double>(facts) * static_cast<double>(state.iterations()),
                         benchmark::Counter::kIsRate);
}
BENCHMARK(BM_IngestJson)
    ->ArgNames({"facts", "one_line"})
    ->ArgsProduct({{10'000, 100'000}, {0, 1}})
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace annals
