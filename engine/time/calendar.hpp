// Proleptic Gregorian calendar arithmetic behind annals::DayFromCivil and
// friends, in constexpr form so that kMinDay and kMaxDay are constant-initialized
// (no static-initialization-order trouble for other translation units).
#pragma once

#include <annals/time.hpp>

#include <cstdint>

namespace annals::engine {

//! Days since 1970-01-01 of y-m-d, for any y, m in 1..12, d (not checked).
//! Howard Hinnant's days_from_civil, computed in 64 bits so no input overflows.
constexpr std::int64_t DaysFromCivil(std::int64_t year, std::int64_t month, std::int64_t day) {
  year -= month <= 2 ? 1 : 0;
  const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
  const std::int64_t year_of_era = year - era * 400;  // [0, 399]
  const std::int64_t day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const std::int64_t day_of_era =
      year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;  // [0, 146096]
  return era * 146097 + day_of_era - 719468;
}

//! The civil date of a day number (any 64-bit day a Day can hold).
struct Civil64 {
  std::int64_t year = 1970;
  int month = 1;
  int day = 1;
};

constexpr Civil64 CivilFromDays(std::int64_t days) {
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const std::int64_t day_of_era = days - era * 146097;  // [0, 146096]
  const std::int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const std::int64_t day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);  // [0, 365]
  const std::int64_t shifted_month = (5 * day_of_year + 2) / 153;              // [0, 11]
  Civil64 civil;
  civil.day = static_cast<int>(day_of_year - (153 * shifted_month + 2) / 5 + 1);
  civil.month = static_cast<int>(shifted_month < 10 ? shifted_month + 3 : shifted_month - 9);
  civil.year = year_of_era + era * 400 + (civil.month <= 2 ? 1 : 0);
  return civil;
}

constexpr bool IsLeapYear(std::int64_t year) {
  return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
}

constexpr int MonthLength(std::int64_t year, int month) {
  constexpr int kLengths[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  return month == 2 && IsLeapYear(year) ? 29 : kLengths[month - 1];
}

inline constexpr Day kFirstDay = static_cast<Day>(DaysFromCivil(kMinYear, 1, 1));
inline constexpr Day kLastDay = static_cast<Day>(DaysFromCivil(kMaxYear, 12, 31));

//! English month name, "January".."December"; "" outside 1..12.
const char* MonthName(int month);

}  // namespace annals::engine
