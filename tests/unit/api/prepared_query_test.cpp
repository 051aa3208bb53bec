// Public prepared queries: the same answers as the literal query with the
// values written in, for several bindings; errors for bad parameters; and
// re-planning when the database changes after preparing.
#include <annals/annals.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "tests/unit/api/bundled_dataset.hpp"

namespace {

using annals::testing::LoadBundledDataset;

// Quotes `text` as a query string constant.
std::string Quoted(const std::string& text) { return "\"" + text + "\""; }

void RequireSameAnswer(const annals::QueryResult& prepared, const annals::QueryResult& literal) {
  REQUIRE(prepared.columns() == literal.columns());
  REQUIRE(prepared.size() == literal.size());
  for (std::size_t i = 0; i < literal.size(); ++i) {
    INFO("row " << i);
    CHECK(prepared[i].values == literal[i].values);
    CHECK(prepared[i].certainty == literal[i].certainty);
    CHECK(prepared[i].validity == literal[i].validity);
    CHECK(prepared[i].sources.size() == literal[i].sources.size());
    for (std::size_t s = 0; s < prepared[i].sources.size() && s < literal[i].sources.size(); ++s) {
      CHECK(prepared[i].sources[s].ToString() == literal[i].sources[s].ToString());
    }
  }
  CHECK(prepared.truncated() == literal.truncated());
}

template <typename Fn>
annals::Error ErrorOf(Fn&& fn) {
  try {
    fn();
  } catch (const annals::Error& error) {
    return error;
  }
  FAIL("expected an annals::Error");
  return annals::Error(annals::ErrorCode::kInternal, "unreachable");
}

struct Binding {
  std::string org;
  std::string when;
};

}  // namespace

TEST_CASE("a prepared query answers like the literal query", "[api][prepared]") {
  const annals::Database db = LoadBundledDataset();
  const annals::PreparedQuery prepared = db.Prepare("?- leads(P, $org) @ $when.");
  CHECK(prepared.parameters() == std::vector<std::string>{"org", "when"});
  CHECK(prepared.columns() == std::vector<std::string>{"P"});
  CHECK(prepared.text() == "?- leads(P, $org) @ $when.");

  const std::vector<Binding> bindings = {
      {"Communist Party of Bukhara", "mid-1921"},
      {"Communist Party of Bukhara", "1920"},
      {"Communist Party of Khorezm", "December 1920"},
      {"Communist Party of Khorezm", "1921-06-15"},
      {"Communist Party of Turkestan", "1919"},
      {"Communist Party of Bukhara", "1800"},  // before everything: no rows
  };
  std::size_t non_empty = 0;
  for (const Binding& binding : bindings) {
    INFO(binding.org << " @ " << binding.when);
    const annals::QueryResult literal =
        db.Query("?- leads(P, " + Quoted(binding.org) + ") @ " + Quoted(binding.when) + ".");
    const annals::QueryResult answer =
        prepared.Execute(annals::Parameters().Set("org", binding.org).Set("$when", binding.when));
    RequireSameAnswer(answer, literal);
    if (!literal.empty()) ++non_empty;
  }
  // The comparison is only worth something if most bindings have answers.
  CHECK(non_empty >= bindings.size() - 1);
}

TEST_CASE("a prepared recursive query answers like the literal query", "[api][prepared]") {
  // Rules planned once at Prepare (the base rule; the recursive rule's
  // semi-naive rounds) and rules planned per run must give the same answers.
  const annals::Database db = LoadBundledDataset();
  const std::string rules = annals::testing::kSuccessionRules;
  const annals::PreparedQuery prepared = db.Prepare(rules + "?- chain($first, C).");
  std::size_t rows = 0;
  for (const char* first :
       {"Alimdzhan Akchurin", "Makhmud Musayev", "Abdullo Rakhimbayev", "Mukhamed Sharipov"}) {
    INFO(first);
    const annals::QueryResult literal = db.Query(rules + "?- chain(" + Quoted(first) + ", C).");
    RequireSameAnswer(prepared.Execute(annals::Parameters().Set("first", first)), literal);
    rows += literal.size();
  }
  CHECK(rows >= 5);  // chains of several successors, not only empty answers
}

