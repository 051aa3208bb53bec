#include "query/evaluator_pool.hpp"

#include <array>
#include <utility>

namespace annals::query {

EvaluatorPool::EvaluatorPool(const CheckedProgram& program, const engine::Store& store,
                             std::string_view text, const PlansAhead* plans_ahead)
    : program_(program), store_(store), text_(text), plans_ahead_(plans_ahead) {
  // Reserved now, so that giving an evaluator back never allocates.
  kept_.reserve(kMaxKept);
}

EvaluatorPool::Lease EvaluatorPool::Take() {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    if (!kept_.empty()) {
      std::unique_ptr<Evaluator> evaluator = std::move(kept_.back());
      kept_.pop_back();
      return Lease(*this, std::move(evaluator));
    }
  }
  return Lease(*this, std::make_unique<Evaluator>(program_, store_, text_, plans_ahead_));
}

std::size_t EvaluatorPool::kept() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  return kept_.size();
}

std::size_t EvaluatorPool::KeptBytes() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  std::size_t bytes = 0;
  for (const std::unique_ptr<Evaluator>& evaluator : kept_) bytes += evaluator->CapacityBytes();
  return bytes;
}

void EvaluatorPool::SetMaxKeptBytes(std::size_t bytes) {
  std::array<std::unique_ptr<Evaluator>, kMaxKept> freed;
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    max_kept_bytes_ = bytes;
    std::size_t kept = 0;
    std::size_t dropped = 0;
    for (std::unique_ptr<Evaluator>& evaluator : kept_) {
      if (evaluator->CapacityBytes() <= bytes) {
        kept_[kept++] = std::move(evaluator);
      } else {
        freed[dropped++] = std::move(evaluator);
      }
    }
    kept_.resize(kept);
  }
  // `freed` dies here, outside the lock: unmapping hundreds of MB takes a
  // while, and runs ending meanwhile need the lock to give theirs back.
}

void EvaluatorPool::GiveBack(std::unique_ptr<Evaluator> evaluator) noexcept {
  if (!evaluator) return;
  const std::size_t bytes = evaluator->CapacityBytes();
  // Compared under the lock, which SetMaxKeptBytes changes the limit under:
  // a run ending while the limit is lowered cannot slip past the trim.
  const std::lock_guard<std::mutex> lock(mutex_);
  if (bytes <= max_kept_bytes_ && kept_.size() < kMaxKept) kept_.push_back(std::move(evaluator));
}

}  // namespace annals::query
