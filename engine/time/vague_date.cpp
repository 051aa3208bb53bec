// VagueDate: constructors, parsing entry points and printing at the precision
// a date was written with.
#include "engine/time/vague_date.hpp"

#include <annals/error.hpp>
#include <annals/time.hpp>

#include "engine/time/calendar.hpp"
#include "engine/time/date_parser.hpp"
#include "engine/time/iso_text.hpp"

#include <algorithm>
#include <cstdint>
#include <string>

namespace annals::engine {

namespace {

Day ClampedDay(std::int64_t year, int month, int day) {
  const std::int64_t days = DaysFromCivil(year, month, day);
  return static_cast<Day>(std::clamp<std::int64_t>(days, kFirstDay, kLastDay));
}

VagueDate Range(std::int64_t year_lo, int month_lo, int day_lo, std::int64_t year_hi, int month_hi,
                DateForm form) {
  VagueDate date;
  date.lo = ClampedDay(year_lo, month_lo, day_lo);
  date.hi = ClampedDay(year_hi, month_hi, MonthLength(year_hi, month_hi));
  date.form = form;
  return date;
}

}  // namespace

bool IsYearBasedForm(DateForm form) {
  switch (form) {
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
      return true;
    case DateForm::kDay:
    case DateForm::kMonth:
    case DateForm::kSpan:
    case DateForm::kOpen:
    case DateForm::kUnknown:
      return false;
  }
  return false;
}

VagueDate YearForm(DateForm form, int year) {
  const std::int64_t y = year;
  switch (form) {
    case DateForm::kApproximate:
    case DateForm::kUncertain:
      return Range(y - 1, 1, 1, y + 1, 12, form);
    case DateForm::kDecade:
      return Range(y, 1, 1, y + 9, 12, form);
    case DateForm::kCentury:
      return Range(y, 1, 1, y + 99, 12, form);
    case DateForm::kEarly:
      return Range(y, 1, 1, y, 4, form);
    case DateForm::kMid:
      return Range(y, 5, 1, y, 8, form);
    case DateForm::kLate:
      return Range(y, 9, 1, y, 12, form);
    case DateForm::kSpring:
      return Range(y, 3, 1, y, 5, form);
    case DateForm::kSummer:
      return Range(y, 6, 1, y, 8, form);
    case DateForm::kAutumn:
      return Range(y, 9, 1, y, 11, form);
    case DateForm::kWinter:
      return Range(y, 12, 1, y + 1, 2, form);
    case DateForm::kYear:
    case DateForm::kDay:
    case DateForm::kMonth:
    case DateForm::kSpan:
    case DateForm::kOpen:
    case DateForm::kUnknown:
      break;
  }
  return Range(y, 1, 1, y, 12, DateForm::kYear);
}

int YearOfForm(const VagueDate& date) {
  const int lo_year = CivilFromDay(date.lo).year;
  if (date.form == DateForm::kApproximate || date.form == DateForm::kUncertain) {
    // The range is the year +- 1, clamped at the ends of time: when the lower
    // end was clamped, the upper end was not (the range is only 3 years).
    if (date.lo == kFirstDay && date.hi != kLastDay) return CivilFromDay(date.hi).year - 1;
    return lo_year + 1;
  }
  return lo_year;
}

namespace {

// The year of a year-based end, read from its hi (see WrittenEnd).
int YearOfEnd(const VagueDate& date) {
  const CivilDate hi = CivilFromDay(date.hi);
  switch (date.form) {
    case DateForm::kApproximate:
    case DateForm::kUncertain:
      // c. 9998 and c. 9999 both end on the last day, clamped; only the lo
      // tells them apart, and it is as written unless tightened.
      if (date.hi == kLastDay) return YearOfForm(date);
      return hi.year - 1;
    case DateForm::kDecade:
      return hi.year - 9;
    case DateForm::kCentury:
      return hi.year - 99;
    case DateForm::kWinter:
      // Winter 9999 is clamped at 9999-12-31; every other winter ends in the
      // next year's February.
      return hi.month == 12 ? hi.year : hi.year - 1;
    default:
      return hi.year;
  }
}

VagueDate WholeMonthOf(Day day, const VagueDate& date) {
  const CivilDate civil = CivilFromDay(day);
  VagueDate month = date;
  month.lo = DayFromCivil(civil.year, civil.month, 1);
  month.hi = DayFromCivil(civil.year, civil.month, DaysInMonth(civil.year, civil.month));
  return month;
}

}  // namespace

VagueDate WrittenStart(const VagueDate& start) {
  if (IsYearBasedForm(start.form)) return YearForm(start.form, YearOfForm(start));
  if (start.form == DateForm::kMonth) return WholeMonthOf(start.lo, start);
  return start;
}

VagueDate WrittenEnd(const VagueDate& end) {
  if (IsYearBasedForm(end.form)) return YearForm(end.form, YearOfEnd(end));
  if (end.form == DateForm::kMonth) return WholeMonthOf(end.hi, end);
  return end;
}

std::string FormatIsoYear(int year) {
  IsoText text;
  text.AppendYear(year);
  return std::string(text.view());
}

std::string FormatIsoDay(Day day) { return std::string(IsoOfDay(day).view()); }

}  // namespace annals::engine