TEST_CASE("prepared parameters take dates, periods and years as values", "[api][prepared]") {
  const annals::Database db = LoadBundledDataset();
  const annals::PreparedQuery point = db.Prepare("?- leads(P, $org) @ $when.");
  const annals::QueryResult literal =
      db.Query(R"(?- leads(P, "Communist Party of Bukhara") @ 1921-06-15.)");
  REQUIRE(!literal.empty());
  RequireSameAnswer(point.Execute(annals::Parameters()
                                      .Set("org", "Communist Party of Bukhara")
                                      .Set("when", annals::VagueDate::OnDay(1921, 6, 15))),
                    literal);
  RequireSameAnswer(
      point.Execute(annals::Parameters()
                        .Set("org", annals::Value::Entity("Communist Party of Bukhara"))
                        .Set("when", annals::Value::Number(1921))),
      db.Query(R"(?- leads(P, "Communist Party of Bukhara") @ 1921.)"));

  const annals::PreparedQuery window = db.Prepare("?- leads(P, $org) @ $from .. $to.");
  RequireSameAnswer(window.Execute(annals::Parameters()
                                       .Set("org", "Communist Party of Khorezm")
                                       .Set("from", "1920-06")
                                       .Set("to", "1921-06")),
                    db.Query(R"(?- leads(P, "Communist Party of Khorezm") @ 1920-06 .. 1921-06.)"));

  // A period gives a window side the days it spans, as the written range
  // does: the short path of a lookup and the general evaluator alike.
  const annals::Period june_july = annals::Period::Parse("1921-06..1921-07");
  const annals::QueryResult spanned =
      db.Query(R"(?- leads(P, "Communist Party of Bukhara") @ 1921-06 .. 1921-07.)");
  REQUIRE(!spanned.empty());
  RequireSameAnswer(
      point.Execute(
          annals::Parameters().Set("org", "Communist Party of Bukhara").Set("when", june_july)),
      spanned);
  const annals::PreparedQuery joined =
      db.Prepare("?- leads(P, O) @ $from .. $to, affiliated_with(O, _).");
  const annals::QueryResult joined_literal =
      db.Query("?- leads(P, O) @ 1921-06 .. 1921-09, affiliated_with(O, _).");
  REQUIRE(!joined_literal.empty());
  RequireSameAnswer(joined.Execute(annals::Parameters()
                                       .Set("from", june_july)
                                       .Set("to", annals::Period::Parse("1921-08..1921-09"))),
                    joined_literal);
}

TEST_CASE("one prepared query runs with many bindings in turn", "[api][prepared]") {
  const annals::Database db = LoadBundledDataset();
  const annals::PreparedQuery prepared =
      db.Prepare(R"(?- leads(P, "Communist Party of Bukhara") @ $when.)");
  CHECK(prepared.parameters() == std::vector<std::string>{"when"});
  for (int year = 1918; year <= 1924; ++year) {
    INFO(year);
    RequireSameAnswer(
        prepared.Execute(annals::Parameters().Set("when", std::to_string(year))),
        db.Query(R"(?- leads(P, "Communist Party of Bukhara") @ )" + std::to_string(year) + "."));
  }
}

