// The vague-date grammar. Text is split into tokens (numbers, words,
// punctuation), then matched against each accepted form in turn. A form that
// matches but names no real date records a reason, so the error says what is
// wrong ("February 1921 has only 28 days") rather than listing every form.
#include "engine/time/date_parser.hpp"

#include <annals/time.hpp>

#include "engine/text/edit_distance.hpp"
#include "engine/time/calendar.hpp"
#include "engine/time/vague_date.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace annals::engine {

namespace {

constexpr std::string_view kAcceptedForms =
    "1921, 1921-06, 1921-06-15, -0044-03-15, 15 June 1921, June 15, 1921, June 1921, "
    "Jun. 1921, c. 1921 (also circa, ca., 1921~), 1921?, early 1921, mid-1921, late 1921, "
    "spring/summer/autumn/fall/winter 1921, 1920s, 192X, 19XX, 1921-21..24 (seasons), "
    "1921-37..39 (early/mid/late), 1921-##-## (unknown digits), "
    "between 1921-03-05 and 1921-04-02, [1921-03-05..1921-04-02], present, ?";

// Quoted text in messages is cut short so that a megabyte of garbage does not
// produce a megabyte of error.
constexpr std::size_t kMaxQuoted = 80;

enum class TokenKind : std::uint8_t { kNumber, kWord, kPunct };

struct Token {
  TokenKind kind = TokenKind::kPunct;
  std::string text;           // lower-case; punctuation as its ASCII stand-in
  bool space_before = false;  // white space separates it from the previous token
  bool hyphen = false;        // a '-' written as hyphen or minus sign (not an en/em dash)
  std::size_t begin = 0;      // byte range in the original text
  std::size_t end = 0;
};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
char ToLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
bool IsNumberChar(char c) { return IsDigit(c) || c == '#' || c == 'x' || c == 'X'; }

bool AllDigits(std::string_view text) {
  if (text.empty()) return false;
  for (const char c : text) {
    if (!IsDigit(c)) return false;
  }
  return true;
}

int ToInt(std::string_view digits) {  // at most 4 digits: cannot overflow
  int value = 0;
  for (const char c : digits) value = value * 10 + (c - '0');
  return value;
}

std::string Quote(std::string_view text) {
  std::string quoted(text.substr(0, kMaxQuoted));
  if (text.size() > kMaxQuoted) quoted += "...";
  return "\"" + quoted + "\"";
}

// Multi-byte characters that sources use in dates: dashes, minus, non-breaking
// and thin spaces, the typographic apostrophe.
struct Special {
  std::string_view bytes;
  char stand_in;
  bool hyphen;
};
constexpr Special kSpecials[] = {
    {"\xC2\xA0", ' ', false},       // no-break space
    {"\xE2\x80\x89", ' ', false},   // thin space
    {"\xE2\x80\xAF", ' ', false},   // narrow no-break space
    {"\xE2\x80\x90", '-', true},    // hyphen
    {"\xE2\x80\x91", '-', true},    // non-breaking hyphen
    {"\xE2\x88\x92", '-', true},    // minus sign
    {"\xE2\x80\x93", '-', false},   // en dash
    {"\xE2\x80\x94", '-', false},   // em dash
    {"\xE2\x80\x99", '\'', false},  // right single quotation mark
};

bool Tokenize(std::string_view text, std::vector<Token>* tokens, std::string* bad) {
  bool space = false;
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = true;
      ++i;
      continue;
    }
    Token token;
    token.space_before = space;
    token.begin = i;
    space = false;
    if (static_cast<unsigned char>(c) >= 0x80) {
      const Special* found = nullptr;
      for (const Special& special : kSpecials) {
        if (text.substr(i, special.bytes.size()) == special.bytes) found = &special;
      }
      if (found == nullptr) {
        std::size_t len = 1;
        while (i + len < text.size() && (static_cast<unsigned char>(text[i + len]) & 0xC0) == 0x80)
          ++len;
        *bad = std::string(text.substr(i, len));
        return false;
      }
      i += found->bytes.size();
      if (found->stand_in == ' ') {
        space = true;
        continue;
      }
      token.text = std::string(1, found->stand_in);
      token.hyphen = found->hyphen;
    } else if (IsDigit(c) || c == '#') {
      token.kind = TokenKind::kNumber;
      while (i < text.size() && IsNumberChar(text[i])) token.text += ToLower(text[i++]);
    } else if (IsAsciiLetter(c)) {
      token.kind = TokenKind::kWord;
      while (i < text.size() && IsAsciiLetter(text[i])) token.text += ToLower(text[i++]);
      // EDTF writes unknown digits as X: "1921-XX-XX" and "XXXX" are numbers.
      if (token.text.find_first_not_of('x') == std::string::npos) token.kind = TokenKind::kNumber;
    } else if (std::string_view("-,.~?/'[]").find(c) != std::string_view::npos) {
      token.text = std::string(1, c);
      token.hyphen = c == '-';
      ++i;
    } else {
      *bad = std::string(1, c);
      return false;
    }
    token.end = i;
    tokens->push_back(std::move(token));
  }
  return true;
}

