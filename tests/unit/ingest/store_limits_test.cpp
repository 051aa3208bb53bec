// Readers meet the store's size limits record by record: what the store
// refuses is an error at the record's line and column, and the rest of the
// file still loads. The limits that tests can reach cheaply are the 65535
// relations and the 65535 entity kinds.
#include <annals/database.hpp>

#include "engine/store/store.hpp"
#include "ingest/loader.hpp"

#include <catch2/catch.hpp>

#include <initializer_list>
#include <string>
#include <string_view>

using namespace annals;

namespace {

void FillRelations(engine::Store& store, std::initializer_list<std::string_view> keep) {
  for (const std::string_view name : keep) store.InternRelation(name);
  for (std::size_t i = 0;; ++i) {
    try {
      store.InternRelation("filler_" + std::to_string(i));
    } catch (const Error&) {
      return;
    }
  }
}

void FillKinds(engine::Store& store, std::initializer_list<std::string_view> keep) {
  for (const std::string_view kind : keep) {
    store.SetKind(store.InternEntity("a holder of " + std::string(kind)), kind);
  }
  for (std::size_t i = 0;; ++i) {
    const std::string kind = "filler_" + std::to_string(i);
    try {
      store.SetKind(store.InternEntity("a holder of " + kind), kind);
    } catch (const Error&) {
      return;
    }
  }
}

const Diagnostic& OnlyError(const LoadReport& report) {
  REQUIRE(report.errors() == 1);
  for (const Diagnostic& d : report.diagnostics) {
    if (d.severity == Severity::kError) return d;
  }
  FAIL("no error");
  return report.diagnostics.front();
}

}  // namespace

TEST_CASE("JSON: a fact the store refuses is rejected where it stands", "[ingest]") {
  engine::Store store;
  FillRelations(store, {"leads"});
  const std::string text =
      "{\"facts\": [\n"
      "  {\"relation\": \"founded\", \"subject\": \"A\", \"object\": \"B\", \"from\": 1920},\n"
      "  {\"relation\": \"leads\", \"subject\": \"A\", \"object\": \"B\", \"from\": 1920}\n"
      "]}\n";
  const LoadReport report = ingest::LoadText(store, text, "json", "f.json", {});
  const Diagnostic& error = OnlyError(report);
  CHECK(error.location.file == "f.json");
  CHECK(error.location.line == 2);
  CHECK(error.location.column == 3);
  CHECK_THAT(error.message,
             Catch::Contains("too many relations") && Catch::EndsWith("fact rejected"));
  CHECK(report.facts == 1);
  CHECK(store.FactCount() == 1);
}

TEST_CASE("JSON: an entity whose kind the store refuses is reported, the next one loads",
          "[ingest]") {
  engine::Store store;
  FillKinds(store, {});
  const std::string text =
      "{\"entities\": [\n"
      "  {\"name\": \"Ana Horvat\", \"kind\": \"person\"},\n"
      "  {\"name\": \"Petar Ilić\"}\n"
      "]}\n";
  const LoadReport report = ingest::LoadText(store, text, "json", "e.json", {});
  const Diagnostic& error = OnlyError(report);
  CHECK(error.location.line == 2);
  CHECK_THAT(error.message, Catch::Contains("too many entity kinds"));
  CHECK(store.FindEntity("Petar Ilić").has_value());
}

TEST_CASE("Article: an infobox entry the store refuses stops there, the others load", "[ingest]") {
  engine::Store store;
  FillRelations(store, {"leads", "succeeds"});
  const std::string text =
      "= Party of Zarv =\n\nInfobox\n- Founded: 1920\n- Dissolution: 1925\n"
      "- Ideology: [[Communism]]\n- Leader: [[Ana Horvat]] (1920–1922)\n";
  const LoadReport report = ingest::LoadText(store, text, "article", "zarv.txt", {});
  const Diagnostic& error = OnlyError(report);
  CHECK(error.location.line == 6);
  CHECK(error.location.column == 13);  // the value
  CHECK_THAT(error.message, Catch::Contains("too many relations") &&
                                Catch::Contains("the rest of 'Ideology' not loaded"));
  REQUIRE(report.facts == 1);
  const auto leads = store.FindRelation("leads");
  REQUIRE(leads.has_value());
  CHECK(store.FactCount(*leads) == 1);
}

TEST_CASE("Article: a table row the store refuses stops there, the rows below load", "[ingest]") {
  engine::Store store;
  FillKinds(store, {"party", "official"});
  // Ana Horvat has a kind already, so her rows ask the store for none;
  // Petar Ilić would be a new kind, "person", which the store refuses.
  store.SetKind(store.InternEntity("Ana Horvat"), "official");
  const std::string text =
      "= Party of Zarv =\n\nInfobox\n- Founded: 1920\n- Dissolution: 1930\n\n"
      "==Leaders==\n| Name | From | To |\n| Ana Horvat | 1920 | 1922 |\n"
      "| Petar Ilić | 1922 | 1925 |\n| Ana Horvat | 1925 | 1930 |\n";
  const LoadReport report = ingest::LoadText(store, text, "article", "zarv.txt", {});
  const Diagnostic& error = OnlyError(report);
  CHECK(error.location.line == 10);
  CHECK(error.location.column == 3);  // the person's cell
  CHECK_THAT(error.message, Catch::Contains("too many entity kinds") &&
                                Catch::EndsWith("the rest of the row not loaded"));
  const auto leads = store.FindRelation("leads");
  REQUIRE(leads.has_value());
  CHECK(store.FactCount(*leads) == 2);  // both of Ana Horvat's rows
}
