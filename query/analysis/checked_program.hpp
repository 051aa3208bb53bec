// The checked program: what analysis hands the planner. Names are resolved to
// relations, built-ins and variable slots; constants to entities and dates;
// rules are grouped into strata in evaluation order. Everything here is valid:
// later stages never report user errors except limits.
#pragma once

#include <annals/time.hpp>

#include "engine/store/store.hpp"
#include "query/ast.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace annals::query {

enum class RelationKind : std::uint8_t { kStored, kDerived, kExists, kBuiltin };

enum class Builtin : std::uint8_t {
  kBefore,
  kAfter,
  kMeets,
  kMetBy,
  kOverlaps,
  kOverlappedBy,
  kStarts,
  kStartedBy,
  kDuring,
  kContains,
  kFinishes,
  kFinishedBy,
  kEquals,      // Allen's thirteen
  kIntersects,  //!< the periods share at least one day
  kStart,       //!< start(T, D): D is T's start date
  kEnd,         //!< end(T, D): D is T's end date
};

//! How a constant is used, which decides how a $parameter is resolved.
enum class ConstantRole : std::uint8_t {
  kEntity,     //!< subject/object of a stored relation, exists(E): must name an entity
  kAttribute,  //!< attribute column: matches entity names and attribute text
  kValue,      //!< anywhere else: an entity when one has that name, else a string
  kDate,       //!< a date in @ WHEN or start/end: must read as a date
  kPeriod,     //!< an argument of an Allen relation: must read as a period
};

struct Constant {
  enum class Kind : std::uint8_t { kText, kNumber, kDate, kParam };
  Kind kind = Kind::kText;
  ConstantRole role = ConstantRole::kValue;
  std::string text;  //!< the string, the number's spelling, or the parameter name
  std::optional<engine::EntityId> entity;  //!< kText naming an entity (canonical)
  double number = 0;
  bool has_date = false;  //!< reads as a date (a date token, a year, a date expression)
  VagueDate date;
  bool has_period = false;  //!< reads as a period (role kPeriod)
  Period period;
  //! A side of `@ WHEN` (role kDate): a parameter may give it a period too,
  //! which the window then spans, as `@ 1921-06..1921-07` does.
  bool window_side = false;
  TextPos pos;
};

//! A window side given a whole period: the days from the period's earliest
//! start to its latest end, as the window's sides read them.
[[nodiscard]] inline VagueDate WindowSideOf(const Period& period) {
  return VagueDate{period.start.lo, period.end.hi, DateForm::kSpan};
}

struct Operand {
  enum class Kind : std::uint8_t { kVariable, kConstant, kAnonymous };
  Kind kind = Kind::kAnonymous;
  std::uint32_t index = 0;  //!< variable slot or constant index
  TextPos pos;
};

//! The same variable, the same constant, or both `_` (positions aside).
[[nodiscard]] inline bool SameOperand(const Operand& a, const Operand& b) {
  return a.kind == b.kind && a.index == b.index;
}

//! A checked `@ WHEN`.
struct TimeClause {
  enum class Kind : std::uint8_t {
    kNone,       //!< sequenced: the fact's period joins the row's validity
    kVariable,   //!< @ T: binds or matches T; not sequenced
    kAnonymous,  //!< @ _: any time; not sequenced
    kWindow,     //!< @ 1921 / FROM .. TO: keeps facts holding during it; sequenced
  };
  struct Side {
    enum class Kind : std::uint8_t { kConstant, kOpen, kUnknown };
    Kind kind = Kind::kOpen;
    std::uint32_t constant = 0;
  };
  Kind kind = Kind::kNone;
  std::uint32_t variable = 0;
  TextPos variable_pos;
  Side from, to;  //!< kWindow: a point has from == to
  bool is_range = false;
  TextPos pos;
};

struct CheckedLiteral {
  enum class Kind : std::uint8_t { kAtom, kComparison };
  Kind kind = Kind::kAtom;
  bool negated = false;
  RelationKind relation = RelationKind::kStored;
  engine::RelationId stored = 0;
  std::uint32_t derived = 0;
  Builtin builtin = Builtin::kBefore;
  std::vector<Operand> args;
  TimeClause when;
  CompareOp op = CompareOp::kEq;
  Operand lhs, rhs;
  //! `X = c` may bind X: c's equality is identity (not a date, whose `=` is
  //! vague, nor a parameter that may be one).
  bool assignable = false;
  TextPos pos;
  std::string text;  //!< as written (canonical print), for explanations
};

struct CheckedRule {
  std::uint32_t head = 0;  //!< derived relation
  std::vector<Operand> head_args;
  std::vector<AggregateKind> aggregates;  //!< per head argument
  bool has_aggregate = false;
  TimeClause head_when;  //!< kNone: body validity; kVariable: that period; kAnonymous: always;
                         //!< kWindow: a fact's own period
  std::vector<CheckedLiteral> body;
  std::vector<std::string> variables;  //!< slot -> name
  TextPos pos;
  std::string text;
};

struct DerivedInfo {
  std::string name;
  std::uint32_t arity = 0;
  std::vector<std::uint32_t> rules;
  TextPos pos;  //!< first head
};

struct Stratum {
  std::vector<std::uint32_t> relations;  //!< derived relations computed together
  bool recursive = false;
};

struct CheckedProgram {
  std::vector<Constant> constants;
  std::vector<DerivedInfo> derived;
  std::vector<CheckedRule> rules;
  std::vector<Stratum> strata;  //!< only those the query needs, in evaluation order
  CheckedRule query;            //!< head_args: the answer columns (variables)
  std::vector<std::string> columns;
  std::vector<std::string> parameters;  //!< names of $parameters, in order of first use
};

//! Names and arities of the built-in predicates.
[[nodiscard]] std::optional<Builtin> BuiltinByName(std::string_view name);
[[nodiscard]] const char* BuiltinName(Builtin builtin);
[[nodiscard]] bool IsAllen(Builtin builtin);

}  // namespace annals::query
