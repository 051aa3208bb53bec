// Statement splitting: a small scanner that knows quotes, `%` and `//`
// comments, and which dots end statements.
#include "cli/statements.hpp"

#include <algorithm>

namespace annals::cli {
namespace {

// ASCII-only character classes rather than <cctype>: the interactive shell
// sets LC_CTYPE from the environment for libedit, and in a single-byte locale
// isalpha() would take bytes of UTF-8 text for letters.
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsAlpha(char c) { return IsLower(c) || (c >= 'A' && c <= 'Z'); }
bool IsAlnum(char c) { return IsAlpha(c) || IsDigit(c); }

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f'; }

bool StartsComment(std::string_view text, std::size_t i) {
  return text[i] == '%' || (text[i] == '/' && i + 1 < text.size() && text[i + 1] == '/');
}

std::size_t SkipToLineEnd(std::string_view text, std::size_t i) {
  while (i < text.size() && text[i] != '\n') ++i;
  return i;
}

// Offset one past the closing quote of the string opening at `i`, or the
// text's end when it is never closed (the query layer reports that).
std::size_t SkipString(std::string_view text, std::size_t i) {
  ++i;
  while (i < text.size() && text[i] != '"') {
    if (text[i] == '\\' && i + 1 < text.size()) ++i;
    ++i;
  }
  return i < text.size() ? i + 1 : i;
}

// Scans one statement starting at `begin` (not blank, not a comment) and
// returns the offset one past its end, with `complete` telling whether it
// ended at a `.` (or, for a directive, at its line end).
std::size_t ScanStatement(std::string_view text, std::size_t begin, bool* complete) {
  *complete = false;
  if (text[begin] == '.' && begin + 1 < text.size() && IsAlpha(text[begin + 1])) {
    const std::size_t end = SkipToLineEnd(text, begin);
    *complete = end < text.size();
    return end;
  }
  std::size_t i = begin;
  while (i < text.size()) {
    const char c = text[i];
    if (c == '"') {
      i = SkipString(text, i);
    } else if (StartsComment(text, i)) {
      i = SkipToLineEnd(text, i);
    } else if (c == '.') {
      std::size_t run = 0;
      while (i + run < text.size() && text[i + run] == '.') ++run;
      const std::size_t after = i + run;
      const bool digit_follows = after < text.size() && IsDigit(text[after]);
      // `..` is a range; `...` is a range followed by the end (`1920...`).
      if ((run == 1 || run == 3) && !digit_follows) {
        *complete = true;
        return after;
      }
      i = after;
    } else {
      ++i;
    }
  }
  return i;
}

// Offset of the next character that is neither blank nor in a comment.
std::size_t SkipBlanksAndComments(std::string_view text, std::size_t i) {
  while (i < text.size()) {
    if (IsBlank(text[i])) {
      ++i;
    } else if (StartsComment(text, i)) {
      i = SkipToLineEnd(text, i);
    } else {
      break;
    }
  }
  return i;
}

std::uint32_t CountLines(std::string_view text, std::size_t from, std::size_t to,
                         std::uint32_t line) {
  for (std::size_t i = from; i < to; ++i) {
    if (text[i] == '\n') ++line;
  }
  return line;
}

// The arguments of the atom `name(...)` opening `statement`, each as written
// (blanks around it kept); false when the statement does not open with one.
bool AtomArguments(std::string_view statement, std::string* name,
                   std::vector<std::string_view>* args) {
  std::size_t i = SkipBlanksAndComments(statement, 0);
  const std::size_t name_begin = i;
  while (i < statement.size() && (IsAlnum(statement[i]) || statement[i] == '_')) ++i;
  if (i == name_begin || !IsLower(statement[name_begin])) return false;
  *name = std::string(statement.substr(name_begin, i - name_begin));
  while (i < statement.size() && IsBlank(statement[i])) ++i;
  if (i >= statement.size() || statement[i] != '(') return false;
  std::size_t depth = 1;
  std::size_t arg_begin = ++i;
  args->clear();
  while (i < statement.size()) {
    const char c = statement[i];
    if (c == '"') {
      i = SkipString(statement, i);
      continue;
    }
    if (c == '(') ++depth;
    if ((c == ',' && depth == 1) || (c == ')' && depth == 1)) {
      args->push_back(statement.substr(arg_begin, i - arg_begin));
      arg_begin = i + 1;
      if (c == ')') return true;
    } else if (c == ')') {
      --depth;
    }
    ++i;
  }
  return false;
}

bool IsQuotedString(std::string_view arg) {
  std::size_t begin = 0;
  std::size_t end = arg.size();
  while (begin < end && IsBlank(arg[begin])) ++begin;
  while (end > begin && IsBlank(arg[end - 1])) --end;
  return end > begin && arg[begin] == '"' && SkipString(arg, begin) == end;
}

// Whether an argument as written holds nothing: `flag()` has one such.
bool IsBlankText(std::string_view text) { return std::all_of(text.begin(), text.end(), IsBlank); }

}  // namespace

bool IsBlankOrComment(std::string_view text) {
  return SkipBlanksAndComments(text, 0) >= text.size();
}

std::vector<Statement> SplitStatements(std::string_view text) {
  std::vector<Statement> statements;
  std::size_t i = 0;
  std::uint32_t line = 1;
  std::size_t counted = 0;
  while (true) {
    i = SkipBlanksAndComments(text, i);
    if (i >= text.size()) break;
    line = CountLines(text, counted, i, line);
    counted = i;
    bool complete = false;
    const std::size_t end = ScanStatement(text, i, &complete);
    Statement statement;
    statement.begin = i;
    statement.end = end;
    statement.line = line;
    statement.kind = ClassifyStatement(text.substr(i, end - i));
    statements.push_back(statement);
    i = end;
  }
  return statements;
}

bool EndsWithCompleteStatement(std::string_view text) {
  bool complete = false;
  for (std::size_t i = SkipBlanksAndComments(text, 0); i < text.size();
       i = SkipBlanksAndComments(text, i)) {
    i = ScanStatement(text, i, &complete);
  }
  return complete;
}

StatementKind ClassifyStatement(std::string_view statement) {
  const std::size_t first = SkipBlanksAndComments(statement, 0);
  if (statement.substr(first).starts_with("?-")) return StatementKind::kQuery;
  if (first < statement.size() && statement[first] == '.') return StatementKind::kDirective;
  for (std::size_t i = first; i < statement.size();) {
    if (statement[i] == '"') {
      i = SkipString(statement, i);
    } else if (StartsComment(statement, i)) {
      i = SkipToLineEnd(statement, i);
    } else if (statement.substr(i).starts_with(":-")) {
      return StatementKind::kRule;
    } else {
      ++i;
    }
  }
  return StatementKind::kFact;
}

std::string MaskExcept(std::string_view text, const std::vector<Statement>& keep) {
  std::string masked;
  masked.reserve(text.size());
  std::size_t next_keep = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    while (next_keep < keep.size() && keep[next_keep].end <= i) ++next_keep;
    const bool kept = next_keep < keep.size() && keep[next_keep].begin <= i;
    const char c = text[i];
    if (kept || c == '\n') {
      masked += c;
    } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
      masked += ' ';  // one space per code point: columns count code points
    }
  }
  return masked;
}

