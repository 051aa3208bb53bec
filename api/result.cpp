// QueryResult: the rows of an answer and lookup of its columns.
#include <annals/result.hpp>

#include <cstddef>
#include <utility>

namespace annals {

QueryResult::QueryResult(std::vector<std::string> columns, std::vector<Row> rows, bool truncated)
    : columns_(std::move(columns)), rows_(std::move(rows)), truncated_(truncated) {}

int QueryResult::ColumnIndex(const std::string& name) const {
  for (std::size_t i = 0; i < columns_.size(); ++i) {
    if (columns_[i] == name) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace annals