namespace annals {

namespace {

void RequireYear(int year, const char* what) {
  if (year < kMinYear || year > kMaxYear) {
    throw Error(ErrorCode::kInvalidArgument, std::string(what) + ": year " + std::to_string(year) +
                                                 " is outside " + std::to_string(kMinYear) + ".." +
                                                 std::to_string(kMaxYear));
  }
}

}  // namespace

VagueDate VagueDate::OnDay(int year, int month, int day) {
  RequireYear(year, "VagueDate::OnDay");
  if (!IsValidCivil(year, month, day)) {
    throw Error(ErrorCode::kInvalidArgument,
                "VagueDate::OnDay: " + engine::FormatIsoYear(year) + "-" + std::to_string(month) +
                    "-" + std::to_string(day) + " is not a day of the calendar");
  }
  const Day d = DayFromCivil(year, month, day);
  return VagueDate{d, d, DateForm::kDay};
}

VagueDate VagueDate::InMonth(int year, int month) {
  RequireYear(year, "VagueDate::InMonth");
  if (month < 1 || month > 12) {
    throw Error(ErrorCode::kInvalidArgument,
                "VagueDate::InMonth: there is no month " + std::to_string(month));
  }
  return VagueDate{DayFromCivil(year, month, 1),
                   DayFromCivil(year, month, DaysInMonth(year, month)), DateForm::kMonth};
}

VagueDate VagueDate::InYear(int year) {
  RequireYear(year, "VagueDate::InYear");
  return VagueDate{DayFromCivil(year, 1, 1), DayFromCivil(year, 12, 31), DateForm::kYear};
}

VagueDate VagueDate::Span(Day lo, Day hi) {
  if (lo > hi || lo < kMinDay || hi > kMaxDay) {
    throw Error(ErrorCode::kInvalidArgument,
                "VagueDate::Span: [" + std::to_string(lo) + ", " + std::to_string(hi) +
                    "] is not a day range within -9999-01-01..9999-12-31");
  }
  return VagueDate{lo, hi, DateForm::kSpan};
}

VagueDate VagueDate::Open() { return VagueDate{kMinDay, kMaxDay, DateForm::kOpen}; }

VagueDate VagueDate::Unknown() { return VagueDate{kMinDay, kMaxDay, DateForm::kUnknown}; }

VagueDate VagueDate::Parse(std::string_view text) {
  VagueDate date;
  std::string error;
  if (engine::ParseVagueDate(text, &date, &error) != engine::DateParseOutcome::kOk) {
    throw Error(ErrorCode::kSyntax, std::move(error));
  }
  return date;
}

bool VagueDate::TryParse(std::string_view text, VagueDate* out, std::string* error) {
  VagueDate date;
  std::string message;
  if (engine::ParseVagueDate(text, &date, &message) != engine::DateParseOutcome::kOk) {
    if (error != nullptr) *error = std::move(message);
    return false;
  }
  if (out != nullptr) *out = date;
  return true;
}

std::string VagueDate::ToIso() const { return std::string(engine::IsoOfDate(*this).view()); }

std::string VagueDate::ToText() const {
  switch (form) {
    case DateForm::kDay:
    case DateForm::kMonth:
    case DateForm::kYear:
    case DateForm::kUncertain:
    case DateForm::kCentury:
      return ToIso();
    case DateForm::kSpan:
      return "between " + engine::FormatIsoDay(lo) + " and " + engine::FormatIsoDay(hi);
    case DateForm::kOpen:
      return "present";
    case DateForm::kUnknown:
      return "?";
    case DateForm::kApproximate:
    case DateForm::kDecade:
    case DateForm::kEarly:
    case DateForm::kMid:
    case DateForm::kLate:
    case DateForm::kSpring:
    case DateForm::kSummer:
    case DateForm::kAutumn:
    case DateForm::kWinter:
      break;
  }
  const std::string year = engine::FormatIsoYear(engine::YearOfForm(*this));
  switch (form) {
    case DateForm::kApproximate:
      return "c. " + year;
    case DateForm::kDecade:
      return year + "s";
    case DateForm::kEarly:
      return "early " + year;
    case DateForm::kMid:
      return "mid-" + year;
    case DateForm::kLate:
      return "late " + year;
    case DateForm::kSpring:
      return "spring " + year;
    case DateForm::kSummer:
      return "summer " + year;
    case DateForm::kAutumn:
      return "autumn " + year;
    case DateForm::kWinter:
      return "winter " + year;
    default:
      return year;
  }
}

}  // namespace annals
