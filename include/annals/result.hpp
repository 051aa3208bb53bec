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
#include <functional>
#include <iterator>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace annals {

namespace detail {

//! A random-access iterator over anything indexable whose elements are made
//! on access (rows of an answer, sources of a row): `*it` is `owner[index]`,
//! by value.
template <typename Owner, typename Element>
class IndexIterator {
 public:
  using iterator_concept = std::random_access_iterator_tag;
  using iterator_category = std::input_iterator_tag;  // elements are made on access
  using value_type = Element;
  using difference_type = std::ptrdiff_t;
  using reference = Element;

  //! For `it->member`: the element, held while the expression lasts.
  struct Arrow {
    Element element;
    const Element* operator->() const { return &element; }
  };
  using pointer = Arrow;

  IndexIterator() = default;
  IndexIterator(const Owner* owner, std::size_t index) : owner_(owner), index_(index) {}

  Element operator*() const { return (*owner_)[index_]; }
  Arrow operator->() const { return Arrow{**this}; }
  Element operator[](difference_type n) const {
    return (*owner_)[index_ + static_cast<std::size_t>(n)];
  }
  IndexIterator& operator++() {
    ++index_;
    return *this;
  }
  IndexIterator operator++(int) {
    IndexIterator before = *this;
    ++index_;
    return before;
  }
  IndexIterator& operator--() {
    --index_;
    return *this;
  }
  IndexIterator operator--(int) {
    IndexIterator before = *this;
    --index_;
    return before;
  }
  IndexIterator& operator+=(difference_type n) {
    index_ += static_cast<std::size_t>(n);
    return *this;
  }
  IndexIterator& operator-=(difference_type n) {
    index_ -= static_cast<std::size_t>(n);
    return *this;
  }
  friend IndexIterator operator+(IndexIterator it, difference_type n) { return it += n; }
  friend IndexIterator operator+(difference_type n, IndexIterator it) { return it += n; }
  friend IndexIterator operator-(IndexIterator it, difference_type n) { return it -= n; }
  friend difference_type operator-(const IndexIterator& a, const IndexIterator& b) {
    return static_cast<difference_type>(a.index_) - static_cast<difference_type>(b.index_);
  }
  friend bool operator==(const IndexIterator& a, const IndexIterator& b) {
    return a.index_ == b.index_;
  }
  friend std::strong_ordering operator<=>(const IndexIterator& a, const IndexIterator& b) {
    return a.index_ <=> b.index_;
  }

 private:
  const Owner* owner_ = nullptr;
  std::size_t index_ = 0;
};

//! A source as an answer stores it: the file by its index in the answer.
//! Trivial (no default values), so that the library copies an answer's
//! sources as plain memory; make one with all three fields, {file, line,
//! column}.
struct SourceEntry {
  std::uint32_t file;
  std::uint32_t line;
  std::uint32_t column;
};

}  // namespace detail

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

//! The sources behind one row (a query lists them by file, then line; a
//! QueryResultBuilder keeps the order they were added in). A view into its
//! QueryResult, which stores each as (file index, line, column), so an
//! answer of a million rows holds each file name once: `sources[i]` makes
//! the SourceLocation when asked. Valid while the result lives.
class Sources {
 public:
  using value_type = SourceLocation;
  using size_type = std::size_t;
  using iterator = detail::IndexIterator<Sources, SourceLocation>;
  using const_iterator = iterator;

  Sources() = default;
  Sources(const detail::SourceEntry* first, std::size_t size, const std::string* files) noexcept
      : first_(first), size_(size), files_(files) {}

  [[nodiscard]] std::size_t size() const { return size_; }
  [[nodiscard]] bool empty() const { return size_ == 0; }
  //! Source `i`, for i < size() (unchecked).
  [[nodiscard]] SourceLocation operator[](std::size_t i) const {
    return SourceLocation{files_[first_[i].file], first_[i].line, first_[i].column};
  }
  //! Source `i`; throws std::out_of_range when i >= size().
  [[nodiscard]] ANNALS_API SourceLocation at(std::size_t i) const;
  //! The file of source `i` without making a SourceLocation (unchecked).
  [[nodiscard]] std::string_view file(std::size_t i) const { return files_[first_[i].file]; }
  //! The line and the column (0: unknown) of source `i` (unchecked).
  [[nodiscard]] std::uint32_t line(std::size_t i) const { return first_[i].line; }
  [[nodiscard]] std::uint32_t column(std::size_t i) const { return first_[i].column; }
  [[nodiscard]] iterator begin() const { return iterator(this, 0); }
  [[nodiscard]] iterator end() const { return iterator(this, size_); }

 private:
  const detail::SourceEntry* first_ = nullptr;
  std::size_t size_ = 0;
  const std::string* files_ = nullptr;  // the answer's files, indexed by SourceEntry::file
};

