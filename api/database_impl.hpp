// Database::Impl: the store behind a reader-writer lock, shared by
// api/database.cpp and the prepared queries (api/prepared_query.cpp).
#pragma once

#include <annals/database.hpp>

#include "engine/store/store.hpp"

#include <cstdint>
#include <mutex>
#include <shared_mutex>

namespace annals {

struct Database::Impl {
  mutable std::shared_mutex mutex;
  // Mutable so that a const Query can build the indexes on first use; every
  // mutation happens under the exclusive lock.
  mutable engine::Store store;
  // Bumped (under the exclusive lock) by every change to the store, so that a
  // prepared query knows when the plan it holds was made for older data.
  std::uint64_t generation = 0;

  // Builds the indexes if changes are pending; takes the lock exclusively
  // only when there is work to do.
  void EnsureFinalized() const {
    {
      std::shared_lock lock(mutex);
      if (store.IsFinalized()) return;
    }
    std::unique_lock lock(mutex);
    if (!store.IsFinalized()) store.Finalize();
  }

  // Runs `fn(store)` under the shared lock on a finalized store.
  template <typename Fn>
  decltype(auto) WithFinalized(Fn&& fn) const {
    for (;;) {
      EnsureFinalized();
      std::shared_lock lock(mutex);
      // A load may slip in between finalizing and taking the shared lock.
      if (!store.IsFinalized()) continue;
      return fn(static_cast<const engine::Store&>(store));
    }
  }
};

}  // namespace annals
