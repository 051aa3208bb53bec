// The answer to a query: named columns and rows, each row with its certainty,
// its validity period and the sources behind it.
#pragma once

#include <annals/error.hpp>
#include <annals/export.hpp>
#include <annals/time.hpp>
#include <annals/value.hpp>

#include <compare>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace annals {

//! The cells of one row, one per column, in column order. A view into its
//! QueryResult: valid while the result lives.
class Cells {
 public:
  using value_type = Value;
  using size_type = std::size_t;
  using const_iterator = const Value*;
  using iterator = const Value*;

  Cells() = default;
  Cells(const Value* first, std::size_t size) noexcept : first_(first), size_(size) {}

  [[nodiscard]] std::size_t size() const { return size_; }
  [[nodiscard]] bool empty() const { return size_ == 0; }
  //! Cell `i`, for i < size() (unchecked).
  [[nodiscard]] const Value& operator[](std::size_t i) const { return first_[i]; }
  //! Cell `i`; throws std::out_of_range when i >= size().
  [[nodiscard]] ANNALS_API const Value& at(std::size_t i) const;
  [[nodiscard]] const Value* begin() const { return first_; }
  [[nodiscard]] const Value* end() const { return first_ + size_; }
  [[nodiscard]] const Value* data() const { return first_; }

  //! Same number of cells, pairwise equal.
  friend ANNALS_API bool operator==(const Cells& a, const Cells& b);

 private:
  const Value* first_ = nullptr;
  std::size_t size_ = 0;
};

//! One binding of the query's variables, valid over one period. A view into
//! its QueryResult (which holds the answer's cells, sources and explanation
//! steps in a few arrays, not one allocation per row): valid while the
//! result lives. Copy out what must outlive it.
struct Row {
  Cells values;                               //!< one per column, in column order
  Certainty certainty = Certainty::kCertain;  //!< the weakest certainty of the row's parts
  Period validity;                            //!< when the row holds, as written in the sources
  std::span<const SourceLocation> sources;    //!< file:line of every fact behind the row
  std::span<const std::string> explanation;   //!< derivation steps, filled only with explain
};

//! The answer to a query: columns and rows, in the order the engine produced
//! them. Immutable; iterate it with range-for (each row is a view, nothing is
//! copied).
class ANNALS_API QueryResult {
 public:
  //! Walks the rows in order; dereferencing gives a Row view by value.
  class Iterator {
   public:
    using iterator_concept = std::random_access_iterator_tag;
    using iterator_category = std::input_iterator_tag;  // rows are made on access
    using value_type = Row;
    using difference_type = std::ptrdiff_t;
    using reference = Row;

    //! For `it->values`: the row, held while the expression lasts.
    struct Arrow {
      Row row;
      const Row* operator->() const { return &row; }
    };
    using pointer = Arrow;

    Iterator() = default;
    Iterator(const QueryResult* result, std::size_t index) : result_(result), index_(index) {}

    Row operator*() const { return (*result_)[index_]; }
    Arrow operator->() const { return Arrow{**this}; }
    Row operator[](difference_type n) const {
      return (*result_)[index_ + static_cast<std::size_t>(n)];
    }
    Iterator& operator++() {
      ++index_;
      return *this;
    }
    Iterator operator++(int) {
      Iterator before = *this;
      ++index_;
      return before;
    }
    Iterator& operator--() {
      --index_;
      return *this;
    }
    Iterator operator--(int) {
      Iterator before = *this;
      --index_;
      return before;
    }
    Iterator& operator+=(difference_type n) {
      index_ += static_cast<std::size_t>(n);
      return *this;
    }
    Iterator& operator-=(difference_type n) {
      index_ -= static_cast<std::size_t>(n);
      return *this;
    }
    friend Iterator operator+(Iterator it, difference_type n) { return it += n; }
    friend Iterator operator+(difference_type n, Iterator it) { return it += n; }
    friend Iterator operator-(Iterator it, difference_type n) { return it -= n; }
    friend difference_type operator-(const Iterator& a, const Iterator& b) {
      return static_cast<difference_type>(a.index_) - static_cast<difference_type>(b.index_);
    }
    friend bool operator==(const Iterator& a, const Iterator& b) { return a.index_ == b.index_; }
    friend std::strong_ordering operator<=>(const Iterator& a, const Iterator& b) {
      return a.index_ <=> b.index_;
    }

