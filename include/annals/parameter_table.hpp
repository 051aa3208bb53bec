// annals::ParameterTable: the parameter sets of a batch as one table, a
// column per $parameter and a row per set, for PreparedQuery::ExecuteBatch.
#pragma once

#include <annals/export.hpp>
#include <annals/value.hpp>

#include <cstddef>
#include <initializer_list>
#include <span>
#include <string>
#include <vector>

namespace annals {

//! Parameter sets held side by side: one column per $parameter, one row per
//! set. Where a span of Parameters gives every set a heap block of its own,
//! wherever the allocator finds room, a table keeps all values in one array,
//! so a batch of thousands of sets reads them in order; and the names are
//! checked against the query once, not once per set. Values are read as
//! Parameters' are: where the query expects an entity a text names it, where
//! it expects a date or a window a text is read as a date expression.
//!
//!   annals::ParameterTable sets({"org", "day"});
//!   sets.AddSet({annals::Value::String("Communist Party of Bukhara"),
//!                annals::Value::String("mid-1921")});
class ANNALS_API ParameterTable {
 public:
  //! A table of the parameters `names` (with or without the leading '$'), with
  //! no sets; no names for a query without parameters. Throws
  //! Error(kInvalidArgument) on an empty name or a name given twice.
  explicit ParameterTable(std::vector<std::string> names);

  //! Appends a set: `values[j]` is the value of names()[j]. Throws
  //! Error(kInvalidArgument) unless there is one value per name.
  ParameterTable& AddSet(std::span<const Value> values);
  ParameterTable& AddSet(std::initializer_list<Value> values);
  //! Makes room for `sets` sets in all.
  void Reserve(std::size_t sets);
  //! Removes every set; the names and the memory stay, for the next batch.
  void Clear();

  //! The parameter names, without '$'.
  [[nodiscard]] const std::vector<std::string>& names() const { return names_; }
  //! Number of sets.
  [[nodiscard]] std::size_t size() const { return sets_; }
  [[nodiscard]] bool empty() const { return sets_ == 0; }
  //! Set `set`'s values, one per name, for set < size() (unchecked).
  [[nodiscard]] std::span<const Value> operator[](std::size_t set) const {
    return {values_.data() + set * names_.size(), names_.size()};
  }
  //! Set `set`'s values; throws std::out_of_range when set >= size().
  [[nodiscard]] std::span<const Value> at(std::size_t set) const;

 private:
  std::vector<std::string> names_;
  std::vector<Value> values_;  // set after set, names_.size() values each
  std::size_t sets_ = 0;       // kept apart: a table without names has sets of no values
};

}  // namespace annals