TEST_CASE("prepared query errors", "[api][prepared]") {
  const annals::Database db = LoadBundledDataset();

  SECTION("preparing reports syntax and semantic errors like Query") {
    CHECK(ErrorOf([&] { (void)db.Prepare("?- leads(P, "); }).code() == annals::ErrorCode::kSyntax);
    const annals::Error unknown = ErrorOf([&] { (void)db.Prepare(R"(?- leads(P, "Bukhara").)"); });
    CHECK(unknown.code() == annals::ErrorCode::kUnknownEntity);
    CHECK(unknown.location().line == 1);
    CHECK(ErrorOf([&] { (void)db.Prepare("?- lead(P, $org)."); }).code() ==
          annals::ErrorCode::kUnknownRelation);
  }

  const annals::PreparedQuery prepared = db.Prepare("?- leads(P, $org) @ $when.");
  const auto base = [] {
    return annals::Parameters().Set("org", "Communist Party of Bukhara").Set("when", "mid-1921");
  };
  REQUIRE(prepared.Execute(base()).size() == 2);

  SECTION("a window that ends before it starts, as the written range is") {
    const annals::PreparedQuery window = db.Prepare("?- leads(P, $org) @ $from .. $to.");
    const annals::Error reversed = ErrorOf([&] {
      (void)window.Execute(annals::Parameters()
                               .Set("org", "Communist Party of Bukhara")
                               .Set("from", "1922")
                               .Set("to", "1921"));
    });
    CHECK(reversed.code() == annals::ErrorCode::kSyntax);
    CHECK(reversed.message() == "the range ends (1921) before it starts (1922)");
    CHECK(ErrorOf([&] {
            (void)db.Prepare("?- leads(P, O) @ $from .. $to, affiliated_with(O, _).")
                .Execute(annals::Parameters().Set("from", "1922").Set("to", "1921-06"));
          }).code() == annals::ErrorCode::kSyntax);
  }

  SECTION("a value for a name the query does not use") {
    const annals::Error error =
        ErrorOf([&] { (void)prepared.Execute(base().Set("organisation", "x")); });
    CHECK(error.code() == annals::ErrorCode::kInvalidArgument);
    CHECK(error.message().find("unknown parameter $organisation") != std::string::npos);
    CHECK(error.message().find("$org, $when") != std::string::npos);
  }
  SECTION("a parameter without a value") {
    const annals::Error error = ErrorOf([&] {
      (void)prepared.Execute(annals::Parameters().Set("org", "Communist Party of Bukhara"));
    });
    CHECK(error.code() == annals::ErrorCode::kInvalidArgument);
    CHECK(error.message().find("$when") != std::string::npos);
  }
  SECTION("a value of the wrong kind") {
    const annals::Error error = ErrorOf(
        [&] { (void)prepared.Execute(base().Set("org", annals::Period::Parse("1920..1921"))); });
    CHECK(error.code() == annals::ErrorCode::kInvalidArgument);
    CHECK(error.message().find("$org") != std::string::npos);
    CHECK(ErrorOf([&] {
            (void)prepared.Execute(base().Set("org", annals::Value::Number(3)));
          }).code() == annals::ErrorCode::kInvalidArgument);
  }
  SECTION("a name that is no entity, and a text that is no date") {
    const annals::Error entity =
        ErrorOf([&] { (void)prepared.Execute(base().Set("org", "Bukhara")); });
    CHECK(entity.code() == annals::ErrorCode::kUnknownEntity);
    CHECK(entity.message().find("did you mean") != std::string::npos);
    const annals::Error date =
        ErrorOf([&] { (void)prepared.Execute(base().Set("when", "the year of the horse")); });
    CHECK(date.code() == annals::ErrorCode::kSyntax);
    CHECK(date.message().find("$when") != std::string::npos);
  }
  SECTION("an empty parameter name") {
    CHECK(ErrorOf([&] { annals::Parameters().Set("$", "x"); }).code() ==
          annals::ErrorCode::kInvalidArgument);
  }
  // After every error the prepared query still answers.
  CHECK(prepared.Execute(base()).size() == 2);
}

