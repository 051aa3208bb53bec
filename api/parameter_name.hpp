// A $parameter's name as the API takes it from users: with or without the
// leading '$', never empty. Parameters and ParameterTable keep it without.
// And what the API says of a name the query does not have, in every entry
// (C++ and C) alike.
#pragma once

#include <annals/error.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace annals {

inline std::string ParameterName(std::string_view name) {
  if (!name.empty() && name.front() == '$') name.remove_prefix(1);
  if (name.empty()) throw Error(ErrorCode::kInvalidArgument, "parameter name is empty");
  return std::string(name);
}

//! "the query's parameters are $a, $b", or that it has none.
inline std::string ListParameters(const std::vector<std::string>& names) {
  if (names.empty()) return "the query has no parameters";
  std::string list = "the query's parameters are";
  for (std::size_t i = 0; i < names.size(); ++i) {
    list += (i == 0 ? " $" : ", $") + names[i];
  }
  return list;
}

//! The message for a value given to `name` (without '$'), which is not
//! one of the query's `parameters`.
inline std::string UnknownParameter(std::string_view name,
                                    const std::vector<std::string>& parameters) {
  return "unknown parameter $" + std::string(name) + "; " + ListParameters(parameters);
}

}  // namespace annals
