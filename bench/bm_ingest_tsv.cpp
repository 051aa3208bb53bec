// W1 through the real ingest path: TSV quadruples of the synthetic graph
// (bench/synthetic_kg.hpp, the data annals_gen writes) loaded by
// ingest::LoadPath and finalized, then the same store written as a snapshot
// and opened. The files are generated once per size in the temporary
// directory and removed at exit.
//
//   annals_bench --benchmark_filter='IngestTsv|SnapshotOpen'
#include <annals/database.hpp>

#include "engine/store/snapshot.hpp"
#include "engine/store/store.hpp"
#include "ingest/loader.hpp"

#include <benchmark/benchmark.h>

#include <cstdio>
#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>

#include "synthetic_kg.hpp"

namespace annals {
namespace {

// Generated files by size, removed when the program ends.
class TempFiles {
 public:
  ~TempFiles() {
    std::error_code ignored;
    for (const auto& [key, path] : paths_) std::filesystem::remove(path, ignored);
  }

  const std::string& Tsv(std::size_t facts) {
    auto it = paths_.find({facts, false});
    if (it != paths_.end()) return it->second;
    const std::string path = Path(facts, ".tsv");
    std::FILE* out = std::fopen(path.c_str(), "wb");
    if (out == nullptr) throw std::runtime_error("cannot write " + path);
    bench::GenOptions options;
    options.facts = facts;
    bench::WriteTsv(options, out);
    if (std::fclose(out) != 0) throw std::runtime_error("cannot finish " + path);
    return paths_.emplace(std::pair{facts, false}, path).first->second;
  }

  const std::string& Snapshot(std::size_t facts) {
    auto it = paths_.find({facts, true});
    if (it != paths_.end()) return it->second;
    engine::Store store;
    ingest::LoadPath(store, Tsv(facts), LoadOptions{});
    store.Finalize();
    const std::string path = Path(facts, ".annals");
    engine::SaveSnapshot(store, path);
    return paths_.emplace(std::pair{facts, true}, path).first->second;
  }

 private:
  static std::string Path(std::size_t facts, const char* extension) {
    return (std::filesystem::temp_directory_path() /
            ("annals-bm-ingest-" + std::to_string(facts) + extension))
        .string();
  }

  std::map<std::pair<std::size_t, bool>, std::string> paths_;
};

TempFiles& Files() {
  static TempFiles files;
  return files;
}

// TSV text -> queryable store: parse, intern, add, Finalize().
void BM_IngestTsv(benchmark::State& state) {
  const auto facts = static_cast<std::size_t>(state.range(0));
  const std::string& path = Files().Tsv(facts);
  std::size_t loaded = 0;
  for (auto _ : state) {
    engine::Store store;
    const LoadReport report = ingest::LoadPath(store, path, LoadOptions{});
    store.Finalize();
    loaded = store.FactCount();
    if (loaded != facts || !report.diagnostics.empty()) {
      state.SkipWithError("the generated TSV did not load cleanly");
      break;
    }
    benchmark::DoNotOptimize(store);
  }
  state.counters["lines/s"] =
      benchmark::Counter(static_cast<double>(loaded) * static_cast<double>(state.iterations()),
                         benchmark::Counter::kIsRate);
}
BENCHMARK(BM_IngestTsv)->Arg(100'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond);

// Snapshot file -> queryable store, every check included; mapped (the
// default) or read into memory of the store's own.
void BM_SnapshotOpen(benchmark::State& state) {
  const auto facts = static_cast<std::size_t>(state.range(0));
  const auto access = static_cast<engine::SnapshotAccess>(state.range(1));
  const std::string& path = Files().Snapshot(facts);
  for (auto _ : state) {
    engine::Store store = engine::OpenSnapshot(path, access);
    if (store.FactCount() != facts) {
      state.SkipWithError("the snapshot lost facts");
      break;
    }
    benchmark::DoNotOptimize(store);
  }
  state.counters["facts/s"] =
      benchmark::Counter(static_cast<double>(facts) * static_cast<double>(state.iterations()),
                         benchmark::Counter::kIsRate);
}
BENCHMARK(BM_SnapshotOpen)
    ->ArgNames({"facts", "read"})
    ->ArgsProduct({{100'000, 1'000'000},
                   {static_cast<int>(engine::SnapshotAccess::kMap),
                    static_cast<int>(engine::SnapshotAccess::kRead)}})
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace annals
