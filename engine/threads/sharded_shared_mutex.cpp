#include "engine/threads/sharded_shared_mutex.hpp"

#include "engine/threads/thread_slot.hpp"

namespace annals::engine {

// Every access to a slot and to the flag is sequentially consistent: a
// reader adds itself to its slot and then reads the flag, a writer raises
// the flag and then reads the slots, so at least one of the two sees the
// other. Either the reader sees the flag and steps back out, or the writer
// sees the reader and waits for it.

ShardedSharedMutex::Slot& ShardedSharedMutex::OwnSlot() { return slots_[ThreadSlot(kSlots)]; }

void ShardedSharedMutex::lock_shared() {
  Slot& slot = OwnSlot();
  for (;;) {
    slot.readers.fetch_add(1, std::memory_order_seq_cst);
    if (!writing_.load(std::memory_order_seq_cst)) return;
    Leave(slot);
    std::unique_lock lock(waiting_);
    writer_left_.wait(lock, [this] { return !writing_.load(std::memory_order_seq_cst); });
  }
}

bool ShardedSharedMutex::try_lock_shared() {
  Slot& slot = OwnSlot();
  slot.readers.fetch_add(1, std::memory_order_seq_cst);
  if (!writing_.load(std::memory_order_seq_cst)) return true;
  Leave(slot);
  return false;
}

void ShardedSharedMutex::unlock_shared() { Leave(OwnSlot()); }

void ShardedSharedMutex::Leave(Slot& slot) {
  slot.readers.fetch_sub(1, std::memory_order_seq_cst);
  if (!writing_.load(std::memory_order_seq_cst)) return;
  // The writer checks the slots holding `waiting_`: once this thread has
  // held it too, the writer either saw the count go down or is waiting and
  // gets the notice.
  { const std::lock_guard lock(waiting_); }
  readers_left_.notify_one();  // one writer at a time waits
}

bool ShardedSharedMutex::NoReaders() const {
  for (const Slot& slot : slots_) {
    if (slot.readers.load(std::memory_order_seq_cst) != 0) return false;
  }
  return true;
}

void ShardedSharedMutex::lock() {
  writers_.lock();
  writing_.store(true, std::memory_order_seq_cst);
  std::unique_lock lock(waiting_);
  readers_left_.wait(lock, [this] { return NoReaders(); });
}

bool ShardedSharedMutex::try_lock() {
  if (!writers_.try_lock()) return false;
  writing_.store(true, std::memory_order_seq_cst);
  if (NoReaders()) return true;
  EndWriting();
  writers_.unlock();
  return false;
}

void ShardedSharedMutex::unlock() {
  EndWriting();
  writers_.unlock();
}

void ShardedSharedMutex::EndWriting() {
  writing_.store(false, std::memory_order_seq_cst);
  { const std::lock_guard lock(waiting_); }
  writer_left_.notify_all();
}

}  // namespace annals::engine
