// PreparedQuery::ExecuteBatch over a ParameterTable against Execute of the
// same sets one by one; the table's names checked once for the batch, its
// values per set; the table's own checks.
#include <annals/annals.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "tests/unit/api/bundled_dataset.hpp"
#include "tests/unit/api/same_rows.hpp"

namespace {

using annals::ParameterTable;
using annals::Value;
using annals::testing::LoadBundledDataset;
using annals::testing::RequireSameRows;

annals::Error ErrorOf(const annals::PreparedQuery& prepared, const ParameterTable& sets,
                      const annals::QueryOptions& options = {}) {
  try {
    (void)prepared.ExecuteBatch(sets, options);
  } catch (const annals::Error& error) {
    return error;
  }
  FAIL("no error");
  return annals::Error(annals::ErrorCode::kInternal, "unreachable");
}

// Each set of `table` answered by the batch as by Execute with the same
// values; returns the number of rows compared.
std::size_t RequireTableLikeLoop(const annals::PreparedQuery& prepared, const ParameterTable& table,
                                 const annals::QueryOptions& options = {}) {
  const annals::BatchResult batch = prepared.ExecuteBatch(table, options);
  REQUIRE(batch.size() == table.size());
  CHECK(batch.columns() == prepared.columns());
  std::size_t rows = 0;
  for (std::size_t i = 0; i < table.size(); ++i) {
    INFO("parameter set " << i);
    annals::Parameters single;
    for (std::size_t j = 0; j < table.names().size(); ++j) {
      single.Set(table.names()[j], table[i][j]);
    }
    const annals::QueryResult want = prepared.Execute(single, options);
    RequireSameRows(batch[i], want);
    rows += want.size();
  }
  CHECK(batch.rows().size() == rows);
  return rows;
}

}  // namespace

TEST_CASE("a table of parameter sets answers each set as Execute does",
          "[api][batch][parameter_table]") {
  const annals::Database db = LoadBundledDataset();
  std::set<std::string> parties;
  for (const annals::Row& row : db.Query("?- leads(_, O) @ _.")) {
    parties.emplace(row.values[0].text());
  }
  REQUIRE(parties.size() >= 3);
  // Columns in another order than the query's, one spelt with its '$'; dates
  // as text of every precision and as dates.
  ParameterTable table({"$when", "org"});
  for (const std::string& party : parties) {
    for (const char* when : {"1917", "mid-1919", "December 1920", "1921-06-15", "1923-10"}) {
      table.AddSet({Value::String(when), Value::String(party)});
    }
    table.AddSet({Value::Date(annals::VagueDate::OnDay(1921, 3, 1)), Value::Entity(party)});
    table.AddSet({Value::Number(1922), Value::String(party)});
  }
  REQUIRE(table.names() == std::vector<std::string>{"when", "org"});
  REQUIRE(table.size() == parties.size() * 7);

  const annals::PreparedQuery point = db.Prepare("?- leads(P, $org) @ $when.");
  SECTION("with sources") { CHECK(RequireTableLikeLoop(point, table) >= 10); }
  SECTION("without sources, with explanations") {
    annals::QueryOptions options;
    options.sources = false;
    options.explain = true;
    CHECK(RequireTableLikeLoop(point, table, options) >= 10);
  }
  SECTION("a join, which the general evaluator answers") {
    const annals::PreparedQuery join =
        db.Prepare("?- leads(P, $org) @ $when, leads(P, O2), O2 != $org.");
    RequireTableLikeLoop(join, table);
  }
  SECTION("cleared and filled again, as a fresh table") {
    const annals::BatchResult first = point.ExecuteBatch(table);
    ParameterTable reused = table;
    reused.Clear();
    CHECK(reused.empty());
    CHECK(reused.names() == table.names());
    CHECK(point.ExecuteBatch(reused).empty());
    for (std::size_t i = 0; i < table.size(); ++i) reused.AddSet(table[i]);
    const annals::BatchResult again = point.ExecuteBatch(reused);
    REQUIRE(again.size() == first.size());
    for (std::size_t i = 0; i < first.size(); ++i) {
      CHECK(again[i].size() == first[i].size());
    }
    CHECK(again.rows().size() == first.rows().size());
  }
  SECTION("a query without parameters takes a table without names") {
    const annals::PreparedQuery all = db.Prepare("?- leads(P, \"Communist Party of Bukhara\").");
    ParameterTable none({});
    none.AddSet({}).AddSet({});
    CHECK(RequireTableLikeLoop(all, none) >= 4);
  }
}

