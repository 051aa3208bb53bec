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
  const ParamValues* list_ = nullptr;
  std::span<const std::string> names_;
  const Value* row_ = nullptr;
};

//! A view of each set of `table`, in order.
[[nodiscard]] inline std::vector<ParamView> ViewsOf(const ParameterTable& table) {
  std::vector<ParamView> views;
  views.reserve(table.size());
  for (std::size_t i = 0; i < table.size(); ++i) views.emplace_back(table.names(), table[i].data());
  return views;
}

}  // namespace annals::query