bool RuleHead(std::string_view rule, std::string* name, std::size_t* arity) {
  std::vector<std::string_view> args;
  if (!AtomArguments(rule, name, &args)) return false;
  *arity = args.size() == 1 && IsBlankText(args.front()) ? 0 : args.size();
  return true;
}

bool IsProgramFact(std::string_view fact, const std::vector<std::string>& rule_heads) {
  std::string name;
  std::vector<std::string_view> args;
  if (!AtomArguments(fact, &name, &args)) return false;  // the reader reports what is wrong
  if (name == "entity" || name == "alias" || name == "lifespan" || name == "same_as") return false;
  if (std::find(rule_heads.begin(), rule_heads.end(), name) != rule_heads.end()) return true;
  if (args.size() == 1 && IsBlankText(args.front())) return true;  // `flag().`
  return args.size() < 2 || !IsQuotedString(args[0]) || !IsQuotedString(args[1]);
}

bool HasVariable(std::string_view statement) {
  for (std::size_t i = SkipBlanksAndComments(statement, 0); i < statement.size();) {
    const char c = statement[i];
    if (c == '"') {
      i = SkipString(statement, i);
    } else if (StartsComment(statement, i)) {
      i = SkipToLineEnd(statement, i);
    } else if (IsAlnum(c) || c == '_') {
      const bool variable = c == '_' || (c >= 'A' && c <= 'Z');
      if (variable) return true;
      while (i < statement.size() && (IsAlnum(statement[i]) || statement[i] == '_')) ++i;
    } else {
      ++i;
    }
  }
  return false;
}

SourceLocation RelabelLocation(const SourceLocation& where, std::string_view file,
                               std::int64_t line_offset) {
  if (where.line == 0) return where;
  SourceLocation relabeled = where;
  relabeled.file = std::string(file);
  const std::int64_t line = static_cast<std::int64_t>(where.line) - line_offset;
  if (line >= 1) relabeled.line = static_cast<std::uint32_t>(line);
  return relabeled;
}

std::string RelabelError(const Error& error, std::string_view file, std::int64_t line_offset) {
  const SourceLocation& where = error.location();
  const std::string prefix = where.ToString();
  const std::string& rendered = error.rendered();
  if (where.line == 0 || prefix.empty() || !rendered.starts_with(prefix)) return rendered;
  return RelabelLocation(where, file, line_offset).ToString() + rendered.substr(prefix.size());
}

}  // namespace annals::cli
