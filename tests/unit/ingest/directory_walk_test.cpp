// Loading a directory: each file and directory once, however many links
// lead to it, with the other ways reported.
#include "engine/store/store.hpp"
#include "ingest/loader.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

using namespace annals;

TEST_CASE("LoadPath reads a place reached through links once, and says so", "[ingest][api]") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "annals_loader_links_test";
  fs::remove_all(dir);
  fs::create_directories(dir / "nested");
  std::ofstream(dir / "a.tsv") << "A\tleads\tB\t1920\t1921\n";
  fs::create_directory_symlink("..", dir / "nested" / "loop");  // back up the tree
  fs::create_symlink("../a.tsv", dir / "nested" / "again.tsv");
  fs::create_symlink("missing.tsv", dir / "broken.tsv");
  engine::Store store;
  const LoadReport report = ingest::LoadPath(store, dir.string(), {});
  CHECK(report.files == 1);
  CHECK(store.FactCount() == 1);
  std::map<std::string, Severity> reported;
  for (const Diagnostic& d : report.diagnostics) reported[d.location.file] = d.severity;
  CHECK(reported.size() == 3);
  CHECK(reported["broken.tsv"] == Severity::kError);
  CHECK(reported["nested/again.tsv"] == Severity::kWarning);
  CHECK(reported["nested/loop"] == Severity::kWarning);
  fs::remove_all(dir);
}

TEST_CASE("LoadPath on a directory with no data file reports it", "[ingest][api]") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "annals_loader_empty_test";
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "README.md") << "no data here\n";
  engine::Store store;
  const LoadReport report = ingest::LoadPath(store, dir.string(), {});
  CHECK(report.files == 0);
  CHECK(report.errors() == 1);  // and the README's warning
  CHECK(report.diagnostics.size() == 2);
  fs::remove_all(dir);
}
