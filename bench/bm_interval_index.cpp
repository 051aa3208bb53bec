// Which interval index for validity periods? Boost.ICL interval_map with
// set-valued codomains, the augmented implicit interval tree, and a plain
// array sorted by start, on the same random data: many overlapping long
// periods. Build time, query time (a day, and a one-year window) and bytes.
//
//   annals_bench --benchmark_filter='Interval'
//
// Bytes come from glibc's allocator statistics around the build (mallinfo2),
// so they include every node and set the ICL map allocates.
#include "engine/store/interval_index.hpp"

#include <benchmark/benchmark.h>
#include <boost/icl/interval_map.hpp>

#include <algorithm>
#include <cstdint>
#include <malloc.h>
#include <random>
#include <set>
#include <vector>

namespace annals::engine {
namespace {

constexpr Day kSpanDays = 80'000;  // about 220 years, like 1800-2020

struct Interval {
  Day lo;
  Day hi;
  std::uint32_t id;
};

// Shape 0: half are tenures of a month to five years, half long periods of
// up to twenty years: at any day several thousand periods overlap at 100k.
// Shape 1: events of a day to a month, so a query meets few of them and the
// cost of reaching them shows (a scan pays for everything before the window).
std::vector<Interval> RandomIntervals(std::size_t n, std::uint32_t seed, int shape = 0) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<Day> start(0, kSpanDays);
  std::uniform_int_distribution<Day> shortish(shape == 0 ? 30 : 0, shape == 0 ? 5 * 365 : 30);
  std::uniform_int_distribution<Day> longish(shape == 0 ? 5 * 365 : 0, shape == 0 ? 20 * 365 : 30);
  std::vector<Interval> out(n);
  for (std::size_t i = 0; i < n; ++i) {
    const Day lo = start(rng);
    const Day length = (i % 2 == 0) ? shortish(rng) : longish(rng);
    out[i] = {lo, lo + length, static_cast<std::uint32_t>(i)};
  }
  return out;
}

std::vector<Day> RandomDays(std::size_t n, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<Day> day(0, kSpanDays + 20 * 365);
  std::vector<Day> out(n);
  for (Day& d : out) d = day(rng);
  return out;
}

std::size_t HeapInUse() {
  const struct mallinfo2 info = mallinfo2();
  return info.uordblks + info.hblkhd;
}

// ---- the three candidates behind one shape: Build(intervals), Query(lo, hi, visit)

// What the store uses: the implicit tree over blocks of 16 (0.5 bytes of
// augmentation per interval).
struct BlockedTree {
  IntervalIndex index;
  void Build(const std::vector<Interval>& intervals) {
    std::vector<IntervalIndex::Interval> copy;
    copy.reserve(intervals.size());
    for (const Interval& i : intervals) copy.push_back({i.lo, i.hi, i.id});
    index = IntervalIndex(std::move(copy));
  }
  template <class Visit>
  void Query(Day lo, Day hi, Visit&& visit) const {
    index.Query(lo, hi, [&](std::uint32_t id) {
      visit(id);
      return true;
    });
  }
};

// The same tree with a max-end at every interval (cgranges as published).
struct ImplicitTree {
  std::vector<Interval> sorted;
  std::vector<Day> max_end;
  void Build(const std::vector<Interval>& intervals) {
    sorted = intervals;
    std::sort(sorted.begin(), sorted.end(),
              [](const Interval& a, const Interval& b) { return a.lo < b.lo; });
    max_end.resize(sorted.size());
    const Interval* data = sorted.data();
    implicit_tree::BuildMaxEnd(
        sorted.size(), [data](std::size_t i) { return data[i].hi; }, max_end.data());
  }
  template <class Visit>
  void Query(Day lo, Day hi, Visit&& visit) const {
    const Interval* data = sorted.data();
    implicit_tree::Query(
        sorted.size(), [data](std::size_t i) { return data[i].lo; },
        [data](std::size_t i) { return data[i].hi; }, max_end.data(), lo, hi,
        [&](std::size_t i) {
          visit(data[i].id);
          return true;
        });
  }
};

struct SortedScan {
  std::vector<Interval> sorted;
  void Build(const std::vector<Interval>& intervals) {
    sorted = intervals;
    std::sort(sorted.begin(), sorted.end(),
              [](const Interval& a, const Interval& b) { return a.lo < b.lo; });
  }
  template <class Visit>
  void Query(Day lo, Day hi, Visit&& visit) const {
    for (const Interval& i : sorted) {
      if (i.lo > hi) break;
      if (i.hi >= lo) visit(i.id);
    }
  }
};

struct IclMap {
  using Map = boost::icl::interval_map<Day, std::set<std::uint32_t>>;
  Map map;
  void Build(const std::vector<Interval>& intervals) {
    map.clear();
    for (const Interval& i : intervals) {
      map += std::make_pair(boost::icl::interval<Day>::closed(i.lo, i.hi),
                            std::set<std::uint32_t>{i.id});
    }
  }
  // A window spans several segments holding the same ids: "each once" needs
  // a de-duplication pass the other two do not.
  template <class Visit>
  void Query(Day lo, Day hi, Visit&& visit) const {
    if (lo == hi) {
      auto it = map.find(lo);
      if (it != map.end()) {
        for (const std::uint32_t id : it->second) visit(id);
      }
      return;
    }
    std::vector<std::uint32_t> ids;
    auto range = map.equal_range(boost::icl::interval<Day>::closed(lo, hi));
    for (auto it = range.first; it != range.second; ++it) {
      ids.insert(ids.end(), it->second.begin(), it->second.end());
    }
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    for (const std::uint32_t id : ids) visit(id);
  }
};

template <class Index>
void BM_IntervalBuild(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const std::vector<Interval> intervals = RandomIntervals(n, 42);
  std::size_t bytes = 0;
  for (auto _ : state) {
    state.PauseTiming();
    {
      Index discard;  // freed before measuring the next build
    }
    const std::size_t before = HeapInUse();
    auto index = std::make_unique<Index>();
    state.ResumeTiming();
    index->Build(intervals);
    benchmark::DoNotOptimize(index.get());
    state.PauseTiming();
    bytes = HeapInUse() - before;
    index.reset();
    state.ResumeTiming();
  }
  state.counters["bytes_per_interval"] = static_cast<double>(bytes) / static_cast<double>(n);
}

// Args: n, window days (0: a single day, who held office on day T), shape.
template <class Index>
void BM_IntervalQuery(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const Day window = static_cast<Day>(state.range(1));
  const std::vector<Interval> intervals = RandomIntervals(n, 42, static_cast<int>(state.range(2)));
  Index index;
  index.Build(intervals);
  const std::vector<Day> days = RandomDays(1024, 7);
  // Check once, before timing, that the index answers like a scan.
  {
    SortedScan scan;
    scan.Build(intervals);
    for (std::size_t q = 0; q < 16; ++q) {
      std::vector<std::uint32_t> expected, got;
      scan.Query(days[q], days[q] + window, [&](std::uint32_t id) { expected.push_back(id); });
      index.Query(days[q], days[q] + window, [&](std::uint32_t id) { got.push_back(id); });
      std::sort(expected.begin(), expected.end());
      std::sort(got.begin(), got.end());
      if (expected != got) {
        state.SkipWithError("index disagrees with the sorted scan");
        return;
      }
    }
  }
  std::size_t q = 0;
  std::size_t hits = 0;
  for (auto _ : state) {
    const Day lo = days[q++ & 1023];
    std::uint64_t sum = 0;
    index.Query(lo, lo + window, [&](std::uint32_t id) {
      sum += id;
      ++hits;
    });
    benchmark::DoNotOptimize(sum);
  }
  state.counters["hits_per_query"] =
      static_cast<double>(hits) / static_cast<double>(std::max<std::size_t>(q, 1));
}

// ICL is quadratic in the overlap: 100k intervals would need tens of GB.
BENCHMARK_TEMPLATE(BM_IntervalBuild, IclMap)
    ->Arg(1'000)
    ->Arg(10'000)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_TEMPLATE(BM_IntervalBuild, BlockedTree)
    ->Arg(1'000)
    ->Arg(10'000)
    ->Arg(100'000)
    ->Arg(1'000'000)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_TEMPLATE(BM_IntervalBuild, ImplicitTree)
    ->Arg(1'000)
    ->Arg(10'000)
    ->Arg(100'000)
    ->Arg(1'000'000)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_TEMPLATE(BM_IntervalBuild, SortedScan)
    ->Arg(1'000)
    ->Arg(10'000)
    ->Arg(100'000)
    ->Arg(1'000'000)
    ->Unit(benchmark::kMillisecond);

BENCHMARK_TEMPLATE(BM_IntervalQuery, IclMap)->ArgsProduct({{1'000, 10'000}, {0, 365}, {0, 1}});
BENCHMARK_TEMPLATE(BM_IntervalQuery, BlockedTree)
    ->ArgsProduct({{1'000, 10'000, 100'000, 1'000'000}, {0, 365}, {0, 1}});
BENCHMARK_TEMPLATE(BM_IntervalQuery, ImplicitTree)
    ->ArgsProduct({{1'000, 10'000, 100'000, 1'000'000}, {0, 365}, {0, 1}});
BENCHMARK_TEMPLATE(BM_IntervalQuery, SortedScan)
    ->ArgsProduct({{1'000, 10'000, 100'000, 1'000'000}, {0, 365}, {0, 1}});

}  // namespace
}  // namespace annals::engine
