// Wiki residue cleaning. Works byte-wise on UTF-8: every marker it looks for
// is ASCII, so multi-byte characters pass through untouched.
#include "ingest/wiki_text.hpp"

#include "engine/store/name_match.hpp"
#include "ingest/text_util.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace annals::ingest {

namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsLowerAscii(char c) { return c >= 'a' && c <= 'z'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool AllDigits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!IsDigit(c)) return false;
  }
  return true;
}

bool IsLabelWord(std::string_view text) {
  if (text.empty() || text.size() > 6) return false;
  for (char c : text) {
    if (!IsDigit(c) && !IsAlpha(c)) return false;
  }
  return true;
}

// Replaces the few HTML entities that appear in exported wiki text.
std::size_t EntityAt(std::string_view text, std::size_t pos, std::string* out) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 8> kEntities{{
      {"&nbsp;", " "},
      {"&ndash;", "\xE2\x80\x93"},
      {"&mdash;", "\xE2\x80\x94"},
      {"&amp;", "&"},
      {"&quot;", "\""},
      {"&apos;", "'"},
      {"&lt;", "<"},
      {"&gt;", ">"},
  }};
  for (const auto& [name, replacement] : kEntities) {
    if (text.substr(pos, name.size()) == name) {
      *out += replacement;
      return name.size();
    }
  }
  return 0;
}

// Skips a <ref ...>...</ref> or <ref .../> at `pos`; returns bytes consumed.
// `*no_close_from` remembers where a search for "</ref>" already failed, so
// many unclosed tags cost one scan, not one each.
std::size_t RefTagAt(std::string_view text, std::size_t pos, std::size_t* no_close_from) {
  if (!StartsWithNoCase(text.substr(pos), "<ref")) return 0;
  const std::size_t close = text.find('>', pos);
  if (close == std::string_view::npos) return 0;
  if (close > pos && text[close - 1] == '/') return close + 1 - pos;
  if (close >= *no_close_from) return 0;
  for (std::size_t at = text.find('<', close); at != std::string_view::npos;
       at = text.find('<', at + 1)) {
    if (StartsWithNoCase(text.substr(at), "</ref>")) return at + 6 - pos;
  }
  *no_close_from = close;
  return 0;
}

}  // namespace

bool IsFootnoteLabel(std::string_view inside) {
  inside = Trim(inside);
  if (AllDigits(inside)) return true;
  if (inside.size() == 1 && IsAlpha(inside[0])) return true;
  const std::string lower = AsciiLower(inside);
  for (std::string_view prefix : {"note ", "nb ", "n ", "lower-alpha ", "upper-alpha "}) {
    if (lower.starts_with(prefix) &&
        IsLabelWord(Trim(std::string_view(lower).substr(prefix.size())))) {
      return true;
    }
  }
  for (std::string_view tag :
       {"citation needed", "clarification needed", "dubious", "better source needed", "who?",
        "when?", "which?", "according to whom?", "page needed", "verification needed"}) {
    if (lower == tag) return true;
  }
  return false;
}

std::string StripDisambiguator(std::string_view target) {
  std::string_view name = Trim(target);
  if (name.size() >= 3 && name.back() == ')') {
    const std::size_t open = name.rfind(" (");
    if (open != std::string_view::npos && open > 0) {
      const char first = name[open + 2];
      if (IsLowerAscii(first) || IsDigit(first)) return std::string(Trim(name.substr(0, open)));
    }
  }
  return std::string(name);
}