int MonthFromWord(std::string_view word) {
  static constexpr std::pair<std::string_view, int> kMonths[] = {
      {"january", 1},   {"jan", 1},   {"february", 2},  {"feb", 2},      {"march", 3},
      {"mar", 3},       {"april", 4}, {"apr", 4},       {"may", 5},      {"june", 6},
      {"jun", 6},       {"july", 7},  {"jul", 7},       {"august", 8},   {"aug", 8},
      {"september", 9}, {"sep", 9},   {"sept", 9},      {"october", 10}, {"oct", 10},
      {"november", 11}, {"nov", 11},  {"december", 12}, {"dec", 12},
  };
  for (const auto& [name, month] : kMonths) {
    if (name == word) return month;
  }
  return 0;
}

DateForm SeasonFromWord(std::string_view word) {
  if (word == "spring") return DateForm::kSpring;
  if (word == "summer") return DateForm::kSummer;
  if (word == "autumn" || word == "fall") return DateForm::kAutumn;
  if (word == "winter") return DateForm::kWinter;
  return DateForm::kDay;  // not a season
}

DateForm PartFromWord(std::string_view word) {
  if (word == "early") return DateForm::kEarly;
  if (word == "mid") return DateForm::kMid;
  if (word == "late") return DateForm::kLate;
  return DateForm::kDay;  // not a part of the year
}

bool IsApproximateWord(std::string_view word) {
  return word == "c" || word == "ca" || word == "circa" || word == "approx";
}

bool IsOrdinalSuffix(std::string_view word) {
  return word == "st" || word == "nd" || word == "rd" || word == "th";
}

bool IsUnknownDigits(std::string_view text) { return text == "##" || text == "xx"; }

// The word a misspelt one was most likely meant as ("febuary": "February"),
// among the words of more than three letters the grammar knows; empty when
// none is within two edits, or `word` is one of them.
std::string_view NearestKnownWord(std::string_view word) {
  static constexpr std::string_view kKnown[] = {
      "January",   "February", "March",    "April",    "June",   "July",    "August",
      "September", "October",  "November", "December", "spring", "summer",  "autumn",
      "winter",    "early",    "late",     "circa",    "approx", "between", "present"};
  if (word.size() < 4) return {};
  std::string_view best;
  std::size_t best_distance = 3;
  for (const std::string_view known : kKnown) {
    std::string lower(known);
    for (char& c : lower) c = static_cast<char>(c | 0x20);
    const std::size_t distance = BoundedEditDistance(word, std::string_view(lower), 2);
    if (distance == 0) return {};
    if (distance < best_distance) {
      best_distance = distance;
      best = known;
    }
  }
  return best;
}

class Parser {
 public:
  Parser(std::string_view text, std::vector<Token> tokens, int depth)
      : text_(text), tokens_(std::move(tokens)), depth_(depth) {}

