// The database's reader-writer lock: readers share it, a writer has it
// alone, and a writer that asks goes before readers that arrive after it.
// Catch2's assertions are not for other threads, so those threads count
// what they saw and the test's own thread asserts.
#include "engine/threads/sharded_shared_mutex.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <mutex>
#include <shared_mutex>
#include <thread>
#include <vector>

namespace annals::engine {
namespace {

using namespace std::chrono_literals;

// Polls `ready` for up to ten seconds: long enough for a loaded CI machine,
// short enough that a lock that never lets go fails instead of hanging.
template <typename Ready>
bool Eventually(Ready ready) {
  const auto give_up = std::chrono::steady_clock::now() + 10s;
  while (!ready()) {
    if (std::chrono::steady_clock::now() > give_up) return false;
    std::this_thread::sleep_for(100us);
  }
  return true;
}

TEST_CASE("readers share the lock and a writer has it alone", "[threads][concurrency]") {
  ShardedSharedMutex mutex;
  SECTION("two readers at once") {
    const std::shared_lock first(mutex);
    bool second = false;
    std::thread other([&] {
      second = mutex.try_lock_shared();
      if (second) mutex.unlock_shared();
    });
    other.join();
    CHECK(second);
    CHECK_FALSE(mutex.try_lock());
  }
  SECTION("no reader and no other writer while a writer holds it") {
    const std::unique_lock writer(mutex);
    bool reader = true;
    bool other_writer = true;
    std::thread other([&] {
      reader = mutex.try_lock_shared();
      if (reader) mutex.unlock_shared();
      other_writer = mutex.try_lock();
      if (other_writer) mutex.unlock();
    });
    other.join();
    CHECK_FALSE(reader);
    CHECK_FALSE(other_writer);
  }
  SECTION("free again once everyone has left") {
    { const std::shared_lock reader(mutex); }
    { const std::unique_lock writer(mutex); }
    CHECK(mutex.try_lock());
    mutex.unlock();
    CHECK(mutex.try_lock_shared());
    mutex.unlock_shared();
  }
}

TEST_CASE("a writer goes before readers that arrive after it asked", "[threads][concurrency]") {
  ShardedSharedMutex mutex;
  std::atomic<int> order{0};
  std::atomic<int> writer_turn{0};
  std::atomic<int> late_reader_turn{0};
  mutex.lock_shared();  // an early reader, holding it while the others ask
  std::thread writer([&] {
    const std::unique_lock lock(mutex);
    writer_turn = ++order;
  });
  // The writer has asked once a reader can no longer get in.
  const bool writer_asked = Eventually([&] {
    if (!mutex.try_lock_shared()) return true;
    mutex.unlock_shared();
    return false;
  });
  std::thread late_reader([&] {
    const std::shared_lock lock(mutex);
    late_reader_turn = ++order;
  });
  std::this_thread::sleep_for(20ms);  // room for the late reader to slip in, were it let
  const int done_while_held = order.load();
  mutex.unlock_shared();
  writer.join();
  late_reader.join();
  REQUIRE(writer_asked);
  CHECK(done_while_held == 0);
  CHECK(writer_turn == 1);
  CHECK(late_reader_turn == 2);
}

TEST_CASE("readers and writers on many threads never overlap", "[threads][concurrency]") {
  ShardedSharedMutex mutex;
  // More threads than slots, so that some readers share one.
  constexpr int kReaders = static_cast<int>(ShardedSharedMutex::kSlots) + 4;
  constexpr int kWriters = 2;
  constexpr int kRounds = 2000;
  std::atomic<int> readers_in{0};
  std::atomic<int> writers_in{0};
  std::atomic<int> overlaps{0};
  std::atomic<int> shared_reads{0};  // reads that found another reader in
  long long value = 0;               // written by writers only, under the lock
  std::atomic<int> torn{0};
  std::vector<std::thread> threads;
  for (int r = 0; r < kReaders; ++r) {
    threads.emplace_back([&] {
      for (int i = 0; i < kRounds; ++i) {
        const std::shared_lock lock(mutex);
        if (readers_in.fetch_add(1) > 0) ++shared_reads;
        if (writers_in.load() != 0) ++overlaps;
        // Writers keep it even; a read during a write could see it odd.
        if (value % 2 != 0) ++torn;
        readers_in.fetch_sub(1);
      }
    });
  }
  for (int w = 0; w < kWriters; ++w) {
    threads.emplace_back([&] {
      for (int i = 0; i < kRounds / 10; ++i) {
        const std::unique_lock lock(mutex);
        if (writers_in.fetch_add(1) != 0 || readers_in.load() != 0) ++overlaps;
        ++value;
        std::this_thread::yield();
        ++value;
        writers_in.fetch_sub(1);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  CHECK(overlaps == 0);
  CHECK(torn == 0);
  CHECK(value == 2LL * kWriters * (kRounds / 10));
  // Not asserted: whether readers met depends on the scheduler.
  INFO("reads that met another reader: " << shared_reads.load());
}

}  // namespace
}  // namespace annals::engine
