// The planner: orders a rule body so that bound variables drive index
// lookups (subject/object indexes of stored facts, hash indexes of derived
// relations), filters run as soon as their inputs are known, and period
// constraints such as intersects(T1, T2) narrow the time window of a lookup.
#pragma once

#include "engine/store/store.hpp"
#include "query/analysis/checked_program.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace annals::query {

//! One step of a plan: evaluate body literal `literal` with the variables the
//! earlier steps bound.
struct Step {
  enum class Access : std::uint8_t {
    kScan,       //!< every fact (stored: within the window)
    kBySubject,  //!< stored: the subject's index
    kByObject,   //!< stored: the object's index
    kByColumns,  //!< derived: hash index on the bound columns
    kDelta,      //!< derived: only the pieces new in the last round (semi-naive)
    kCheck,      //!< a filter or assignment: no lookup
  };
  std::uint32_t literal = 0;
  Access access = Access::kCheck;
  //! Per argument: known before this step (test it) or bound by it.
  std::vector<bool> arg_known;
  bool when_known = false;  //!< the @ T variable is known before this step
  //! Derived lookups: bit i set when column i is known (kByColumns).
  std::uint64_t key_mask = 0;
  //! A period built-in (intersects, overlaps, during, meets, before, ...)
  //! whose other side is known: OtherPeriodWindow of its period bounds this
  //! atom's lookup window. -1: none.
  int window_literal = -1;
  int window_operand = 0;  //!< which argument of window_literal is the known side
  //! Comparisons: 0 test, 1 binds lhs, 2 binds rhs. start/end: true binds arg 1.
  std::uint8_t assigns = 0;
  //! Stored, by subject/object: expected to be probed about as many times as
  //! the relation has facts, so group the relation once (a hash join) rather
  //! than search the index per probe.
  bool join_index = false;
  //! Stored scans: walk the relation grouped by subject (1) or object (2)
  //! instead of in time order, because a later step hash-joins on that
  //! column: both sides then read the same group, in memory order. 0: time order.
  std::uint8_t scan_grouped = 0;
  //! How many bindings the planner expects reach this step.
  double expected_rows = 1;
};

struct RulePlan {
  std::vector<Step> steps;
  int delta_literal = -1;
  //! "leads(P, O) by object; O1 != O2 check; ..." for tests and explain.
  [[nodiscard]] std::string Describe(const CheckedRule& rule) const;
};

//! Sizes the planner weighs access paths with.
struct SizeHints {
  std::function<std::size_t(engine::RelationId)> stored_facts;
  std::function<std::size_t(std::uint32_t)> derived_tuples;
  std::size_t entities = 1;
};

//! The sizes of the store's relations (derived_tuples left unset).
[[nodiscard]] SizeHints StoreSizes(const engine::Store& store);

//! Plans made once, when a query is prepared: those that weigh only the
//! store's sizes, which do not change while a prepared query lives, and not
//! the sizes of derived relations, which change from run to run. The query
//! rule's plan when it reads no derived relation or has a body of one
//! literal (nothing to order); a rule's plan for a round
//! whose only derived atom is the delta (every semi-naive round of a linear
//! recursion such as a transitive closure).
struct PlansAhead {
  std::optional<RulePlan> query;
  std::unordered_map<std::uint64_t, RulePlan> rules;  //!< by PlanKey

  [[nodiscard]] static std::uint64_t PlanKey(std::uint32_t rule, int delta_literal) {
    return (std::uint64_t{rule} << 32) | static_cast<std::uint32_t>(delta_literal + 1);
  }
  //! The plan made ahead for `rule` with `delta_literal` (-1: none), or null.
  [[nodiscard]] const RulePlan* Rule(std::uint32_t rule, int delta_literal) const {
    const auto found = rules.find(PlanKey(rule, delta_literal));
    return found == rules.end() ? nullptr : &found->second;
  }
};

[[nodiscard]] PlansAhead PlanAhead(const CheckedProgram& program, const engine::Store& store);

//! Orders `rule.body`; `delta_literal` (a derived atom) is read from the last
//! round's new pieces and goes first. Literals must be safe (checked).
[[nodiscard]] RulePlan PlanRule(const CheckedRule& rule, const SizeHints& sizes,
                                int delta_literal = -1);

//! True when the built-in implies the two periods share a day, so either
//! side's period bounds where the other can lie.
[[nodiscard]] bool ImpliesSharedDay(Builtin builtin);

//! True when the built-in bounds where one side's period can lie once the
//! other is known: the shared-day relations, and meets, met_by, before and
//! after, which put it just after (or before) the known one.
[[nodiscard]] bool BoundsOtherPeriod(Builtin builtin);

//! The days a period U must possibly cover when `builtin` relates it to the
//! known period `known`, certainly or possibly: builtin(known, U) when
//! `known_operand` is 0, builtin(U, known) when it is 1. A stored atom's
//! `@ U` is looked up in this window ([lo, hi] within kMinDay..kMaxDay),
//! a filter that keeps every fact the built-in could accept.
[[nodiscard]] std::pair<Day, Day> OtherPeriodWindow(Builtin builtin, int known_operand,
                                                    const Period& known);

}  // namespace annals::query
