// One parameter set as the evaluator reads it. A set comes either as its own
// list of (name, value) pairs (annals::Parameters), or as one row of a table
// whose column names all its rows share (annals::ParameterTable). A batch of
// thousands of sets reads the second kind side by side in memory, instead of
// one heap block per set scattered wherever the allocator found room.
#pragma once

#include <annals/parameter_table.hpp>
#include <annals/value.hpp>

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace annals::query {

//! Values of a prepared query's $parameters, by name (without '$').
using ParamValues = std::vector<std::pair<std::string, Value>>;

//! A view of one parameter set; what it views must outlive it.
class ParamView {
 public:
  //! No values.
  ParamView() = default;
  //! A list of pairs; a name given twice has its last value.
  ParamView(const ParamValues& list) : list_(&list) {}  // NOLINT: implicit, as a list is a set
  //! A table's row: `row[j]` is the value of `names[j]`, names all distinct.
  ParamView(std::span<const std::string> names, const Value* row) : names_(names), row_(row) {}

  //! The value given for parameter `name`, or null.
  [[nodiscard]] const Value* Find(std::string_view name) const {
    if (list_ != nullptr) {
      const Value* given = nullptr;
      for (const auto& [param, value] : *list_) {
        if (param == name) given = &value;
      }
      return given;
    }
    for (std::size_t j = 0; j < names_.size(); ++j) {
      if (names_[j] == name) return row_ + j;
    }
    return nullptr;
  }

 private:
  friend class ParamReader;
  const ParamValues* list_ = nullptr;
  std::span<const std::string> names_;
  const Value* row_ = nullptr;
};

//! One parameter, read from set after set. The rows of a table share its
//! names, so a reader finds the parameter's column once per table instead of
//! comparing names in every set, as a batch of thousands would. A reader
//! remembers a table by the address of its names: use one only while every
//! table it has read stays alive (one batch), so no address is reused.
class ParamReader {
 public:
  ParamReader() = default;
  //! Reads parameter `name` (without '$'), which must outlive the reader.
  explicit ParamReader(std::string_view name) : name_(name) {}

  //! The value `set` gives the parameter, or null.
  [[nodiscard]] const Value* In(const ParamView& set) {
    if (set.list_ != nullptr) return set.Find(name_);
    if (set.names_.data() != names_ || set.names_.size() != count_) {
      names_ = set.names_.data();
      count_ = set.names_.size();
      const Value* found = set.Find(name_);
      column_ = found == nullptr ? kNoColumn : static_cast<std::size_t>(found - set.row_);
    }
    return column_ == kNoColumn ? nullptr : set.row_ + column_;
  }

 private:
  static constexpr std::size_t kNoColumn = static_cast<std::size_t>(-1);
  std::string_view name_;
  const std::string* names_ = nullptr;  // the table last read, by its names
  std::size_t count_ = 0;
  std::size_t column_ = kNoColumn;
};

//! A view of each set of `table`, in order.
[[nodiscard]] inline std::vector<ParamView> ViewsOf(const ParameterTable& table) {
  std::vector<ParamView> views;
  views.reserve(table.size());
  for (std::size_t i = 0; i < table.size(); ++i) views.emplace_back(table.names(), table[i].data());
  return views;
}

}  // namespace annals::query
