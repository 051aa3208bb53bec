// Periods: resolution of open and unknown ends, the written forms of a
// period, lists of periods, and their round trip.
#include <annals/error.hpp>
#include <annals/time.hpp>

#include "engine/time/vague_date.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

namespace {

using annals::Certainty;
using annals::DateForm;
using annals::Day;
using annals::HoldsDuring;
using annals::kMaxDay;
using annals::kMinDay;
using annals::Period;
using annals::VagueDate;

Day D(int y, int m, int d) { return annals::DayFromCivil(y, m, d); }

TEST_CASE("Make resolves open and unknown ends", "[time][period]") {
  const VagueDate y1921 = VagueDate::InYear(1921);
  const VagueDate june = VagueDate::InMonth(1922, 6);

  SECTION("open end: still holds") {
    const Period p = Period::Make(y1921, VagueDate::Open());
    CHECK(p.end.lo == kMaxDay);
    CHECK(p.end.hi == kMaxDay);
    CHECK(p.end.form == DateForm::kOpen);
    CHECK(p.start == y1921);
  }
  SECTION("unknown end: somewhere after the start") {
    const Period p = Period::Make(y1921, VagueDate::Unknown());
    CHECK(p.end.lo == y1921.lo);
    CHECK(p.end.hi == kMaxDay);
    CHECK(p.end.form == DateForm::kUnknown);
  }
  SECTION("open or unknown start: somewhere before the end") {
    for (const VagueDate& start : {VagueDate::Open(), VagueDate::Unknown()}) {
      const Period p = Period::Make(start, june);
      CHECK(p.start.lo == kMinDay);
      CHECK(p.start.hi == june.hi);
      CHECK(p.start.form == start.form);
      CHECK(p.end == june);
    }
  }
  SECTION("both open") {
    const Period p = Period::Make(VagueDate::Open(), VagueDate::Open());
    CHECK(p.start.lo == kMinDay);
    CHECK(p.start.hi == kMaxDay);
    CHECK(p.end.lo == kMaxDay);
  }
  SECTION("both unknown") {
    const Period p = Period::Make(VagueDate::Unknown(), VagueDate::Unknown());
    CHECK(p.start.lo == kMinDay);
    CHECK(p.start.hi == kMaxDay);
    CHECK(p.end.lo == kMinDay);
    CHECK(p.end.hi == kMaxDay);
  }
  SECTION("bounds tighten to what S <= E allows, forms stay") {
    // Start "1922", end "March 1922": the start cannot be after 31 March.
    const Period p = Period::Make(VagueDate::InYear(1922), VagueDate::InMonth(1922, 3));
    CHECK(p.start.lo == D(1922, 1, 1));
    CHECK(p.start.hi == D(1922, 3, 31));
    CHECK(p.start.form == DateForm::kYear);
    CHECK(p.end.lo == D(1922, 3, 1));
    CHECK(p.ToIso() == "1922..1922-03");
    CHECK(Period::Parse(p.ToIso()) == p);
  }
  SECTION("Make is idempotent") {
    for (const char* text : {"1920..1922", "..1920", "1921..", "?..1921", "1921..?", "..", "?..?",
                             "1922..1922-03", "mid-1921..1921-06"}) {
      INFO(text);
      const Period p = Period::Parse(text);
      CHECK(Period::Make(p.start, p.end) == p);
    }
  }
}

TEST_CASE("a period that ends before it starts is an error", "[time][period]") {
  std::string error;
  CHECK_FALSE(Period::TryMake(VagueDate::InYear(1922), VagueDate::InYear(1921), nullptr, &error));
  CHECK(error == "the period ends (1921) before it starts (1922)");
  CHECK_THROWS_AS(Period::Make(VagueDate::InYear(1922), VagueDate::InYear(1921)), annals::Error);
  // Overlapping vague ends are fine: the end may be after the start.
  CHECK(Period::TryMake(VagueDate::InYear(1921), VagueDate::InMonth(1921, 1), nullptr, nullptr));
  // One day long.
  CHECK(Period::TryMake(VagueDate::OnDay(1921, 1, 1), VagueDate::OnDay(1921, 1, 1), nullptr,
                        nullptr));
  CHECK_FALSE(Period::TryMake(VagueDate::OnDay(1921, 1, 2), VagueDate::OnDay(1921, 1, 1), nullptr,
                              nullptr));
  try {
    (void)Period::Make(VagueDate::InYear(1922), VagueDate::InYear(1921));
  } catch (const annals::Error& e) {
    CHECK(e.code() == annals::ErrorCode::kInvalidArgument);
  }
  // Malformed hand-built dates are refused, not trusted.
  CHECK_FALSE(
      Period::TryMake(VagueDate{5, 4, DateForm::kSpan}, VagueDate::InYear(1921), nullptr, &error));
  CHECK_FALSE(Period::TryMake(VagueDate::InYear(1921), VagueDate{0, kMaxDay + 1, DateForm::kSpan},
                              nullptr, &error));
}

struct PeriodCase {
  const char* input;
  const char* iso;
  const char* text;
};

const PeriodCase kPeriods[] = {
    {"1920\xE2\x80\x93"
     "1922",
     "1920..1922", "1920 \xE2\x80\x93 1922"},
    {"1920 \xE2\x80\x94 1922", "1920..1922", "1920 \xE2\x80\x93 1922"},
    {"1920-1922", "1920..1922", "1920 \xE2\x80\x93 1922"},
    {"1920 - 1922", "1920..1922", "1920 \xE2\x80\x93 1922"},
    {"1920..1922", "1920..1922", "1920 \xE2\x80\x93 1922"},
    {"1920-12", "1920-12", "1920-12"},  // ISO month, not 1920 to year 12
    {"1920-12-1921-01", "1920-12..1921-01", "1920-12 \xE2\x80\x93 1921-01"},
    {"1921-06-15..present", "1921-06-15..", "1921-06-15 \xE2\x80\x93 present"},
    {"1921-06-15..", "1921-06-15..", "1921-06-15 \xE2\x80\x93 present"},
    {"1921-06-15 \xE2\x80\x93 incumbent", "1921-06-15..", "1921-06-15 \xE2\x80\x93 present"},
    {"1921-06-15\xE2\x80\x93", "1921-06-15..", "1921-06-15 \xE2\x80\x93 present"},
    {"..1920", "..1920", "\xE2\x80\x93 1920"},
    {"\xE2\x80\x93"
     "1920",
     "..1920", "\xE2\x80\x93 1920"},
    {"?..1920", "?..1920", "? \xE2\x80\x93 1920"},
    {"1921..?", "1921..?", "1921 \xE2\x80\x93 ?"},
    {"..", "..", "\xE2\x80\x93 present"},
    {"1922", "1922", "1922"},
    {"mid-1921", "1921-38", "mid-1921"},
    {"23 February 1921 \xE2\x80\x93 3 July 1921", "1921-02-23..1921-07-03",
     "1921-02-23 \xE2\x80\x93 1921-07-03"},
    {"1922\xE2\x80\x93June 1923", "1922..1923-06", "1922 \xE2\x80\x93 1923-06"},
    {"December 1920 - 29 May 1921", "1920-12..1921-05-29", "1920-12 \xE2\x80\x93 1921-05-29"},
    {"mid-1921-1922", "1921-38..1922", "mid-1921 \xE2\x80\x93 1922"},
    {"-0044-03-15..-0043", "-0044-03-15..-0043", "-0044-03-15 \xE2\x80\x93 -0043"},
    {"-0044--0043", "-0044..-0043", "-0044 \xE2\x80\x93 -0043"},
    {"-1920", "-1920", "-1920"},  // the year -1920, not an open start
    {"[1921-03-05..1921-04-02]..1922", "[1921-03-05..1921-04-02]..1922",
     "between 1921-03-05 and 1921-04-02 \xE2\x80\x93 1922"},
    {"c. 1920 \xE2\x80\x93 late 1921", "1920~..1921-39", "c. 1920 \xE2\x80\x93 late 1921"},
    {"June 15, 1921 \xE2\x80\x93 June 20, 1921", "1921-06-15..1921-06-20",
     "1921-06-15 \xE2\x80\x93 1921-06-20"},
    {"always", "always", "always"},
};

TEST_CASE("every written form of a period", "[time][period]") {
  for (const PeriodCase& c : kPeriods) {
    INFO("input: \"" << c.input << "\"");
    const Period p = Period::Parse(c.input);
    CHECK(p.ToIso() == c.iso);
    CHECK(p.ToText() == c.text);
    CHECK(Period::Parse(p.ToIso()) == p);
    CHECK(Period::Parse(p.ToText()) == p);
  }
}

TEST_CASE("a tightened end or start keeps its written form", "[time][period]") {
  // Make raises an end's lo to the start's lo and lowers a start's hi to the
  // end's hi; the year a form prints with used to be read from the narrowed
  // range, so "c. 1921" after 1921-06-15 printed as c. 1922 (another range).
  const Period approx = Period::Parse("1921-06-15..c. 1921");
  CHECK(approx.end.lo == D(1921, 6, 15));
  CHECK(approx.WrittenEnd() == VagueDate::Parse("c. 1921"));
  CHECK(approx.ToText() == "1921-06-15 \xE2\x80\x93 c. 1921");
  CHECK(approx.ToIso() == "1921-06-15..1921~");
  const Period decade = Period::Parse("1925..1920s");
  CHECK(decade.EndText() == "1920s");
  CHECK(decade.ToIso() == "1925..192X");
  const Period winter = Period::Parse("1922-01-15..winter 1921");
  CHECK(winter.EndText() == "winter 1921");
  CHECK(winter.ToIso() == "1922-01-15..1921-24");

  using annals::engine::YearForm;
  const DateForm kYearForms[] = {DateForm::kYear,   DateForm::kApproximate, DateForm::kUncertain,
                                 DateForm::kDecade, DateForm::kCentury,     DateForm::kEarly,
                                 DateForm::kMid,    DateForm::kLate,        DateForm::kSpring,
                                 DateForm::kSummer, DateForm::kAutumn,      DateForm::kWinter};
  std::vector<VagueDate> written;
  for (const DateForm form : kYearForms) {
    for (const int year :
         {-9999, -9998, -44, 0, 1, 1900, 1920, 1921, 1999, 9900, 9990, 9998, 9999}) {
      if (form == DateForm::kDecade && (year < 0 || year % 10 != 0)) continue;
      if (form == DateForm::kCentury && (year < 0 || year % 100 != 0)) continue;
      written.push_back(YearForm(form, year));
    }
  }
  for (const int year : {-9999, 1921, 9999}) {
    for (const int month : {1, 2, 6, 12}) written.push_back(VagueDate::InMonth(year, month));
  }
  const auto clamped_approx = [](const VagueDate& date, Day edge) {
    return (date.form == DateForm::kApproximate || date.form == DateForm::kUncertain) &&
           (date.lo == edge || date.hi == edge);
  };
  for (const VagueDate& date : written) {
    for (const Day cut : {date.lo, static_cast<Day>(date.lo + (date.hi - date.lo) / 2), date.hi}) {
      const VagueDate day{cut, cut, DateForm::kDay};
      INFO(date.ToIso() << " cut at " << day.ToIso());
      // c. 9998 and c. 9999 both end on the last day (clamped) and differ
      // only in their lo; once that is tightened nothing tells them apart.
      // Likewise c. -9999 and c. -9998 as starts. The snapshot stores no more.
      if (!(clamped_approx(date, kMaxDay) && cut != date.lo)) {
        const Period ends = Period::Make(day, date);
        CHECK(ends.end.lo == cut);
        CHECK(ends.WrittenEnd() == date);
        CHECK(ends.EndText() == date.ToText());
        CHECK(Period::Parse(ends.ToIso()) == ends);
        CHECK(Period::Parse(ends.ToText()) == ends);
      }
      if (!(clamped_approx(date, kMinDay) && cut != date.hi)) {
        const Period starts = Period::Make(date, day);
        CHECK(starts.start.hi == cut);
        CHECK(starts.WrittenStart() == date);
        CHECK(starts.StartText() == date.ToText());
        CHECK(Period::Parse(starts.ToIso()) == starts);
        CHECK(Period::Parse(starts.ToText()) == starts);
      }
    }
  }
}

TEST_CASE("period day bounds", "[time][period]") {
  const Period p = Period::Parse("1920-1922");
  CHECK(p.start.lo == D(1920, 1, 1));
  CHECK(p.start.hi == D(1920, 12, 31));
  CHECK(p.end.lo == D(1922, 1, 1));
  CHECK(p.end.hi == D(1922, 12, 31));
  const Period single = Period::Parse("1922");
  CHECK(single.start == single.end);
  CHECK(single.start == VagueDate::InYear(1922));
  const Period always = Period::Always();
  CHECK(always.start.lo == kMinDay);
  CHECK(always.start.hi == kMinDay);
  CHECK(always.end.lo == kMaxDay);
  CHECK(always.end.hi == kMaxDay);
  CHECK(always.StartText().empty());
  CHECK(always.EndText() == "present");
  CHECK(Period::Parse("1921-06-15..present").StartText() == "1921-06-15");
  CHECK(always.start.form == DateForm::kOpen);
  CHECK(always.end.form == DateForm::kOpen);
  // Unlike Make() with two open ends, whose start is unknown, always is
  // certain on the first and the last day.
  CHECK(HoldsDuring(always, kMinDay, kMinDay) == Certainty::kCertain);
  CHECK(HoldsDuring(always, kMaxDay, kMaxDay) == Certainty::kCertain);
  CHECK(HoldsDuring(Period::Make(VagueDate::Open(), VagueDate::Open()), kMinDay, kMinDay) ==
        Certainty::kPossible);
}

TEST_CASE("period errors", "[time][period]") {
  const std::pair<const char*, const char*> cases[] = {
      {"", "cannot be empty"},
      {"present", "needs at least one date"},
      {"?", "needs at least one date"},
      {"1922-1920", "the period ends (1920) before it starts (1922)"},
      {"1922..1921-06", "ends (1921-06) before it starts (1922)"},
      {"1920..1921..1922", "\"..\" appears twice"},
      {"31 February 1921 \xE2\x80\x93 1922", "February 1921 has only 28 days"},
      {"1921..1921-13", "there is no month 13"},
      {"1920\xE2\x80\x93"
       "21",
       "write the end year in full, e.g. 1920\xE2\x80\x93"
       "1921"},
      {"1921-13", "there is no month 13"},
      {"foo", "as a period; write a date, FROM..TO"},
      {"1920 to 1922", "as a period"},
      {"1921 - 06", "as a period"},
  };
  for (const auto& [input, part] : cases) {
    INFO("input: \"" << input << "\"");
    try {
      (void)Period::Parse(input);
      FAIL("accepted");
    } catch (const annals::Error& e) {
      CHECK((e.code() == annals::ErrorCode::kSyntax ||
             e.code() == annals::ErrorCode::kInvalidArgument));
      CHECK_THAT(e.message(), Catch::Contains(part));
    }
  }
}

TEST_CASE("lists of periods", "[time][period]") {
  const std::vector<Period> list = Period::ParseList(
      "1920\xE2\x80\x93"
      "1921, 1922");
  REQUIRE(list.size() == 2);
  CHECK(list[0] == Period::Parse("1920..1921"));
  CHECK(list[1] == Period::Parse("1922"));

  // Commas inside "June 15, 1921" are not separators.
  const std::vector<Period> commas =
      Period::ParseList("June 15, 1921 \xE2\x80\x93 June 20, 1921, 1922; 1923..present");
  REQUIRE(commas.size() == 3);
  CHECK(commas[0].ToIso() == "1921-06-15..1921-06-20");
  CHECK(commas[1].ToIso() == "1922");
  CHECK(commas[2].ToIso() == "1923..");

  CHECK(Period::ParseList("1919").size() == 1);
  // From the sample data: "Abdullo Rakhimbayev (1920–1921, 1922)".
  CHECK(Period::ParseList("1920\xE2\x80\x93"
                          "1921, 1922")
            .size() == 2);

  std::vector<Period> out;
  std::string error;
  CHECK_FALSE(Period::TryParseList("1920, , 1922", &out, &error));
  CHECK_THAT(error, Catch::Contains("item 2 is empty"));
  CHECK_FALSE(Period::TryParseList("1920, foo", &out, &error));
  CHECK_THAT(error, Catch::Contains("\"foo\""));
  CHECK_FALSE(Period::TryParseList("", &out, &error));
  CHECK_THROWS_AS(Period::ParseList("1920, 1921-13"), annals::Error);
}

}  // namespace
