// The answer to a query: named columns and rows, each row with its certainty,
// its validity period and the sources behind it.
#pragma once

#include <annals/error.hpp>
#include <annals/export.hpp>
#include <annals/time.hpp>
#include <annals/value.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace annals {

//! One binding of the query's variables, valid over one period.
struct Row {
  std::vector<Value> values;                  //!< one per column, in column order
  Certainty certainty = Certainty::kCertain;  //!< the weakest certainty of the row's parts
  Period validity;                            //!< when the row holds, as written in the sources
  std::vector<SourceLocation> sources;        //!< file:line of every fact behind the row
  std::vector<std::string> explanation;       //!< derivation steps, filled only with explain
};

//! The answer to a query: columns and rows, in the order the engine produced
//! them. Immutable; iterate it with range-for, nothing is copied.
class ANNALS_API QueryResult {
 public:
  //! An empty answer with no columns.
  QueryResult() = default;
  //! Built by the query layer; `truncated` marks an answer cut by a limit.
  QueryResult(std::vector<std::string> columns, std::vector<Row> rows, bool truncated = false);

  //! The query's variables in order of first appearance (no "_"-variables).
  [[nodiscard]] const std::vector<std::string>& columns() const { return columns_; }
  //! Number of rows.
  [[nodiscard]] std::size_t size() const { return rows_.size(); }
  //! True when no row answers the query (not an error).
  [[nodiscard]] bool empty() const { return rows_.empty(); }
  //! Row `i`, for i < size() (unchecked).
  [[nodiscard]] const Row& operator[](std::size_t i) const { return rows_[i]; }
  //! The rows, for range-for.
  [[nodiscard]] std::vector<Row>::const_iterator begin() const { return rows_.begin(); }
  //! End of the rows.
  [[nodiscard]] std::vector<Row>::const_iterator end() const { return rows_.end(); }
  //! Column index of a variable, or -1.
  [[nodiscard]] int ColumnIndex(const std::string& name) const;
  //! True when the row limit cut the answer short.
  [[nodiscard]] bool truncated() const { return truncated_; }

 private:
  std::vector<std::string> columns_;
  std::vector<Row> rows_;
  bool truncated_ = false;
};

}  // namespace annals