//! One binding of the query's variables, valid over one period. A view into
//! its QueryResult (which holds the answer's cells, sources and explanation
//! steps in a few arrays, not one allocation per row): valid while the
//! result lives. Copy out what must outlive it.
struct Row {
  Cells values;                               //!< one per column, in column order
  Certainty certainty = Certainty::kCertain;  //!< the weakest certainty of the row's parts
  Period validity;                            //!< when the row holds, as written in the sources
  Sources sources;                            //!< file:line of every fact behind the row
  std::span<const std::string> explanation;   //!< derivation steps, filled only with explain
};

//! The answer to a query: columns and rows, in the order the engine produced
//! them. Immutable; iterate it with range-for (each row is a view, nothing is
//! copied).
class ANNALS_API QueryResult {
 public:
  //! Walks the rows in order; dereferencing gives a Row view by value.
  using Iterator = detail::IndexIterator<QueryResult, Row>;

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
  //! Always false from a query: a row limit fails the query with
  //! Error(kLimit) instead of cutting the answer short. True only for an
  //! answer a QueryResultBuilder finished as truncated.
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
  std::vector<detail::SourceEntry> sources_;
  std::vector<std::string> files_;  // each file once, in order of first use
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

  //! Room for `rows` rows, their cells and a source each, so that adding
  //! them does not reallocate.
  void Reserve(std::size_t rows);
  //! Builds the answer in the memory of `earlier`, an answer the caller is
  //! done with (of any query): each of its arrays that is larger than this
  //! builder's is emptied and taken over, so that a large answer built again
  //! and again is written where the last one was. `earlier` is left empty.
  //! Throws std::logic_error, taking nothing, once anything has been added
  //! (a cell, source, file or step) since the builder was made or finished.
  void ReuseMemoryOf(QueryResult&& earlier);
  //! The next cell of the row being built.
  void AddCell(Value value);
  //! The next cell of the row being built: a copy of the cell above it (the
  //! same column of the last row ended). Throws std::logic_error when no row
  //! has been ended yet or the row already has all its cells.
  void RepeatCellAbove();
  //! A source of the row being built.
  void AddSource(std::string_view file, std::uint32_t line, std::uint32_t column = 0);
  //! The index of `file` in the answer, for the AddSource below: a caller
  //! adding many sources of few files looks each file up once.
  [[nodiscard]] std::uint32_t AddFile(std::string_view file);
  //! A source of the row being built, its file given by AddFile.
  void AddSource(std::uint32_t file, std::uint32_t line, std::uint32_t column = 0);
  //! The next sources of the row being built, as the answer stores them
  //! (see SourcesAdded), each file an index AddFile returned: for a caller
  //! that writes a row's sources from an earlier row's, one call instead of
  //! one a source. `sources` may lie in SourcesAdded(), wholly. Throws
  //! std::logic_error, having added none, when a file was not added or when
  //! a span begun in SourcesAdded() runs past its end.
  void AddSources(std::span<const detail::SourceEntry> sources);
  //! The sources added so far, of the rows ended and of the one being built,
  //! as the answer stores them: for a caller that writes a row's sources
  //! from those of an earlier row. Valid until the next source is added.
  [[nodiscard]] std::span<const detail::SourceEntry> SourcesAdded() const {
    return result_.sources_;
  }
  //! A derivation step of the row being built.
  void AddStep(std::string step);
  //! Ends the row being built. Throws std::logic_error unless it has exactly
  //! one cell per column.
  void EndRow(Certainty certainty, Period validity);
  //! Ends the row being built, its sources those from index `first_source`
  //! of SourcesAdded() to the last: the ones it added, after sources that
  //! earlier rows added from `first_source` on, which it shares instead of
  //! copying (a closure's row: the sources of the row one edge shorter,
  //! ended just before it, and one more). Throws std::logic_error as EndRow
  //! does, or when `first_source` lies past the first source the row added.
  void EndRow(Certainty certainty, Period validity, std::size_t first_source);
  //! Number of rows ended so far.
  [[nodiscard]] std::size_t size() const { return result_.rows_.size(); }
  //! The answer; `truncated` marks an answer cut by a row limit. The builder
  //! then starts over, with the same columns. Throws std::logic_error when a
  //! row was begun and not ended.
  [[nodiscard]] QueryResult Finish(bool truncated = false);

 private:
  [[nodiscard]] std::size_t CellsOfOpenRow() const;
  //! Where the sources of the rows ended so far end: the open row's own
  //! sources start there.
  [[nodiscard]] std::size_t SourcesOfEndedRows() const;

  struct FileHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view file) const {
      return std::hash<std::string_view>{}(file);
    }
  };

  QueryResult result_;
  std::unordered_map<std::string, std::uint32_t, FileHash, std::equal_to<>> file_index_;
};

}  // namespace annals
