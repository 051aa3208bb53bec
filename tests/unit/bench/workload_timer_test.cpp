// The comparison's timing orders decide what is in the caches when a timed
// run starts, so each order's sequence of runs is part of what a table
// means: a `cold` run must come right after the other engine's work, not
// after a way of its own engine over the same data.
#include "bench/workload_timer.hpp"

#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>
#include <vector>

namespace annals::bench {
namespace {

// Ways that write their name to one log when they run, and take `cost`
// seconds of a clock of their own.
struct Bench {
  double clock = 0;
  std::vector<std::string> log;
  WorkloadTimer timer{[this] { return clock; }};

  std::size_t Add(const std::string& name, Engine engine, double cost = 0.001) {
    return timer.Add(
        [this, name, cost] {
          log.push_back(name);
          clock += cost;
        },
        engine);
  }
};

using Log = std::vector<std::string>;

struct WayMade {
  std::string name;
  Engine engine;
  double cost = 0.001;
};

// The names of the ways in the order they ran, timed and untimed.
Log RunsOf(const std::vector<WayMade>& ways, TimingOrder order, int runs = 2, double budget = 30) {
  Bench bench;
  for (const WayMade& way : ways) bench.Add(way.name, way.engine, way.cost);
  bench.timer.Run(runs, budget, order);
  return bench.log;
}

constexpr Engine kAnnals = Engine::kAnnals;
constexpr Engine kSqlite = Engine::kSqlite;

TEST_CASE("Blocks run each way's runs back to back", "[bench][timer]") {
  CHECK(RunsOf({{"a1", kAnnals}, {"s1", kSqlite}}, TimingOrder::kBlocks) ==
        Log{"a1", "a1", "s1", "s1"});
}

TEST_CASE("Rounds put an untimed run of the way itself before each timed run", "[bench][timer]") {
  CHECK(RunsOf({{"a1", kAnnals}, {"s1", kSqlite}}, TimingOrder::kRounds) ==
        Log{"a1", "a1", "s1", "s1", "a1", "a1", "s1", "s1"});
}

TEST_CASE("A cold run comes right after the other engine's last way", "[bench][timer]") {
  // Each pair: the untimed run of the other engine, then the timed one. a2
  // must not run warm after a1, nor s2 after s1.
  const Log round = {"s2", "a1", "s2", "a2", "a2", "s1", "a2", "s2"};
  Log both = round;
  both.insert(both.end(), round.begin(), round.end());
  CHECK(RunsOf({{"a1", kAnnals}, {"a2", kAnnals}, {"s1", kSqlite}, {"s2", kSqlite}},
               TimingOrder::kCold) == both);
}

TEST_CASE("Cold runs without another engine follow the way before them", "[bench][timer]") {
  CHECK(RunsOf({{"a1", kAnnals}, {"a2", kAnnals}}, TimingOrder::kCold) ==
        Log{"a1", "a2", "a1", "a2"});
}

TEST_CASE("Running before a cold run does not use up a way's own budget", "[bench][timer]") {
  // s1 takes 1 s a run and has a budget of 2.5 s: three timed runs of its
  // own would pass it only at the third, but it also runs before each of
  // a1's runs. Were those counted, s1 would stop after its first round.
  CHECK(RunsOf({{"a1", kAnnals, 0.001}, {"s1", kSqlite, 1.0}}, TimingOrder::kCold, 3, 2.5) ==
        Log{"s1", "a1", "a1", "s1", "s1", "a1", "a1", "s1", "s1", "a1", "a1", "s1"});
}

TEST_CASE("Every way of a cold run gets a time", "[bench][timer]") {
  Bench bench;
  const std::size_t a1 = bench.Add("a1", kAnnals);
  const std::size_t s1 = bench.Add("s1", kSqlite);
  bench.timer.Run(2, 30, TimingOrder::kCold);
  CHECK(bench.timer.Best(a1).has_value());
  CHECK(bench.timer.Best(s1).has_value());
  CHECK(bench.timer.Failures() == 0);
}

TEST_CASE("A way that fails before another's cold run fails, and the other still runs",
          "[bench][timer]") {
  Bench bench;
  const std::size_t a1 = bench.Add("a1", Engine::kAnnals);
  const std::size_t s1 =
      bench.timer.Add([] { throw std::runtime_error("no such table"); }, Engine::kSqlite);
  bench.timer.Run(2, 30, TimingOrder::kCold);
  CHECK(bench.log == Log{"a1", "a1"});
  CHECK(bench.timer.Best(a1).has_value());
  CHECK_FALSE(bench.timer.Best(s1).has_value());
  CHECK(bench.timer.Error(s1) == "no such table");
  CHECK(bench.timer.Failures() == 1);
}

}  // namespace
}  // namespace annals::bench
