// TSV quadruples. The happy path allocates nothing per line: cells are views
// into the read buffer, ISO dates are parsed by hand, and relation ids are
// cached by name. Only rejected rows pay for building a message.
#include "ingest/tsv_reader.hpp"

#include <annals/error.hpp>

#include "engine/store/name_match.hpp"
#include "ingest/fact_writer.hpp"
#include "ingest/text_util.hpp"
#include "ingest/utf8.hpp"

#include <array>
#include <cstring>
#include <memory>
#include <unordered_map>

namespace annals::ingest {

namespace {

constexpr std::size_t kBufferSize = std::size_t{1} << 20;  // longest line accepted: 1 MiB
constexpr std::size_t kCells = 5;

bool AllChar(std::string_view text, char c) {
  for (char x : text) {
    if (x != c) return false;
  }
  return !text.empty();
}

bool AllDigits(std::string_view text) {
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return !text.empty();
}

int Number(std::string_view digits) {
  int value = 0;
  for (char c : digits) value = value * 10 + (c - '0');
  return value;
}

VagueDate YearRange(int first, int last, DateForm form) {
  VagueDate date;
  date.lo = DayFromCivil(first, 1, 1);
  date.hi = DayFromCivil(last, 12, 31);
  date.form = form;
  return date;
}

const char* const kMonthNames[] = {"January",   "February", "March",    "April",
                                   "May",       "June",     "July",     "August",
                                   "September", "October",  "November", "December"};

// The ISO forms with optional '#' digits. Returns false when `text` is not of
// that shape at all (the caller then tries VagueDate::TryParse); sets
// `*error` non-empty when it is of that shape but names no real date.
bool ParseHashIso(std::string_view text, VagueDate* out, std::string* error) {
  if (text.size() != 4 && text.size() != 7 && text.size() != 10) return false;
  const std::string_view year = text.substr(0, 4);
  std::string_view month;
  std::string_view day;
  if (text.size() >= 7) {
    if (text[4] != '-') return false;
    month = text.substr(5, 2);
  }
  if (text.size() == 10) {
    if (text[7] != '-') return false;
    day = text.substr(8, 2);
  }
  auto part_ok = [](std::string_view p) { return p.empty() || AllDigits(p) || AllChar(p, '#'); };
  if (!part_ok(month) || !part_ok(day)) return false;
  std::size_t year_digits = 0;
  while (year_digits < 4 && year[year_digits] >= '0' && year[year_digits] <= '9') ++year_digits;
  for (std::size_t i = year_digits; i < 4; ++i) {
    if (year[i] != '#') return false;
  }
  if (year_digits < 4) {
    // Unknown year digits: the month and day cannot narrow anything down.
    if (year_digits == 0) {
      *out = UnknownDate();
    } else if (year_digits == 3) {
      const int decade = Number(year.substr(0, 3)) * 10;
      *out = YearRange(decade, decade + 9, DateForm::kDecade);
    } else if (year_digits == 2) {
      const int century = Number(year.substr(0, 2)) * 100;
      *out = YearRange(century, century + 99, DateForm::kCentury);
    } else {
      const int millennium = Number(year.substr(0, 1)) * 1000;
      *out = YearRange(millennium, millennium + 999, DateForm::kSpan);
    }
    return true;
  }
  const int y = Number(year);
  if (month.empty() || AllChar(month, '#')) {
    *out = VagueDate::InYear(y);
    return true;
  }
  const int m = Number(month);
  if (m < 1 || m > 12) {
    *error = "month " + std::string(month) + " does not exist (expected 01 to 12)";
    return true;
  }
  if (day.empty() || AllChar(day, '#')) {
    *out = VagueDate::InMonth(y, m);
    return true;
  }
  const int d = Number(day);
  if (!IsValidCivil(y, m, d)) {
    *error = "impossible date " + std::string(text) + ": " + kMonthNames[m - 1] + " " +
             std::to_string(y) + " has " + std::to_string(DaysInMonth(y, m)) + " days";
    return true;
  }
  *out = VagueDate::OnDay(y, m, d);
  return true;
}

// Entity names in YAGO-style files come in angle brackets: <Barack_Obama>.
std::string_view StripBrackets(std::string_view text) {
  if (text.size() >= 2 && text.front() == '<' && text.back() == '>') {
    return text.substr(1, text.size() - 2);
  }
  return text;
}

struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view text) const noexcept {
    return std::hash<std::string_view>{}(text);
  }
};