std::string CleanWikiText(std::string_view raw, LinkText mode, std::vector<WikiLink>* links) {
  std::string out;
  out.reserve(raw.size());
  std::size_t i = 0;
  // Where a search for "]]" or "</ref>" already failed: later searches from
  // further on cannot succeed, which keeps cleaning linear on any input.
  std::size_t no_link_close_from = std::string_view::npos;
  std::size_t no_ref_close_from = std::string_view::npos;
  while (i < raw.size()) {
    const char c = raw[i];
    if (c == '[' && i + 1 < raw.size() && raw[i + 1] == '[' && i < no_link_close_from) {
      const std::size_t close = raw.find("]]", i + 2);
      if (close == std::string_view::npos) no_link_close_from = i;
      if (close != std::string_view::npos) {
        const std::string_view inner = raw.substr(i + 2, close - i - 2);
        const std::size_t bar = inner.find('|');
        const std::string_view target_raw = inner.substr(0, bar);
        const std::string_view shown_raw =
            bar == std::string_view::npos ? std::string_view() : inner.substr(bar + 1);
        WikiLink link{StripDisambiguator(CollapseSpaces(target_raw)), CollapseSpaces(shown_raw)};
        if (mode == LinkText::kShown && !link.shown.empty()) {
          out += link.shown;
        } else if (mode == LinkText::kShown) {
          out += CollapseSpaces(target_raw);
        } else {
          out += link.target;
        }
        if (links != nullptr) links->push_back(std::move(link));
        i = close + 2;
        continue;
      }
    }
    if (c == '[') {
      // Footnote labels are short: look no further than 40 bytes ahead.
      const std::size_t close = raw.substr(0, std::min(raw.size(), i + 41)).find(']', i + 1);
      if (close != std::string_view::npos && IsFootnoteLabel(raw.substr(i + 1, close - i - 1))) {
        i = close + 1;
        continue;
      }
    }
    if (c == '<') {
      if (const std::size_t n = RefTagAt(raw, i, &no_ref_close_from); n != 0) {
        i += n;
        continue;
      }
    }
    if (c == '&') {
      if (const std::size_t n = EntityAt(raw, i, &out); n != 0) {
        i += n;
        continue;
      }
    }
    // '' and ''' are italic/bold markers; a lone ' is an apostrophe.
    if (c == '\'' && i + 1 < raw.size() && raw[i + 1] == '\'') {
      while (i < raw.size() && raw[i] == '\'') ++i;
      continue;
    }
    out += c;
    ++i;
  }
  return CollapseSpaces(out);
}

std::vector<TableCell> SplitTableRow(std::string_view line) {
  std::vector<TableCell> cells;
  std::size_t begin = 0;
  while (begin < line.size() && (line[begin] == ' ' || line[begin] == '\t')) ++begin;
  if (begin < line.size() && line[begin] == '|') ++begin;
  std::size_t end = line.size();
  while (end > begin && (line[end - 1] == ' ' || line[end - 1] == '\t' || line[end - 1] == '\r')) {
    --end;
  }
  const bool trailing_pipe = end > begin && line[end - 1] == '|';
  if (trailing_pipe) --end;
  // An opener counts only when its closer follows on the row: a '[[' left
  // open would otherwise take every '|' after it, and with them the row's
  // other cells (the row then read as one cell, a sub-header).
  const auto closes_later = [&](std::size_t at, std::string_view closer) {
    return line.substr(0, end).find(closer, at + 2) != std::string_view::npos;
  };
  int link_depth = 0;
  int template_depth = 0;
  bool unclosed = false;  // the current cell has an opener that never closes
  std::size_t cell_start = begin;
  const auto end_cell = [&](std::size_t at) {
    cells.push_back({line.substr(cell_start, at - cell_start), cell_start, unclosed});
    cell_start = at + 1;
    unclosed = false;
  };
  for (std::size_t i = begin; i < end; ++i) {
    const std::string_view two = line.substr(i, 2);
    if (two == "[[" || two == "{{") {
      const bool link = two == "[[";
      if (closes_later(i, link ? "]]" : "}}")) {
        ++(link ? link_depth : template_depth);
      } else {
        unclosed = true;
      }
      ++i;
    } else if (two == "]]" && link_depth > 0) {
      --link_depth;
      ++i;
    } else if (two == "}}" && template_depth > 0) {
      --template_depth;
      ++i;
    } else if (line[i] == '|' && link_depth == 0 && template_depth == 0) {
      end_cell(i);
    }
  }
  if (end > cell_start || trailing_pipe || cells.empty()) end_cell(std::max(end, cell_start));
  return cells;
}

bool IsAlias(const WikiLink& link) {
  return link.shown != link.target && !engine::IsBlankName(link.shown) &&
         !engine::IsBlankName(link.target);
}

}  // namespace annals::ingest
