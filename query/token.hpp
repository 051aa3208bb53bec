// Tokens of the query language (and of .dl facts files, which use the same
// syntax): kinds, and where each one sits in the text.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace annals::query {

enum class TokenKind : std::uint8_t {
  kIdent,      //!< relation or built-in name: starts lower-case (leads, before, count)
  kVariable,   //!< starts upper-case or '_' (P, Org, _T, _)
  kString,     //!< "quoted text"; Token::text holds the unescaped content
  kNumber,     //!< 42, 3.5, -7, 1921 (a bare year is a number the parser may read as a date)
  kDate,       //!< ISO partial date with month: 1921-06, 1921-06-15
  kParam,      //!< $name: a value supplied when a prepared query runs
  kDirective,  //!< .decl, .source: a '.' and a name at the start of a line
  kLParen,
  kRParen,
  kComma,
  kDot,        //!< end of a clause
  kDotDot,     //!< range: FROM .. TO
  kAt,         //!< @
  kColonDash,  //!< :-
  kQuery,      //!< ?-
  kQuestion,   //!< ? (an unknown range end)
  kBang,       //!< ! (negation)
  kEq,
  kNe,
  kLt,
  kLe,
  kGt,
  kGe,
  kEnd,    //!< end of the text
  kError,  //!< text the lexer could not read; Token::text holds the message
};

//! Human name of a token kind for "expected X" messages: "')'", "a variable".
[[nodiscard]] const char* TokenKindName(TokenKind kind);

//! A position in a text, 1-based; column counts UTF-8 code points.
struct TextPos {
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  std::uint32_t offset = 0;  //!< byte offset
  friend bool operator==(const TextPos&, const TextPos&) = default;
};

struct Token {
  TokenKind kind = TokenKind::kEnd;
  std::string text;  //!< spelling (unescaped for strings; message for kError)
  TextPos pos;
  std::uint32_t length = 0;  //!< bytes in the source
};

}  // namespace annals::query
