// A $parameter's name as the API takes it from users: with or without the
// leading '$', never empty. Parameters and ParameterTable keep it without.
#pragma once

#include <annals/error.hpp>

#include <string>
#include <string_view>

namespace annals {

inline std::string ParameterName(std::string_view name) {
  if (!name.empty() && name.front() == '$') name.remove_prefix(1);
  if (name.empty()) throw Error(ErrorCode::kInvalidArgument, "parameter name is empty");
  return std::string(name);
}

}  // namespace annals
