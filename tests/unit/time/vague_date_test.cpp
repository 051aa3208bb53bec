// Vague dates: every accepted form, the errors for impossible or unknown text,
// and the round trip through ToIso and ToText.
#include <annals/error.hpp>
#include <annals/time.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <limits>
#include <random>
#include <string>
#include <vector>

namespace {

using annals::DateForm;
using annals::Day;
using annals::DayFromCivil;
using annals::VagueDate;

struct FormCase {
  const char* input;
  int lo_year, lo_month, lo_day;
  int hi_year, hi_month, hi_day;
  DateForm form;
  const char* iso;
  const char* text;
};

// input -> [lo, hi], form, ISO, text. docs/semantics.md shows the same table.
const FormCase kForms[] = {
    {"1921", 1921, 1, 1, 1921, 12, 31, DateForm::kYear, "1921", "1921"},
    {"1921-06", 1921, 6, 1, 1921, 6, 30, DateForm::kMonth, "1921-06", "1921-06"},
    {"1921-06-15", 1921, 6, 15, 1921, 6, 15, DateForm::kDay, "1921-06-15", "1921-06-15"},
    {"-0044-03-15", -44, 3, 15, -44, 3, 15, DateForm::kDay, "-0044-03-15", "-0044-03-15"},
    {"0000", 0, 1, 1, 0, 12, 31, DateForm::kYear, "0000", "0000"},
    {"15 June 1921", 1921, 6, 15, 1921, 6, 15, DateForm::kDay, "1921-06-15", "1921-06-15"},
    {"June 15, 1921", 1921, 6, 15, 1921, 6, 15, DateForm::kDay, "1921-06-15", "1921-06-15"},
    {"June 15 1921", 1921, 6, 15, 1921, 6, 15, DateForm::kDay, "1921-06-15", "1921-06-15"},
    {"15th of June 1921", 1921, 6, 15, 1921, 6, 15, DateForm::kDay, "1921-06-15", "1921-06-15"},
    {"15 Jun. 1921", 1921, 6, 15, 1921, 6, 15, DateForm::kDay, "1921-06-15", "1921-06-15"},
    {"June 1921", 1921, 6, 1, 1921, 6, 30, DateForm::kMonth, "1921-06", "1921-06"},
    {"Jun 1921", 1921, 6, 1, 1921, 6, 30, DateForm::kMonth, "1921-06", "1921-06"},
    {"Sept 1921", 1921, 9, 1, 1921, 9, 30, DateForm::kMonth, "1921-09", "1921-09"},
    {"sep. 1921", 1921, 9, 1, 1921, 9, 30, DateForm::kMonth, "1921-09", "1921-09"},
    {"DECEMBER 1920", 1920, 12, 1, 1920, 12, 31, DateForm::kMonth, "1920-12", "1920-12"},
    {"February 1920", 1920, 2, 1, 1920, 2, 29, DateForm::kMonth, "1920-02", "1920-02"},
    {"c. 1921", 1920, 1, 1, 1922, 12, 31, DateForm::kApproximate, "1921~", "c. 1921"},
    {"c.1921", 1920, 1, 1, 1922, 12, 31, DateForm::kApproximate, "1921~", "c. 1921"},
    {"circa 1921", 1920, 1, 1, 1922, 12, 31, DateForm::kApproximate, "1921~", "c. 1921"},
    {"ca. 1921", 1920, 1, 1, 1922, 12, 31, DateForm::kApproximate, "1921~", "c. 1921"},
    {"1921~", 1920, 1, 1, 1922, 12, 31, DateForm::kApproximate, "1921~", "c. 1921"},
    {"1921?", 1920, 1, 1, 1922, 12, 31, DateForm::kUncertain, "1921?", "1921?"},
    {"early 1921", 1921, 1, 1, 1921, 4, 30, DateForm::kEarly, "1921-37", "early 1921"},
    {"mid-1921", 1921, 5, 1, 1921, 8, 31, DateForm::kMid, "1921-38", "mid-1921"},
    {"mid 1921", 1921, 5, 1, 1921, 8, 31, DateForm::kMid, "1921-38", "mid-1921"},
    {"mid\xE2\x80\x93"
     "1921",
     1921, 5, 1, 1921, 8, 31, DateForm::kMid, "1921-38", "mid-1921"},
    {"late 1921", 1921, 9, 1, 1921, 12, 31, DateForm::kLate, "1921-39", "late 1921"},
    {"spring 1921", 1921, 3, 1, 1921, 5, 31, DateForm::kSpring, "1921-21", "spring 1921"},
    {"the spring of 1924", 1924, 3, 1, 1924, 5, 31, DateForm::kSpring, "1924-21", "spring 1924"},
    {"summer 1920", 1920, 6, 1, 1920, 8, 31, DateForm::kSummer, "1920-22", "summer 1920"},
    {"autumn 1921", 1921, 9, 1, 1921, 11, 30, DateForm::kAutumn, "1921-23", "autumn 1921"},
    {"fall 1921", 1921, 9, 1, 1921, 11, 30, DateForm::kAutumn, "1921-23", "autumn 1921"},
    {"winter 1921", 1921, 12, 1, 1922, 2, 28, DateForm::kWinter, "1921-24", "winter 1921"},
    {"winter 1923", 1923, 12, 1, 1924, 2, 29, DateForm::kWinter, "1923-24", "winter 1923"},
    {"winter 1921/22", 1921, 12, 1, 1922, 2, 28, DateForm::kWinter, "1921-24", "winter 1921"},
    {"winter 1999/2000", 1999, 12, 1, 2000, 2, 29, DateForm::kWinter, "1999-24", "winter 1999"},
    {"192X", 1920, 1, 1, 1929, 12, 31, DateForm::kDecade, "192X", "1920s"},
    {"192x", 1920, 1, 1, 1929, 12, 31, DateForm::kDecade, "192X", "1920s"},
    {"1920s", 1920, 1, 1, 1929, 12, 31, DateForm::kDecade, "192X", "1920s"},
    {"the 1920s", 1920, 1, 1, 1929, 12, 31, DateForm::kDecade, "192X", "1920s"},
    {"1920's", 1920, 1, 1, 1929, 12, 31, DateForm::kDecade, "192X", "1920s"},
    {"19XX", 1900, 1, 1, 1999, 12, 31, DateForm::kCentury, "19XX", "19XX"},
    {"19##", 1900, 1, 1, 1999, 12, 31, DateForm::kCentury, "19XX", "19XX"},
    {"192#", 1920, 1, 1, 1929, 12, 31, DateForm::kDecade, "192X", "1920s"},
    {"approx. 1921", 1920, 1, 1, 1922, 12, 31, DateForm::kApproximate, "1921~", "c. 1921"},
    {"1900s", 1900, 1, 1, 1909, 12, 31, DateForm::kDecade, "190X", "1900s"},
    {"1921-21", 1921, 3, 1, 1921, 5, 31, DateForm::kSpring, "1921-21", "spring 1921"},
    {"1921-22", 1921, 6, 1, 1921, 8, 31, DateForm::kSummer, "1921-22", "summer 1921"},
    {"1921-23", 1921, 9, 1, 1921, 11, 30, DateForm::kAutumn, "1921-23", "autumn 1921"},
    {"1921-24", 1921, 12, 1, 1922, 2, 28, DateForm::kWinter, "1921-24", "winter 1921"},
    {"1921-37", 1921, 1, 1, 1921, 4, 30, DateForm::kEarly, "1921-37", "early 1921"},
    {"1921-38", 1921, 5, 1, 1921, 8, 31, DateForm::kMid, "1921-38", "mid-1921"},
    {"1921-39", 1921, 9, 1, 1921, 12, 31, DateForm::kLate, "1921-39", "late 1921"},
    {"1921-##-##", 1921, 1, 1, 1921, 12, 31, DateForm::kYear, "1921", "1921"},
    {"1921-##", 1921, 1, 1, 1921, 12, 31, DateForm::kYear, "1921", "1921"},
    {"1921-XX-XX", 1921, 1, 1, 1921, 12, 31, DateForm::kYear, "1921", "1921"},
    {"1921-06-##", 1921, 6, 1, 1921, 6, 30, DateForm::kMonth, "1921-06", "1921-06"},
    {"  15   June\t1921  ", 1921, 6, 15, 1921, 6, 15, DateForm::kDay, "1921-06-15", "1921-06-15"},
    {"15\xC2\xA0June 1921", 1921, 6, 15, 1921, 6, 15, DateForm::kDay, "1921-06-15", "1921-06-15"},
    {"between 1921-03-05 and 1921-04-02", 1921, 3, 5, 1921, 4, 2, DateForm::kSpan,
     "[1921-03-05..1921-04-02]", "between 1921-03-05 and 1921-04-02"},
    {"[1921-03-05..1921-04-02]", 1921, 3, 5, 1921, 4, 2, DateForm::kSpan,
     "[1921-03-05..1921-04-02]", "between 1921-03-05 and 1921-04-02"},
    {"between June 1921 and 1922", 1921, 6, 1, 1922, 12, 31, DateForm::kSpan,
     "[1921-06-01..1922-12-31]", "between 1921-06-01 and 1922-12-31"},
    // Boundary years.
    {"-9999-01-01", -9999, 1, 1, -9999, 1, 1, DateForm::kDay, "-9999-01-01", "-9999-01-01"},
    {"9999-12-31", 9999, 12, 31, 9999, 12, 31, DateForm::kDay, "9999-12-31", "9999-12-31"},
    {"-9999", -9999, 1, 1, -9999, 12, 31, DateForm::kYear, "-9999", "-9999"},
    // Approximate years and winter clamp at the ends of time.
    {"c. 9999", 9998, 1, 1, 9999, 12, 31, DateForm::kApproximate, "9999~", "c. 9999"},
    {"-9999~", -9999, 1, 1, -9998, 12, 31, DateForm::kApproximate, "-9999~", "c. -9999"},
    {"winter 9999", 9999, 12, 1, 9999, 12, 31, DateForm::kWinter, "9999-24", "winter 9999"},
    {"early -0044", -44, 1, 1, -44, 4, 30, DateForm::kEarly, "-0044-37", "early -0044"},
    {"mid--0044", -44, 5, 1, -44, 8, 31, DateForm::kMid, "-0044-38", "mid--0044"},
    {"2000-02-29", 2000, 2, 29, 2000, 2, 29, DateForm::kDay, "2000-02-29", "2000-02-29"},
    {"0000-02-29", 0, 2, 29, 0, 2, 29, DateForm::kDay, "0000-02-29", "0000-02-29"},
};

TEST_CASE("every accepted date form reads as its day range", "[time][date]") {
  for (const FormCase& c : kForms) {
    INFO("input: \"" << c.input << "\"");
    const VagueDate date = VagueDate::Parse(c.input);
    CHECK(date.lo == DayFromCivil(c.lo_year, c.lo_month, c.lo_day));
    CHECK(date.hi == DayFromCivil(c.hi_year, c.hi_month, c.hi_day));
    CHECK(date.form == c.form);
    CHECK(date.ToIso() == c.iso);
    CHECK(date.ToText() == c.text);
    // Round trip at the date's own precision.
    CHECK(VagueDate::Parse(date.ToIso()) == date);
    CHECK(VagueDate::Parse(date.ToText()) == date);
  }
}

TEST_CASE("open and unknown ends", "[time][date]") {
  for (const char* open : {"present", "Present", "incumbent", "now", "", "   "}) {
    INFO(open);
    const VagueDate date = VagueDate::Parse(open);
    CHECK(date == VagueDate::Open());
    CHECK(date.form == DateForm::kOpen);
    CHECK(date.lo == annals::kMinDay);
    CHECK(date.hi == annals::kMaxDay);
  }
  CHECK(VagueDate::Parse("?") == VagueDate::Unknown());
  for (const char* unknown : {"unknown", "XXXX", "####-##-##", "xxxx-xx", "####"}) {
    INFO(unknown);
    CHECK(VagueDate::Parse(unknown) == VagueDate::Unknown());
  }
  CHECK_FALSE(VagueDate::TryParse("####-06", nullptr, nullptr));
  CHECK_FALSE(VagueDate::TryParse("-XXXX", nullptr, nullptr));
  CHECK(VagueDate::Parse(" ? ").form == DateForm::kUnknown);
  CHECK(VagueDate::Open().ToIso() == "");
  CHECK(VagueDate::Open().ToText() == "present");
  CHECK(VagueDate::Unknown().ToIso() == "?");
  CHECK(VagueDate::Unknown().ToText() == "?");
  CHECK(VagueDate::Parse(VagueDate::Open().ToIso()) == VagueDate::Open());
  CHECK(VagueDate::Parse(VagueDate::Open().ToText()) == VagueDate::Open());
}

// ISO text is written into a fixed buffer; a VagueDate built by hand may hold
// any Day, far outside the years the parser accepts, and must still print
// whole. The reference formats the civil date with snprintf.
TEST_CASE("ToIso writes any Day, beyond the years Annals reads too", "[time][date]") {
  const auto reference = [](Day day) {
    const annals::CivilDate civil = annals::CivilFromDay(day);
    char text[48];
    const long long year = civil.year;
    std::snprintf(text, sizeof text, "%s%04lld-%02d-%02d", year < 0 ? "-" : "",
                  year < 0 ? -year : year, civil.month, civil.day);
    return std::string(text);
  };
  const Day lowest = std::numeric_limits<Day>::min();
  const Day highest = std::numeric_limits<Day>::max();
  for (const Day day : {lowest, lowest + 1, DayFromCivil(-9999, 1, 1), DayFromCivil(-1, 12, 31),
                        DayFromCivil(0, 1, 1), Day{0}, DayFromCivil(9999, 12, 31), highest}) {
    INFO("day " << day);
    CHECK(VagueDate{day, day, DateForm::kDay}.ToIso() == reference(day));
  }
  const VagueDate widest{lowest, highest, DateForm::kSpan};
  CHECK(widest.ToIso() == "[" + reference(lowest) + ".." + reference(highest) + "]");
  CHECK(reference(lowest).size() == 14);
  const VagueDate last{highest, highest, DateForm::kDay};
  CHECK(annals::Period{widest, last}.ToIso() == widest.ToIso() + ".." + reference(highest));
}

struct ErrorCase {
  const char* input;
  const char* message_part;  // the error must contain this
};

const ErrorCase kErrors[] = {
    {"31 February 1921", "February 1921 has only 28 days"},
    {"1921-02-29", "February 1921 has only 28 days"},
    {"1900-02-29", "February 1900 has only 28 days"},
    {"29 February 1900", "February 1900 has only 28 days"},
    {"June 31, 1921", "June 1921 has only 30 days"},
    {"1921-06-00", "days count from 1"},
    {"1921-13", "there is no month 13"},
    {"1921-00", "there is no month 00"},
    {"1921-40", "there is no month 40"},
    {"1921-13-01", "there is no month 13"},
    {"10000", "year 10000 is outside -9999..9999"},
    {"-10000", "year -10000 is outside -9999..9999"},
    {"800", "four digits"},
    {"June 21", "a month needs a four-digit year"},
    {"June 1921x", "cannot read"},
    {"1925s", "a decade is written with its first year, e.g. 1920s"},
    {"c. June 1921", "an approximate date is a year"},
    {"1921-06~", "apply to years only"},
    {"1921-06-15?", "apply to years only"},
    {"1921-##-15", "a known day in an unknown month"},
    {"1X2X", "may be unspecified"},
    {"1XXX", "may be unspecified"},
    {"192X-06", "takes no month"},
    {"-192X", "0000-9999 only"},
    {"winter 1921/23", "runs into 1922"},
    {"mid-June 1921", "early, mid and late take a year"},
    {"spring", "a season takes a year"},
    {"1921-21-05", "has no day"},
    {"between 1922 and 1921", "ends (1921) before it begins (1922)"},
    {"between 1921 and 31 June 1921", "June 1921 has only 30 days"},
};

TEST_CASE("impossible dates are errors naming the problem", "[time][date]") {
  for (const ErrorCase& c : kErrors) {
    INFO("input: \"" << c.input << "\"");
    std::string error;
    VagueDate date;
    CHECK_FALSE(VagueDate::TryParse(c.input, &date, &error));
    CHECK_THAT(error, Catch::Contains(c.message_part));
    CHECK_THAT(error, Catch::Contains(std::string("\"") + c.input + "\"") ||
                          Catch::Contains("cannot read"));
    try {
      (void)VagueDate::Parse(c.input);
      FAIL("Parse accepted \"" << c.input << "\"");
    } catch (const annals::Error& e) {
      CHECK(e.code() == annals::ErrorCode::kSyntax);
      CHECK(e.message() == error);
    }
  }
}

TEST_CASE("unknown text is an error that quotes it and lists the forms", "[time][date]") {
  for (const char* input : {"foo",
                            "June",
                            "15",
                            "15 June",
                            "1921-6",
                            "1921-06-1",
                            "1921 - 06",
                            "1921/06/15",
                            "yesterday",
                            "1921 June",
                            "early",
                            "c.",
                            "1920–1922",
                            "1921-06-15..",
                            "1921 AD",
                            "(1921)",
                            "June 15",
                            "1921\xE2\x80\x9C",
                            "1921.",
                            "19",
                            "06-15-1921",
                            "15.06.1921",
                            "[1921..",
                            "between 1921",
                            "between and 1922",
                            "[..1921]",
                            "[1921..1922..1923]",
                            "between [1921..1922] and 1923"}) {
    INFO("input: \"" << input << "\"");
    std::string error;
    CHECK_FALSE(VagueDate::TryParse(input, nullptr, &error));
    CHECK_THAT(error, Catch::StartsWith("cannot read \""));
    CHECK_THAT(error, Catch::Contains(std::string("\"") + input + "\""));
  }
  std::string error;
  CHECK_FALSE(VagueDate::TryParse("foo", nullptr, &error));
  CHECK_THAT(error, Catch::Contains("accepted forms: 1921, 1921-06, 1921-06-15"));
  CHECK_THAT(error, Catch::Contains("mid-1921"));
}

TEST_CASE("long garbage is quoted short", "[time][date]") {
  const std::string garbage(10000, 'z');
  std::string error;
  CHECK_FALSE(VagueDate::TryParse(garbage, nullptr, &error));
  CHECK(error.size() < 1000);
  CHECK_THAT(error, Catch::Contains("..."));
}

TEST_CASE("TryParse leaves out untouched on failure and accepts null pointers", "[time][date]") {
  VagueDate date = VagueDate::InYear(1800);
  CHECK_FALSE(VagueDate::TryParse("1921-13", &date, nullptr));
  CHECK(date == VagueDate::InYear(1800));
  CHECK(VagueDate::TryParse("1921", &date, nullptr));
  CHECK(date == VagueDate::InYear(1921));
  CHECK(VagueDate::TryParse("1921", nullptr, nullptr));
}

TEST_CASE("constructors check their arguments", "[time][date]") {
  CHECK(VagueDate::OnDay(1921, 6, 15).IsExact());
  CHECK(VagueDate::InMonth(1921, 2).hi - VagueDate::InMonth(1921, 2).lo == 27);
  CHECK(VagueDate::InYear(2000).hi - VagueDate::InYear(2000).lo == 365);
  CHECK_THROWS_AS(VagueDate::OnDay(1921, 2, 29), annals::Error);
  CHECK_THROWS_AS(VagueDate::InMonth(1921, 13), annals::Error);
  CHECK_THROWS_AS(VagueDate::InYear(10000), annals::Error);
  CHECK_THROWS_AS(VagueDate::Span(5, 4), annals::Error);
  CHECK_THROWS_AS(VagueDate::Span(annals::kMinDay - 1, 0), annals::Error);
  CHECK(VagueDate::Span(3, 3).form == DateForm::kSpan);
}

// Random dates of every form, to check the round trip beyond the table.
VagueDate RandomDate(std::mt19937& rng) {
  std::uniform_int_distribution<int> year_of(annals::kMinYear, annals::kMaxYear);
  std::uniform_int_distribution<int> pick(0, 15);
  const int year = year_of(rng);
  const int kind = pick(rng);
  const auto day_in = [&](int y) {
    std::uniform_int_distribution<int> month_of(1, 12);
    const int month = month_of(rng);
    std::uniform_int_distribution<int> day_of(1, annals::DaysInMonth(y, month));
    return VagueDate::OnDay(y, month, day_of(rng));
  };
  const char* suffixes[] = {"~", "?", "-21", "-22", "-23", "-24", "-37", "-38", "-39"};
  std::string iso_year = VagueDate::InYear(year).ToIso();
  switch (kind) {
    case 0:
      return day_in(year);
    case 1: {
      std::uniform_int_distribution<int> month_of(1, 12);
      return VagueDate::InMonth(year, month_of(rng));
    }
    case 2:
      return VagueDate::InYear(year);
    case 3: {
      const int decade_year = (year < 0 ? -year : year) / 10 * 10;
      return VagueDate::Parse(std::to_string(decade_year / 1000) +
                              std::to_string(decade_year / 100 % 10) +
                              std::to_string(decade_year / 10 % 10) + "0s");
    }
    case 4: {
      const int century = (year < 0 ? -year : year) / 100;
      std::string text = std::to_string(century);
      if (text.size() < 2) text = "0" + text;
      return VagueDate::Parse(text + "XX");
    }
    case 5: {
      const VagueDate a = day_in(year);
      const VagueDate b = day_in(year_of(rng));
      return VagueDate::Span(std::min(a.lo, b.lo), std::max(a.lo, b.lo));
    }
    default:
      return VagueDate::Parse(iso_year + suffixes[(kind - 6) % 9]);
  }
}

TEST_CASE("Parse(ToIso(d)) == d and Parse(ToText(d)) == d for random dates of every form",
          "[time][date]") {
  std::mt19937 rng(20261121);
  int checked = 0;
  for (int i = 0; i < 20000; ++i) {
    const VagueDate date = RandomDate(rng);
    INFO("iso " << date.ToIso() << " text " << date.ToText());
    REQUIRE(VagueDate::Parse(date.ToIso()) == date);
    REQUIRE(VagueDate::Parse(date.ToText()) == date);
    ++checked;
  }
  CHECK(checked == 20000);
}

}  // namespace

