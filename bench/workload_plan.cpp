#include "workload_plan.hpp"

#include <algorithm>
#include <climits>
#include <cstdio>

namespace annals::bench {
namespace {

//! The plan's own stream of numbers (SplitMix64), independent of the generator.
class PlanRng {
 public:
  explicit PlanRng(std::uint64_t seed) : state_(seed ^ 0x51A7B0C5ull) {}
  std::uint32_t Below(std::uint32_t n) {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    return static_cast<std::uint32_t>(((z >> 32) * n) >> 32);
  }

 private:
  std::uint64_t state_;
};

}  // namespace

void WorkloadPlanner::Observe(const GenFact& fact) {
  if (fact.relation == GenRelation::kLeads) {
    const std::uint32_t org = fact.object.index;
    if (led_from_.size() <= org) {
      led_from_.resize(org + 1, INT32_MAX);
      led_to_.resize(org + 1, INT32_MIN);
    }
    std::int32_t lo = 0;
    std::int32_t hi = 0;
    if (GenDateRange(fact.start, &lo, &hi)) led_from_[org] = std::min(led_from_[org], lo);
    if (!GenDateRange(fact.end, &lo, &hi)) hi = GenDayFromCivil(2020, 12, 31);
    led_to_[org] = std::max(led_to_[org], hi);
    return;
  }
  if (fact.relation != GenRelation::kDissolvedInto) return;
  const std::uint32_t from = fact.subject.index;
  const std::uint32_t to = fact.object.index;
  const std::uint32_t needed = std::max(from, to) + 1;
  if (dissolved_target_.size() < needed) dissolved_target_.resize(needed, false);
  // Levels are written in order, so a lineage's root has no incoming edge yet
  // when its first outgoing one is written; each root is recorded once.
  if (!dissolved_target_[from] && (roots_.empty() || roots_.back() != from)) {
    roots_.push_back(from);
  }
  dissolved_target_[to] = true;
}

WorkloadPlan WorkloadPlanner::Make(const GenStats& stats, std::uint64_t seed,
                                   const PlanSizes& sizes) const {
  WorkloadPlan plan;
  PlanRng rng(seed);
  const std::int32_t first = GenDayFromCivil(1800, 1, 1);
  const std::int32_t last = GenDayFromCivil(2020, 12, 31);
  const auto span = static_cast<std::uint32_t>(last - first + 1);
  if (stats.organisations > 0) {
    for (std::size_t i = 0; i < sizes.lookups; ++i) {
      const std::uint32_t org = rng.Below(stats.organisations);
      std::int32_t day = first + static_cast<std::int32_t>(rng.Below(span));
      if (i % 2 == 0 && org < led_from_.size() && led_from_[org] <= led_to_[org]) {
        day = led_from_[org] + static_cast<std::int32_t>(rng.Below(
                                   static_cast<std::uint32_t>(led_to_[org] - led_from_[org] + 1)));
      }
      plan.lookups.push_back({org, day});
    }
  }
  const std::int32_t snapshot_first = GenDayFromCivil(1850, 1, 1);
  for (std::size_t i = 0; i < sizes.snapshot_days; ++i) {
    plan.snapshot_days.push_back(
        snapshot_first + static_cast<std::int32_t>(
                             rng.Below(static_cast<std::uint32_t>(last - snapshot_first + 1))));
  }
  if (!roots_.empty()) {
    for (std::size_t i = 0; i < sizes.lineage_roots; ++i) {
      plan.lineage_roots.push_back(roots_[rng.Below(static_cast<std::uint32_t>(roots_.size()))]);
    }
  }
  return plan;
}

std::string IsoDay(std::int32_t day) {
  // Inverse of GenDayFromCivil by search over the year: plenty fast for
  // building query text outside timed loops.
  int year = 1970 + day / 366;
  while (GenDayFromCivil(year + 1, 1, 1) <= day) ++year;
  while (GenDayFromCivil(year, 1, 1) > day) --year;
  int month = 12;
  while (GenDayFromCivil(year, month, 1) > day) --month;
  const int dom = day - GenDayFromCivil(year, month, 1) + 1;
  char text[48];
  std::snprintf(text, sizeof text, "%04d-%02d-%02d", year, month, dom);
  return text;
}

}  // namespace annals::bench
