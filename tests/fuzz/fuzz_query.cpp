// libFuzzer target for the query language: any text, run against the bundled
// dataset, must answer or fail with annals::Error; anything else (a crash, a
// sanitizer report, another exception) is a bug. The row limit and timeout
// turn runaway recursion into Error(kLimit), as they would for a user.
#include <annals/database.hpp>
#include <annals/error.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

const annals::Database& BundledDataset() {
  static const annals::Database db = [] {
    annals::Database loaded;
    const annals::LoadReport report =
        loaded.Load(std::string(ANNALS_SOURCE_DIR) + "/datasets/central-asia-1918-1924");
    // Without data most queries stop at "unknown relation": not worth fuzzing.
    if (report.facts == 0) {
      std::fputs("fuzz_query: the bundled dataset did not load\n", stderr);
      std::abort();
    }
    return loaded;
  }();
  return db;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  annals::QueryOptions options;
  options.row_limit = 10'000;
  options.timeout = std::chrono::milliseconds(2000);
  // Both paths: explanations and sources kept, and neither.
  for (const bool full : {true, false}) {
    options.explain = full;
    options.sources = full;
    try {
      (void)BundledDataset().Query(text, options);
    } catch (const annals::Error&) {
      // A clear refusal is a correct answer to bad input.
    }
  }
  return 0;
}
