// PreparedQuery::ExecuteBatch against a loop of Execute: the same rows, in
// the same order, with the same certainty, validity, sources and
// explanations, for every set of a shuffled batch with repeats; errors
// name the failing set; BatchResult's views and checks.
#include <annals/annals.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "tests/unit/api/bundled_dataset.hpp"
#include "tests/unit/api/same_rows.hpp"

namespace {

using annals::testing::LoadBundledDataset;
using annals::testing::RequireSameRows;

// Every set of `sets` answered by the batch as by Execute alone; returns the
// number of rows, so that a caller can require the comparison to mean something.
std::size_t RequireBatchLikeLoop(const annals::PreparedQuery& prepared,
                                 const std::vector<annals::Parameters>& sets,
                                 const annals::QueryOptions& options = {}) {
  const annals::BatchResult batch = prepared.ExecuteBatch(sets, options);
  REQUIRE(batch.size() == sets.size());
  CHECK(batch.columns() == prepared.columns());
  std::size_t rows = 0;
  for (std::size_t i = 0; i < sets.size(); ++i) {
    INFO("parameter set " << i);
    const annals::QueryResult single = prepared.Execute(sets[i], options);
    RequireSameRows(batch[i], single);
    rows += single.size();
  }
  CHECK(batch.rows().size() == rows);
  return rows;
}

// The parties and people of the bundled dataset, by the query language.
std::vector<std::string> Names(const annals::Database& db, const std::string& query) {
  std::set<std::string> names;
  for (const annals::Row& row : db.Query(query)) names.emplace(row.values[0].text());
  return {names.begin(), names.end()};
}

}  // namespace

TEST_CASE("a batch answers each set as Execute does", "[api][batch]") {
  const annals::Database db = LoadBundledDataset();
  const std::vector<std::string> parties = Names(db, "?- leads(_, O) @ _.");
  REQUIRE(parties.size() >= 3);
  // Dates of every precision, inside and outside the parties' lifetimes.
  const std::vector<std::string> dates = {"1917",          "1918",       "mid-1919", "1920",
                                          "December 1920", "1920-09-14", "1921",     "mid-1921",
                                          "1921-06-15",    "1922",       "1923-10",  "1925"};
  std::vector<annals::Parameters> sets;
  for (const std::string& party : parties) {
    for (const std::string& date : dates) {
      sets.push_back(annals::Parameters().Set("org", party).Set("when", date));
    }
  }
  // Repeats, and an order that is no longer grouped by party.
  sets.insert(sets.end(), sets.begin(), sets.begin() + 5);
  std::shuffle(sets.begin(), sets.end(), std::mt19937(7));

  const annals::PreparedQuery point = db.Prepare("?- leads(P, $org) @ $when.");
  SECTION("with sources") { CHECK(RequireBatchLikeLoop(point, sets) >= 10); }
  SECTION("without sources, with explanations") {
    annals::QueryOptions options;
    options.sources = false;
    options.explain = true;
    CHECK(RequireBatchLikeLoop(point, sets, options) >= 10);
  }
  SECTION("a join whose later steps read the first one's bindings") {
    const annals::PreparedQuery join =
        db.Prepare("?- leads(P, $org) @ $when, leads(P, O2), O2 != $org.");
    RequireBatchLikeLoop(join, sets);
  }
}

TEST_CASE("a batch of a recursive query derives each set's relations afresh", "[api][batch]") {
  // Derived relations, plans made per run and derivations must not leak from
  // one set into the next.
  const annals::Database db = LoadBundledDataset();
  const std::string rules = annals::testing::kSuccessionRules;
  const annals::PreparedQuery prepared = db.Prepare(rules + "?- chain($first, C).");
  std::vector<annals::Parameters> sets;
  for (const std::string& person : Names(db, "?- leads(P, _) @ _.")) {
    sets.push_back(annals::Parameters().Set("first", person));
  }
  REQUIRE(sets.size() >= 5);
  annals::QueryOptions options;
  options.explain = true;
  CHECK(RequireBatchLikeLoop(prepared, sets, options) >= 5);
}

TEST_CASE("batch errors name the parameter set", "[api][batch]") {
  const annals::Database db = LoadBundledDataset();
  const annals::PreparedQuery prepared = db.Prepare("?- leads(P, $org) @ $when.");
  std::vector<annals::Parameters> sets(
      4, annals::Parameters().Set("org", "Communist Party of Bukhara").Set("when", "mid-1921"));
  const auto error_of = [&](const annals::QueryOptions& options = {}) {
    try {
      (void)prepared.ExecuteBatch(sets, options);
    } catch (const annals::Error& error) {
      return error;
    }
    FAIL("no error");
    return annals::Error(annals::ErrorCode::kInternal, "unreachable");
  };

  SECTION("an unknown entity") {
    sets[2].Set("org", "Communist Party of Atlantis");
    const annals::Error error = error_of();
    CHECK(error.code() == annals::ErrorCode::kUnknownEntity);
    CHECK(error.message().rfind("parameter set 2: unknown entity", 0) == 0);
    // The query position and its caret survive the added context.
    CHECK(error.location().line == 1);
    CHECK(error.rendered().find("parameter set 2: unknown entity") != std::string::npos);
    CHECK(error.rendered().find('^') != std::string::npos);
  }
  SECTION("a name the query does not use") {
    sets[1].Set("organisation", "x");
    const annals::Error error = error_of();
    CHECK(error.code() == annals::ErrorCode::kInvalidArgument);
    CHECK(error.message().rfind("parameter set 1: unknown parameter $organisation", 0) == 0);
  }
  SECTION("a window given as a period that ends before it starts") {
    const annals::PreparedQuery window = db.Prepare("?- leads(P, $org) @ $from .. $to.");
    std::vector<annals::Parameters> windows(3, annals::Parameters()
                                                   .Set("org", "Communist Party of Bukhara")
                                                   .Set("from", "1920")
                                                   .Set("to", annals::Period::Parse("1921..1922")));
    windows[1].Set("from", annals::Period::Parse("1923..1924"));
    try {
      (void)window.ExecuteBatch(windows);
      FAIL("no error");
    } catch (const annals::Error& error) {
      CHECK(error.code() == annals::ErrorCode::kSyntax);
      // A period side is the days it spans.
      CHECK(error.message() ==
            "parameter set 1: the range ends (between 1921-01-01 and 1922-12-31) before it starts "
            "(between 1923-01-01 and 1924-12-31)");
    }
  }
  SECTION("the row limit holds for each set") {
    annals::QueryOptions options;
    options.row_limit = 1;  // each set has two rows
    const annals::Error error = error_of(options);
    CHECK(error.code() == annals::ErrorCode::kLimit);
    CHECK(error.message().rfind("parameter set 0: ", 0) == 0);
    options.row_limit = 2;
    CHECK(prepared.ExecuteBatch(sets, options).rows().size() == 8);
  }
}

