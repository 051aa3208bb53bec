// The loader's file handling and the annals::Database API over it.
#include <annals/database.hpp>

#include "engine/store/snapshot.hpp"
#include "engine/store/store.hpp"
#include "ingest/loader.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

using namespace annals;

namespace {

const char* const kArticle =
    "= Party of Zarv =\n\nInfobox\n- Founded: 1920\n- Dissolution: 1925\n\n"
    "The Party of Zarv (PZ; Партия Зарва) was a party.\n\n==Leaders==\n"
    "| Name | From | To |\n| Ana Horvat | 1920 | 1922 |\n| Petar Ilić | 1922 | 1925 |\n";

}  // namespace

TEST_CASE("LoadText reads each format and counts what it added", "[ingest][api]") {
  engine::Store store;
  const LoadReport article = ingest::LoadText(store, kArticle, "article", "zarv.txt", {});
  CHECK(article.files == 1);
  CHECK(article.facts == 3);  // two leads, one succeeds
  CHECK(article.entities == 3);
  CHECK(article.diagnostics.empty());
  const LoadReport tsv =
      ingest::LoadText(store, "Ana Horvat\tmember_of\tParty of Zarv\t1919\t\n", "tsv", "m.tsv", {});
  CHECK(tsv.facts == 1);
  CHECK(tsv.entities == 0);  // both names already known
  CHECK_THROWS_AS(ingest::LoadText(store, "x", "csv", "x.csv", {}), Error);
  const LoadReport empty = ingest::LoadText(store, "", "json", "e.json", {});
  CHECK(empty.errors() == 1);
}

TEST_CASE("LoadPath names sources relative to the directory given", "[ingest][api]") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "annals_loader_test";
  fs::remove_all(dir);
  fs::create_directories(dir / "nested");
  std::ofstream(dir / "nested" / "zarv.wiki") << kArticle;
  std::ofstream(dir / "b.tsv") << "A\tleads\tB\t1920\t1921\n";
  std::ofstream(dir / "README") << "not data\n";
  engine::Store store;
  const LoadReport report = ingest::LoadPath(store, dir.string(), {});
  CHECK(report.files == 2);
  REQUIRE(report.diagnostics.size() == 1);
  CHECK(report.diagnostics[0].location.file == "README");
  CHECK(report.diagnostics[0].severity == Severity::kWarning);
  bool nested_source = false;
  for (engine::FactId id = 0; id < store.FactCount(); ++id) {
    nested_source =
        nested_source || store.FileName(store.Fact(id).source.file) == "nested/zarv.wiki";
  }
  CHECK(nested_source);
  const LoadReport single = ingest::LoadPath(store, (dir / "b.tsv").string(), {});
  CHECK(store.FileName(
            store.Fact(static_cast<engine::FactId>(store.FactCount() - 1)).source.file) == "b.tsv");
  CHECK(single.facts == 1);
  CHECK_THROWS_AS(ingest::LoadPath(store, (dir / "missing").string(), {}), Error);
  fs::remove_all(dir);
}

TEST_CASE("LoadReport summary counts in words", "[ingest][api]") {
  LoadReport report;
  report.files = 1;
  report.entities = 2;
  report.facts = 1;
  report.diagnostics.push_back({Severity::kWarning, {"a.txt", 3, 1}, "w"});
  CHECK(report.Summary() == "loaded 1 file: 2 entities, 1 fact; 0 errors, 1 warning");
  LoadReport more = report;
  more.diagnostics.push_back({Severity::kError, {"a.txt", 4, 1}, "e"});
  report.Append(more);
  CHECK(report.Summary() == "loaded 2 files: 4 entities, 2 facts; 1 error, 2 warnings");
}

TEST_CASE("Database: load, add and list", "[ingest][api]") {
  Database db;
  const LoadReport report = db.LoadText(kArticle, "article", "zarv.txt");
  CHECK(report.facts == 3);
  CHECK(db.FactCount() == 3);
  const auto relations = db.Relations();
  CHECK(std::find(relations.begin(), relations.end(), "leads") != relations.end());
  CHECK(std::find(relations.begin(), relations.end(), "succeeds") != relations.end());

  EntityInfo info;
  info.name = "PZ";  // an alias: the entity keeps its display name
  info.kind = "party";
  CHECK(db.AddEntity(info) == "Party of Zarv");
  bool found = false;
  for (const EntityInfo& e : db.Entities()) {
    if (e.name != "Party of Zarv") continue;
    found = true;
    CHECK(e.kind == "party");
    REQUIRE(e.lifespan.has_value());
    CHECK(e.lifespan->ToIso() == "1920..1925");
    CHECK(std::find(e.aliases.begin(), e.aliases.end(), "Партия Зарва") != e.aliases.end());
  }
  CHECK(found);

  db.AddFact("member_of", "Ana Horvat", "Party of Zarv", Period::Parse("1919..1925"),
             {{"role", "founder"}}, {"notes.txt", 4, 0});
  CHECK(db.FactCount() == 4);
  try {
    db.AddFact("MemberOf", "A", "B", Period::Always());
    FAIL("a relation that is not snake_case must be refused");
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::kInvalidArgument);
  }
  CHECK_THROWS_AS(db.AddFact("member_of", " ", "B", Period::Always()), Error);
  CHECK_THROWS_AS(db.AddFact("member_of", "A", "B", Period::Always(), {{"Bad Col", "x"}}), Error);
  CHECK_THROWS_AS(db.AddEntity(EntityInfo{}), Error);
  CHECK(db.FactCount() == 4);
  CHECK_THROWS_AS(db.Load("/nonexistent/annals/path"), Error);
}