   private:
    const QueryResult* result_ = nullptr;
    std::size_t index_ = 0;
  };

  //! An empty answer with no columns.
  QueryResult() = default;

  //! The query's variables in order of first appearance (no "_"-variables).
  [[nodiscard]] const std::vector<std::string>& columns() const { return columns_; }
  //! Number of rows.
  [[nodiscard]] std::size_t size() const { return rows_.size(); }
  //! True when no row answers the query (not an error).
  [[nodiscard]] bool empty() const { return rows_.empty(); }
  //! Row `i`, for i < size() (unchecked); a view valid while the result lives.
  [[nodiscard]] Row operator[](std::size_t i) const;
  //! Row `i`; throws std::out_of_range when i >= size().
  [[nodiscard]] Row at(std::size_t i) const;
  //! The first row, for range-for.
  [[nodiscard]] Iterator begin() const { return Iterator(this, 0); }
  //! End of the rows.
  [[nodiscard]] Iterator end() const { return Iterator(this, rows_.size()); }
  //! Column index of a variable, or -1.
  [[nodiscard]] int ColumnIndex(const std::string& name) const;
  //! True when the row limit cut the answer short.
  [[nodiscard]] bool truncated() const { return truncated_; }

 private:
  friend class QueryResultBuilder;

  // Where a row's parts are in the answer-wide arrays; its cells are at
  // index * width, so they need no entry.
  struct RowEntry {
    Period validity;
    std::uint32_t first_source = 0;
    std::uint32_t source_count = 0;
    std::uint32_t first_step = 0;
    std::uint32_t step_count = 0;
    Certainty certainty = Certainty::kCertain;
  };

  std::vector<std::string> columns_;
  std::vector<Value> cells_;  // row-major, columns_.size() per row
  std::vector<RowEntry> rows_;
  std::vector<SourceLocation> sources_;
  std::vector<std::string> steps_;
  bool truncated_ = false;
};

//! Builds a QueryResult row by row: the query layer uses it, and so can an
//! application or a test that needs an answer of its own. For each row, add
//! its cells (exactly one per column), then its sources and explanation
//! steps, then end it.
class ANNALS_API QueryResultBuilder {
 public:
  explicit QueryResultBuilder(std::vector<std::string> columns);

  //! Room for `rows` rows, so that adding them does not reallocate.
  void Reserve(std::size_t rows);
  //! The next cell of the row being built.
  void AddCell(Value value);
  //! The next cell of the row being built: a copy of the cell above it (the
  //! same column of the last row ended). Throws std::logic_error when no row
  //! has been ended yet or the row already has all its cells.
  void RepeatCellAbove();
  //! A source of the row being built.
  void AddSource(std::string_view file, std::uint32_t line, std::uint32_t column = 0);
  //! A derivation step of the row being built.
  void AddStep(std::string step);
  //! Ends the row being built. Throws std::logic_error unless it has exactly
  //! one cell per column.
  void EndRow(Certainty certainty, Period validity);
  //! Number of rows ended so far.
  [[nodiscard]] std::size_t size() const { return result_.rows_.size(); }
  //! The answer; `truncated` marks an answer cut by a row limit. The builder
  //! then starts over, with the same columns. Throws std::logic_error when a
  //! row was begun and not ended.
  [[nodiscard]] QueryResult Finish(bool truncated = false);

 private:
  [[nodiscard]] std::size_t CellsOfOpenRow() const;

  QueryResult result_;
};

}  // namespace annals
