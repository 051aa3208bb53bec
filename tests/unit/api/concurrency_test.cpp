// Many threads querying one Database while another adds facts: every query
// sees a consistent store (the facts it started with, plus whole added facts),
// nothing crashes, and ThreadSanitizer (.ci/jobs/40-tsan.sh) finds no race.
#include <annals/annals.hpp>

#include <catch2/catch.hpp>

#include <atomic>
#include <cstddef>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace {

constexpr const char* kMid1921 = R"(?- leads(P, "Communist Party of Bukhara") @ "mid-1921".)";
constexpr int kQueryThreads = 4;
constexpr int kQueriesPerThread = 25;
constexpr int kAddedFacts = 40;

std::string AddedName(int i) { return "Concurrent Leader " + std::to_string(i); }

annals::Database LoadBundled() {
  annals::Database db;
  const annals::LoadReport report =
      db.Load(std::string(ANNALS_SOURCE_DIR) + "/datasets/central-asia-1918-1924");
  REQUIRE(report.facts > 0);
  return db;
}

}  // namespace

TEST_CASE("queries run concurrently with a writer adding facts", "[api][concurrency]") {
  annals::Database db = LoadBundled();
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
          for (const annals::Row& row : result) names.insert(row.values.at(0).text());
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
  for (const annals::Row& row : after) names.insert(row.values.at(0).text());
  for (int i = 0; i < kAddedFacts; ++i) CHECK(names.count(AddedName(i)) == 1);
}

TEST_CASE("concurrent readers of one loaded database agree", "[api][concurrency]") {
  const annals::Database db = LoadBundled();
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
