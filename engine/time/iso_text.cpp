// IsoText: days and vague dates as ISO 8601 / EDTF text, without allocating.
#include "engine/time/iso_text.hpp"

#include "engine/time/calendar.hpp"
#include "engine/time/vague_date.hpp"

#include <charconv>
#include <cstring>

namespace annals::engine {

namespace {

void WriteTwoDigits(int value, char* out) {
  out[0] = static_cast<char>('0' + value / 10);
  out[1] = static_cast<char>('0' + value % 10);
}

}  // namespace

void IsoText::Append(std::string_view text) {
  std::memcpy(chars_.data() + size_, text.data(), text.size());
  size_ += text.size();
}

void IsoText::AppendYear(long long year) {
  if (year < 0) Append('-');
  const unsigned long long magnitude = year < 0 ? 0ULL - static_cast<unsigned long long>(year)
                                                : static_cast<unsigned long long>(year);
  char digits[24];
  const std::to_chars_result written = std::to_chars(digits, digits + sizeof digits, magnitude);
  const auto length = static_cast<std::size_t>(written.ptr - digits);
  for (std::size_t pad = length; pad < 4; ++pad) Append('0');
  Append(std::string_view(digits, length));
}

void IsoText::AppendDay(Day day) {
  const Civil64 civil = CivilFromDays(day);
  AppendYear(civil.year);
  char month_and_day[6] = {'-', '0', '0', '-', '0', '0'};
  WriteTwoDigits(civil.month, month_and_day + 1);
  WriteTwoDigits(civil.day, month_and_day + 4);
  Append(std::string_view(month_and_day, sizeof month_and_day));
}

IsoText IsoOfDay(Day day) {
  IsoText text;
  text.AppendDay(day);
  return text;
}

IsoText IsoOfDate(const VagueDate& date) {
  IsoText text;
  switch (date.form) {
    case DateForm::kDay:
      text.AppendDay(date.lo);
      return text;
    case DateForm::kMonth: {
      const Civil64 civil = CivilFromDays(date.lo);
      text.AppendYear(civil.year);
      char month[3] = {'-', '0', '0'};
      WriteTwoDigits(civil.month, month + 1);
      text.Append(std::string_view(month, sizeof month));
      return text;
    }
    case DateForm::kSpan:
      text.Append('[');
      text.AppendDay(date.lo);
      text.Append("..");
      text.AppendDay(date.hi);
      text.Append(']');
      return text;
    case DateForm::kOpen:
      return text;
    case DateForm::kUnknown:
      text.Append('?');
      return text;
    case DateForm::kYear:
    case DateForm::kApproximate:
    case DateForm::kUncertain:
    case DateForm::kDecade:
    case DateForm::kCentury:
    case DateForm::kEarly:
    case DateForm::kMid:
    case DateForm::kLate:
    case DateForm::kSpring:
    case DateForm::kSummer:
    case DateForm::kAutumn:
    case DateForm::kWinter:
      break;
  }
  // A decade or a century is written with its first year, whose last one or
  // two digits the X's then stand for.
  IsoText year;
  year.AppendYear(YearOfForm(date));
  const std::string_view digits = year.view();
  switch (date.form) {
    case DateForm::kDecade:
      text.Append(digits.substr(0, digits.size() - 1));
      text.Append('X');
      return text;
    case DateForm::kCentury:
      text.Append(digits.substr(0, digits.size() - 2));
      text.Append("XX");
      return text;
    default:
      text.Append(digits);
      break;
  }
  // EDTF level 2 sub-year groupings: 21-24 seasons, 37-39 quadrimesters.
  switch (date.form) {
    case DateForm::kApproximate:
      text.Append('~');
      break;
    case DateForm::kUncertain:
      text.Append('?');
      break;
    case DateForm::kSpring:
      text.Append("-21");
      break;
    case DateForm::kSummer:
      text.Append("-22");
      break;
    case DateForm::kAutumn:
      text.Append("-23");
      break;
    case DateForm::kWinter:
      text.Append("-24");
      break;
    case DateForm::kEarly:
      text.Append("-37");
      break;
    case DateForm::kMid:
      text.Append("-38");
      break;
    case DateForm::kLate:
      text.Append("-39");
      break;
    default:
      break;
  }
  return text;
}

}  // namespace annals::engine