namespace {

// Random text built from the pieces dates are made of: whatever it is, reading
// it either succeeds (and the result round-trips) or fails with a message.
std::string RandomDateText(std::mt19937& rng) {
  static const char* kPieces[] = {
      "1921",
      "0044",
      "-",
      "-",
      "06",
      "15",
      "##",
      "XX",
      "X",
      "x",
      "s",
      " ",
      " ",
      ",",
      ".",
      "..",
      "~",
      "?",
      "/",
      "[",
      "]",
      "June",
      "Jun",
      "sept",
      "c.",
      "circa",
      "mid",
      "early",
      "late",
      "spring",
      "winter",
      "of",
      "the",
      "between",
      "and",
      "present",
      "\xE2\x80\x93",
      "\xE2\x80\x94",
      "\xC2\xA0",
      "31",
      "2",
      "9999",
      "10000",
      "'",
      "th",
      "\xFF",
      "\xE2\x80",
  };
  std::uniform_int_distribution<std::size_t> piece(0, std::size(kPieces) - 1);
  std::uniform_int_distribution<int> count(0, 7);
  std::string text;
  for (int i = count(rng); i > 0; --i) text += kPieces[piece(rng)];
  return text;
}

TEST_CASE("random text never crashes the date and period readers", "[time][date][period]") {
  std::mt19937 rng(1917);
  int dates = 0;
  int periods = 0;
  int wrong = 0;
  std::string first_wrong;
  const auto check = [&](bool ok, const std::string& text) {
    if (ok) return;
    if (wrong++ == 0) first_wrong = text;
  };
  for (int i = 0; i < 40000; ++i) {
    const std::string text = RandomDateText(rng);
    VagueDate date;
    std::string error;
    if (VagueDate::TryParse(text, &date, &error)) {
      ++dates;
      check(VagueDate::Parse(date.ToIso()) == date, text);
      check(VagueDate::Parse(date.ToText()) == date, text);
    } else {
      check(error.rfind("cannot read \"", 0) == 0, text);
    }
    std::vector<annals::Period> list;
    if (annals::Period::TryParseList(text, &list, &error)) {
      for (const annals::Period& p : list) {
        ++periods;
        check(p.start.lo <= p.end.hi, text);
        check(annals::Period::Parse(p.ToIso()) == p, text);
        check(annals::Period::Parse(p.ToText()) == p, text);
      }
    } else {
      check(!error.empty(), text);
    }
  }
  INFO("first wrong: \"" << first_wrong << "\"");
  CHECK(wrong == 0);
  CHECK(dates > 1000);
  CHECK(periods > 1000);
}

}  // namespace
