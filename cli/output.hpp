// Printing query answers: aligned tables, JSON and CSV (RFC 4180), from the
// public QueryResult alone.
#pragma once

#include <annals/error.hpp>
#include <annals/result.hpp>

#include "cli/args.hpp"

#include <cstddef>
#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

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

//! Why a query has no answer, as a printer reports it.
struct QueryFailure {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;      //!< without position
  SourceLocation location;  //!< in the user's file; line 0 when it has none (a limit)
  std::string rendered;     //!< the full text for stderr: position, message, caret
};

//! The answers to the queries of one program (`annals run`), printed as one
//! whole whatever their number, so that a program of several queries, or of
//! none, is still one thing to read or to parse:
//!  - table: each answer under a `file:line: query` header, a blank line
//!    between; a failed query's header followed by "(no answer: CODE)";
//!  - json: one document, {"queries": [...]}, an entry per query in order with
//!    its "line" and one-line "query" text, then "columns" and "rows" exactly as
//!    PrintResult writes them, or instead an "error" object (code, message,
//!    line, column); written entry by entry as the queries are answered;
//!  - csv: one table, since several cannot share a header: a leading `line`
//!    column (where the row's query starts), then every answer's variables in
//!    order of first appearance, each row's cells under its own variables'
//!    names and empty under the others, then the fixed columns. Failed queries
//!    and empty answers have no rows. Written by Finish, the header needing
//!    every answer's variables.
class ProgramPrinter {
 public:
  ProgramPrinter(std::ostream& out, OutputFormat format, bool explain, std::string source_name);

  //! `query` is the statement's text on one line; `line` where it starts.
  void Answered(std::uint32_t line, std::string_view query, QueryResult result);
  void Failed(std::uint32_t line, std::string_view query, const QueryFailure& failure);
  //! Ends the output (the JSON document's closing brackets); call once.
  void Finish();

 private:
  // Starts the query's part of the output: its table header or JSON entry.
  void Begin(std::ostream& to, std::uint32_t line, std::string_view query) const;

  std::ostream& out_;
  OutputFormat format_;
  bool explain_;
  std::string source_name_;
  std::size_t printed_ = 0;                                         // queries begun so far
  std::vector<std::pair<std::uint32_t, QueryResult>> csv_answers_;  // by line, until Finish
};

}  // namespace annals::cli