class TsvReader {
 public:
  TsvReader(engine::Store& store, std::string_view source_name, LoadReport& report)
      : writer_(store, source_name, report), store_(store) {}

  void Line(std::string_view line, std::uint32_t number) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) return;
    if (const auto bad = FindInvalidUtf8(line)) {
      writer_.Error(number, CodePointCount(line.substr(0, *bad)) + 1,
                    "line is not UTF-8 text (byte 0x" + Hex(line[*bad]) + "); row rejected");
      return;
    }
    std::array<std::string_view, kCells> cells;
    std::size_t count = 0;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= line.size(); ++i) {
      if (i == line.size() || line[i] == '\t') {
        if (count < kCells) cells[count] = line.substr(start, i - start);
        ++count;
        start = i + 1;
      }
    }
    if (number == 1 && count == kCells && IsHeader(cells)) return;
    if (count != kCells) {
      writer_.Error(number, count < kCells ? CodePointCount(line) + 1 : ColumnOfCell(line, 5),
                    "expected 5 tab-separated cells (subject, relation, object, start, end), "
                    "found " +
                        std::to_string(count) + "; row rejected");
      return;
    }
    for (std::size_t i = 0; i < 3; ++i) {
      if (engine::IsBlankName(StripBrackets(Trim(cells[i])))) {
        static constexpr const char* kNames[] = {"subject", "relation", "object"};
        writer_.Error(number, ColumnOfCell(line, i),
                      std::string("empty ") + kNames[i] + " cell; row rejected");
        return;
      }
    }
    const std::optional<engine::RelationId> relation = RelationFor(Trim(cells[1]));
    if (!relation) {
      writer_.Error(number, ColumnOfCell(line, 1),
                    "relation '" + std::string(Trim(cells[1])) +
                        "' gives no snake_case name (expected letters, digits and '_', "
                        "starting with a letter); row rejected");
      return;
    }
    VagueDate start_date;
    VagueDate end_date;
    if (!Date(cells[3], number, line, 3, &start_date) ||
        !Date(cells[4], number, line, 4, &end_date)) {
      return;
    }
    Period period;
    if (!Period::TryMake(start_date, end_date, &period, nullptr)) {
      writer_.Error(number, ColumnOfCell(line, 4),
                    "end " + std::string(Trim(cells[4])) + " lies before start " +
                        std::string(Trim(cells[3])) + "; row rejected");
      return;
    }
    try {
      const engine::EntityId subject = store_.InternEntity(StripBrackets(Trim(cells[0])));
      const engine::EntityId object = store_.InternEntity(StripBrackets(Trim(cells[2])));
      store_.AddFact(*relation, subject, object, period, writer_.At(number));
    } catch (const annals::Error& error) {
      // The store's own limits (2^31 entities, 4 GiB of names) are not checked
      // above: past them the row is rejected, the rest of the file still loads.
      writer_.Error(number, 1, error.message() + "; row rejected");
    }
  }

 private:
  static std::string Hex(char c) {
    static constexpr char kDigits[] = "0123456789ABCDEF";
    const auto u = static_cast<unsigned char>(c);
    return {kDigits[u >> 4], kDigits[u & 15]};
  }

  static bool IsHeader(const std::array<std::string_view, kCells>& cells) {
    return EqualsNoCase(Trim(cells[0]), "subject") && EqualsNoCase(Trim(cells[1]), "relation") &&
           EqualsNoCase(Trim(cells[2]), "object") &&
           (EqualsNoCase(Trim(cells[3]), "start") || EqualsNoCase(Trim(cells[3]), "from")) &&
           (EqualsNoCase(Trim(cells[4]), "end") || EqualsNoCase(Trim(cells[4]), "to"));
  }

  static std::uint32_t ColumnOfCell(std::string_view line, std::size_t cell) {
    std::size_t offset = 0;
    for (std::size_t i = 0; i < cell; ++i) {
      const std::size_t tab = line.find('\t', offset);
      if (tab == std::string_view::npos) return CodePointCount(line) + 1;
      offset = tab + 1;
    }
    return CodePointCount(line.substr(0, offset)) + 1;
  }

  bool Date(std::string_view cell, std::uint32_t number, std::string_view line, std::size_t index,
            VagueDate* out) {
    error_.clear();
    if (ParseTsvDate(cell, out, &error_)) return true;
    writer_.Error(number, ColumnOfCell(line, index),
                  std::string(index == 3 ? "start" : "end") + " date '" + std::string(Trim(cell)) +
                      "': " + error_ + "; row rejected");
    return false;
  }

  std::optional<engine::RelationId> RelationFor(std::string_view text) {
    if (has_last_ && text == last_relation_text_) return last_relation_;
    auto it = relations_.find(text);
    if (it == relations_.end()) {
      // snake_case as it is; YAGO's <isAffiliatedTo> and Wikidata's P39 are
      // converted; anything holding other characters is refused.
      const std::string_view bare = StripBrackets(text);
      bool identifier = !bare.empty();
      for (char c : bare) {
        identifier = identifier && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                                    (c >= '0' && c <= '9') || c == '_');
      }
      const std::string name = identifier ? ToSnakeCase(bare) : std::string();
      std::optional<engine::RelationId> id;
      if (IsSnakeCase(name)) id = store_.InternRelation(name);
      it = relations_.emplace(std::string(text), id).first;
    }
    last_relation_text_.assign(text);
    last_relation_ = it->second;
    has_last_ = true;
    return it->second;
  }

  FactWriter writer_;
  engine::Store& store_;
  std::unordered_map<std::string, std::optional<engine::RelationId>, StringHash, std::equal_to<>>
      relations_;
  std::string last_relation_text_;
  std::optional<engine::RelationId> last_relation_;
  bool has_last_ = false;
  std::string error_;
};

}  // namespace