  DateParseOutcome Run(VagueDate* out, std::string* error) {
    if (Match(out)) return DateParseOutcome::kOk;
    if (error != nullptr) {
      if (!reason_.empty()) {
        *error = "cannot read " + Quote(text_) + " as a date: " + reason_;
      } else {
        *error = "cannot read " + Quote(text_) + " as a date";
        for (const Token& token : tokens_) {
          if (token.kind != TokenKind::kWord) continue;
          if (const std::string_view meant = NearestKnownWord(token.text); !meant.empty()) {
            *error += " (did you mean " + std::string(meant) + "?)";
            break;
          }
        }
        *error += "; accepted forms: " + std::string(kAcceptedForms);
      }
    }
    return reason_.empty() ? DateParseOutcome::kUnreadable : DateParseOutcome::kInvalid;
  }

 private:
  bool Has(std::size_t i) const { return i < tokens_.size(); }
  bool AtEnd(std::size_t i) const { return i == tokens_.size(); }
  bool IsWord(std::size_t i) const { return Has(i) && tokens_[i].kind == TokenKind::kWord; }
  bool IsWord(std::size_t i, std::string_view word) const {
    return IsWord(i) && tokens_[i].text == word;
  }
  bool IsNumber(std::size_t i) const { return Has(i) && tokens_[i].kind == TokenKind::kNumber; }
  bool IsPunct(std::size_t i, char c) const {
    return Has(i) && tokens_[i].kind == TokenKind::kPunct && tokens_[i].text[0] == c;
  }
  bool Attached(std::size_t i) const { return Has(i) && !tokens_[i].space_before; }
  // A hyphen directly followed by a number: the sign of a negative year.
  bool IsSign(std::size_t i) const {
    return IsPunct(i, '-') && tokens_[i].hyphen && IsNumber(i + 1) && Attached(i + 1);
  }

  void Fail(std::string reason) {
    if (reason_.empty()) reason_ = std::move(reason);
  }

  bool Match(VagueDate* out) {
    if (tokens_.empty()) {
      *out = VagueDate::Open();
      return true;
    }
    std::size_t i = IsWord(0, "the") && tokens_.size() > 1 ? 1 : 0;
    if (tokens_.size() == i + 1) {
      if (IsWord(i, "present") || IsWord(i, "incumbent") || IsWord(i, "now")) {
        *out = VagueDate::Open();
        return true;
      }
      if (IsPunct(i, '?') || IsWord(i, "unknown")) {
        *out = VagueDate::Unknown();
        return true;
      }
    }
    if (IsWord(i, "between")) return Between(i, out);
    if (IsPunct(i, '[')) return OneOfSet(i, out);
    if (IsWord(i)) {
      const std::string& word = tokens_[i].text;
      if (MonthFromWord(word) != 0) return MonthFirst(i, out);
      if (IsApproximateWord(word)) return Approximate(i, out);
      if (PartFromWord(word) != DateForm::kDay) return PartOfYear(i, out);
      if (SeasonFromWord(word) != DateForm::kDay) return Season(i, out);
      return false;
    }
    if (IsNumber(i) && AllDigits(tokens_[i].text) && tokens_[i].text.size() <= 2) {
      return DayFirst(i, out);
    }
    if (IsNumber(i) || IsSign(i)) return Numeric(i, out);
    return false;
  }

  // [-]YYYY at i; on success *next is the index after it.
  bool Year(std::size_t i, int* year, std::size_t* next) {
    bool negative = false;
    if (IsSign(i)) {
      negative = true;
      ++i;
    }
    if (!IsNumber(i) || !AllDigits(tokens_[i].text)) return false;
    const std::string& digits = tokens_[i].text;
    if (digits.size() > 4) {
      Fail("year " + std::string(negative ? "-" : "") + digits + " is outside -9999..9999");
      return false;
    }
    if (digits.size() < 4) {
      Fail("years are written with four digits (0800 for the year 800, -0044 for 45 BC)");
      return false;
    }
    *year = negative ? -ToInt(digits) : ToInt(digits);
    *next = i + 1;
    return true;
  }

