// Many threads querying one Database, also through one shared prepared query,
// while another adds facts: every query sees a consistent store (the facts it
// started with, plus whole added facts), nothing crashes, and ThreadSanitizer
// (.ci/jobs/40-tsan.sh) finds no race.
#include <annals/annals.hpp>

#include <catch2/catch.hpp>

#include <atomic>
#include <cstddef>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "tests/unit/api/bundled_dataset.hpp"

namespace {

constexpr const char* kMid1921 = R"(?- leads(P, "Communist Party of Bukhara") @ "mid-1921".)";
constexpr int kQueryThreads = 4;
constexpr int kQueriesPerThread = 25;
constexpr int kAddedFacts = 40;

std::string AddedName(int i) { return "Concurrent Leader " + std::to_string(i); }

using annals::testing::LoadBundledDataset;

}  // namespace

TEST_CASE("queries run concurrently with a writer adding facts", "[api][concurrency]") {
  annals::Database db = LoadBundledDataset();
  const annals::QueryResult before = db.Query(kMid1921);
  REQUIRE(before.size() == 2);
  const std::size_t facts_before = db.FactCount();

  std::atomic<bool> writer_done{false};
  std::atomic<int> failures{0};
  std::atomic<int> queries_run{0};
  std::vector<std::thread> threads;

  // The writer adds leaders of the Bukhara party in June 1921, one at a time,
  // so each query's answer has the two original rows plus some of them.
  threads.emplace_back([&] {
    for (int i = 0; i < kAddedFacts; ++i) {
      try {
        db.AddFact("leads", AddedName(i), "Communist Party of Bukhara",
                   annals::Period::Parse("1921-06-01..1921-06-30"), {{"role", "Test"}});
      } catch (const std::exception&) {
        ++failures;
      }
    }
    writer_done = true;
  });

  for (int t = 0; t < kQueryThreads; ++t) {
    threads.emplace_back([&] {
      for (int q = 0; q < kQueriesPerThread || !writer_done; ++q) {
        try {
          const annals::QueryResult result = db.Query(kMid1921);
          std::set<std::string> names;
          for (const annals::Row& row : result) names.emplace(row.values.at(0).text());
          const bool consistent = names.count("Saidulla Tursunkhodzhayev") == 1 &&
                                  names.count("Abdurashid Mukamilov") == 1 && result.size() >= 2 &&
                                  result.size() <= 2 + kAddedFacts;
          if (!consistent) ++failures;
          // Errors are reported per call, also under contention.
          try {
            (void)db.Query(R"(?- leads(P, "Bukhara").)");
            ++failures;
          } catch (const annals::Error& error) {
            if (error.code() != annals::ErrorCode::kUnknownEntity) ++failures;
          }
          (void)db.Relations();
          ++queries_run;
        } catch (const std::exception&) {
          ++failures;
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();

  CHECK(failures == 0);
  CHECK(queries_run >= kQueryThreads * kQueriesPerThread);
  CHECK(db.FactCount() == facts_before + kAddedFacts);
  const annals::QueryResult after = db.Query(kMid1921);
  CHECK(after.size() == 2 + kAddedFacts);
  std::set<std::string> names;
  for (const annals::Row& row : after) names.emplace(row.values.at(0).text());
  for (int i = 0; i < kAddedFacts; ++i) CHECK(names.count(AddedName(i)) == 1);
}

TEST_CASE("concurrent readers of one loaded database agree", "[api][concurrency]") {
  const annals::Database db = LoadBundledDataset();
  const annals::QueryResult expected = db.Query(kMid1921);
  REQUIRE(expected.size() == 2);
  std::atomic<int> mismatches{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kQueryThreads; ++t) {
    threads.emplace_back([&] {
      for (int q = 0; q < kQueriesPerThread; ++q) {
        try {
          const annals::QueryResult result = db.Query(kMid1921);
          if (result.size() != expected.size()) ++mismatches;
          for (std::size_t i = 0; i < result.size() && i < expected.size(); ++i) {
            if (!(result[i].values == expected[i].values) ||
                result[i].certainty != expected[i].certainty ||
                !(result[i].validity == expected[i].validity)) {
              ++mismatches;
            }
          }
          (void)db.Entities();
        } catch (const std::exception&) {
          ++mismatches;
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  CHECK(mismatches == 0);
}

TEST_CASE("many threads execute one prepared query with their own bindings",
          "[api][concurrency][prepared]") {
  annals::Database db = LoadBundledDataset();
  const annals::PreparedQuery prepared = db.Prepare("?- leads(P, $org) @ $when.");
  // Each thread asks a different question; the answers must match Query's.
  const std::vector<std::pair<std::string, std::string>> questions = {
      {"Communist Party of Bukhara", "mid-1921"},
      {"Communist Party of Bukhara", "1920"},
      {"Communist Party of Khorezm", "December 1920"},
      {"Communist Party of Turkestan", "1919"},
  };
  std::vector<annals::QueryResult> expected;
  for (const auto& [org, when] : questions) {
    expected.push_back(db.Query("?- leads(P, \"" + org + "\") @ \"" + when + "\"."));
    REQUIRE(!expected.back().empty());
  }

  std::atomic<int> mismatches{0};
  std::atomic<bool> writer_done{false};
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < questions.size(); ++t) {
    threads.emplace_back([&, t] {
      const annals::Parameters params =
          annals::Parameters().Set("org", questions[t].first).Set("when", questions[t].second);
      for (int q = 0; q < kQueriesPerThread; ++q) {
        try {
          const annals::QueryResult result = prepared.Execute(params);
          // The writer below adds facts of another party only, so every
          // answer equals the one computed before the threads started.
          if (result.size() != expected[t].size()) ++mismatches;
          for (std::size_t i = 0; i < result.size() && i < expected[t].size(); ++i) {
            if (!(result[i].values == expected[t][i].values) ||
                result[i].certainty != expected[t][i].certainty ||
                !(result[i].validity == expected[t][i].validity)) {
              ++mismatches;
            }
          }
          // A bad binding fails this call only.
          try {
            (void)prepared.Execute(annals::Parameters(params).Set("org", "Bukhara"));
            ++mismatches;
          } catch (const annals::Error& error) {
            if (error.code() != annals::ErrorCode::kUnknownEntity) ++mismatches;
          }
        } catch (const std::exception&) {
          ++mismatches;
        }
      }
    });
  }
  // A writer changes the database meanwhile, so that executions re-plan
  // while others run on the previous plan.
  threads.emplace_back([&] {
    for (int i = 0; i < kAddedFacts / 4; ++i) {
      try {
        db.AddFact("leads", AddedName(i), "Concurrent Test Party",
                   annals::Period::Parse("1921-06-01..1921-06-30"));
      } catch (const std::exception&) {
        ++mismatches;
      }
    }
    writer_done = true;
  });
  for (std::thread& thread : threads) thread.join();
  CHECK(writer_done);
  CHECK(mismatches == 0);
  CHECK(
      prepared
          .Execute(annals::Parameters().Set("org", "Concurrent Test Party").Set("when", "1921-06"))
          .size() == kAddedFacts / 4);
}
