// The answers of a prepared query run once per parameter set
// (PreparedQuery::ExecuteBatch): every set's rows in one QueryResult, set
// after set, and where each set's rows begin.
#pragma once

#include <annals/export.hpp>
#include <annals/result.hpp>

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace annals {

//! The rows of one parameter set: a view into its BatchResult, valid while
//! the batch lives (moving the batch is fine).
class RowRange {
 public:
  using iterator = QueryResult::Iterator;
  using const_iterator = iterator;

  RowRange() = default;
  RowRange(const QueryResult* rows, std::size_t first, std::size_t count) noexcept
      : rows_(rows), first_(first), count_(count) {}

  [[nodiscard]] std::size_t size() const { return count_; }
  [[nodiscard]] bool empty() const { return count_ == 0; }
  //! Row `i` of this set, for i < size() (unchecked).
  [[nodiscard]] Row operator[](std::size_t i) const { return (*rows_)[first_ + i]; }
  //! Row `i` of this set; throws std::out_of_range when i >= size().
  [[nodiscard]] ANNALS_API Row at(std::size_t i) const;
  //! Where this set's rows begin in BatchResult::rows().
  [[nodiscard]] std::size_t first() const { return first_; }
  [[nodiscard]] iterator begin() const { return iterator(rows_, first_); }
  [[nodiscard]] iterator end() const { return iterator(rows_, first_ + count_); }

 private:
  const QueryResult* rows_ = nullptr;
  std::size_t first_ = 0;
  std::size_t count_ = 0;
};

//! The answer of every parameter set of a batch, in the order of the sets.
//! Set i's rows are those PreparedQuery::Execute would give for set i, in
//! the same order, with the same certainty, validity and sources.
class ANNALS_API BatchResult {
 public:
  //! No sets.
  BatchResult();
  //! Every set's rows in `rows`, set after set; `set_ends[i]` is the number
  //! of rows of sets 0..i. Throws std::invalid_argument unless the ends never
  //! decrease and the last is rows.size().
  BatchResult(QueryResult rows, std::vector<std::size_t> set_ends);
  BatchResult(const BatchResult& other);
  BatchResult& operator=(const BatchResult& other);
  BatchResult(BatchResult&&) noexcept;
  BatchResult& operator=(BatchResult&&) noexcept;
  ~BatchResult();

  //! Number of parameter sets.
  [[nodiscard]] std::size_t size() const { return set_ends_.size(); }
  [[nodiscard]] bool empty() const { return set_ends_.empty(); }
  //! The rows of set `set`, for set < size() (unchecked).
  [[nodiscard]] RowRange operator[](std::size_t set) const;
  //! The rows of set `set`; throws std::out_of_range when set >= size().
  [[nodiscard]] RowRange at(std::size_t set) const;
  //! Every row of every set, set after set.
  [[nodiscard]] const QueryResult& rows() const;
  //! The answer's columns (the prepared query's).
  [[nodiscard]] const std::vector<std::string>& columns() const { return rows().columns(); }
  //! The set row `row` of rows() belongs to; throws std::out_of_range when
  //! row >= rows().size().
  [[nodiscard]] std::size_t SetOfRow(std::size_t row) const;

 private:
  // Held apart so that a RowRange's pointer survives a move of the batch;
  // null in a batch of no sets (made empty or moved from).
  std::unique_ptr<QueryResult> rows_;
  std::vector<std::size_t> set_ends_;
};

}  // namespace annals
