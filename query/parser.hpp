// The parser: tokens -> syntax tree, by recursive descent. Query texts parse
// as a whole (first error stops); facts files parse statement by statement so
// one bad statement costs only itself.
#pragma once

#include "query/ast.hpp"
#include "query/token.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace annals::query {

//! A syntax error: where, and what was expected there.
struct SyntaxError {
  TextPos pos;
  std::string message;
};

//! One statement of a facts file.
struct Statement {
  enum class Kind : std::uint8_t { kClause, kDirective };
  Kind kind = Kind::kClause;
  Rule clause;  //!< a fact (empty body) or a rule
  Directive directive;
};

class Parser {
 public:
  explicit Parser(std::string_view text);

  //! A query text: rules and facts, then one query (`?-` optional when the
  //! text is only a query; the final '.' optional). Throws SyntaxError.
  [[nodiscard]] Program ParseProgram();

  //! Facts-file mode: the next statement into `out`; false at the end.
  //! Throws SyntaxError; call SkipStatement() and go on.
  bool NextStatement(Statement* out);
  //! Skips past the '.' ending the statement the last error was in.
  void SkipStatement();

 private:
  enum class ClauseKind : std::uint8_t { kRule, kQuery, kPlain };
  struct Clause {
    ClauseKind kind = ClauseKind::kPlain;
    Rule rule;  //!< kRule: head and body; kPlain/kQuery: body only
    TextPos pos;
    bool ended_by_dot = false;
  };

  [[nodiscard]] const Token& Peek(std::size_t ahead = 0) const;
  const Token& Take();
  [[nodiscard]] bool At(TokenKind kind) const { return Peek().kind == kind; }
  const Token& Expect(TokenKind kind, std::string_view what);
  [[noreturn]] void Fail(const Token& at, std::string_view expected) const;
  //! Whether tokens_[index] is `name(` and the first token of its line.
  [[nodiscard]] bool BeginsLineWithAtom(std::size_t index) const;

  Clause ParseClause(bool allow_missing_dot);
  Directive ParseDirective();
  std::vector<Literal> ParseBody();
  Literal ParseLiteral(bool allow_aggregates);
  Atom ParseAtom(bool allow_aggregates);
  Term ParseArgument(bool allow_aggregates);
  Term ParseValue(std::string_view context);
  When ParseWhen();
  Term ParseRangeSide(bool is_start);

  std::vector<Token> tokens_;
  std::size_t at_ = 0;
  std::size_t statement_start_ = 0;  // facts mode: first token of the current statement
};

//! Parses a whole query text; throws annals::Error(kSyntax) rendered with a
//! caret under the spot.
[[nodiscard]] Program ParseQueryText(std::string_view text);

}  // namespace annals::query