TEST_CASE("a parameter table's names are checked once, its values per set",
          "[api][batch][parameter_table]") {
  const annals::Database db = LoadBundledDataset();
  const annals::PreparedQuery prepared = db.Prepare("?- leads(P, $org) @ $when.");

  SECTION("a column the query does not have fails the batch, even of no sets") {
    const annals::Error error = ErrorOf(prepared, ParameterTable({"org", "when", "organisation"}));
    CHECK(error.code() == annals::ErrorCode::kInvalidArgument);
    CHECK(error.message().rfind("parameter table: unknown parameter $organisation", 0) == 0);
    CHECK(error.message().find("$org, $when") != std::string::npos);
  }
  SECTION("so does a parameter without a column") {
    ParameterTable table({"org"});
    table.AddSet({Value::String("Communist Party of Bukhara")});
    const annals::Error error = ErrorOf(prepared, table);
    CHECK(error.code() == annals::ErrorCode::kInvalidArgument);
    CHECK(error.message().rfind("parameter table: no column for parameter $when", 0) == 0);
  }
  SECTION("a value's error names its set") {
    ParameterTable table({"org", "when"});
    for (const char* org : {"Communist Party of Bukhara", "Communist Party of Khorezm",
                            "Communist Party of Atlantis"}) {
      table.AddSet({Value::String(org), Value::String("mid-1921")});
    }
    table.AddSet({Value::String("Communist Party of Bukhara"), Value::String("no date")});
    annals::Error error = ErrorOf(prepared, table);
    CHECK(error.code() == annals::ErrorCode::kUnknownEntity);
    CHECK(error.message().rfind("parameter set 2: unknown entity", 0) == 0);
    ParameterTable dates({"org", "when"});
    dates.AddSet({Value::String("Communist Party of Bukhara"), Value::String("mid-1921")});
    dates.AddSet({Value::String("Communist Party of Bukhara"), Value::String("no date")});
    error = ErrorOf(prepared, dates);
    CHECK(error.code() == annals::ErrorCode::kSyntax);
    CHECK(error.message().rfind("parameter set 1: ", 0) == 0);
  }
  SECTION("the row limit holds for each set") {
    ParameterTable table({"org", "when"});
    for (int i = 0; i < 3; ++i) {
      table.AddSet({Value::String("Communist Party of Bukhara"), Value::String("mid-1921")});
    }
    annals::QueryOptions options;
    options.row_limit = 1;  // each set has two rows
    const annals::Error error = ErrorOf(prepared, table, options);
    CHECK(error.code() == annals::ErrorCode::kLimit);
    CHECK(error.message().rfind("parameter set 0: ", 0) == 0);
    options.row_limit = 2;
    CHECK(prepared.ExecuteBatch(table, options).rows().size() == 6);
  }
}

TEST_CASE("a parameter table checks its names and each set's width", "[api][parameter_table]") {
  CHECK_THROWS_AS(ParameterTable({"org", "$org"}), annals::Error);
  CHECK_THROWS_AS(ParameterTable({"org", "$"}), annals::Error);
  CHECK_THROWS_AS(ParameterTable({""}), annals::Error);

  ParameterTable table({"org", "when"});
  table.AddSet({Value::String("a"), Value::Number(1921)});
  try {
    table.AddSet({Value::String("b")});
    FAIL("a set of one value went into a table of two names");
  } catch (const annals::Error& error) {
    CHECK(error.code() == annals::ErrorCode::kInvalidArgument);
    CHECK(error.message() == "parameter set 1: expected 2 values ($org, $when), got 1");
  }
  CHECK_THROWS_AS(table.AddSet({Value::String("b"), Value::Number(1), Value::Number(2)}),
                  annals::Error);
  REQUIRE(table.size() == 1);  // the refused sets left nothing behind
  table.AddSet({Value::String("c"), Value::Number(1922)});
  REQUIRE(table.size() == 2);
  CHECK(table[1][0].text() == "c");
  CHECK(table.at(1)[1].number() == 1922);
  CHECK(table.at(0)[0].text() == "a");
  CHECK_THROWS_AS(table.at(2), std::out_of_range);
  table.Reserve(1000);
  CHECK(table.size() == 2);
  CHECK_THROWS_AS(table.Reserve(static_cast<std::size_t>(-1)), std::length_error);
}
