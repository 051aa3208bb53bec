// Period::Parse and Period::ParseList: the ways a validity period is written.
// "1920-1922" needs care: a hyphen also separates the parts of an ISO date
// (1920-12), so a whole-text date reading wins, and otherwise the text is split
// at each dash in turn and kept only where both sides read as dates.
#include <annals/error.hpp>
#include <annals/time.hpp>

#include "engine/time/date_parser.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace annals {

namespace {

constexpr std::string_view kPeriodForms =
    "a date, FROM..TO, FROM\xE2\x80\x93TO or FROM-TO (1920\xE2\x80\x93"
    "1922, 1920-1922, "
    "1921-06-15..present, 1921-06-15.., ..1920, 1921..?), where an end may be present, "
    "incumbent, now, empty (open) or ? (unknown)";

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view Trim(std::string_view text) {
  while (!text.empty() && IsSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsSpace(text.back())) text.remove_suffix(1);
  return text;
}

std::string Quote(std::string_view text) {
  constexpr std::size_t kMax = 80;
  std::string quoted(text.substr(0, kMax));
  if (text.size() > kMax) quoted += "...";
  return "\"" + quoted + "\"";
}

bool EqualsIgnoringCase(std::string_view text, std::string_view lower) {
  if (text.size() != lower.size()) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != lower[i]) return false;
  }
  return true;
}

// One end of a period: empty is open.
engine::DateParseOutcome ParseEnd(std::string_view text, VagueDate* out, std::string* error) {
  text = Trim(text);
  if (text.empty()) {
    *out = VagueDate::Open();
    return engine::DateParseOutcome::kOk;
  }
  return engine::ParseVagueDate(text, out, error);
}

struct Separator {
  std::size_t at = 0;
  std::size_t length = 0;
  bool strong = false;  // "..", an en or em dash, or a hyphen with spaces around it
};

// Where the text may split into FROM and TO, outside [..] spans.
std::vector<Separator> Separators(std::string_view text, bool* has_range_dots,
                                  Separator* range_dots, bool* several_dots) {
  std::vector<Separator> dashes;
  int depth = 0;
  *has_range_dots = false;
  *several_dots = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '[') ++depth;
    if (c == ']' && depth > 0) --depth;
    if (depth > 0) continue;
    if (c == '.' && i + 1 < text.size() && text[i + 1] == '.') {
      if (*has_range_dots) *several_dots = true;
      *has_range_dots = true;
      *range_dots = Separator{i, 2, true};
      if (*several_dots) break;
      ++i;
    } else if (c == '-') {
      const bool spaced =
          i > 0 && IsSpace(text[i - 1]) && i + 1 < text.size() && IsSpace(text[i + 1]);
      dashes.push_back(Separator{i, 1, spaced});
    } else if (text.substr(i, 3) == "\xE2\x80\x93" || text.substr(i, 3) == "\xE2\x80\x94") {
      dashes.push_back(Separator{i, 3, true});
      i += 2;
    }
  }
  if (*several_dots) {
    *range_dots = Separator{};
  }
  return dashes;
}

// English leaves out what both ends share: "16–18 August 1920",
// "June–August 1920", "16 June – 18 August 1920", "mid–late 1921". A start that
// does not read alone is read again with the end's last words appended,
// shortest first.
bool CompleteFromEnd(std::string_view start, std::string_view end, VagueDate* out) {
  constexpr int kMaxBorrowedWords = 3;
  if (start.empty()) return false;
  std::size_t at = end.size();
  for (int words = 0; words < kMaxBorrowedWords; ++words) {
    while (at > 0 && IsSpace(end[at - 1])) --at;
    while (at > 0 && !IsSpace(end[at - 1])) --at;
    if (at == 0) return false;  // borrowing the whole end is no completion
    const std::string completed = std::string(start) + " " + std::string(end.substr(at));
    VagueDate date;
    if (engine::ParseVagueDate(completed, &date, nullptr) == engine::DateParseOutcome::kOk &&
        date.form != DateForm::kOpen && date.form != DateForm::kUnknown) {
      *out = date;
      return true;
    }
  }
  return false;
}

bool Fail(std::string* error, std::string message) {
  if (error != nullptr) *error = std::move(message);
  return false;
}

