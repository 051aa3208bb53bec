// A UTF-8 byte order mark opening a file is read as nothing, by every reader.
#include "engine/store/store.hpp"
#include "ingest/loader.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>

using namespace annals;

namespace {
constexpr const char* kMark = "\xEF\xBB\xBF";
}  // namespace

TEST_CASE("A byte order mark is no part of the text, in any format", "[ingest]") {
  const struct {
    const char* format;
    const char* text;
  } cases[] = {
      {"dl", "leads(\"A\", \"Org\") @ 1920.\n"},
      {"json", R"({"facts": [{"relation": "leads", "subject": "A", "object": "Org"}]})"},
      {"tsv", "A\tleads\tOrg\t1920\t\n"},
      {"tsv", "subject\trelation\tobject\tstart\tend\nA\tleads\tOrg\t1920\t\n"},
  };
  for (const auto& c : cases) {
    INFO(c.format << ": " << c.text);
    engine::Store store;
    const LoadReport report =
        ingest::LoadText(store, std::string(kMark) + c.text, c.format, "bom", {});
    CHECK(report.diagnostics.empty());
    CHECK(store.FactCount() == 1);
    CHECK(store.FindEntity("A").has_value());  // not "\uFEFFA"
  }
}

TEST_CASE("A byte order mark opening a streamed TSV file is read as nothing", "[ingest]") {
  namespace fs = std::filesystem;
  const fs::path file = fs::temp_directory_path() / "annals_bom_test.tsv";
  std::ofstream(file, std::ios::binary) << kMark << "A\tleads\tOrg\t1920\t\n";
  engine::Store store;
  const LoadReport report = ingest::LoadPath(store, file.string(), {});
  CHECK(report.diagnostics.empty());
  REQUIRE(store.FactCount() == 1);
  CHECK(store.EntityName(store.Fact(0).subject) == "A");
  fs::remove(file);
}