  bool Day(int year, int month, int day, VagueDate* out) {
    const int length = MonthLength(year, month);
    if (day < 1) {
      Fail("days count from 1");
      return false;
    }
    if (day > length) {
      Fail(std::string(MonthName(month)) + " " + FormatIsoYear(year) + " has only " +
           std::to_string(length) + " days");
      return false;
    }
    *out = VagueDate::OnDay(year, month, day);
    return true;
  }

  // 15 June 1921, 15th of June 1921, 15 Jun. 1921, 15 June, 1921
  bool DayFirst(std::size_t i, VagueDate* out) {
    const int day = ToInt(tokens_[i].text);
    std::size_t k = i + 1;
    if (IsWord(k) && Attached(k) && IsOrdinalSuffix(tokens_[k].text)) ++k;
    if (IsWord(k, "of")) ++k;
    if (!IsWord(k) || MonthFromWord(tokens_[k].text) == 0) return false;
    const int month = MonthFromWord(tokens_[k].text);
    ++k;
    if (IsPunct(k, '.') && Attached(k)) ++k;
    if (IsPunct(k, ',')) ++k;
    int year = 0;
    if (!Year(k, &year, &k) || !AtEnd(k)) return false;
    return Day(year, month, day, out);
  }

  // June 15, 1921; June 15 1921; June 1921; Jun. 1921; June, 1921
  bool MonthFirst(std::size_t i, VagueDate* out) {
    const int month = MonthFromWord(tokens_[i].text);
    std::size_t k = i + 1;
    if (IsPunct(k, '.') && Attached(k)) ++k;
    int year = 0;
    if (IsNumber(k) && AllDigits(tokens_[k].text) && tokens_[k].text.size() <= 2) {
      const int day = ToInt(tokens_[k].text);
      ++k;
      if (IsWord(k) && Attached(k) && IsOrdinalSuffix(tokens_[k].text)) ++k;
      if (IsPunct(k, ',')) ++k;
      if (AtEnd(k)) {
        Fail("a month needs a four-digit year, e.g. June 1921 or June 15, 1921");
        return false;
      }
      if (!Year(k, &year, &k) || !AtEnd(k)) return false;
      return Day(year, month, day, out);
    }
    if (IsPunct(k, ',')) ++k;
    if (!Year(k, &year, &k) || !AtEnd(k)) return false;
    *out = VagueDate::InMonth(year, month);
    return true;
  }

  // c. 1921, ca. 1921, circa 1921
  bool Approximate(std::size_t i, VagueDate* out) {
    std::size_t k = i + 1;
    if (IsPunct(k, '.') && Attached(k)) ++k;
    int year = 0;
    if (!Year(k, &year, &k) || !AtEnd(k)) {
      Fail("an approximate date is a year, e.g. c. 1921");
      return false;
    }
    *out = YearForm(DateForm::kApproximate, year);
    return true;
  }

  // early 1921, mid-1921, mid 1921, late 1921
  bool PartOfYear(std::size_t i, VagueDate* out) {
    const DateForm form = PartFromWord(tokens_[i].text);
    std::size_t k = i + 1;
    // "mid-1921": a dash joined to the word connects; "mid -0044" is a sign.
    if (IsPunct(k, '-') && Attached(k)) ++k;
    int year = 0;
    if (!Year(k, &year, &k) || !AtEnd(k)) {
      Fail("early, mid and late take a year, e.g. mid-1921");
      return false;
    }
    *out = YearForm(form, year);
    return true;
  }

