// libFuzzer target for one in-memory reader, chosen at build time by
// ANNALS_FUZZ_FORMAT ("article", "json", "dl"): any bytes must load or be
// rejected with diagnostics, never crash, throw or trip a sanitizer.
#include "engine/store/store.hpp"
#include "ingest/loader.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  annals::engine::Store store;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const annals::LoadReport report =
      annals::ingest::LoadText(store, text, ANNALS_FUZZ_FORMAT, "fuzz." ANNALS_FUZZ_FORMAT, {});
  store.Finalize();
  (void)report.Summary();
  return 0;
}