TEST_CASE("a prepared query sees data added after it was prepared", "[api][prepared]") {
  annals::Database db = LoadBundledDataset();
  const annals::PreparedQuery prepared = db.Prepare("?- leads(P, $org) @ $when.");
  const auto params =
      annals::Parameters().Set("org", "Communist Party of Bukhara").Set("when", "1921-06-15");
  const std::size_t before = prepared.Execute(params).size();
  db.AddFact("leads", "Prepared Test Leader", "Communist Party of Bukhara",
             annals::Period::Parse("1921-06-01..1921-06-30"));
  const annals::QueryResult after = prepared.Execute(params);
  CHECK(after.size() == before + 1);
  RequireSameAnswer(after, db.Query(R"(?- leads(P, "Communist Party of Bukhara") @ 1921-06-15.)"));
  // A new entity is found by name from then on.
  db.AddFact("leads", "Prepared Test Leader", "Prepared Test Party",
             annals::Period::Parse("1930..1931"));
  CHECK(prepared.Execute(annals::Parameters().Set("org", "Prepared Test Party").Set("when", "1930"))
            .size() == 1);

  // Moving the database keeps the prepared query working.
  const annals::Database moved = std::move(db);
  CHECK(prepared.Execute(params).size() == before + 1);
}

namespace {

// A database whose join over `leads` needs more working memory than a
// prepared query keeps by default: `people` leaders of a party each, and
// one who also led a second party at the same time.
annals::Database LeadersOfManyParties(std::size_t people) {
  std::string tsv;
  for (std::size_t i = 0; i < people; ++i) {
    tsv += "Leader " + std::to_string(i) + "\tleads\tParty " + std::to_string(i) +
           "\t1900-01-01\t1910-12-31\n";
  }
  tsv += "Leader 0\tleads\tParty 1\t1905-01-01\t1906-12-31\n";
  annals::Database db;
  const annals::LoadReport report = db.LoadText(tsv, "tsv", "many-parties.tsv");
  REQUIRE(report.errors() == 0);
  return db;
}

constexpr const char* kSameLeader = "?- leads(P, A), leads(P, B), A != B.";
constexpr std::size_t kDefaultKept = std::size_t{1} << 20;

}  // namespace

TEST_CASE("a prepared query keeps a large run's memory only when allowed", "[api][prepared]") {
  annals::Database db = LeadersOfManyParties(40000);
  annals::PreparedQuery prepared = db.Prepare(kSameLeader);
  const annals::QueryResult literal = db.Query(kSameLeader);
  REQUIRE(literal.size() == 2);

  // By default a run that needed more than 1 MiB gives it all back.
  RequireSameAnswer(prepared.Execute(), literal);
  CHECK(prepared.MemoryKeptBetweenRuns() == 0);

  prepared.KeepMemoryBetweenRuns(std::size_t{1} << 30);
  RequireSameAnswer(prepared.Execute(), literal);
  const std::size_t kept = prepared.MemoryKeptBetweenRuns();
  CHECK(kept > kDefaultKept);
  // The next run starts from what the last one left, and answers the same.
  RequireSameAnswer(prepared.Execute(), literal);
  CHECK(prepared.MemoryKeptBetweenRuns() == kept);

  // A lower limit frees what is held beyond it at once.
  prepared.KeepMemoryBetweenRuns(kDefaultKept);
  CHECK(prepared.MemoryKeptBetweenRuns() == 0);
}

TEST_CASE("memory a prepared query keeps does not outlive a change of the data",
          "[api][prepared]") {
  annals::Database db = LeadersOfManyParties(40000);
  annals::PreparedQuery prepared = db.Prepare(kSameLeader);
  // Set before the first run: the plan made for that run takes the limit.
  prepared.KeepMemoryBetweenRuns(std::size_t{1} << 30);
  REQUIRE(prepared.Execute().size() == 2);
  REQUIRE(prepared.MemoryKeptBetweenRuns() > kDefaultKept);

  // The join index kept from the last run does not know this fact.
  db.AddFact("leads", "Leader 7", "Party 8", annals::Period::Parse("1901..1902"));
  const annals::QueryResult after = prepared.Execute();
  CHECK(after.size() == 4);
  RequireSameAnswer(after, db.Query(kSameLeader));
  CHECK(prepared.MemoryKeptBetweenRuns() > kDefaultKept);
}