  // spring 1921, the spring of 1921, winter 1921/22, winter 1921/1922
  bool Season(std::size_t i, VagueDate* out) {
    const DateForm form = SeasonFromWord(tokens_[i].text);
    std::size_t k = i + 1;
    if (IsWord(k, "of")) ++k;
    int year = 0;
    if (!Year(k, &year, &k)) {
      Fail("a season takes a year, e.g. spring 1921");
      return false;
    }
    if (form == DateForm::kWinter && IsPunct(k, '/')) {
      ++k;
      const std::string next_year = FormatIsoYear(year + 1);
      bool follows = false;
      if (IsNumber(k) && tokens_[k].text.size() == 2) {
        follows = next_year.substr(next_year.size() - 2) == tokens_[k].text;
        ++k;
      } else {
        int second = 0;
        if (Year(k, &second, &k)) follows = second == year + 1;
      }
      if (!follows) {
        Fail("winter " + FormatIsoYear(year) + " runs into " + next_year + ", e.g. winter " +
             FormatIsoYear(year) + "/" + next_year.substr(next_year.size() - 2));
        return false;
      }
    }
    if (!AtEnd(k)) return false;
    *out = YearForm(form, year);
    return true;
  }

  // ISO and EDTF: 1921, 1921-06, 1921-06-15, -0044-03-15, 1921~, 1921?, 1920s,
  // 192X, 19XX, 1921-21, 1921-38, 1921-##-##, 1921-06-##
  bool Numeric(std::size_t i, VagueDate* out) {
    const bool negative = IsSign(i);
    const std::size_t n = negative ? i + 1 : i;
    const std::string& text = tokens_[n].text;
    if (!AllDigits(text)) return UnspecifiedYear(negative, n, out);
    int year = 0;
    std::size_t k = 0;
    if (!Year(i, &year, &k)) return false;
    if (AtEnd(k)) {
      *out = YearForm(DateForm::kYear, year);
      return true;
    }
    if ((IsPunct(k, '~') || IsPunct(k, '?')) && AtEnd(k + 1)) {
      *out = YearForm(IsPunct(k, '~') ? DateForm::kApproximate : DateForm::kUncertain, year);
      return true;
    }
    if (Attached(k) && (IsWord(k, "s") || (IsPunct(k, '\'') && IsWord(k + 1, "s")))) {
      if (!AtEnd(IsWord(k, "s") ? k + 1 : k + 2)) return false;
      if (negative) {
        Fail("decades are supported for the years 0000-9999 only");
        return false;
      }
      if (year % 10 != 0) {
        Fail("a decade is written with its first year, e.g. " + FormatIsoYear(year - year % 10) +
             "s");
        return false;
      }
      *out = YearForm(DateForm::kDecade, year);
      return true;
    }
    if (IsPunct(k, '-') && tokens_[k].hyphen && Attached(k) && IsNumber(k + 1) && Attached(k + 1)) {
      return IsoAfterYear(year, k + 1, out);
    }
    return false;
  }

