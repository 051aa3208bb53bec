#include "query/answer_cells.hpp"

#include <utility>

namespace annals::query {

namespace {

std::size_t SlotOf(ValueId id, std::size_t mask) {
  return static_cast<std::size_t>((id * 0x9E3779B97F4A7C15ULL) >> 32) & mask;
}

}  // namespace

Value AnswerCells::Get(std::size_t column, ValueId id) {
  const ValueTag tag = TagOf(id);
  // Only names are worth sharing; numbers, dates and periods are stored inline.
  if (tag != ValueTag::kEntity && tag != ValueTag::kString) return pool_.ToValue(id);
  if (column >= previous_.size()) previous_.resize(column + 1);
  Slot& previous = previous_[column];
  if (previous.id == id) return previous.value;
  // A few rows share little; a table for them would cost more than it saves.
  ++misses_;
  previous = Slot{id, misses_ <= kUnsharedMisses ? pool_.ToValue(id) : Shared(id)};
  return previous.value;
}

Value AnswerCells::Shared(ValueId id) {
  if ((used_ + 1) * 2 > slots_.size()) Grow();
  const std::size_t mask = slots_.size() - 1;
  std::size_t at = SlotOf(id, mask);
  while (slots_[at].id != kNullValue) {
    if (slots_[at].id == id) return slots_[at].value;
    at = (at + 1) & mask;
  }
  ++used_;
  slots_[at].id = id;
  slots_[at].value = pool_.ToValue(id);
  return slots_[at].value;
}

void AnswerCells::Grow() {
  std::vector<Slot> old(slots_.empty() ? 64 : slots_.size() * 2);
  old.swap(slots_);
  const std::size_t mask = slots_.size() - 1;
  for (Slot& slot : old) {
    if (slot.id == kNullValue) continue;
    std::size_t at = SlotOf(slot.id, mask);
    while (slots_[at].id != kNullValue) at = (at + 1) & mask;
    slots_[at] = std::move(slot);
  }
}

}  // namespace annals::query
