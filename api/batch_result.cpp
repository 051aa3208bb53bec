#include <annals/batch_result.hpp>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <utility>

namespace annals {

Row RowRange::at(std::size_t i) const {
  if (i >= count_) {
    throw std::out_of_range("row " + std::to_string(i) + " of a set of " + std::to_string(count_));
  }
  return (*this)[i];
}

BatchResult::BatchResult() = default;

BatchResult::BatchResult(QueryResult rows, std::vector<std::size_t> set_ends)
    : rows_(std::make_unique<QueryResult>(std::move(rows))), set_ends_(std::move(set_ends)) {
  if (!std::is_sorted(set_ends_.begin(), set_ends_.end()) ||
      (set_ends_.empty() ? !rows_->empty() : set_ends_.back() != rows_->size())) {
    throw std::invalid_argument("BatchResult: the set ends must not decrease and must end at " +
                                std::to_string(rows_->size()) + ", the number of rows");
  }
}

BatchResult::BatchResult(const BatchResult& other)
    : rows_(other.rows_ ? std::make_unique<QueryResult>(*other.rows_) : nullptr),
      set_ends_(other.set_ends_) {}

BatchResult& BatchResult::operator=(const BatchResult& other) {
  if (this != &other) *this = BatchResult(other);
  return *this;
}

// A moved-from batch is a batch of no sets.
BatchResult::BatchResult(BatchResult&& other) noexcept
    : rows_(std::exchange(other.rows_, nullptr)), set_ends_(std::move(other.set_ends_)) {
  other.set_ends_.clear();
}

BatchResult& BatchResult::operator=(BatchResult&& other) noexcept {
  rows_ = std::exchange(other.rows_, nullptr);
  set_ends_ = std::move(other.set_ends_);
  other.set_ends_.clear();
  return *this;
}

BatchResult::~BatchResult() = default;

const QueryResult& BatchResult::rows() const {
  static const QueryResult kNoRows;
  return rows_ ? *rows_ : kNoRows;
}

RowRange BatchResult::operator[](std::size_t set) const {
  const std::size_t first = set == 0 ? 0 : set_ends_[set - 1];
  return RowRange(rows_.get(), first, set_ends_[set] - first);
}

RowRange BatchResult::at(std::size_t set) const {
  if (set >= set_ends_.size()) {
    throw std::out_of_range("parameter set " + std::to_string(set) + " of " +
                            std::to_string(set_ends_.size()));
  }
  return (*this)[set];
}

std::size_t BatchResult::SetOfRow(std::size_t row) const {
  if (row >= rows().size()) {
    throw std::out_of_range("row " + std::to_string(row) + " of " + std::to_string(rows().size()));
  }
  // The first set whose end lies past the row.
  return static_cast<std::size_t>(std::upper_bound(set_ends_.begin(), set_ends_.end(), row) -
                                  set_ends_.begin());
}

}  // namespace annals
