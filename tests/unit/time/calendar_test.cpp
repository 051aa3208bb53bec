// The proleptic Gregorian calendar: day numbers against a day-by-day walk of
// the whole supported range, leap years, and the bounds.
#include <annals/time.hpp>

#include <catch2/catch.hpp>

#include <cstdint>

namespace {

using annals::CivilDate;
using annals::CivilFromDay;
using annals::Day;
using annals::DayFromCivil;
using annals::DaysInMonth;
using annals::IsValidCivil;

TEST_CASE("day numbers count from 1970-01-01", "[time][calendar]") {
  CHECK(DayFromCivil(1970, 1, 1) == 0);
  CHECK(DayFromCivil(1970, 1, 2) == 1);
  CHECK(DayFromCivil(1969, 12, 31) == -1);
  CHECK(DayFromCivil(2000, 3, 1) == 11017);
  CHECK(DayFromCivil(1921, 6, 15) == -17732);
  CHECK(CivilFromDay(-17732) == CivilDate{1921, 6, 15});
}

TEST_CASE("every day from -9999 to 9999 converts both ways and follows the previous one",
          "[time][calendar]") {
  // Walk the calendar day by day with the plain month-length rules and check
  // that the closed-form conversion agrees at every single day.
  int year = annals::kMinYear;
  int month = 1;
  int day = 1;
  Day expected = annals::kMinDay;
  std::int64_t mismatches = 0;
  while (year <= annals::kMaxYear) {
    if (DayFromCivil(year, month, day) != expected) ++mismatches;
    if (!(CivilFromDay(expected) == CivilDate{year, month, day})) ++mismatches;
    ++expected;
    if (++day > DaysInMonth(year, month)) {
      day = 1;
      if (++month > 12) {
        month = 1;
        ++year;
      }
    }
  }
  CHECK(mismatches == 0);
  CHECK(expected - 1 == annals::kMaxDay);
}

TEST_CASE("bounds of time", "[time][calendar]") {
  CHECK(CivilFromDay(annals::kMinDay) == CivilDate{-9999, 1, 1});
  CHECK(CivilFromDay(annals::kMaxDay) == CivilDate{9999, 12, 31});
  CHECK(annals::kMaxDay - annals::kMinDay + 1 ==
        7304484);  // 19999 years of 365.2425 days, rounded down
}

TEST_CASE("leap years follow the Gregorian rule, year 0 included", "[time][calendar]") {
  CHECK(DaysInMonth(1900, 2) == 28);
  CHECK(DaysInMonth(2000, 2) == 29);
  CHECK(DaysInMonth(1920, 2) == 29);
  CHECK(DaysInMonth(1921, 2) == 28);
  CHECK(DaysInMonth(0, 2) == 29);  // astronomical year 0 = 1 BC, a leap year
  CHECK(DaysInMonth(-4, 2) == 29);
  CHECK(DaysInMonth(-100, 2) == 28);
  CHECK(DaysInMonth(-400, 2) == 29);
  CHECK(DayFromCivil(1, 1, 1) - DayFromCivil(0, 1, 1) == 366);
  CHECK(DaysInMonth(1921, 4) == 30);
  CHECK(DaysInMonth(1921, 13) == 0);
  CHECK(DaysInMonth(1921, 0) == 0);
}

TEST_CASE("IsValidCivil rejects impossible and out-of-range dates", "[time][calendar]") {
  CHECK(IsValidCivil(1921, 2, 28));
  CHECK_FALSE(IsValidCivil(1921, 2, 29));
  CHECK(IsValidCivil(2000, 2, 29));
  CHECK_FALSE(IsValidCivil(1900, 2, 29));
  CHECK_FALSE(IsValidCivil(1921, 13, 1));
  CHECK_FALSE(IsValidCivil(1921, 0, 1));
  CHECK_FALSE(IsValidCivil(1921, 6, 0));
  CHECK_FALSE(IsValidCivil(1921, 6, 31));
  CHECK(IsValidCivil(-9999, 1, 1));
  CHECK(IsValidCivil(9999, 12, 31));
  CHECK_FALSE(IsValidCivil(-10000, 12, 31));
  CHECK_FALSE(IsValidCivil(10000, 1, 1));
}

TEST_CASE("conversion of any int32 day is defined", "[time][calendar]") {
  // Not meaningful dates, but no overflow: ASan/UBSan builds check this.
  const CivilDate low = CivilFromDay(INT32_MIN);
  const CivilDate high = CivilFromDay(INT32_MAX);
  CHECK(low.year < -5000000);
  CHECK(high.year > 5000000);
  CHECK(DayFromCivil(high.year, high.month, high.day) == INT32_MAX);
  CHECK(DayFromCivil(low.year, low.month, low.day) == INT32_MIN);
}

}  // namespace
