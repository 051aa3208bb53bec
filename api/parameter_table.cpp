#include <annals/parameter_table.hpp>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <utility>

#include "api/parameter_name.hpp"

namespace annals {

ParameterTable::ParameterTable(std::vector<std::string> names) {
  names_.reserve(names.size());
  for (const std::string& name : names) {
    std::string key = ParameterName(name);
    if (std::find(names_.begin(), names_.end(), key) != names_.end()) {
      throw Error(ErrorCode::kInvalidArgument,
                  "parameter $" + key + " is named twice in the parameter table");
    }
    names_.push_back(std::move(key));
  }
}

ParameterTable& ParameterTable::AddSet(std::span<const Value> values) {
  if (values.size() != names_.size()) {
    std::string expected;
    for (const std::string& name : names_) expected += (expected.empty() ? "$" : ", $") + name;
    throw Error(ErrorCode::kInvalidArgument, "parameter set " + std::to_string(sets_) +
                                                 ": expected " + std::to_string(names_.size()) +
                                                 " values (" + expected + "), got " +
                                                 std::to_string(values.size()));
  }
  values_.insert(values_.end(), values.begin(), values.end());
  ++sets_;
  return *this;
}

ParameterTable& ParameterTable::AddSet(std::initializer_list<Value> values) {
  return AddSet(std::span<const Value>(values.begin(), values.size()));
}

void ParameterTable::Reserve(std::size_t sets) {
  if (!names_.empty() && sets > values_.max_size() / names_.size()) {
    throw std::length_error("parameter table: no room for " + std::to_string(sets) + " sets");
  }
  values_.reserve(sets * names_.size());
}

void ParameterTable::Clear() {
  values_.clear();
  sets_ = 0;
}

std::span<const Value> ParameterTable::at(std::size_t set) const {
  if (set >= sets_) {
    throw std::out_of_range("parameter set " + std::to_string(set) + " of a table of " +
                            std::to_string(sets_));
  }
  return (*this)[set];
}

}  // namespace annals