TEST_CASE("a batch that failed part-way leaves nothing to the next run", "[api][batch]") {
  // The evaluator that ran the failed batch is kept for the next run, with
  // the rows of the sets before the failing one already written.
  const annals::Database db = LoadBundledDataset();
  const annals::PreparedQuery prepared = db.Prepare("?- leads(P, $org) @ $when.");
  const annals::Parameters good =
      annals::Parameters().Set("org", "Communist Party of Bukhara").Set("when", "mid-1921");
  const std::size_t rows = prepared.Execute(good).size();
  REQUIRE(rows >= 1);
  const std::vector<annals::Parameters> failing = {
      good, annals::Parameters().Set("org", "Communist Party of Atlantis").Set("when", "1921")};
  CHECK_THROWS_AS(prepared.ExecuteBatch(failing), annals::Error);
  CHECK(prepared.Execute(good).size() == rows);
  CHECK_THROWS_AS(prepared.ExecuteBatch(failing), annals::Error);
  const annals::BatchResult batch = prepared.ExecuteBatch(std::vector<annals::Parameters>{good});
  CHECK(batch.rows().size() == rows);
  RequireSameRows(batch[0], prepared.Execute(good));
}

TEST_CASE("BatchResult gives each set's rows", "[api][batch]") {
  const annals::Database db = LoadBundledDataset();
  const annals::PreparedQuery prepared = db.Prepare("?- leads(P, $org) @ $when.");
  const auto set = [](const char* org, const char* when) {
    return annals::Parameters().Set("org", org).Set("when", when);
  };
  const std::vector<annals::Parameters> sets = {
      set("Communist Party of Bukhara", "mid-1921"),  // two rows
      set("Communist Party of Bukhara", "1800"),      // none
      set("Communist Party of Khorezm", "December 1920"),
  };
  annals::BatchResult batch = prepared.ExecuteBatch(sets);
  REQUIRE(batch.size() == 3);
  CHECK(batch[0].size() == 2);
  CHECK(batch[1].empty());
  REQUIRE(!batch[2].empty());
  CHECK(batch[2].first() == 2);
  CHECK(batch.rows().size() == 2 + batch[2].size());
  CHECK(batch.SetOfRow(0) == 0);
  CHECK(batch.SetOfRow(1) == 0);
  CHECK(batch.SetOfRow(2) == 2);
  CHECK_THROWS_AS(batch.SetOfRow(batch.rows().size()), std::out_of_range);
  CHECK_THROWS_AS(batch.at(3), std::out_of_range);
  CHECK_THROWS_AS(batch[0].at(2), std::out_of_range);
  std::size_t seen = 0;
  for (const annals::Row& row : batch[0]) {
    CHECK(row.values.size() == 1);
    ++seen;
  }
  CHECK(seen == 2);

  SECTION("views outlive a move of the batch; a copy is its own") {
    const annals::RowRange first = batch[0];
    const std::string name(first[0].values[0].text());
    const annals::BatchResult copy = batch;
    const annals::BatchResult moved = std::move(batch);
    CHECK(first[0].values[0].text() == name);
    CHECK(copy[0][0].values[0].text() == name);
    CHECK(moved.size() == 3);
    CHECK(batch.empty());  // NOLINT(bugprone-use-after-move): moved-from is empty
    CHECK(batch.rows().empty());
  }
  SECTION("an empty batch") {
    const annals::BatchResult none = prepared.ExecuteBatch({});
    CHECK(none.empty());
    CHECK(none.rows().empty());
  }
  SECTION("made by hand, the set ends are checked") {
    annals::QueryResultBuilder builder({"X"});
    builder.AddCell(annals::Value::Number(1));
    builder.EndRow(annals::Certainty::kCertain, annals::Period::Always());
    CHECK_THROWS_AS(annals::BatchResult(builder.Finish(), {2}), std::invalid_argument);
    builder.AddCell(annals::Value::Number(1));
    builder.EndRow(annals::Certainty::kCertain, annals::Period::Always());
    CHECK_THROWS_AS(annals::BatchResult(builder.Finish(), {}), std::invalid_argument);
    builder.AddCell(annals::Value::Number(1));
    builder.EndRow(annals::Certainty::kCertain, annals::Period::Always());
    const annals::BatchResult made(builder.Finish(), {0, 1});
    CHECK(made[0].empty());
    CHECK(made[1].size() == 1);
  }
}
