// String helpers for the readers. ASCII-only case folding on purpose: names in
// other scripts are compared by the store, which owns Unicode-aware lookup.
#include "ingest/text_util.hpp"

namespace annals::ingest {

namespace {

bool IsSpaceByte(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

// Length of a no-break space (U+00A0, C2 A0) or narrow one (U+202F) at `pos`.
std::size_t WideSpaceAt(std::string_view text, std::size_t pos) {
  if (pos + 1 < text.size() && static_cast<unsigned char>(text[pos]) == 0xC2 &&
      static_cast<unsigned char>(text[pos + 1]) == 0xA0) {
    return 2;
  }
  if (pos + 2 < text.size() && static_cast<unsigned char>(text[pos]) == 0xE2 &&
      static_cast<unsigned char>(text[pos + 1]) == 0x80 &&
      static_cast<unsigned char>(text[pos + 2]) == 0xAF) {
    return 3;
  }
  return 0;
}

char LowerByte(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace

std::string_view WithoutByteOrderMark(std::string_view text) {
  constexpr std::string_view kMark = "\xEF\xBB\xBF";
  return text.substr(0, kMark.size()) == kMark ? text.substr(kMark.size()) : text;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty()) {
    if (IsSpaceByte(static_cast<unsigned char>(text.front()))) {
      text.remove_prefix(1);
    } else if (std::size_t n = WideSpaceAt(text, 0); n != 0) {
      text.remove_prefix(n);
    } else {
      break;
    }
  }
  while (!text.empty()) {
    if (IsSpaceByte(static_cast<unsigned char>(text.back()))) {
      text.remove_suffix(1);
    } else if (text.size() >= 2 && WideSpaceAt(text, text.size() - 2) == 2) {
      text.remove_suffix(2);
    } else if (text.size() >= 3 && WideSpaceAt(text, text.size() - 3) == 3) {
      text.remove_suffix(3);
    } else {
      break;
    }
  }
  return text;
}

std::string AsciiLower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = LowerByte(c);
  return out;
}

bool StartsWithNoCase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (LowerByte(text[i]) != LowerByte(prefix[i])) return false;
  }
  return true;
}

bool EqualsNoCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && StartsWithNoCase(a, b);
}

std::string CollapseSpaces(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t wide = 0;
    if (IsSpaceByte(c) || (wide = WideSpaceAt(text, i)) != 0) {
      pending_space = !out.empty();
      i += wide != 0 ? wide : 1;
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += text[i];
    ++i;
  }
  return out;
}

std::vector<std::string_view> SplitTopLevel(std::string_view text, std::string_view separators) {
  std::vector<std::string_view> pieces;
  int paren = 0;
  int bracket = 0;
  std::size_t start = 0;
  auto flush = [&](std::size_t end) {
    std::string_view piece = Trim(text.substr(start, end - start));
    if (!piece.empty()) pieces.push_back(piece);
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '(') ++paren;
    if (c == ')' && paren > 0) --paren;
    if (c == '[') ++bracket;
    if (c == ']' && bracket > 0) --bracket;
    // "1,200,000": a comma between digits groups a number, it separates nothing.
    const bool digit_group = c == ',' && i > 0 && i + 1 < text.size() && text[i - 1] >= '0' &&
                             text[i - 1] <= '9' && text[i + 1] >= '0' && text[i + 1] <= '9';
    if (paren == 0 && bracket == 0 && !digit_group &&
        separators.find(c) != std::string_view::npos) {
      flush(i);
      start = i + 1;
    }
  }
  flush(text.size());
  return pieces;
}

bool IsSnakeCase(std::string_view name) {
  if (name.empty() || name.front() < 'a' || name.front() > 'z') return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

std::string ToSnakeCase(std::string_view text) {
  std::string out;
  char previous = 0;
  for (char c : text) {
    const bool upper = c >= 'A' && c <= 'Z';
    const bool lower = c >= 'a' && c <= 'z';
    const bool digit = c >= '0' && c <= '9';
    if (upper || lower || digit) {
      // camelCase boundary: "isAffiliatedTo" -> is_affiliated_to.
      if (upper && previous >= 'a' && previous <= 'z') out += '_';
      out += LowerByte(c);
    } else if (c == '#' && out.empty()) {
      out += "number";
    } else if (c == '%') {
      if (!out.empty() && out.back() != '_') out += '_';
      out += "percent";
    } else if (!out.empty() && out.back() != '_') {
      out += '_';
    }
    previous = c;
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  if (!out.empty() && out.front() >= '0' && out.front() <= '9') out.insert(0, "n_");
  return out;
}

std::size_t MatchingParen(std::string_view text, std::size_t open) {
  int depth = 0;
  for (std::size_t i = open; i < text.size(); ++i) {
    if (text[i] == '(') ++depth;
    if (text[i] == ')') {
      --depth;
      if (depth == 0) return i + 1;
    }
  }
  return std::string_view::npos;
}

}  // namespace annals::ingest
