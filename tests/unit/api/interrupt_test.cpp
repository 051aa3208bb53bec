// Database::Interrupt from another thread stops a query that would run for
// minutes, through Query, Execute and ExecuteBatch alike; the database then
// answers as before. An interrupt with no query running leaves the next
// query alone. Run under ThreadSanitizer too (.ci/jobs/40-tsan.sh).
#include <annals/annals.hpp>

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace {

// A chain of dissolutions, org 0 into org 1 into ...
constexpr int kChainLength = 1500;

std::string OrgName(int i) { return "Org " + std::to_string(i); }

// Three dissolutions whose first ends can order no way (A < C < E < A):
// no row, after about kChainLength^3 / 2 steps, a minute in a Release
// build and far more under the sanitizers, in little memory.
constexpr const char* kEndless =
    "?- dissolved_into(A, B), dissolved_into(C, D), dissolved_into(E, F), A < C, C < E, E < A.";
// The same with a parameter, for the prepared queries.
constexpr const char* kEndlessWithParameter =
    "?- dissolved_into(A, B), dissolved_into(C, D), dissolved_into(E, F), A < C, C < E, E < A, "
    "B != $not.";
constexpr const char* kShort = R"(?- dissolved_into("Org 0", X).)";

annals::Database ChainDatabase() {
  annals::Database db;
  const annals::Period period = annals::Period::Parse("1900..1950");
  for (int i = 0; i < kChainLength; ++i) {
    db.AddFact("dissolved_into", OrgName(i), OrgName(i + 1), period);
  }
  return db;
}

// A backstop, never reached when Interrupt works: a query it stops fails
// the test with kLimit instead of hanging it.
annals::QueryOptions Backstop() {
  annals::QueryOptions options;
  options.timeout = std::chrono::minutes(5);
  return options;
}

// Runs `query` on a thread of its own and interrupts `db` every millisecond
// until it ends: the code of the error it ended with, none if it answered.
std::optional<annals::ErrorCode> RunInterrupted(const annals::Database& db,
                                                const std::function<void()>& query) {
  std::atomic<bool> done{false};
  std::optional<annals::ErrorCode> thrown;
  std::thread runner([&] {
    try {
      query();
    } catch (const annals::Error& error) {
      thrown = error.code();
    }
    done = true;
  });
  while (!done) {
    db.Interrupt();
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  runner.join();
  return thrown;
}

std::vector<std::string> Names(const annals::QueryResult& result) {
  std::vector<std::string> names;
  for (const annals::Row& row : result) {
    for (const annals::Value& value : row.values) names.push_back(value.ToText());
  }
  return names;
}

}  // namespace

TEST_CASE("interrupt: a running query stops, and the database answers after",
          "[api][interrupt][concurrency]") {
  const annals::Database db = ChainDatabase();
  const std::vector<std::string> before = Names(db.Query(kShort));
  REQUIRE(before == std::vector<std::string>{OrgName(1)});

  const std::optional<annals::ErrorCode> thrown =
      RunInterrupted(db, [&] { (void)db.Query(kEndless, Backstop()); });
  REQUIRE(thrown.has_value());
  CHECK(*thrown == annals::ErrorCode::kInterrupted);
  CHECK(Names(db.Query(kShort)) == before);
}

TEST_CASE("interrupt: prepared queries stop, one run and a batch",
          "[api][interrupt][concurrency]") {
  const annals::Database db = ChainDatabase();
  const annals::PreparedQuery endless = db.Prepare(kEndlessWithParameter);
  const annals::PreparedQuery short_query = db.Prepare(kShort);
  const std::vector<std::string> before = Names(short_query.Execute());
  annals::Parameters params;
  params.Set("not", OrgName(0));

  std::optional<annals::ErrorCode> thrown =
      RunInterrupted(db, [&] { (void)endless.Execute(params, Backstop()); });
  REQUIRE(thrown.has_value());
  CHECK(*thrown == annals::ErrorCode::kInterrupted);

  const std::vector<annals::Parameters> sets(2, params);
  thrown = RunInterrupted(db, [&] { (void)endless.ExecuteBatch(sets, Backstop()); });
  REQUIRE(thrown.has_value());
  CHECK(*thrown == annals::ErrorCode::kInterrupted);

  CHECK(Names(short_query.Execute()) == before);
  CHECK(Names(db.Query(kShort)) == before);
}

TEST_CASE("interrupt: with no query running, the next query answers", "[api][interrupt]") {
  const annals::Database empty;
  empty.Interrupt();  // nothing to stop, nothing loaded

  const annals::Database db = ChainDatabase();
  const std::vector<std::string> before = Names(db.Query(kShort));
  // A query long enough to check for interrupts many times over (it visits
  // every dissolution), begun after them.
  const std::size_t all_before = db.Query("?- dissolved_into(X, Y).").size();
  db.Interrupt();
  db.Interrupt();
  CHECK(Names(db.Query(kShort)) == before);
  CHECK(db.Query("?- dissolved_into(X, Y).").size() == all_before);
  const annals::PreparedQuery prepared = db.Prepare(kShort);
  db.Interrupt();
  CHECK(Names(prepared.Execute()) == before);
}
