// The time model: days, vague instants and validity periods.
//
// Historical sources give dates at mixed precision. Annals never rounds a vague
// date to a point: "June 1921" is the closed day range [1921-06-01, 1921-06-30],
// and the form it was written in is kept so it prints back at its own precision.
// docs/semantics.md states the rules; this header is their C++ shape.
#pragma once

#include <annals/export.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace annals {

//! A day number: days since 1970-01-01 in the proleptic Gregorian calendar.
//! Years run from -9999 to 9999 (astronomical numbering: year 0 exists).
using Day = std::int32_t;

//! Civil date parts. Months and days count from 1.
struct CivilDate {
  int year = 1970;
  int month = 1;
  int day = 1;
  friend bool operator==(const CivilDate&, const CivilDate&) = default;
};

//! The years Annals represents (astronomical numbering).
inline constexpr int kMinYear = -9999;
inline constexpr int kMaxYear = 9999;  //!< see kMinYear

//! True iff y-m-d names a real day within [kMinYear, kMaxYear].
[[nodiscard]] ANNALS_API bool IsValidCivil(int year, int month, int day);
//! Day number of a valid civil date (see IsValidCivil; unchecked here).
[[nodiscard]] ANNALS_API Day DayFromCivil(int year, int month, int day);
//! Civil date of a day number (the inverse of DayFromCivil).
[[nodiscard]] ANNALS_API CivilDate CivilFromDay(Day day);
//! 28 to 31; February follows the proleptic Gregorian leap rule.
[[nodiscard]] ANNALS_API int DaysInMonth(int year, int month);

//! -9999-01-01 and 9999-12-31: also the bounds of open and unknown ends.
ANNALS_API extern const Day kMinDay;
ANNALS_API extern const Day kMaxDay;  //!< see kMinDay

//! How a vague instant was written; decides how it prints back.
enum class DateForm : std::uint8_t {
  kDay,          //!< 1921-06-15, 15 June 1921, June 15, 1921
  kMonth,        //!< 1921-06, June 1921, Jun 1921
  kYear,         //!< 1921, 1921-##-##
  kApproximate,  //!< c. 1921, circa 1921, ca. 1921, 1921~  (the year +- 1)
  kUncertain,    //!< 1921?                                 (the year +- 1)
  kDecade,       //!< 192X, 1920s
  kCentury,      //!< 19XX
  kEarly,        //!< early 1921: January-April
  kMid,          //!< mid-1921, mid 1921: May-August
  kLate,         //!< late 1921: September-December
  kSpring,       //!< March-May
  kSummer,       //!< June-August
  kAutumn,       //!< September-November (also "fall")
  kWinter,       //!< winter 1921: 1921-12-01 .. 1922-02-28
  kSpan,         //!< any other day range, e.g. derived by intersecting periods
  kOpen,         //!< no bound: "present", "incumbent", or left empty
  kUnknown,      //!< "?": the end exists but nobody knows when
};

//! A vague instant: the true day lies somewhere in the closed range [lo, hi].
struct ANNALS_API VagueDate {
  Day lo = 0;                      //!< earliest day it can be
  Day hi = 0;                      //!< latest day it can be
  DateForm form = DateForm::kDay;  //!< how it was written

  //! Exactly that day (valid civil date expected, see IsValidCivil).
  [[nodiscard]] static VagueDate OnDay(int year, int month, int day);
  //! Some day of that month.
  [[nodiscard]] static VagueDate InMonth(int year, int month);
  //! Some day of that year.
  [[nodiscard]] static VagueDate InYear(int year);
  //! Some day in [lo, hi] (form kSpan), e.g. a bound derived by intersecting periods.
  [[nodiscard]] static VagueDate Span(Day lo, Day hi);
  //! An open end ("present", "incumbent", empty): [kMinDay, kMaxDay] until
  //! Period::Make resolves it by its position.
  [[nodiscard]] static VagueDate Open();
  //! An unknown end ("?"): [kMinDay, kMaxDay] until Period::Make resolves it.
  [[nodiscard]] static VagueDate Unknown();

  //! Reads any accepted form (see docs/semantics.md). Throws Error(kSyntax)
  //! naming the text it could not read and listing the accepted forms.
  [[nodiscard]] static VagueDate Parse(std::string_view text);
  //! Non-throwing variant for readers on hot paths. On failure returns false
  //! and, when `error` is not null, stores the message Parse would throw.
  [[nodiscard]] static bool TryParse(std::string_view text, VagueDate* out, std::string* error);

