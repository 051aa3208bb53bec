// libFuzzer target for the TSV reader, through both the in-memory path and
// the streaming file path (which has its own buffer handling).
#include "engine/store/store.hpp"
#include "ingest/loader.hpp"
#include "ingest/tsv_reader.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  {
    annals::engine::Store store;
    (void)annals::ingest::LoadText(store, text, "tsv", "fuzz.tsv", {});
    store.Finalize();
  }
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::tmpfile(), &std::fclose);
  if (file && std::fwrite(data, 1, size, file.get()) == size) {
    std::rewind(file.get());
    annals::engine::Store store;
    annals::LoadReport report;
    annals::ingest::ReadTsvFile(store, file.get(), "fuzz.tsv", report);
    store.Finalize();
  }
  return 0;
}
