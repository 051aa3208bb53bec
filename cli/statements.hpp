// Splitting program text into statements (facts, directives, rules, `?-`
// queries) for `annals run` and the shell, without parsing the language:
// only quotes, comments and the final `.` matter here; the query layer reads
// each statement properly and reports errors with positions.
#pragma once

#include <annals/error.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace annals::cli {

enum class StatementKind {
  kFact,       //!< a fact in the native .dl syntax
  kDirective,  //!< `.decl ...` or `.source "..."`: ends at the end of its line
  kRule,       //!< `head :- body.`
  kQuery,      //!< `?- body.`
};

struct Statement {
  StatementKind kind = StatementKind::kFact;
  std::size_t begin = 0;   //!< byte offset of its first character
  std::size_t end = 0;     //!< byte offset one past its final `.` (or line end)
  std::uint32_t line = 1;  //!< line of its first character, from 1
};

//! The statements of `text`, in order. A statement ends at a `.` outside
//! quotes and comments that is not part of a `..` range and not followed by
//! a digit; a trailing statement without `.` is kept too.
[[nodiscard]] std::vector<Statement> SplitStatements(std::string_view text);

//! Whether `text` holds at least one complete statement with nothing but
//! blanks and comments after it (the shell reads lines until this holds).
[[nodiscard]] bool EndsWithCompleteStatement(std::string_view text);

//! Whether `text` holds nothing but blanks and `%` or `//` comments: the
//! shell skips such a line rather than starting a statement with it.
[[nodiscard]] bool IsBlankOrComment(std::string_view text);

//! Kind of one statement's text: `?-` starts a query, `.name` a directive,
//! `:-` outside quotes makes a rule; anything else is a fact.
[[nodiscard]] StatementKind ClassifyStatement(std::string_view statement);

//! `text` with every code point outside `keep` replaced by one space (line
//! breaks kept), so the kept statements keep their line and column numbers.
[[nodiscard]] std::string MaskExcept(std::string_view text, const std::vector<Statement>& keep);

//! Name and arity of a rule's head, for checking a rule as it is typed;
//! false when the head is not `name(args...)`.
[[nodiscard]] bool RuleHead(std::string_view rule, std::string* name, std::size_t* arity);

//! Whether the fact statement `fact` (no `:-`, no `?-`) belongs to the
//! program rather than to the data: .dl data facts name their subject and
//! object in quotes (`leads("A", "B") @ 1921.`) or are the reader's own
//! statements (entity, alias, lifespan, same_as). A fact of fewer arguments or
//! of other values (`chain("A").`, `day(1921-06-15).`) is the program's, as
//! `annals query` reads it, and so is any fact of a relation in `rule_heads`
//! (the relations the program's rules define).
[[nodiscard]] bool IsProgramFact(std::string_view fact, const std::vector<std::string>& rule_heads);

//! Whether `statement` holds a variable: a name starting with an upper-case
//! letter or `_` outside quotes and comments.
[[nodiscard]] bool HasVariable(std::string_view statement);

//! `where` restated as `file`:(line - line_offset):column, where the text
//! Annals was given holds more lines (rules typed before) than the user's
//! file; unchanged when it has no line (a limit).
[[nodiscard]] SourceLocation RelabelLocation(const SourceLocation& where, std::string_view file,
                                             std::int64_t line_offset = 0);

//! The error's rendering with its "<query>:line:col" prefix restated as
//! `file`:(line - line_offset):col, so positions point into what the user
//! typed rather than into the text Annals was given.
[[nodiscard]] std::string RelabelError(const Error& error, std::string_view file,
                                       std::int64_t line_offset = 0);

}  // namespace annals::cli
