// Database::Impl: the store behind a reader-writer lock, shared by
// api/database.cpp and the prepared queries (api/prepared_query.cpp).
#pragma once

#include <annals/database.hpp>

#include "engine/store/store.hpp"
#include "engine/threads/sharded_shared_mutex.hpp"
#include "query/evaluator.hpp"

#include <atomic>
#include <cstdint>
#include <mutex>
#include <shared_mutex>

namespace annals {

struct Database::Impl {
  // Not a std::shared_mutex: its one reader count was the limit on how
  // many queries a second threads could ask together (see the class).
  mutable engine::ShardedSharedMutex mutex;
  // Mutable so that a const Query can build the indexes on first use; every
  // mutation happens under the exclusive lock.
  mutable engine::Store store;
  // Bumped (under the exclusive lock) by every change to the store, so that a
  // prepared query knows when the plan it holds was made for older data.
  std::uint64_t generation = 0;

  // The options of a run of a call beginning now: Database::Interrupt
  // reaches it from here on, also while it waits for the lock or is parsed.
  [[nodiscard]] query::EvaluatorOptions RunOptions(const QueryOptions& options) const {
    query::EvaluatorOptions run;
    run.query = options;
    run.interrupts_seen = store.InterruptCount().load(std::memory_order_relaxed);
    return run;
  }

  // Runs `fn(store)` under the shared lock on a finalized store. The lock is
  // taken once when the store is finalized already, as it nearly always is:
  // each lock and unlock is an atomic write, a cost a small lookup feels.
  template <typename Fn>
  decltype(auto) WithFinalized(Fn&& fn) const {
    for (;;) {
      {
        std::shared_lock lock(mutex);
        if (store.IsFinalized()) return fn(static_cast<const engine::Store&>(store));
      }
      // Changes are pending: the indexes are built under the exclusive lock,
      // and a load may slip in before the shared lock is taken again.
      std::unique_lock lock(mutex);
      if (!store.IsFinalized()) store.Finalize();
    }
  }
};

}  // namespace annals
