// Period: resolving open and unknown ends into day bounds, and printing.
#include <annals/error.hpp>
#include <annals/time.hpp>

#include "engine/time/iso_text.hpp"
#include "engine/time/vague_date.hpp"

#include <algorithm>
#include <string>

namespace annals {

namespace {

bool IsUnbounded(const VagueDate& date) {
  return date.form == DateForm::kOpen || date.form == DateForm::kUnknown;
}

bool IsWellFormed(const VagueDate& date) {
  return date.lo <= date.hi && date.lo >= kMinDay && date.hi <= kMaxDay;
}

}  // namespace

bool Period::TryMake(VagueDate start, VagueDate end, Period* out, std::string* error) {
  const auto fail = [error](std::string message) {
    if (error != nullptr) *error = std::move(message);
    return false;
  };
  if (!IsUnbounded(start) && !IsWellFormed(start)) {
    return fail("the start of a period is not a day range: [" + std::to_string(start.lo) + ", " +
                std::to_string(start.hi) + "]");
  }
  if (!IsUnbounded(end) && !IsWellFormed(end)) {
    return fail("the end of a period is not a day range: [" + std::to_string(end.lo) + ", " +
                std::to_string(end.hi) + "]");
  }
  // An open end still holds; an unknown end lies somewhere after the start;
  // an open or unknown start lies somewhere before the end.
  if (end.form == DateForm::kOpen) {
    end.lo = kMaxDay;
    end.hi = kMaxDay;
  }
  if (IsUnbounded(start)) {
    start.lo = kMinDay;
    start.hi = end.form == DateForm::kUnknown ? kMaxDay : end.hi;
  }
  if (end.form == DateForm::kUnknown) {
    end.lo = start.lo;
    end.hi = kMaxDay;
  }
  if (end.hi < start.lo) {
    return fail("the period ends (" + end.ToText() + ") before it starts (" + start.ToText() + ")");
  }
  // The start is no later than the end in every world, so neither bound can
  // lie beyond the other's extreme. Tightening here makes the certain/possible
  // rule of HoldsDuring exact (it reads start.hi and end.lo directly) and is
  // the general form of the open/unknown rules above.
  start.hi = std::min(start.hi, end.hi);
  end.lo = std::max(end.lo, start.lo);
  if (out != nullptr) *out = Period{start, end};
  return true;
}

Period Period::Make(VagueDate start, VagueDate end) {
  Period period;
  std::string error;
  if (!TryMake(start, end, &period, &error)) {
    throw Error(ErrorCode::kInvalidArgument, std::move(error));
  }
  return period;
}

Period Period::Always() {
  // Exactly the first day to the last: unlike an open start made by Make()
  // ("began at some unknown time"), a fact with no dates holds on every day.
  // Both ends still print as open, since no date was written for either.
  return Period{VagueDate{kMinDay, kMinDay, DateForm::kOpen},
                VagueDate{kMaxDay, kMaxDay, DateForm::kOpen}};
}

VagueDate Period::WrittenStart() const { return engine::WrittenStart(start); }

VagueDate Period::WrittenEnd() const { return engine::WrittenEnd(end); }

std::string Period::ToIso() const {
  // ".." would read back as an open start, which is only possible on the
  // first day; "always" reads back as itself.
  if (*this == Always()) return "always";
  const VagueDate from = WrittenStart();
  const VagueDate to = WrittenEnd();
  if (from == to && !IsUnbounded(from)) return from.ToIso();
  const engine::IsoText from_text = engine::IsoOfDate(from);
  const engine::IsoText to_text = engine::IsoOfDate(to);
  std::string text;
  text.reserve(from_text.view().size() + 2 + to_text.view().size());
  text.append(from_text.view()).append("..").append(to_text.view());
  return text;
}

std::string Period::ToText() const {
  if (*this == Always()) return "always";
  const VagueDate from = WrittenStart();
  if (from == WrittenEnd() && !IsUnbounded(from)) return from.ToText();
  const std::string from_text = StartText();
  return (from_text.empty() ? from_text : from_text + " ") + "\xE2\x80\x93 " +
         EndText();  // en dash
}

std::string Period::StartText() const {
  return start.form == DateForm::kOpen ? std::string() : WrittenStart().ToText();
}

std::string Period::EndText() const { return WrittenEnd().ToText(); }

}  // namespace annals
