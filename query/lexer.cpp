// The lexer: a hand-written scanner, one pass, positions in code points.
#include "query/lexer.hpp"

#include <cstdint>
#include <string>

namespace annals::query {

const char* TokenKindName(TokenKind kind) {
  switch (kind) {
    case TokenKind::kIdent:
      return "a name";
    case TokenKind::kVariable:
      return "a variable";
    case TokenKind::kString:
      return "a quoted string";
    case TokenKind::kNumber:
      return "a number";
    case TokenKind::kDate:
      return "a date";
    case TokenKind::kParam:
      return "a $parameter";
    case TokenKind::kDirective:
      return "a directive";
    case TokenKind::kLParen:
      return "'('";
    case TokenKind::kRParen:
      return "')'";
    case TokenKind::kComma:
      return "','";
    case TokenKind::kDot:
      return "'.'";
    case TokenKind::kDotDot:
      return "'..'";
    case TokenKind::kAt:
      return "'@'";
    case TokenKind::kColonDash:
      return "':-'";
    case TokenKind::kQuery:
      return "'?-'";
    case TokenKind::kQuestion:
      return "'?'";
    case TokenKind::kBang:
      return "'!'";
    case TokenKind::kEq:
      return "'='";
    case TokenKind::kNe:
      return "'!='";
    case TokenKind::kLt:
      return "'<'";
    case TokenKind::kLe:
      return "'<='";
    case TokenKind::kGt:
      return "'>'";
    case TokenKind::kGe:
      return "'>='";
    case TokenKind::kEnd:
      return "the end of the text";
    case TokenKind::kError:
      return "unreadable text";
  }
  return "a token";
}

namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsIdentChar(char c) { return IsLower(c) || IsUpper(c) || IsDigit(c) || c == '_'; }
bool IsContinuationByte(char c) { return (static_cast<unsigned char>(c) & 0xC0u) == 0x80u; }

class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}

  std::vector<Token> Run() {
    std::vector<Token> tokens;
    TextPos last_end = Pos();
    while (true) {
      SkipBlanksAndComments();
      if (at_ >= text_.size()) break;
      tokens.push_back(Next());
      last_end = Pos();
    }
    // The end sits just after the last token, so "expected '.'" points there
    // rather than at a blank line below it.
    Token end;
    end.kind = TokenKind::kEnd;
    end.pos = last_end;
    tokens.push_back(std::move(end));
    return tokens;
  }

 private:
  [[nodiscard]] char Peek(std::size_t ahead = 0) const {
    return at_ + ahead < text_.size() ? text_[at_ + ahead] : '\0';
  }
  [[nodiscard]] TextPos Pos() const {
    return TextPos{line_, column_, static_cast<std::uint32_t>(at_)};
  }
  void Advance() {
    if (at_ >= text_.size()) return;
    const char c = text_[at_++];
    if (c == '\n') {
      ++line_;
      column_ = 1;
      line_has_token_ = false;
    } else if (!IsContinuationByte(c)) {
      ++column_;
    }
  }
  void Advance(std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) Advance();
  }

  void SkipBlanksAndComments() {
    while (at_ < text_.size()) {
      const char c = Peek();
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v') {
        Advance();
      } else if (c == '%' || (c == '/' && Peek(1) == '/')) {
        while (at_ < text_.size() && Peek() != '\n') Advance();
      } else {
        return;
      }
    }
  }

  Token Make(TokenKind kind, TextPos start, std::string text) const {
    Token token;
    token.kind = kind;
    token.text = std::move(text);
    token.pos = start;
    token.length = static_cast<std::uint32_t>(at_ - start.offset);
    return token;
  }
  std::string Spelling(TextPos start) const {
    return std::string(text_.substr(start.offset, at_ - start.offset));
  }

  Token Next() {
    const TextPos start = Pos();
    const bool first_on_line = !line_has_token_;
    line_has_token_ = true;
    const char c = Peek();
    if (IsLower(c)) {
      while (IsIdentChar(Peek())) Advance();
      return Make(TokenKind::kIdent, start, Spelling(start));
    }
    if (IsUpper(c) || c == '_') {
      while (IsIdentChar(Peek())) Advance();
      return Make(TokenKind::kVariable, start, Spelling(start));
    }
    if (IsDigit(c) || (c == '-' && IsDigit(Peek(1)))) return Numeric(start);
    if (c == '"') return Quoted(start);
    switch (c) {
      case '(':
        Advance();
        return Make(TokenKind::kLParen, start, "(");
      case ')':
        Advance();
        return Make(TokenKind::kRParen, start, ")");
      case ',':
        Advance();
        return Make(TokenKind::kComma, start, ",");
      case '@':
        Advance();
        return Make(TokenKind::kAt, start, "@");
      case '=':
        Advance();
        return Make(TokenKind::kEq, start, "=");
      case '.':
        if (Peek(1) == '.') {
          Advance(2);
          return Make(TokenKind::kDotDot, start, "..");
        }
        if (first_on_line && IsLower(Peek(1))) {
          Advance();
          while (IsIdentChar(Peek())) Advance();
          return Make(TokenKind::kDirective, start, Spelling(start));
        }
        Advance();
        return Make(TokenKind::kDot, start, ".");
      case '?':
        Advance();
        if (Peek() == '-') {
          Advance();
          return Make(TokenKind::kQuery, start, "?-");
        }
        return Make(TokenKind::kQuestion, start, "?");
      case ':':
        Advance();
        if (Peek() == '-') {
          Advance();
          return Make(TokenKind::kColonDash, start, ":-");
        }
        return Make(TokenKind::kError, start, "expected ':-' after ':'");
      case '!':
        Advance();
        if (Peek() == '=') {
          Advance();
          return Make(TokenKind::kNe, start, "!=");
        }
        return Make(TokenKind::kBang, start, "!");
      case '<':
        Advance();
        if (Peek() == '=') {
          Advance();
          return Make(TokenKind::kLe, start, "<=");
        }
        return Make(TokenKind::kLt, start, "<");
      case '>':
        Advance();
        if (Peek() == '=') {
          Advance();
          return Make(TokenKind::kGe, start, ">=");
        }
        return Make(TokenKind::kGt, start, ">");
      case '$':
        Advance();
        if (!IsLower(Peek()) && !IsUpper(Peek()) && Peek() != '_') {
          return Make(TokenKind::kError, start, "expected a parameter name after '$'");
        }
        while (IsIdentChar(Peek())) Advance();
        return Make(TokenKind::kParam, start, Spelling(start).substr(1));
      default:
        break;
    }
    // One whole code point, so the message never splits a UTF-8 sequence.
    Advance();
    while (at_ < text_.size() && IsContinuationByte(Peek())) Advance();
    const std::string spelling = Spelling(start);
    if (spelling == "\u2013" || spelling == "\u2014") {
      // "1935–1955" copied from prose: say how a range is written here.
      return Make(TokenKind::kError, start,
                  "unexpected character '" + spelling +
                      "'; write a range as FROM .. TO (1935 .. 1955), or quote it (\"1935" +
                      spelling + "1955\")");
    }
    return Make(TokenKind::kError, start, "unexpected character '" + spelling + "'");
  }

  // 1921 / -3 / 2.5 are numbers; 1921-06, 1921-06-15 and -0044-03-15 are
  // dates, as are the unknown digits of 192# and 1921-##-## (the time model
  // reads what they mean). A date needs a four-character year so that a range
  // like 1920..1921 stays two numbers.
  Token Numeric(TextPos start) {
    if (Peek() == '-') Advance();
    std::size_t digits = 0;
    while (IsDigit(Peek())) {
      Advance();
      ++digits;
    }
    const bool negative = text_[start.offset] == '-';
    const auto digit_or_hash = [](char c) { return IsDigit(c) || c == '#'; };
    std::size_t hashes = 0;
    if (!negative && digits > 0 && digits < 4) {
      while (digits + hashes < 4 && Peek() == '#') {
        Advance();
        ++hashes;
      }
      if (hashes > 0 && digits + hashes < 4) {
        return Make(TokenKind::kError, start,
                    "cannot read date '" + Spelling(start) + "'; expected a four-digit year");
      }
    }
    if (hashes > 0 && !(Peek() == '-' && digit_or_hash(Peek(1)))) {
      return Make(TokenKind::kDate, start, Spelling(start));  // 192#, 19##
    }
    if (digits + hashes == 4 && Peek() == '-' && digit_or_hash(Peek(1))) {
      for (int part = 0; part < 2 && Peek() == '-' && digit_or_hash(Peek(1)); ++part) {
        Advance();
        std::size_t n = 0;
        while (digit_or_hash(Peek())) {
          Advance();
          ++n;
        }
        if (n > 2) {
          return Make(
              TokenKind::kError, start,
              "cannot read date '" + Spelling(start) + "'; expected YYYY, YYYY-MM or YYYY-MM-DD");
        }
      }
      return Make(TokenKind::kDate, start, Spelling(start));
    }
    if (Peek() == '.' && IsDigit(Peek(1))) {
      Advance();
      while (IsDigit(Peek())) Advance();
    }
    if (IsIdentChar(Peek())) {
      while (IsIdentChar(Peek())) Advance();
      return Make(TokenKind::kError, start,
                  "cannot read '" + Spelling(start) +
                      "'; names start with a letter, numbers hold only digits");
    }
    return Make(TokenKind::kNumber, start, Spelling(start));
  }

  Token Quoted(TextPos start) {
    Advance();  // opening quote
    std::string value;
    std::string error;
    while (true) {
      const char c = Peek();
      if (at_ >= text_.size() || c == '\n') {
        return Make(TokenKind::kError, start,
                    "unterminated string; expected a closing '\"' on the same line");
      }
      Advance();
      if (c == '"') break;
      if (c == '\\') {
        const char e = Peek();
        if (e == '"' || e == '\\') {
          value += e;
        } else if (e == 'n') {
          value += '\n';
        } else if (e == 't') {
          value += '\t';
        } else if (error.empty()) {
          // Keep scanning to the closing quote so the rest of the line lexes.
          error = "unknown escape in string; expected \\\", \\\\, \\n or \\t";
        }
        if (e != '\n') Advance();
        continue;
      }
      value += c;
    }
    if (!error.empty()) return Make(TokenKind::kError, start, std::move(error));
    return Make(TokenKind::kString, start, std::move(value));
  }

  std::string_view text_;
  std::size_t at_ = 0;
  std::uint32_t line_ = 1;
  std::uint32_t column_ = 1;
  bool line_has_token_ = false;
};

}  // namespace

std::vector<Token> Lex(std::string_view text) { return Scanner(text).Run(); }

}  // namespace annals::query
