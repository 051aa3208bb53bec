// Internal helpers of the vague-date forms: building a year-based form from
// its year, recovering the year it was written with, and ISO formatting.
#pragma once

#include <annals/time.hpp>

#include <string>

namespace annals::engine {

//! True for the forms written as a year plus a qualifier (kYear, kApproximate,
//! kUncertain, kDecade, kCentury, kEarly .. kWinter).
bool IsYearBasedForm(DateForm form);

//! The vague date `form` names for `year`, its day range clamped to
//! [kMinDay, kMaxDay] (c. 9999 ends with 9999, winter 9999 with 9999-12-31).
//! For kDecade and kCentury, `year` is the first year (1920, 1900).
//! The caller checks that the year is in range and, for decades and
//! centuries, that it is a multiple of 10 or 100 in 0..9999.
VagueDate YearForm(DateForm form, int year);

//! The year a year-based form was written with: the inverse of YearForm.
int YearOfForm(const VagueDate& date);

//! A period's start or end as it was written, rebuilt from a bound that
//! Period::Make may have tightened. Make only lowers a start's hi and raises
//! an end's lo, so a start's lo and an end's hi are as written, and the form
//! plus that day name the written date again. Without this, "c. 1921" ending
//! a period that starts 1921-06-15 would read back as the year of its
//! narrowed lo ("c. 1922"). Spans, open and unknown bounds come back as they
//! are: their written range is not recoverable from one side, and a span
//! prints its range.
VagueDate WrittenStart(const VagueDate& start);
VagueDate WrittenEnd(const VagueDate& end);

//! "1921", "0800", "-0044": four digits, astronomical sign.
std::string FormatIsoYear(int year);
//! "1921-06-15".
std::string FormatIsoDay(Day day);

}  // namespace annals::engine
