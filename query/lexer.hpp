// The lexer: query or facts text -> tokens. Never throws: text it cannot read
// becomes a kError token at its position, so callers can report it (queries)
// or skip to the next clause and keep going (facts files).
#pragma once

#include "query/token.hpp"

#include <string_view>
#include <vector>

namespace annals::query {

//! All tokens of `text`, ending with one kEnd token. Comments (`%` or `//` to
//! the end of the line) and white space are dropped.
[[nodiscard]] std::vector<Token> Lex(std::string_view text);

}  // namespace annals::query
