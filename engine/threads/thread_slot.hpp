// Which of a few per-thread slots the calling thread uses: structures that
// threads write on every call (an evaluator pool, a lock's reader count)
// spread those writes over cache lines of their own, one per slot, so that
// threads on different cores do not take the same line from each other.
#pragma once

#include <atomic>
#include <cstddef>

namespace annals::engine {

//! The calling thread's slot among `slots`: threads are numbered in the
//! order they first ask, so the first `slots` threads get one each.
inline std::size_t ThreadSlot(std::size_t slots) {
  static std::atomic<std::size_t> next_thread{0};
  thread_local const std::size_t thread_number =
      next_thread.fetch_add(1, std::memory_order_relaxed);
  return thread_number % slots;
}

}  // namespace annals::engine
