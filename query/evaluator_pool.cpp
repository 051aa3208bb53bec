#include "query/evaluator_pool.hpp"

#include "engine/threads/thread_slot.hpp"

#include <utility>

namespace annals::query {

EvaluatorPool::EvaluatorPool(const CheckedProgram& program, const engine::Store& store,
                             std::string_view text, const PlansAhead* plans_ahead)
    : program_(program), store_(store), text_(text), plans_ahead_(plans_ahead) {}

EvaluatorPool::~EvaluatorPool() {
  for (Slot& slot : slots_) delete slot.evaluator.load(std::memory_order_relaxed);
}

EvaluatorPool::Lease EvaluatorPool::Take() {
  const std::size_t home = engine::ThreadSlot(kMaxKept);
  for (std::size_t i = 0; i < kMaxKept; ++i) {
    std::atomic<Evaluator*>& slot = slots_[(home + i) % kMaxKept].evaluator;
    // Looked at before it is written: taking another thread's line for
    // writing, only to find it empty, is the cost this pool exists to avoid.
    if (slot.load(std::memory_order_relaxed) == nullptr) continue;
    if (Evaluator* evaluator = slot.exchange(nullptr, std::memory_order_acquire)) {
      return Lease(*this, std::unique_ptr<Evaluator>(evaluator));
    }
  }
  return Lease(*this, std::make_unique<Evaluator>(program_, store_, text_, plans_ahead_));
}

std::atomic<Evaluator*>* EvaluatorPool::Put(Evaluator* evaluator, std::size_t first) noexcept {
  for (std::size_t i = 0; i < kMaxKept; ++i) {
    std::atomic<Evaluator*>& slot = slots_[(first + i) % kMaxKept].evaluator;
    Evaluator* empty = nullptr;
    if (slot.load(std::memory_order_relaxed) != nullptr) continue;
    // Sequentially consistent, for GiveBack's look at the limit after it.
    if (slot.compare_exchange_strong(empty, evaluator, std::memory_order_seq_cst)) return &slot;
  }
  return nullptr;
}

void EvaluatorPool::GiveBack(std::unique_ptr<Evaluator> evaluator) noexcept {
  if (!evaluator) return;
  const std::size_t bytes = evaluator->CapacityBytes();
  std::atomic<Evaluator*>* const slot = Put(evaluator.get(), engine::ThreadSlot(kMaxKept));
  if (slot == nullptr) return;
  Evaluator* const kept = evaluator.release();
  // The limit is read only once the evaluator is in its slot: a sweep
  // lowering the limit may have passed that slot already. Both sides write,
  // then read what the other wrote, in one total order, so if the sweep
  // missed the evaluator, this read sees the sweep's limit.
  if (bytes <= max_kept_bytes_.load(std::memory_order_seq_cst)) return;
  // If it is no longer there, a run took it, and that run's GiveBack looks
  // at the limit in its turn.
  Evaluator* expected = kept;
  if (slot->compare_exchange_strong(expected, nullptr, std::memory_order_acquire)) delete kept;
}

template <typename Visit>
void EvaluatorPool::Sweep(Visit visit) {
  const std::lock_guard<std::mutex> lock(sweep_mutex_);
  for (std::size_t i = 0; i < kMaxKept; ++i) {
    std::unique_ptr<Evaluator> evaluator(
        slots_[i].evaluator.exchange(nullptr, std::memory_order_seq_cst));
    if (!evaluator || !visit(*evaluator)) continue;
    // A run may have filled the slot meanwhile; any empty one will do, and
    // if none is, the evaluator is freed like any surplus.
    if (Put(evaluator.get(), i) != nullptr) (void)evaluator.release();
  }
}

std::size_t EvaluatorPool::kept() const {
  std::size_t count = 0;
  for (const Slot& slot : slots_) {
    if (slot.evaluator.load(std::memory_order_relaxed) != nullptr) ++count;
  }
  return count;
}

std::size_t EvaluatorPool::KeptBytes() {
  std::size_t bytes = 0;
  Sweep([&](const Evaluator& evaluator) {
    bytes += evaluator.CapacityBytes();
    return true;
  });
  return bytes;
}

void EvaluatorPool::SetMaxKeptBytes(std::size_t bytes) {
  max_kept_bytes_.store(bytes, std::memory_order_seq_cst);
  // Each evaluator over the limit is freed as it is found, while runs go on:
  // unmapping hundreds of MB takes a while, and nothing waits for it.
  Sweep([&](const Evaluator& evaluator) { return evaluator.CapacityBytes() <= bytes; });
}

}  // namespace annals::query