  // The part after "YYYY-": a month, an EDTF sub-year code, or unknown digits.
  bool IsoAfterYear(int year, std::size_t k, VagueDate* out) {
    const std::string& month_text = tokens_[k].text;
    if (month_text.size() != 2) return false;
    const bool has_day = IsPunct(k + 1, '-') && tokens_[k + 1].hyphen && Attached(k + 1) &&
                         IsNumber(k + 2) && Attached(k + 2);
    const std::size_t end = has_day ? k + 3 : k + 1;
    if (!AtEnd(end)) {
      if (IsPunct(end, '~') || IsPunct(end, '?')) {
        Fail("the qualifiers ~ and ? apply to years only, e.g. 1921~ or 1921?");
      }
      return false;
    }
    const std::string* day_text = has_day ? &tokens_[k + 2].text : nullptr;
    if (day_text != nullptr && day_text->size() != 2) return false;
    if (IsUnknownDigits(month_text)) {
      if (day_text != nullptr && !IsUnknownDigits(*day_text)) {
        Fail("a known day in an unknown month is not one range of days");
        return false;
      }
      *out = YearForm(DateForm::kYear, year);
      return true;
    }
    if (!AllDigits(month_text)) {
      Fail("a month is two digits or ## when unknown");
      return false;
    }
    const int month = ToInt(month_text);
    if (month >= 1 && month <= 12) {
      if (day_text == nullptr || IsUnknownDigits(*day_text)) {
        *out = VagueDate::InMonth(year, month);
        return true;
      }
      if (!AllDigits(*day_text)) {
        Fail("a day is two digits or ## when unknown");
        return false;
      }
      return Day(year, month, ToInt(*day_text), out);
    }
    static constexpr std::pair<int, DateForm> kSubYear[] = {
        {21, DateForm::kSpring}, {22, DateForm::kSummer}, {23, DateForm::kAutumn},
        {24, DateForm::kWinter}, {37, DateForm::kEarly},  {38, DateForm::kMid},
        {39, DateForm::kLate},
    };
    for (const auto& [code, form] : kSubYear) {
      if (code != month) continue;
      if (day_text != nullptr) {
        Fail("an EDTF season or third of a year (" + month_text + ") has no day");
        return false;
      }
      *out = YearForm(form, year);
      return true;
    }
    Fail("there is no month " + month_text +
         " (months are 01-12; EDTF 21-24 are seasons, 37-39 early/mid/late)");
    return false;
  }

  // 192X (a decade) and 19XX (a century); '#' works like X.
  bool UnspecifiedYear(bool negative, std::size_t n, VagueDate* out) {
    const std::string& text = tokens_[n].text;
    const auto is_unknown = [](char c) { return c == 'x' || c == '#'; };
    // XXXX, ####-##-##: a date nobody knows, the same as "?".
    if (!negative && text.size() == 4 && std::all_of(text.begin(), text.end(), is_unknown)) {
      std::size_t k = n + 1;
      for (int part = 0; part < 2 && IsPunct(k, '-') && Attached(k) && IsNumber(k + 1) &&
                         IsUnknownDigits(tokens_[k + 1].text);
           ++part) {
        k += 2;
      }
      if (!AtEnd(k)) return false;
      *out = VagueDate::Unknown();
      return true;
    }
    const bool decade = text.size() == 4 && AllDigits(text.substr(0, 3)) && is_unknown(text[3]);
    const bool century = text.size() == 4 && AllDigits(text.substr(0, 2)) && is_unknown(text[2]) &&
                         is_unknown(text[3]);
    if (!decade && !century) {
      Fail(
          "only the last digit (192X, a decade) or the last two (19XX, a century) may be "
          "unspecified");
      return false;
    }
    if (!AtEnd(n + 1)) {
      Fail("a decade or century (192X, 19XX) takes no month or qualifier");
      return false;
    }
    if (negative) {
      Fail("decades and centuries are supported for the years 0000-9999 only");
      return false;
    }
    const int first_year = decade ? ToInt(text.substr(0, 3)) * 10 : ToInt(text.substr(0, 2)) * 100;
    *out = YearForm(decade ? DateForm::kDecade : DateForm::kCentury, first_year);
    return true;
  }

  // Parses a nested date (the two ends of a span).
  bool Nested(std::size_t first, std::size_t last, VagueDate* out) {
    if (depth_ > 0 || first > last || !Has(last)) return false;
    const std::string_view part =
        text_.substr(tokens_[first].begin, tokens_[last].end - tokens_[first].begin);
    std::vector<Token> tokens;
    std::string bad;
    if (!Tokenize(part, &tokens, &bad)) return false;
    Parser nested(part, std::move(tokens), depth_ + 1);
    std::string error;
    if (nested.Run(out, &error) != DateParseOutcome::kOk) {
      if (!nested.reason_.empty()) Fail(nested.reason_);
      return false;
    }
    if (out->form == DateForm::kOpen || out->form == DateForm::kUnknown) {
      Fail("both ends of a span are dates");
      return false;
    }
    return true;
  }

