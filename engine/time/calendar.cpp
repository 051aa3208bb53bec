// The public calendar functions of annals/time.hpp.
#include "engine/time/calendar.hpp"

#include <annals/time.hpp>

namespace annals {

const Day kMinDay = engine::kFirstDay;
const Day kMaxDay = engine::kLastDay;

bool IsValidCivil(int year, int month, int day) {
  if (year < kMinYear || year > kMaxYear) return false;
  if (month < 1 || month > 12) return false;
  return day >= 1 && day <= engine::MonthLength(year, month);
}

Day DayFromCivil(int year, int month, int day) {
  // Unchecked by contract, but computed in 64 bits and narrowed explicitly so
  // that even nonsense input is defined behaviour.
  return static_cast<Day>(engine::DaysFromCivil(year, month, day));
}

CivilDate CivilFromDay(Day day) {
  const engine::Civil64 civil = engine::CivilFromDays(day);
  // Any int32 day lies within +-5.9 million years, so the year fits an int.
  return CivilDate{static_cast<int>(civil.year), civil.month, civil.day};
}

int DaysInMonth(int year, int month) { return engine::MonthLength(year, month); }

}  // namespace annals

namespace annals::engine {

const char* MonthName(int month) {
  static constexpr const char* kNames[12] = {"January",   "February", "March",    "April",
                                             "May",       "June",     "July",     "August",
                                             "September", "October",  "November", "December"};
  if (month < 1 || month > 12) return "";
  return kNames[month - 1];
}

}  // namespace annals::engine
