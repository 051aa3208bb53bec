// The run clock's check, every 1024th tick: an interrupt first, since a run
// that was asked to stop should say so rather than that it ran too long.
#include "query/run_clock.hpp"

#include <annals/error.hpp>

#include <string>

namespace annals::query {

void RunClock::Check() const {
  // Relaxed: the count carries no data, and an interrupt seen a check late
  // is still seen soon.
  if (interrupts_ != nullptr && interrupts_->load(std::memory_order_relaxed) != interrupts_seen_) {
    throw Error(ErrorCode::kInterrupted, "the query was interrupted");
  }
  if (timeout_.count() > 0 && std::chrono::steady_clock::now() > deadline_) {
    throw Error(ErrorCode::kLimit, "the query ran longer than its time-out of " +
                                       std::to_string(timeout_.count()) +
                                       " ms; narrow it or raise the time-out");
  }
}

}  // namespace annals::query