  bool SpanOf(const VagueDate& from, const VagueDate& to, VagueDate* out) {
    if (to.hi < from.lo) {
      Fail("the span ends (" + to.ToText() + ") before it begins (" + from.ToText() + ")");
      return false;
    }
    *out = VagueDate::Span(from.lo, to.hi);
    return true;
  }

  // between 1921-03-05 and 1921-04-02
  bool Between(std::size_t i, VagueDate* out) {
    std::size_t and_at = i + 1;
    while (Has(and_at) && !IsWord(and_at, "and")) ++and_at;
    if (!Has(and_at) || and_at == i + 1 || AtEnd(and_at + 1)) return false;
    VagueDate from;
    VagueDate to;
    if (!Nested(i + 1, and_at - 1, &from) || !Nested(and_at + 1, tokens_.size() - 1, &to)) {
      return false;
    }
    return SpanOf(from, to, out);
  }

  // EDTF "one of a set" written as a range: [1921-03-05..1921-04-02]
  bool OneOfSet(std::size_t i, VagueDate* out) {
    if (tokens_.size() < i + 5 || !IsPunct(tokens_.size() - 1, ']')) return false;
    std::size_t dots = i + 1;
    while (dots + 1 < tokens_.size() && !(IsPunct(dots, '.') && IsPunct(dots + 1, '.'))) ++dots;
    if (dots + 1 >= tokens_.size() - 1 || dots == i + 1) return false;
    VagueDate from;
    VagueDate to;
    if (!Nested(i + 1, dots - 1, &from) || !Nested(dots + 2, tokens_.size() - 2, &to)) {
      return false;
    }
    return SpanOf(from, to, out);
  }

  std::string_view text_;
  std::vector<Token> tokens_;
  int depth_ = 0;
  std::string reason_;  // what is wrong with a form that otherwise matched
};

// A plain, valid ISO day ("1921-06-15"), read without the grammar. It is by
// far the commonest date a program hands over (a bound parameter, a date in
// query text, a JSON or .dl fact; the TSV reader has a shortcut of its own),
// and the grammar's tokens cost a vector and a string per part.
// Anything else, an invalid day included, is left to the grammar and its
// messages.
bool TryIsoDay(std::string_view text, VagueDate* out) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  int parts[3] = {0, 0, 0};
  constexpr std::size_t kPartBegin[3] = {0, 5, 8};
  constexpr std::size_t kPartEnd[3] = {4, 7, 10};
  for (int part = 0; part < 3; ++part) {
    for (std::size_t i = kPartBegin[part]; i < kPartEnd[part]; ++i) {
      if (text[i] < '0' || text[i] > '9') return false;
      parts[part] = parts[part] * 10 + (text[i] - '0');
    }
  }
  const auto [year, month, day] = parts;
  if (day < 1 || day > MonthLength(year, month)) return false;
  if (out != nullptr) *out = VagueDate::OnDay(year, month, day);
  return true;
}

}  // namespace

DateParseOutcome ParseVagueDate(std::string_view text, VagueDate* out, std::string* error) {
  if (TryIsoDay(text, out)) return DateParseOutcome::kOk;
  return ParseVagueDateByGrammar(text, out, error);
}

DateParseOutcome ParseVagueDateByGrammar(std::string_view text, VagueDate* out,
                                         std::string* error) {
  std::vector<Token> tokens;
  std::string bad;
  if (!Tokenize(text, &tokens, &bad)) {
    if (error != nullptr) {
      *error = "cannot read " + Quote(text) + " as a date: unexpected character \"" + bad +
               "\"; accepted forms: " + std::string(kAcceptedForms);
    }
    return DateParseOutcome::kUnreadable;
  }
  Parser parser(text, std::move(tokens), 0);
  VagueDate date;
  const DateParseOutcome outcome = parser.Run(&date, error);
  if (outcome == DateParseOutcome::kOk && out != nullptr) *out = date;
  return outcome;
}

std::string_view AcceptedDateForms() { return kAcceptedForms; }

}  // namespace annals::engine
