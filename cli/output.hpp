// Printing query answers: aligned tables, JSON and CSV (RFC 4180), from the
// public QueryResult alone.
#pragma once

#include <annals/result.hpp>

#include "cli/args.hpp"

#include <cstddef>
#include <ostream>
#include <string>
#include <string_view>

namespace annals::cli {

//! Columns a printed answer has after the query's variables.
inline constexpr std::string_view kRowColumns[] = {"certainty", "from", "to", "sources"};

//! Terminal width of UTF-8 text: a column a code point (invalid bytes count
//! one each), none for a combining mark, two for wide East Asian characters
//! and emoji, so names in any script line up.
[[nodiscard]] std::size_t DisplayWidth(std::string_view utf8);

//! `text` as a JSON string literal, quotes included; control characters and
//! invalid UTF-8 bytes escaped so the output is always valid JSON.
[[nodiscard]] std::string JsonString(std::string_view text);

//! `text` as one CSV field: quoted when it holds a comma, quote, CR or LF.
[[nodiscard]] std::string CsvField(std::string_view text);

//! Prints `result` in `format`. With `explain`, each row's derivation follows
//! (table: after the table; json: an "explanation" array; csv: a column).
void PrintResult(std::ostream& out, const QueryResult& result, OutputFormat format, bool explain);

}  // namespace annals::cli
