// The ways of answering one workload (each engine, each path), each run a
// number of times and timed, keeping each way's best, in one of three orders.
//
// The order moves the ratios, because it decides what is in the caches when a
// run starts, and the two engines do not depend on the caches alike: Annals'
// lookups are a few dependent memory reads each, SQLite's are mostly
// instructions. At 1M facts SQLite's W2 loop took 42-46 ms in every order;
// Annals' batch of the same 10,000 lookups 1.9 ms in blocks, 2.5 ms in rounds
// and 3.3 ms cold. So annals_compare says which order a table was timed in.
//  - blocks: each way's runs back to back, then the next way's. A way after
//    its first run finds its own data in the caches, as a program repeating
//    one kind of query would: the steady state of one workload, and the order
//    of every table before 0.3.9.
//  - rounds: every way once a round, each run just after an untimed warm-up
//    run of its own. Time-adjacent: a spell of load on the shared host slows
//    every way alike instead of one engine's whole block of repeats.
//  - cold: every way once a round, each run just after an untimed run of the
//    other engine's last way: a query arriving after unrelated work. Before
//    commit e7fc6e0 a cold run followed whichever way came before it in the
//    list, so only each engine's first way followed the other engine; the
//    others followed a way of their own engine over the same data, and were
//    warm.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace annals::bench {

enum class TimingOrder : std::uint8_t { kBlocks, kRounds, kCold };

//! Whose work a way is: a cold run follows the other engine's.
enum class Engine : std::uint8_t { kAnnals, kSqlite };

class WorkloadTimer {
 public:
  //! `now` reads the clock the times are in, in seconds.
  explicit WorkloadTimer(std::function<double()> now) : now_(std::move(now)) {}

  //! Adds a way; its index is what Best and Error take.
  std::size_t Add(std::function<void()> run, Engine engine) {
    ways_.push_back(Way{std::move(run), engine, std::nullopt, 0, {}});
    return ways_.size() - 1;
  }

  //! Times each way up to `runs` times, in `order`. A way whose runs (its own
  //! warm-up runs included, not those that only put a cold run after it)
  //! took `budget` seconds in all is not run again (one run of a slow way is
  //! a measurement already); a way that throws is not run again, and has no
  //! time, only its error.
  void Run(int runs, double budget, TimingOrder order) {
    if (order == TimingOrder::kBlocks) {
      for (Way& way : ways_) {
        for (int run = 0; run < runs && RunOnce(way, budget, nullptr); ++run) {
        }
      }
      return;
    }
    for (int round = 0; round < runs; ++round) {
      bool ran = false;
      for (Way& way : ways_) {
        Way* before = order == TimingOrder::kRounds ? &way : nullptr;
        if (order == TimingOrder::kCold) before = LastOtherThan(way.engine);
        ran = RunOnce(way, budget, before) || ran;
      }
      if (!ran) return;
    }
  }

  //! The way's best time, none when it failed or never ran.
  [[nodiscard]] std::optional<double> Best(std::size_t way) const { return ways_[way].best; }
  //! What the way threw, empty when it did not.
  [[nodiscard]] const std::string& Error(std::size_t way) const { return ways_[way].error; }
  //! How many ways threw.
  [[nodiscard]] std::size_t Failures() const {
    return static_cast<std::size_t>(
        std::count_if(ways_.begin(), ways_.end(), [](const Way& w) { return !w.error.empty(); }));
  }

 private:
  struct Way {
    std::function<void()> run;
    Engine engine;
    std::optional<double> best;
    double spent;
    std::string error;
  };

  // The last way of another engine than `engine` that has not failed; null
  // when there is none (a comparison run without SQLite).
  Way* LastOtherThan(Engine engine) {
    for (auto way = ways_.rbegin(); way != ways_.rend(); ++way) {
      if (way->engine != engine && way->error.empty()) return &*way;
    }
    return nullptr;
  }

  // One timed run of `way`, right after an untimed run of `before` (none
  // when null); false when the way is done (failed, or out of budget) and
  // did not run. When another way's untimed run fails, that way has failed
  // and `way` runs without it.
  bool RunOnce(Way& way, double budget, Way* before) {
    if (!way.error.empty() || way.spent >= budget) return false;
    if (before != nullptr) {
      Untimed(*before, /*counts=*/before == &way);
      if (!way.error.empty()) return true;  // its own warm-up failed
    }
    try {
      const double start = now_();
      way.run();
      const double took = now_() - start;
      way.best = way.best ? std::min(*way.best, took) : took;
      way.spent += took;
    } catch (const std::exception& e) {
      Fail(way, e);
    }
    return true;
  }

  // An untimed run of `way`, its time added to the way's budget when it
  // `counts` (a warm-up run of its own).
  void Untimed(Way& way, bool counts) {
    try {
      const double start = now_();
      way.run();
      if (counts) way.spent += now_() - start;
    } catch (const std::exception& e) {
      Fail(way, e);
    }
  }

  static void Fail(Way& way, const std::exception& e) {
    way.error = *e.what() != '\0' ? e.what() : "unknown error";
    way.best.reset();
  }

  std::function<double()> now_;
  std::vector<Way> ways_;
};

}  // namespace annals::bench