TEST_CASE("a prepared query told to keep nothing keeps nothing", "[api][prepared]") {
  const annals::Database db = LoadBundledDataset();
  annals::PreparedQuery prepared = db.Prepare("?- leads(P, $org) @ $when.");
  const auto params =
      annals::Parameters().Set("org", "Communist Party of Bukhara").Set("when", "1921-06-15");
  const std::size_t rows = prepared.Execute(params).size();
  // A small lookup's memory is kept by default...
  CHECK(prepared.MemoryKeptBetweenRuns() > 0);
  CHECK(prepared.MemoryKeptBetweenRuns() <= kDefaultKept);
  // ...and freed when the limit falls to nothing, then and after each run.
  prepared.KeepMemoryBetweenRuns(0);
  CHECK(prepared.MemoryKeptBetweenRuns() == 0);
  CHECK(prepared.Execute(params).size() == rows);
  CHECK(prepared.MemoryKeptBetweenRuns() == 0);
}

TEST_CASE("a prepared query writes its answer into an earlier answer's memory", "[api][prepared]") {
  const annals::Database db = LoadBundledDataset();
  const std::string rules = annals::testing::kSuccessionRules;
  const annals::PreparedQuery chains = db.Prepare(rules + "?- chain($first, C).");
  const annals::PreparedQuery leaders = db.Prepare("?- leads(P, $org) @ $when.");
  const annals::Parameters first = annals::Parameters().Set("first", "Alimdzhan Akchurin");
  const annals::Parameters khorezm =
      annals::Parameters().Set("org", "Communist Party of Khorezm").Set("when", "1920-12-15");
  annals::QueryOptions explained;
  explained.explain = true;

  SECTION("the same query again: the same rows, in the same memory") {
    for (const annals::QueryOptions& options : {annals::QueryOptions{}, explained}) {
      const annals::QueryResult fresh = chains.Execute(first, options);
      REQUIRE(fresh.size() >= 5);
      annals::QueryResult earlier = chains.Execute(first, options);
      const annals::Value* cells = earlier[0].values.data();
      const annals::QueryResult again = chains.Execute(first, options, std::move(earlier));
      CHECK(earlier.empty());  // NOLINT(bugprone-use-after-move): it says it is left empty
      RequireSameAnswer(again, fresh);
      CHECK(again[0].values.data() == cells);
      for (std::size_t i = 0; i < fresh.size(); ++i) {
        CHECK(std::equal(again[i].explanation.begin(), again[i].explanation.end(),
                         fresh[i].explanation.begin(), fresh[i].explanation.end()));
      }
      if (options.explain) CHECK_FALSE(again[0].explanation.empty());
    }
  }
  SECTION("another query's answer, wider or narrower, larger or smaller") {
    const annals::QueryResult wide = db.Query("?- leads(P, O).");  // two columns, many rows
    REQUIRE(wide.size() > 10);
    RequireSameAnswer(leaders.Execute(khorezm, {}, annals::QueryResult(wide)),
                      leaders.Execute(khorezm));
    const annals::QueryResult narrow = leaders.Execute(khorezm);  // one column, two rows
    REQUIRE(narrow.size() == 2);
    RequireSameAnswer(chains.Execute(first, {}, annals::QueryResult(narrow)),
                      chains.Execute(first));
    RequireSameAnswer(chains.Execute(first, {}, annals::QueryResult()), chains.Execute(first));
  }
  SECTION("a run that throws leaves the earlier answer empty too") {
    annals::QueryResult earlier = chains.Execute(first);
    REQUIRE_FALSE(earlier.empty());
    const annals::Parameters nowhere =
        annals::Parameters().Set("org", "No Such Party").Set("when", "1920");
    CHECK_THROWS_AS(leaders.Execute(nowhere, {}, std::move(earlier)), annals::Error);
    CHECK(earlier.empty());  // NOLINT(bugprone-use-after-move)
    CHECK_THROWS_AS(chains.Execute(annals::Parameters(), {}, chains.Execute(first)), annals::Error);
  }
}
