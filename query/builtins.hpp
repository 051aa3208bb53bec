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

//! A period value, or a date as the one-date period; nullopt for other kinds.
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