bool ParseTsvDate(std::string_view text, VagueDate* out, std::string* error) {
  text = Trim(text);
  if (text.empty()) {
    *out = OpenDate();
    return true;
  }
  std::string local;
  std::string* message = error != nullptr ? error : &local;
  message->clear();
  if (ParseHashIso(text, out, message)) return message->empty();
  return VagueDate::TryParse(text, out, error);
}

void ReadTsvText(engine::Store& store, std::string_view text, std::string_view source_name,
                 LoadReport& report) {
  TsvReader reader(store, source_name, report);
  std::uint32_t number = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    reader.Line(text.substr(pos, end - pos), ++number);
    pos = end + 1;
  }
}

void ReadTsvFile(engine::Store& store, std::FILE* file, std::string_view source_name,
                 LoadReport& report) {
  TsvReader reader(store, source_name, report);
  FactWriter overflow(store, source_name, report);
  const auto buffer = std::make_unique<char[]>(kBufferSize);
  std::size_t filled = 0;
  std::uint32_t number = 0;
  bool skipping_long_line = false;
  for (;;) {
    const std::size_t got = std::fread(buffer.get() + filled, 1, kBufferSize - filled, file);
    filled += got;
    const bool at_eof = got == 0;
    std::string_view data(buffer.get(), filled);
    std::size_t pos = 0;
    for (;;) {
      const std::size_t end = data.find('\n', pos);
      if (end == std::string_view::npos) break;
      ++number;
      if (skipping_long_line) {
        skipping_long_line = false;  // the tail of a line already reported
      } else {
        reader.Line(data.substr(pos, end - pos), number);
      }
      pos = end + 1;
    }
    // Keep the unfinished line at the front of the buffer.
    const std::size_t rest = filled - pos;
    if (pos > 0 && rest > 0) std::memmove(buffer.get(), buffer.get() + pos, rest);
    filled = rest;
    if (at_eof) {
      if (filled > 0 && !skipping_long_line)
        reader.Line(std::string_view(buffer.get(), filled), ++number);
      break;
    }
    if (filled == kBufferSize) {
      // A line longer than the buffer cannot be a quadruple; report it once.
      if (!skipping_long_line) {
        overflow.Error(number + 1, 1,
                       "line longer than " + std::to_string(kBufferSize) + " bytes; row rejected");
      }
      skipping_long_line = true;
      filled = 0;
    }
  }
}

}  // namespace annals::ingest
