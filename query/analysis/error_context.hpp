// Where analysis errors point: the query text, for carets.
#pragma once

#include <annals/error.hpp>

#include "query/diagnostic.hpp"
#include "query/token.hpp"

#include <string>
#include <string_view>

namespace annals::query {

struct ErrorContext {
  std::string_view text;

  [[noreturn]] void Fail(ErrorCode code, std::string message, TextPos pos) const {
    throw MakeQueryError(code, std::move(message), text, pos);
  }
};

}  // namespace annals::query
