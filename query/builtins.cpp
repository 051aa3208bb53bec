// Comparisons and period relations with certainty.
#include "query/builtins.hpp"

#include "query/temporal.hpp"

#include <algorithm>

namespace annals::query {

namespace {

Certainty FromBool(bool value) { return value ? Certainty::kCertain : Certainty::kNo; }

// A comparison's side as a date: a date, a period's start, or a constant
// written where a date reads. Unlike AsDate, a variable's number or text is
// not read as a date here: comparisons keep the kinds their values have.
std::optional<VagueDate> ComparandDate(const ValuePool& pool, const Comparand& side) {
  switch (TagOf(side.value)) {
    case ValueTag::kDate:
      return pool.DateOf(side.value);
    case ValueTag::kPeriod:
      return pool.PeriodOf(side.value).start;
    default:
      break;
  }
  if (side.date_reading != nullptr) return *side.date_reading;
  return std::nullopt;
}

bool IsTemporal(ValueId value) {
  return TagOf(value) == ValueTag::kDate || TagOf(value) == ValueTag::kPeriod;
}

// a < b, a <= b, a = b for two values of the same comparable kind. Only
// the orderings compare values (entities and strings by their text): `=`
// and `!=` are identity, tested in every row of a self-join's `A != B`.
Certainty Ordered(const ValuePool& pool, CompareOp op, ValueId a, ValueId b) {
  switch (op) {
    case CompareOp::kLt:
      return FromBool(pool.Compare(a, b) < 0);
    case CompareOp::kLe:
      return FromBool(pool.Compare(a, b) <= 0);
    default:
      return FromBool(a == b);
  }
}

}  // namespace

Certainty Negate(Certainty certainty) {
  switch (certainty) {
    case Certainty::kCertain:
      return Certainty::kNo;
    case Certainty::kPossible:
      return Certainty::kPossible;
    case Certainty::kNo:
      return Certainty::kCertain;
  }
  return Certainty::kNo;
}

Certainty Compare(const ValuePool& pool, CompareOp op, const Comparand& lhs, const Comparand& rhs) {
  // Reduce > and >= to < and <= with the sides swapped, != to not =.
  if (op == CompareOp::kGt) return Compare(pool, CompareOp::kLt, rhs, lhs);
  if (op == CompareOp::kGe) return Compare(pool, CompareOp::kLe, rhs, lhs);
  if (op == CompareOp::kNe) return Negate(Compare(pool, CompareOp::kEq, lhs, rhs));

  if (IsTemporal(lhs.value) || IsTemporal(rhs.value)) {
    // Two periods are equal when written the same; otherwise compare dates
    // (a period by its start) with the vague-date rules.
    if (op == CompareOp::kEq && TagOf(lhs.value) == ValueTag::kPeriod &&
        TagOf(rhs.value) == ValueTag::kPeriod) {
      return FromBool(lhs.value == rhs.value);
    }
    const std::optional<VagueDate> a = ComparandDate(pool, lhs);
    const std::optional<VagueDate> b = ComparandDate(pool, rhs);
    if (!a || !b) return Certainty::kNo;
    switch (op) {
      case CompareOp::kLt:
        return DateLess(*a, *b);
      case CompareOp::kLe:
        return DateLessEqual(*a, *b);
      default:
        return DateEqual(*a, *b);
    }
  }
  if (TagOf(lhs.value) != TagOf(rhs.value)) return Certainty::kNo;
  return Ordered(pool, op, lhs.value, rhs.value);
}

std::optional<VagueDate> AsDate(const ValuePool& pool, ValueId value) {
  switch (TagOf(value)) {
    case ValueTag::kDate:
      return pool.DateOf(value);
    case ValueTag::kNumber:
      return YearAsDate(pool.NumberOf(value));
    case ValueTag::kString: {
      VagueDate date;
      if (VagueDate::TryParse(pool.StringText(value), &date, nullptr)) return date;
      return std::nullopt;
    }
    default:
      return std::nullopt;
  }
}

std::optional<Period> AsPeriod(const ValuePool& pool, ValueId value) {
  if (TagOf(value) == ValueTag::kPeriod) return pool.PeriodOf(value);
  const std::optional<VagueDate> date = AsDate(pool, value);
  if (!date) return std::nullopt;
  return PeriodOf(*date, *date);
}

Certainty PeriodRelation(const ValuePool& pool, Builtin builtin, ValueId lhs, ValueId rhs) {
  const std::optional<Period> a = AsPeriod(pool, lhs);
  const std::optional<Period> b = AsPeriod(pool, rhs);
  if (!a || !b) return Certainty::kNo;
  return EvaluatePeriodBuiltin(builtin, *a, *b);
}

Certainty PeriodRelationToItself(const ValuePool& pool, Builtin builtin, ValueId value) {
  if (!AsPeriod(pool, value)) return Certainty::kNo;
  return FromBool(builtin == Builtin::kEquals || builtin == Builtin::kIntersects);
}

}  // namespace annals::query
