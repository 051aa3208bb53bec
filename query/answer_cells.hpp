// Public Values for the cells of one answer. A name that fills many cells
// (each start of a closure's paths, a party in every row about it) is made
// once and shared by those cells, instead of copied into each.
#pragma once

#include <annals/value.hpp>

#include "query/value_pool.hpp"

#include <cstddef>
#include <vector>

namespace annals::query {

class AnswerCells {
 public:
  explicit AnswerCells(const ValuePool& pool) : pool_(pool) {}

  //! The cell of `column` (answers often repeat a column's value from one
  //! row to the next: all paths from one start come together).
  [[nodiscard]] Value Get(std::size_t column, ValueId id);

 private:
  struct Slot {
    ValueId id = kNullValue;  // kNullValue: empty (null cells are never kept)
    Value value;
  };
  [[nodiscard]] Value Shared(ValueId id);
  void Grow();

  const ValuePool& pool_;
  std::vector<Slot> slots_;
  std::size_t used_ = 0;
  std::vector<Slot> previous_;  // per column: the last name given out
  static constexpr std::size_t kUnsharedMisses = 32;
  std::size_t misses_ = 0;
};

}  // namespace annals::query
