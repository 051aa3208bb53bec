// Built-in predicates over interned values: comparisons (= != < <= > >=) of
// entities, strings, numbers, dates and periods, and the period relations
// (Allen's thirteen, intersects). Over vague dates each is certain, possible
// or false.
#pragma once

#include <annals/time.hpp>

#include "query/analysis/checked_program.hpp"
#include "query/value_pool.hpp"

#include <optional>

namespace annals::query {

//! A value as the comparison sees it, with the date a constant can also
//! stand for (1921 is a number and the year 1921; "mid-1921" a string and a date).
struct Comparand {
  ValueId value = kNullValue;
  const VagueDate* date_reading = nullptr;
};

[[nodiscard]] Certainty Compare(const ValuePool& pool, CompareOp op, const Comparand& lhs,
                                const Comparand& rhs);

//! The date a value gives where a date is expected, as a written constant
//! would: a date as it is, a number as its year (a whole number from -9999 to
//! 9999), a string read as a date expression ("1920s"); nullopt otherwise.
[[nodiscard]] std::optional<VagueDate> AsDate(const ValuePool& pool, ValueId value);

//! A period value, or a date (AsDate) as the one-date period; nullopt for
//! other kinds.
[[nodiscard]] std::optional<Period> AsPeriod(const ValuePool& pool, ValueId value);

//! Certainty of an Allen relation or intersects between two values.
[[nodiscard]] Certainty PeriodRelation(const ValuePool& pool, Builtin builtin, ValueId lhs,
                                       ValueId rhs);

//! Certainty of an Allen relation or intersects between a value and itself,
//! one reading on both sides (the same variable twice): every world puts the
//! same days on both sides, so equals and intersects are certain and the
//! other relations impossible.
[[nodiscard]] Certainty PeriodRelationToItself(const ValuePool& pool, Builtin builtin,
                                               ValueId value);

//! Certainty the other way round: !literal.
[[nodiscard]] Certainty Negate(Certainty certainty);

}  // namespace annals::query