  //! ISO 8601 partial form at its own precision, EDTF where vaguer:
  //! "1921-02-23", "1923-06", "1922", "1921~", "1921?", "192X", "1921-38"
  //! (mid-1921: EDTF quadrimester), "1921-21" (spring), "[1921-03-05..1921-04-02]"
  //! for a span; "" for an open end, "?" for an unknown one.
  [[nodiscard]] std::string ToIso() const;
  //! The form a person reads: ISO for day, month and year; otherwise words
  //! ("mid-1921", "c. 1921", "1920s", "spring 1921", "present", "?").
  [[nodiscard]] std::string ToText() const;

  //! True when the day is known (lo == hi).
  [[nodiscard]] bool IsExact() const { return lo == hi; }
  friend bool operator==(const VagueDate&, const VagueDate&) = default;
};

//! A validity period: a vague start and a vague end, both inclusive.
//! An open start or an unknown start means "began at some unknown time no
//! later than the end"; an open end means "still holds"; an unknown end means
//! "ended at some unknown time no earlier than the start".
struct ANNALS_API Period {
  VagueDate start;  //!< when it began, as vague as the source
  VagueDate end;    //!< when it ended, as vague as the source

  //! Builds a period and resolves open and unknown ends into day bounds.
  //! Throws Error(kInvalidArgument) when the end lies wholly before the start.
  [[nodiscard]] static Period Make(VagueDate start, VagueDate end);
  //! Non-throwing variant of Make.
  [[nodiscard]] static bool TryMake(VagueDate start, VagueDate end, Period* out,
                                    std::string* error);
  //! One period: "1920-1922", "1920–1922" (en dash), "1920..1922",
  //! "1921-06-15..present", or a single vague date "1922" (start and end both
  //! that date). Throws Error(kSyntax) on anything else.
  [[nodiscard]] static Period Parse(std::string_view text);
  //! A comma-separated list of periods: "1920–1921, 1922".
  [[nodiscard]] static std::vector<Period> ParseList(std::string_view text);
  //! Non-throwing variant of ParseList.
  [[nodiscard]] static bool TryParseList(std::string_view text, std::vector<Period>* out,
                                         std::string* error);
  //! The whole of time, for facts with no dates at all.
  [[nodiscard]] static Period Always();

  //! The start and end as written. Make narrows the bounds (a start no later
  //! than the latest end, an end no earlier than the earliest start), which
  //! is what answers need; these give back the written dates, for printing
  //! and for start(T, D) / end(T, D). "1921-06-15..c. 1921" ends c. 1921,
  //! 1920-01-01..1922-12-31, though `end` is 1921-06-15..1922-12-31.
  [[nodiscard]] VagueDate WrittenStart() const;
  [[nodiscard]] VagueDate WrittenEnd() const;  //!< see WrittenStart

  //! "1921-02-23..1921-07-03", "1922..1923-06", "1921-06-15..", "..1920".
  [[nodiscard]] std::string ToIso() const;
  //! Both ends in their human forms: "1921-02-23 – 1921-07-03", "mid-1921 – present".
  [[nodiscard]] std::string ToText() const;
  //! One end as a person reads it. The ends differ: an open start was never
  //! written, so it prints empty, while an open end prints "present".
  [[nodiscard]] std::string StartText() const;
  [[nodiscard]] std::string EndText() const;
  friend bool operator==(const Period&, const Period&) = default;
};

//! How sure an answer is. Ordered so that std::min gives the weakest.
enum class Certainty : std::uint8_t { kNo = 0, kPossible = 1, kCertain = 2 };
//! "certain", "possible" or "no".
[[nodiscard]] ANNALS_API const char* CertaintyName(Certainty certainty);

//! Whether a fact valid over `period` holds at some day of the window
//! [window_lo, window_hi]: certainly iff start.hi <= window_hi and
//! end.lo >= window_lo; possibly iff start.lo <= window_hi and
//! end.hi >= window_lo (and not certainly); otherwise not.
[[nodiscard]] ANNALS_API Certainty HoldsDuring(const Period& period, Day window_lo, Day window_hi);

}  // namespace annals