TEST_CASE("Database: EntityCount counts what Entities lists, after merges", "[ingest][api]") {
  Database db;
  db.LoadText(kArticle, "article", "zarv.txt");
  const std::size_t before = db.EntityCount();
  CHECK(before == db.Entities().size());
  CHECK(before > 0);
  const LoadReport report = db.LoadText(
      "entity(\"Ana Horvat\", \"person\").\nentity(\"A. Horvat\", \"person\").\n"
      "same_as(\"Ana Horvat\", \"A. Horvat\").\n",
      "dl", "merge.dl");
  CHECK(report.errors() == 0);
  CHECK(db.EntityCount() == db.Entities().size());
}

TEST_CASE("Database: readers run while another thread loads", "[ingest][api]") {
  Database db;
  (void)db.LoadText(kArticle, "article", "zarv.txt");
  std::atomic<bool> done{false};
  std::thread writer([&] {
    for (int i = 0; i < 50; ++i) {
      const std::string line = "P" + std::to_string(i) + "\tleads\tOrg\t1900\t1901\n";
      (void)db.LoadText(line, "tsv", "w.tsv");
    }
    done = true;
  });
  std::size_t last = 0;
  bool monotonic = true;
  while (!done) {
    const std::size_t n = db.FactCount();
    monotonic = monotonic && n >= last;
    last = n;
    (void)db.Entities();
  }
  writer.join();
  CHECK(monotonic);
  CHECK(db.FactCount() == 53);
}

TEST_CASE("Database: queries see what was loaded and added", "[ingest][api]") {
  Database db;
  (void)db.LoadText(kArticle, "article", "zarv.txt");
  const QueryResult before = db.Query("leads(P, \"Party of Zarv\") @ 1921.");
  REQUIRE(before.size() == 1);
  CHECK(before[0].values[0].text() == "Ana Horvat");
  // AddFact leaves the indexes stale; the next query rebuilds them.
  db.AddFact("leads", "Eva Novak", "PZ", Period::Parse("1921..1921"));
  const QueryResult after = db.Query("leads(P, \"Party of Zarv\") @ 1921.");
  CHECK(after.size() == 2);
  CHECK_THROWS_AS(db.Query("leads(P, \"Party of Zarv\""), Error);
}

TEST_CASE("Database: Load opens an .annals snapshot into an empty database", "[ingest][api]") {
  namespace fs = std::filesystem;
  const fs::path file = fs::temp_directory_path() / "annals_api_test.annals";
  {
    engine::Store store;
    (void)ingest::LoadText(store, kArticle, "article", "zarv.txt", {});
    store.Finalize();
    engine::SaveSnapshot(store, file.string());
  }
  Database db;
  const LoadReport report = db.Load(file.string());
  CHECK(report.facts == 3);
  CHECK(db.FactCount() == 3);
  CHECK(db.Query("leads(P, \"PZ\") @ 1924.").size() == 1);
  CHECK_THROWS_AS(db.Load(file.string()), Error);  // not into a database holding data
  // Read rather than mapped: the same answers.
  LoadOptions read;
  read.map_snapshots = false;
  Database copy;
  CHECK(copy.Load(file.string(), read).facts == 3);
  CHECK(copy.Query("leads(P, \"PZ\") @ 1924.").size() == 1);
  fs::remove(file);
}

TEST_CASE("Article: a sub-header too long to be a role gives no role, with a warning", "[ingest]") {
  engine::Store store;
  const std::string long_header(150, 'x');
  const std::string text =
      "= Party of Zarv =\n\nInfobox\n- Founded: 1920\n\n==Leaders==\n"
      "| Name | From | To |\n| " +
      long_header + " | | |\n| Ana Horvat | 1920 | 1922 |\n";
  const LoadReport report = ingest::LoadText(store, text, "article", "zarv.txt", {});
  REQUIRE(report.diagnostics.size() == 1);
  CHECK(report.diagnostics[0].location.line == 8);
  CHECK(report.diagnostics[0].message.find("too long to name a role") != std::string::npos);
  const auto leads = store.FindRelation("leads");
  REQUIRE(leads.has_value());
  REQUIRE(store.FactCount(*leads) == 1);
  CHECK(store.Fact(0).attributes.empty());
}
