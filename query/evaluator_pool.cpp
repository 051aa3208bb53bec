#include "query/evaluator_pool.hpp"

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

void EvaluatorPool::GiveBack(std::unique_ptr<Evaluator> evaluator) noexcept {
  if (!evaluator || evaluator->CapacityBytes() > kMaxKeptBytes) return;
  const std::lock_guard<std::mutex> lock(mutex_);
  if (kept_.size() < kMaxKept) kept_.push_back(std::move(evaluator));
}

}  // namespace annals::query