bool TryParsePeriod(std::string_view text, Period* out, std::string* error) {
  const std::string_view whole = Trim(text);
  if (whole.empty())
    return Fail(error, "a period cannot be empty; write " + std::string(kPeriodForms));
  if (EqualsIgnoringCase(whole, "always")) {
    *out = Period::Always();
    return true;
  }
  bool has_dots = false;
  bool several_dots = false;
  Separator dots;
  const std::vector<Separator> dashes = Separators(whole, &has_dots, &dots, &several_dots);
  if (several_dots) {
    return Fail(error, "cannot read " + Quote(whole) + " as a period: \"..\" appears twice");
  }
  if (has_dots) {
    VagueDate start;
    VagueDate end;
    if (ParseEnd(whole.substr(0, dots.at), &start, error) != engine::DateParseOutcome::kOk ||
        ParseEnd(whole.substr(dots.at + 2), &end, error) != engine::DateParseOutcome::kOk) {
      return false;
    }
    return Period::TryMake(start, end, out, error);
  }

  VagueDate single;
  std::string whole_error;
  const engine::DateParseOutcome whole_outcome =
      engine::ParseVagueDate(whole, &single, &whole_error);
  if (whole_outcome == engine::DateParseOutcome::kOk) {
    if (single.form == DateForm::kOpen || single.form == DateForm::kUnknown) {
      return Fail(error, "cannot read " + Quote(whole) +
                             " as a period: it needs at least one date, e.g. 1921-06-15..present");
    }
    return Period::TryMake(single, single, out, error);
  }

  // Split at each dash; keep the splits where both sides are dates.
  struct Candidate {
    VagueDate start;
    VagueDate end;
    bool strong = false;
  };
  std::vector<Candidate> candidates;
  std::string strong_error;  // why the first strong split failed, if it did
  for (const Separator& dash : dashes) {
    const std::string_view left = Trim(whole.substr(0, dash.at));
    const std::string_view right = Trim(whole.substr(dash.at + dash.length));
    // An empty left side is an open start only after an en or em dash: "-1920"
    // is the year -1920.
    if (left.empty() && dash.length == 1) continue;
    Candidate candidate;
    candidate.strong = dash.strong;
    std::string side_error;
    if (ParseEnd(right, &candidate.end, &side_error) != engine::DateParseOutcome::kOk ||
        (ParseEnd(left, &candidate.start, &side_error) != engine::DateParseOutcome::kOk &&
         !CompleteFromEnd(left, right, &candidate.start))) {
      if (dash.strong && strong_error.empty()) strong_error = side_error;
      continue;
    }
    candidates.push_back(candidate);
  }
  if (candidates.size() > 1) {
    std::vector<Candidate> strong;
    for (const Candidate& candidate : candidates) {
      if (candidate.strong) strong.push_back(candidate);
    }
    if (!strong.empty()) candidates = strong;
  }
  if (candidates.size() > 1) {
    std::vector<Candidate> valid;
    for (const Candidate& candidate : candidates) {
      if (Period::TryMake(candidate.start, candidate.end, nullptr, nullptr)) {
        valid.push_back(candidate);
      }
    }
    if (!valid.empty()) candidates = valid;
  }
  if (candidates.size() == 1) {
    return Period::TryMake(candidates[0].start, candidates[0].end, out, error);
  }
  if (candidates.size() > 1) {
    return Fail(error, "cannot read " + Quote(whole) +
                           " as a period: it splits into FROM and TO in more than one way; "
                           "write FROM..TO");
  }
  if (!strong_error.empty()) {
    // "1920–21": an English abbreviation we do not guess at.
    for (const Separator& dash : dashes) {
      const std::string_view left = Trim(whole.substr(0, dash.at));
      const std::string_view right = Trim(whole.substr(dash.at + dash.length));
      if (dash.strong && left.size() == 4 && right.size() == 2 &&
          left.find_first_not_of("0123456789") == std::string_view::npos &&
          right.find_first_not_of("0123456789") == std::string_view::npos) {
        return Fail(error, "cannot read " + Quote(whole) +
                               " as a period: write the end year in full, e.g. " +
                               std::string(left) + "\xE2\x80\x93" + std::string(left.substr(0, 2)) +
                               std::string(right));
      }
    }
    return Fail(error, strong_error);
  }
  if (whole_outcome == engine::DateParseOutcome::kInvalid) return Fail(error, whole_error);
  return Fail(error, "cannot read " + Quote(whole) + " as a period; write " +
                         std::string(kPeriodForms) +
                         "; dates: " + std::string(engine::AcceptedDateForms()));
}

// List items are separated by commas or semicolons, but "June 15, 1921" has a
// comma of its own: an item that does not read alone is joined with the next
// one or two (a period holds at most two such dates).
std::vector<std::string_view> SplitList(std::string_view text) {
  std::vector<std::string_view> items;
  int depth = 0;
  std::size_t begin = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '[') ++depth;
    if (text[i] == ']' && depth > 0) --depth;
    if (depth == 0 && (text[i] == ',' || text[i] == ';')) {
      items.push_back(text.substr(begin, i - begin));
      begin = i + 1;
    }
  }
  items.push_back(text.substr(begin));
  return items;
}

}  // namespace

Period Period::Parse(std::string_view text) {
  Period period;
  std::string error;
  if (!TryParsePeriod(text, &period, &error)) throw Error(ErrorCode::kSyntax, std::move(error));
  return period;
}

bool Period::TryParseList(std::string_view text, std::vector<Period>* out, std::string* error) {
  if (Trim(text).empty()) return Fail(error, "a list of periods cannot be empty");
  const std::vector<std::string_view> items = SplitList(text);
  std::vector<Period> periods;
  constexpr std::size_t kMaxJoined = 3;
  std::size_t i = 0;
  while (i < items.size()) {
    if (Trim(items[i]).empty()) {
      return Fail(error, "cannot read " + Quote(Trim(text)) + " as a list of periods: item " +
                             std::to_string(periods.size() + 1) + " is empty");
    }
    std::string first_error;
    bool read = false;
    for (std::size_t count = 1; count <= kMaxJoined && i + count <= items.size(); ++count) {
      const std::size_t begin = static_cast<std::size_t>(items[i].data() - text.data());
      const std::string_view last = items[i + count - 1];
      const std::size_t end = static_cast<std::size_t>(last.data() - text.data()) + last.size();
      Period period;
      std::string item_error;
      if (TryParsePeriod(text.substr(begin, end - begin), &period, &item_error)) {
        periods.push_back(period);
        i += count;
        read = true;
        break;
      }
      if (count == 1) first_error = item_error;
    }
    if (!read) return Fail(error, first_error);
  }
  if (out != nullptr) *out = std::move(periods);
  return true;
}

std::vector<Period> Period::ParseList(std::string_view text) {
  std::vector<Period> periods;
  std::string error;
  if (!TryParseList(text, &periods, &error)) throw Error(ErrorCode::kSyntax, std::move(error));
  return periods;
}

}  // namespace annals
