// The parameters of workloads W2-W5 (which organisations, which days, which
// starting points), drawn deterministically from the generated data so that
// Annals and SQLite answer exactly the same questions.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "synthetic_kg.hpp"

namespace annals::bench {

struct PointLookup {
  std::uint32_t organisation = 0;
  std::int32_t day = 0;  //!< day number (days since 1970-01-01)
};

struct WorkloadPlan {
  std::vector<PointLookup> lookups;          //!< W2: who leads O on day T
  std::vector<std::int32_t> snapshot_days;   //!< W3: all leads valid on day T
  std::vector<std::uint32_t> lineage_roots;  //!< W4: reachable from this start
};

struct PlanSizes {
  std::size_t lookups = 10'000;
  std::size_t snapshot_days = 10;
  std::size_t lineage_roots = 100;
};

//! Watches the generated facts (pass every one to Observe) and then draws a
//! plan. Half the W2 days fall within the organisation's years with leaders
//! (mostly hits), half anywhere in 1800-2020 (mostly misses).
class WorkloadPlanner {
 public:
  void Observe(const GenFact& fact);
  [[nodiscard]] WorkloadPlan Make(const GenStats& stats, std::uint64_t seed,
                                  const PlanSizes& sizes = {}) const;

 private:
  std::vector<bool> dissolved_target_;  //!< by organisation: some lineage flows into it
  std::vector<std::int32_t> led_from_;  //!< by organisation: first day with a leader
  std::vector<std::int32_t> led_to_;    //!< by organisation: last day with a leader
  std::vector<std::uint32_t> roots_;    //!< organisations that start a lineage
};

//! ISO day text, "1921-06-15", as the query language reads it.
[[nodiscard]] std::string IsoDay(std::int32_t day);

}  // namespace annals::bench
