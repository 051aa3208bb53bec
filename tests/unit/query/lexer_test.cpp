// The lexer: token kinds, positions in code points, comments, and the
// date/number/range distinctions the grammar relies on.
#include "query/lexer.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

namespace annals::query {
namespace {

std::vector<TokenKind> Kinds(std::string_view text) {
  std::vector<TokenKind> kinds;
  for (const Token& token : Lex(text)) kinds.push_back(token.kind);
  return kinds;
}

TEST_CASE("lexer reads every token kind", "[query][lexer]") {
  using K = TokenKind;
  CHECK(Kinds("?- leads(P, \"X\") @ 1921-06 .. present.") ==
        std::vector<K>{K::kQuery, K::kIdent, K::kLParen, K::kVariable, K::kComma, K::kString,
                       K::kRParen, K::kAt, K::kDate, K::kDotDot, K::kIdent, K::kDot, K::kEnd});
  CHECK(Kinds("a :- !b, X != Y, X < 3, X <= 2.5, X > -1, X >= $d, X = _, ?") ==
        std::vector<K>{K::kIdent, K::kColonDash, K::kBang,  K::kIdent,    K::kComma, K::kVariable,
                       K::kNe,    K::kVariable,  K::kComma, K::kVariable, K::kLt,    K::kNumber,
                       K::kComma, K::kVariable,  K::kLe,    K::kNumber,   K::kComma, K::kVariable,
                       K::kGt,    K::kNumber,    K::kComma, K::kVariable, K::kGe,    K::kParam,
                       K::kComma, K::kVariable,  K::kEq,    K::kVariable, K::kComma, K::kQuestion,
                       K::kEnd});
}

TEST_CASE("lexer tells years, dates, decimals and ranges apart", "[query][lexer]") {
  using K = TokenKind;
  CHECK(Kinds("1920..1921") == std::vector<K>{K::kNumber, K::kDotDot, K::kNumber, K::kEnd});
  CHECK(Kinds("1921-06-15.") == std::vector<K>{K::kDate, K::kDot, K::kEnd});
  CHECK(Kinds("2.5") == std::vector<K>{K::kNumber, K::kEnd});
  CHECK(Kinds("1921.") == std::vector<K>{K::kNumber, K::kDot, K::kEnd});
  CHECK(Kinds("-7") == std::vector<K>{K::kNumber, K::kEnd});
  CHECK(Lex("1921-6-5")[0].text == "1921-6-5");
  CHECK(Lex("1921-123")[0].kind == K::kError);
  CHECK(Lex("12abc")[0].kind == K::kError);
  // Years before 1 CE and unknown digits are dates too, whole, for the time
  // model to read (and refuse, as 1921-##-15, with its own message).
  CHECK(Kinds("-0044-03-15.") == std::vector<K>{K::kDate, K::kDot, K::kEnd});
  CHECK(Lex("-0044-03-15")[0].text == "-0044-03-15");
  CHECK(Kinds("1919-##-## .. 192#") == std::vector<K>{K::kDate, K::kDotDot, K::kDate, K::kEnd});
  CHECK(Lex("19##")[0].kind == K::kDate);
  CHECK(Lex("1921-##-15")[0].text == "1921-##-15");
  CHECK(Lex("19#")[0].kind == K::kError);
  CHECK(Kinds("-0044") == std::vector<K>{K::kNumber, K::kEnd});
}

TEST_CASE("lexer drops comments and keeps positions in code points", "[query][lexer]") {
  const std::vector<Token> tokens = Lex("% comment\n  \"Бухара\" X // more\n\tY");
  REQUIRE(tokens.size() == 4);
  CHECK(tokens[0].kind == TokenKind::kString);
  CHECK(tokens[0].text == "Бухара");
  CHECK(tokens[0].pos.line == 2);
  CHECK(tokens[0].pos.column == 3);
  CHECK(tokens[1].pos.column == 12);  // 8 code points of string + quotes after column 3
  CHECK(tokens[2].pos.line == 3);
  CHECK(tokens[2].pos.column == 2);
  CHECK(tokens[3].kind == TokenKind::kEnd);
  CHECK(tokens[3].pos.line == 3);  // just after the last token
  CHECK(tokens[3].pos.column == 3);
}

TEST_CASE("lexer reads string escapes and reports bad strings", "[query][lexer]") {
  CHECK(Lex(R"("a\"b\\c\nd\te")")[0].text == "a\"b\\c\nd\te");
  const std::vector<Token> unterminated = Lex("\"abc\nX");
  CHECK(unterminated[0].kind == TokenKind::kError);
  CHECK(unterminated[1].kind == TokenKind::kVariable);  // the next line still lexes
  const std::vector<Token> bad_escape = Lex(R"("a\qb" X)");
  CHECK(bad_escape[0].kind == TokenKind::kError);
  CHECK(bad_escape[1].kind == TokenKind::kVariable);
}

TEST_CASE("directives only start a line", "[query][lexer]") {
  CHECK(Lex(".decl r(a, b)")[0].kind == TokenKind::kDirective);
  CHECK(Lex("  .source \"x\"")[0].kind == TokenKind::kDirective);
  const std::vector<Token> tokens = Lex("p(\"a\").q(\"b\").");
  CHECK(tokens[4].kind == TokenKind::kDot);
  CHECK(tokens[5].kind == TokenKind::kIdent);
}

TEST_CASE("lexer never fails on arbitrary bytes", "[query][lexer]") {
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes += static_cast<char>(i);
  const std::vector<Token> tokens = Lex(bytes);
  REQUIRE(!tokens.empty());
  CHECK(tokens.back().kind == TokenKind::kEnd);
  CHECK(Lex(":")[0].kind == TokenKind::kError);
  CHECK(Lex("$")[0].kind == TokenKind::kError);
  CHECK(Lex("\xC3")[0].kind == TokenKind::kError);
}

}  // namespace
}  // namespace annals::query
