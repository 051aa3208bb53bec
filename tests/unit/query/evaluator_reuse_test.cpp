// An evaluator run again (as a prepared query's pool reuses it) answers as a
// fresh one: over random graphs, random parameters, sources and explanations
// on and off, and after runs that threw. The pool keeps evaluators for later
// runs, gives overlapping runs one each, and frees one a large answer grew,
// also when threads give evaluators back while the limit is lowered.
#include "query/evaluator.hpp"
#include "query/evaluator_pool.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <limits>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "tests/unit/query/random_graph.hpp"
#include "tests/unit/query/run_outcome.hpp"

namespace annals::query {
namespace {

using testing::Catch;
using testing::Checked;
using testing::Lines;
using testing::Outcome;

TEST_CASE("an evaluator run again answers as a fresh one", "[query][evaluator][reuse]") {
  const std::vector<std::string> queries = {
      // A point lookup, as a prepared query asks it.
      "?- edge(X, $node) @ $day.",
      // Reachability: a closure search without sources, semi-naive with.
      "reach(X, Y) :- edge(X, Y) @ _.\n"
      "reach(X, Z) :- reach(X, Y), edge(Y, Z) @ _.\n"
      "?- reach($node, Y).",
      // A sequenced recursion: paths whose edges overlap in time.
      "path(X, Y) :- edge(X, Y).\n"
      "path(X, Z) :- path(X, Y), edge(Y, Z).\n"
      "?- path($node, Y).",
      // A join with a derived relation probed by columns, and a negation.
      "out(X, Y) :- edge(X, Y) @ _.\n"
      "?- out($node, Y), out(Y, Z), !edge(Z, $node) @ _.",
  };
  std::mt19937 random(7);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(random); };
  std::size_t rows_compared = 0;
  std::size_t errors_compared = 0;
  for (std::uint32_t seed = 1; seed <= 4; ++seed) {
    const testing::RandomGraph graph(seed, 24, 60);
    const engine::Store& store = graph.store;
    for (const std::string& text : queries) {
      INFO("seed " << seed << ", query " << text);
      const Checked checked(store, text);
      Evaluator reused(checked.program, store, checked.text, &checked.plans);
      for (int run = 0; run < 40; ++run) {
        EvaluatorOptions options;
        options.query.sources = pick(0, 1) == 1;
        options.query.explain = pick(0, 4) == 0;
        options.point_lookup = pick(0, 1) == 1;
        // Now and then a run that stops half-way: a row limit, or an
        // entity that does not exist (the next run must not notice).
        if (pick(0, 5) == 0) options.query.row_limit = 1;
        const std::string node = pick(0, 9) == 0 ? "nobody" : "n" + std::to_string(pick(0, 23));
        const ParamValues params = {
            {"node", Value::String(node)},
            {"day", Value::Date(VagueDate::OnDay(pick(1900, 1930), pick(1, 12), pick(1, 28)))}};
        const Outcome fresh = Catch([&] {
          return Evaluate(checked.program, store, checked.text, options, params, &checked.plans);
        });
        const Outcome again = Catch([&] { return reused.Run(options, params); });
        INFO("run " << run << ", node " << node);
        CHECK(again == fresh);
        rows_compared += fresh.lines.size();
        errors_compared += fresh.error.has_value() ? 1 : 0;
      }
    }
  }
  // The comparison covered answers and errors both.
  CHECK(rows_compared > 1000);
  CHECK(errors_compared > 20);
}

TEST_CASE("a batch and single runs share one evaluator", "[query][evaluator][reuse]") {
  const testing::RandomGraph graph(11, 16, 40);
  const engine::Store& store = graph.store;
  const Checked checked(store,
                        "reach(X, Y) :- edge(X, Y) @ _.\n"
                        "reach(X, Z) :- reach(X, Y), edge(Y, Z) @ _.\n"
                        "?- reach($node, Y).");
  Evaluator reused(checked.program, store, checked.text, &checked.plans);
  EvaluatorOptions options;
  std::vector<ParamValues> sets;
  for (int i = 0; i < 16; ++i) sets.push_back({{"node", Value::String("n" + std::to_string(i))}});
  const std::vector<ParamView> views(sets.begin(), sets.end());
  std::vector<std::size_t> ends;
  const std::vector<std::string> batch = Lines(reused.RunBatch(options, views, &ends));
  REQUIRE(ends.size() == sets.size());
  std::vector<std::string> singles;
  for (const ParamValues& set : sets) {
    for (std::string& line : Lines(reused.Run(options, set))) singles.push_back(std::move(line));
  }
  CHECK(batch == singles);
  CHECK(batch.size() > 16);
  CHECK(Lines(reused.RunBatch(options, views, &ends)) == batch);
}

TEST_CASE("an evaluator asked about many days does not grow with them",
          "[query][evaluator][reuse]") {
  const testing::RandomGraph graph(5, 8, 20);
  const engine::Store& store = graph.store;
  const Checked checked(store, "?- edge(X, $node) @ $day.");
  Evaluator reused(checked.program, store, checked.text, &checked.plans);
  auto ask = [&](int run) {
    const VagueDate day = VagueDate::OnDay(1900 + run / 300, 1 + run / 28 % 12, 1 + run % 28);
    // The general path: it interns each run's date in the value pool.
    EvaluatorOptions options;
    options.point_lookup = false;
    (void)reused.Run(options, {{"node", Value::String("n1")}, {"day", Value::Date(day)}});
  };
  for (int run = 0; run < 20; ++run) ask(run);
  const std::size_t after_few = reused.CapacityBytes();
  for (int run = 20; run < 3000; ++run) ask(run);
  // Each run's dates are its own: 3000 of them held would be tens of KB.
  CHECK(reused.CapacityBytes() < after_few + 4096);
}

TEST_CASE("the pool keeps evaluators between runs, one per overlapping run",
          "[query][evaluator][reuse]") {
  const testing::RandomGraph graph(3, 2000, 6000);
  const engine::Store& store = graph.store;
  const Checked small(store, "?- edge(X, $node) @ _.");
  EvaluatorPool pool(small.program, store, small.text, &small.plans);
  CHECK(pool.kept() == 0);
  const ParamValues params = {{"node", Value::String("n1")}};
  const std::vector<std::string> first = Lines(pool.Take()->Run({}, params));
  CHECK(pool.kept() == 1);
  {
    // Two runs at once (two threads, say) cannot share an evaluator.
    const EvaluatorPool::Lease one = pool.Take();
    const EvaluatorPool::Lease two = pool.Take();
    CHECK(&*one != &*two);
    CHECK(pool.kept() == 0);
    CHECK(Lines(one->Run({}, params)) == first);
    CHECK(Lines(two->Run({}, params)) == first);
  }
  CHECK(pool.kept() == 2);
  {
    // More at once than are kept: the surplus is freed when given back.
    std::vector<EvaluatorPool::Lease> many;
    many.reserve(EvaluatorPool::kMaxKept + 2);
    for (std::size_t i = 0; i < EvaluatorPool::kMaxKept + 2; ++i) many.push_back(pool.Take());
  }
  CHECK(pool.kept() == EvaluatorPool::kMaxKept);

  // An answer of every edge grows the evaluator past what a pool keeps.
  const Checked large(store, "?- edge(X, Y) @ _, edge(Y, Z) @ _.");
  EvaluatorPool large_pool(large.program, store, large.text, &large.plans);
  EvaluatorOptions options;
  options.query.sources = false;
  const QueryResult all = large_pool.Take()->Run(options, {});
  CHECK(all.size() > 10000);
  CHECK(large_pool.kept() == 0);
}

TEST_CASE("runs on many threads share a pool, and a lowered limit holds once they end",
          "[query][evaluator][reuse][concurrency]") {
  const testing::RandomGraph graph(7, 200, 600);
  const engine::Store& store = graph.store;
  const Checked checked(store, "?- edge(X, $node) @ _.");
  EvaluatorPool pool(checked.program, store, checked.text, &checked.plans);
  const ParamValues params = {{"node", Value::String("n1")}};
  const std::vector<std::string> expected = Lines(pool.Take()->Run({}, params));
  REQUIRE(!expected.empty());

  constexpr int kThreads = 4;
  constexpr int kRounds = 100;
  std::atomic<int> mismatches{0};
  for (int round = 0; round < kRounds; ++round) {
    pool.SetMaxKeptBytes(std::numeric_limits<std::size_t>::max());
    std::atomic<int> started{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&] {
        ++started;
        for (int run = 0; run < 5; ++run) {
          if (Lines(pool.Take()->Run({}, params)) != expected) ++mismatches;
        }
      });
    }
    // Lowered while runs end and give their evaluators back: none may stay
    // kept once they have all ended, whichever way the two raced.
    while (started < kThreads) std::this_thread::yield();
    pool.SetMaxKeptBytes(0);
    for (std::thread& thread : threads) thread.join();
    CHECK(pool.kept() == 0);
    if (pool.kept() != 0) break;
  }
  CHECK(mismatches == 0);

  // Raised again, runs keep their evaluators, at most one a slot.
  pool.SetMaxKeptBytes(std::numeric_limits<std::size_t>::max());
  {
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&] { (void)pool.Take()->Run({}, params); });
    }
    for (std::thread& thread : threads) thread.join();
  }
  CHECK(pool.kept() >= 1);
  CHECK(pool.kept() <= kThreads);
  CHECK(pool.KeptBytes() > 0);
  // Measuring takes each evaluator out and puts it back.
  CHECK(pool.kept() >= 1);
}

}  // namespace
}  // namespace annals::query
