// Greedy join ordering: at each step take the cheapest literal that can run
// with what is bound so far. Filters cost nothing and run first; an atom with
// a known subject or object costs an index probe; a full scan costs the
// relation's size. Good plans for the shapes that matter (point lookups,
// chains, self-joins on a shared variable) without a cost model to tune.
#include "query/planner.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>

namespace annals::query {

bool ImpliesSharedDay(Builtin builtin) {
  switch (builtin) {
    case Builtin::kOverlaps:
    case Builtin::kOverlappedBy:
    case Builtin::kStarts:
    case Builtin::kStartedBy:
    case Builtin::kDuring:
    case Builtin::kContains:
    case Builtin::kFinishes:
    case Builtin::kFinishedBy:
    case Builtin::kEquals:
    case Builtin::kIntersects:
      return true;
    default:
      return false;
  }
}

bool BoundsOtherPeriod(Builtin builtin) {
  switch (builtin) {
    case Builtin::kMeets:
    case Builtin::kMetBy:
    case Builtin::kBefore:
    case Builtin::kAfter:
      return true;
    default:
      return ImpliesSharedDay(builtin);
  }
}

std::pair<Day, Day> OtherPeriodWindow(Builtin builtin, int known_operand, const Period& known) {
  // K is the known period, U the other. Each relation holds in a world
  // (S and E each period's start and end, S <= E) where:
  //   U meets K's end: K.E + 1 = U.S, so U covers a day in
  //     [K.end.lo + 1, K.end.hi + 1];
  //   U meets K's start: U.E + 1 = K.S, a day in [K.start.lo - 1, K.start.hi - 1];
  //   U after K: U.S >= K.E + 2, so U covers a day from K.end.lo + 2 on;
  //   U before K: U.E <= K.S - 2, a day up to K.start.hi - 2;
  //   the rest share a day with K, one of [K.start.lo, K.end.hi].
  // A fact whose possible days [start.lo, end.hi] miss that window has no
  // such world: neither certain nor possible.
  const bool known_first = known_operand == 0;
  std::int64_t lo = known.start.lo;
  std::int64_t hi = known.end.hi;
  switch (builtin) {
    case Builtin::kMeets:
    case Builtin::kMetBy:
      if ((builtin == Builtin::kMeets) == known_first) {
        lo = std::int64_t{known.end.lo} + 1;
        hi = std::int64_t{known.end.hi} + 1;
      } else {
        lo = std::int64_t{known.start.lo} - 1;
        hi = std::int64_t{known.start.hi} - 1;
      }
      break;
    case Builtin::kBefore:
    case Builtin::kAfter:
      if ((builtin == Builtin::kBefore) == known_first) {
        lo = std::int64_t{known.end.lo} + 2;
        hi = kMaxDay;
      } else {
        lo = kMinDay;
        hi = std::int64_t{known.start.hi} - 2;
      }
      break;
    default:
      break;
  }
  // No fact's days lie outside kMinDay..kMaxDay: clamping drops none.
  const auto clamp = [](std::int64_t day) {
    return static_cast<Day>(std::clamp<std::int64_t>(day, kMinDay, kMaxDay));
  };
  return {clamp(lo), clamp(hi)};
}

namespace {

bool Known(const Operand& operand, const std::vector<bool>& bound) {
  return operand.kind == Operand::Kind::kConstant ||
         (operand.kind == Operand::Kind::kVariable && bound[operand.index]);
}

bool IsDataAtom(const CheckedLiteral& literal) {
  return literal.kind == CheckedLiteral::Kind::kAtom && literal.relation != RelationKind::kBuiltin;
}

class Planner {
 public:
  Planner(const CheckedRule& rule, const SizeHints& sizes)
      : rule_(rule),
        sizes_(sizes),
        bound_(rule.variables.size(), false),
        placed_(rule.body.size(), false) {}

  RulePlan Run(int delta_literal) {
    RulePlan plan;
    plan.delta_literal = delta_literal;
    // The delta goes first, save when its `@ V` waits for another literal to
    // give V a value (see Cost): read first, it would bind V to its period,
    // and a semi-naive round would answer otherwise than a naive one.
    if (delta_literal >= 0 && !WaitsForItsWindow(static_cast<std::uint32_t>(delta_literal))) {
      Place(plan, static_cast<std::uint32_t>(delta_literal), /*delta=*/true);
    }
    while (plan.steps.size() < rule_.body.size()) {
      std::uint32_t best = 0;
      double best_cost = std::numeric_limits<double>::infinity();
      for (std::uint32_t i = 0; i < rule_.body.size(); ++i) {
        if (placed_[i]) continue;
        const double cost = Cost(i);
        if (cost < best_cost) {
          best_cost = cost;
          best = i;
        }
      }
      // Safety guarantees some literal can run; if none could, run the first
      // remaining one anyway (the evaluator treats unbound inputs as no match).
      if (best_cost == std::numeric_limits<double>::infinity()) {
        for (std::uint32_t i = 0; i < rule_.body.size(); ++i) {
          if (!placed_[i]) {
            best = i;
            break;
          }
        }
      }
      Place(plan, best, /*delta=*/static_cast<int>(best) == delta_literal);
    }
    return plan;
  }

 private:
  // Infinity: cannot run yet. Negative: a filter or assignment, run now.
  double Cost(std::uint32_t index) const {
    const CheckedLiteral& literal = rule_.body[index];
    if (literal.kind == CheckedLiteral::Kind::kComparison) {
      const bool lhs = Known(literal.lhs, bound_);
      const bool rhs = Known(literal.rhs, bound_);
      if (lhs && rhs) return -2;
      // `X = c` binds X when c compares by identity, or when nothing else
      // will bind X; otherwise it is a test (a vague date against a year,
      // say), run once both sides are known.
      if (!literal.negated && literal.op == CompareOp::kEq && (lhs || rhs)) {
        const Operand& target = lhs ? literal.rhs : literal.lhs;
        if (target.kind == Operand::Kind::kVariable && !Assignable(literal) &&
            BoundElsewhere(target.index, index)) {
          return std::numeric_limits<double>::infinity();
        }
        return -1;
      }
      return std::numeric_limits<double>::infinity();
    }
    if (literal.relation == RelationKind::kBuiltin) {
      const bool first = Known(literal.args[0], bound_);
      const bool second = Known(literal.args[1], bound_);
      if (first && second) return -2;
      if (!literal.negated && first &&
          (literal.builtin == Builtin::kStart || literal.builtin == Builtin::kEnd)) {
        return -1;
      }
      return std::numeric_limits<double>::infinity();
    }
    if (literal.negated) {
      // A negation without '@' looks at the row's validity, which every
      // positive atom narrows: it runs after all of them.
      if (literal.when.kind == TimeClause::Kind::kNone && !AllPositiveAtomsPlaced()) {
        return std::numeric_limits<double>::infinity();
      }
      for (const Operand& arg : literal.args) {
        if (arg.kind == Operand::Kind::kVariable && !bound_[arg.index]) {
          return std::numeric_limits<double>::infinity();
        }
      }
      if (literal.when.kind == TimeClause::Kind::kVariable && !bound_[literal.when.variable]) {
        return std::numeric_limits<double>::infinity();
      }
      return -0.5;
    }
    // `@ V` binds V to the fact's period only when nothing else gives V a
    // value: when a derived tuple or start/end does, this atom waits and
    // filters by that date or period, in whatever order the body is written.
    if (WaitsForItsWindow(index)) return std::numeric_limits<double>::infinity();
    bool all_known = true;
    for (const Operand& arg : literal.args) all_known &= Known(arg, bound_);
    switch (literal.relation) {
      case RelationKind::kStored: {
        const double n = static_cast<double>(sizes_.stored_facts(literal.stored));
        const double per_entity =
            n / static_cast<double>(sizes_.entities > 0 ? sizes_.entities : 1);
        if (Known(literal.args[0], bound_) || Known(literal.args[1], bound_)) {
          return (all_known ? 1 : 2) + per_entity;
        }
        if (literal.when.kind == TimeClause::Kind::kWindow) return 4 + n / 8;
        if (literal.when.kind == TimeClause::Kind::kVariable && WindowFor(literal) >= 0) {
          return 4 + n / 8;
        }
        return 8 + n;
      }
      case RelationKind::kExists:
        return Known(literal.args[0], bound_) ? 1 : 8 + static_cast<double>(sizes_.entities);
      case RelationKind::kDerived: {
        const double n = static_cast<double>(sizes_.derived_tuples(literal.derived));
        bool any_known = false;
        for (const Operand& arg : literal.args) any_known |= Known(arg, bound_);
        return any_known ? 2 + n / 64 : 8 + n;
      }
      case RelationKind::kBuiltin:
        break;
    }
    return std::numeric_limits<double>::infinity();
  }

  // Whether `X = Y` may bind its unknown side to the known one's value. A
  // constant whose `=` is identity may (the analyzer's `assignable`), and so
  // may two variables when either is an entity in every row: a positive atom
  // reads it from a stored fact's subject or object, or from exists(). An
  // entity equals only itself (a date, period, string or number never equals
  // one), so the test keeps exactly the rows where both hold the same value,
  // certainly: binding the unknown side to it and letting its own atom check
  // the value gives the same rows, through that atom's index instead of a
  // scan of its relation per row (`leads(P, A) @ _, leads(Q, B) @ _, P = Q`).
  bool Assignable(const CheckedLiteral& comparison) const {
    if (comparison.assignable) return true;
    return comparison.lhs.kind == Operand::Kind::kVariable &&
           comparison.rhs.kind == Operand::Kind::kVariable &&
           (AlwaysEntity(comparison.lhs.index) || AlwaysEntity(comparison.rhs.index));
  }

  // Whether a positive atom of the body reads `variable` from an entity
  // column: a stored relation's subject or object, or exists()'s argument.
  bool AlwaysEntity(std::uint32_t variable) const {
    for (const CheckedLiteral& literal : rule_.body) {
      if (literal.kind != CheckedLiteral::Kind::kAtom || literal.negated) continue;
      std::size_t entity_columns = 0;
      if (literal.relation == RelationKind::kStored) entity_columns = 2;
      if (literal.relation == RelationKind::kExists) entity_columns = 1;
      for (std::size_t i = 0; i < entity_columns && i < literal.args.size(); ++i) {
        const Operand& arg = literal.args[i];
        if (arg.kind == Operand::Kind::kVariable && arg.index == variable) return true;
      }
    }
    return false;
  }

  // Whether an unplaced positive atom or start/end (not `except`) binds `variable`.
  bool BoundElsewhere(std::uint32_t variable, std::uint32_t except) const {
    return GivenElsewhere(variable, except, /*through_windows=*/true);
  }

  // Whether an unplaced positive atom other than `except` gives `variable` a
  // value through an argument or, `through_windows`, its `@`; or start/end does.
  bool GivenElsewhere(std::uint32_t variable, std::uint32_t except, bool through_windows) const {
    for (std::uint32_t i = 0; i < rule_.body.size(); ++i) {
      const CheckedLiteral& other = rule_.body[i];
      if (i == except || placed_[i] || other.negated || other.kind != CheckedLiteral::Kind::kAtom) {
        continue;
      }
      if (other.relation == RelationKind::kBuiltin) {
        if ((other.builtin == Builtin::kStart || other.builtin == Builtin::kEnd) &&
            other.args[1].kind == Operand::Kind::kVariable && other.args[1].index == variable) {
          return true;
        }
        continue;
      }
      for (const Operand& arg : other.args) {
        if (arg.kind == Operand::Kind::kVariable && arg.index == variable) return true;
      }
      if (through_windows && other.when.kind == TimeClause::Kind::kVariable &&
          other.when.variable == variable) {
        return true;
      }
    }
    return false;
  }

  // Whether the atom's `@ V` has V unbound while another literal would give
  // it a value.
  bool WaitsForItsWindow(std::uint32_t index) const {
    const CheckedLiteral& literal = rule_.body[index];
    return literal.when.kind == TimeClause::Kind::kVariable && !bound_[literal.when.variable] &&
           GivenElsewhere(literal.when.variable, index, /*through_windows=*/false);
  }

  bool AllPositiveAtomsPlaced() const {
    for (std::uint32_t i = 0; i < rule_.body.size(); ++i) {
      if (!placed_[i] && IsDataAtom(rule_.body[i]) && !rule_.body[i].negated) return false;
    }
    return true;
  }

  // A later period built-in relating this atom's unbound @ T to a known period.
  int WindowFor(const CheckedLiteral& literal) const {
    if (literal.when.kind != TimeClause::Kind::kVariable || bound_[literal.when.variable])
      return -1;
    for (std::uint32_t i = 0; i < rule_.body.size(); ++i) {
      const CheckedLiteral& other = rule_.body[i];
      if (placed_[i] || other.kind != CheckedLiteral::Kind::kAtom || other.negated ||
          other.relation != RelationKind::kBuiltin || !BoundsOtherPeriod(other.builtin)) {
        continue;
      }
      for (int side = 0; side < 2; ++side) {
        const Operand& mine = other.args[static_cast<std::size_t>(side)];
        const Operand& theirs = other.args[static_cast<std::size_t>(1 - side)];
        if (mine.kind == Operand::Kind::kVariable && mine.index == literal.when.variable &&
            Known(theirs, bound_)) {
          return static_cast<int>(i);
        }
      }
    }
    return -1;
  }

  // Bindings out per binding in, roughly, for a positive data atom run with
  // what is bound now.
  double Fanout(const CheckedLiteral& literal, bool delta) const {
    const double entities = static_cast<double>(sizes_.entities > 0 ? sizes_.entities : 1);
    switch (literal.relation) {
      case RelationKind::kStored: {
        const double n = static_cast<double>(sizes_.stored_facts(literal.stored));
        if (Known(literal.args[0], bound_) || Known(literal.args[1], bound_)) {
          return std::max(1.0, n / entities);
        }
        return literal.when.kind == TimeClause::Kind::kWindow ? std::max(1.0, n / 8) : n;
      }
      case RelationKind::kDerived: {
        const double n = static_cast<double>(sizes_.derived_tuples(literal.derived));
        if (delta) return std::max(1.0, n);
        for (const Operand& arg : literal.args) {
          if (Known(arg, bound_)) return std::max(1.0, n / 64);
        }
        return std::max(1.0, n);
      }
      case RelationKind::kExists:
        return Known(literal.args[0], bound_) ? 1 : entities;
      case RelationKind::kBuiltin:
        break;
    }
    return 1;
  }

  void Place(RulePlan& plan, std::uint32_t index, bool delta) {
    const CheckedLiteral& literal = rule_.body[index];
    Step step;
    step.literal = index;
    step.expected_rows = rows_;
    const bool producer = IsDataAtom(literal) && !literal.negated;
    const double fanout = producer ? Fanout(literal, delta) : 1;
    for (const Operand& arg : literal.args) step.arg_known.push_back(Known(arg, bound_));
    step.when_known =
        literal.when.kind == TimeClause::Kind::kVariable && bound_[literal.when.variable];
    if (literal.kind == CheckedLiteral::Kind::kComparison) {
      const bool lhs = Known(literal.lhs, bound_);
      const bool rhs = Known(literal.rhs, bound_);
      step.assigns = (lhs && rhs) ? 0 : (lhs ? 2 : 1);
    } else if (literal.relation == RelationKind::kBuiltin) {
      step.assigns = (step.arg_known.size() == 2 && !step.arg_known[1]) ? 1 : 0;
    } else if (IsDataAtom(literal) && !literal.negated) {
      if (delta) {
        step.access = Step::Access::kDelta;
      } else if (literal.relation == RelationKind::kStored) {
        step.access = step.arg_known[0]   ? Step::Access::kBySubject
                      : step.arg_known[1] ? Step::Access::kByObject
                                          : Step::Access::kScan;
        if (step.access != Step::Access::kScan) {
          const double n = static_cast<double>(sizes_.stored_facts(literal.stored));
          step.join_index = rows_ >= 64 && rows_ >= n / 16;
        }
      } else if (literal.relation == RelationKind::kDerived) {
        for (std::size_t i = 0; i < step.arg_known.size() && i < 64; ++i) {
          if (step.arg_known[i]) step.key_mask |= std::uint64_t{1} << i;
        }
        step.access = step.key_mask != 0 ? Step::Access::kByColumns : Step::Access::kScan;
      } else {
        step.access = step.arg_known[0] ? Step::Access::kCheck : Step::Access::kScan;
      }
      // A stored atom is looked up in the window; a derived one skips the
      // pieces outside it before binding their periods.
      if (literal.relation == RelationKind::kStored || literal.relation == RelationKind::kDerived) {
        step.window_literal = WindowFor(literal);
      }
      if (step.window_literal >= 0) {
        const CheckedLiteral& other = rule_.body[static_cast<std::size_t>(step.window_literal)];
        step.window_operand = (other.args[0].kind == Operand::Kind::kVariable &&
                               other.args[0].index == literal.when.variable)
                                  ? 1
                                  : 0;
      }
    }
    // Bind what the step produces.
    if (!literal.negated) {
      if (literal.kind == CheckedLiteral::Kind::kComparison) {
        if (step.assigns == 1 && literal.lhs.kind == Operand::Kind::kVariable)
          bound_[literal.lhs.index] = true;
        if (step.assigns == 2 && literal.rhs.kind == Operand::Kind::kVariable)
          bound_[literal.rhs.index] = true;
      } else if (literal.relation == RelationKind::kBuiltin) {
        if (step.assigns == 1 && literal.args[1].kind == Operand::Kind::kVariable) {
          bound_[literal.args[1].index] = true;
        }
      } else {
        for (const Operand& arg : literal.args) {
          if (arg.kind == Operand::Kind::kVariable) bound_[arg.index] = true;
        }
        if (literal.when.kind == TimeClause::Kind::kVariable) bound_[literal.when.variable] = true;
      }
    }
    placed_[index] = true;
    rows_ = std::min(rows_ * fanout, 1e18);
    plan.steps.push_back(std::move(step));
  }

  const CheckedRule& rule_;
  const SizeHints& sizes_;
  std::vector<bool> bound_;
  std::vector<bool> placed_;
  double rows_ = 1;  // expected bindings after the steps placed so far
};

const char* AccessName(Step::Access access) {
  switch (access) {
    case Step::Access::kScan:
      return "scan";
    case Step::Access::kBySubject:
      return "by subject";
    case Step::Access::kByObject:
      return "by object";
    case Step::Access::kByColumns:
      return "by key";
    case Step::Access::kDelta:
      return "delta";
    case Step::Access::kCheck:
      return "check";
  }
  return "?";
}

}  // namespace

SizeHints StoreSizes(const engine::Store& store) {
  SizeHints hints;
  hints.stored_facts = [&store](engine::RelationId relation) { return store.FactCount(relation); };
  hints.entities = store.EntityCount();
  return hints;
}

namespace {

// The plan, unless making it weighed the size of a derived relation in a
// choice. A body of one literal leaves none: its one step reads the relation
// by whichever columns are bound, whatever the sizes (`reach($org, Y)` over
// a recursive rule), so planning it again on every run would be waste.
std::optional<RulePlan> PlanOnStoreSizes(const CheckedRule& rule, const engine::Store& store,
                                         int delta_literal) {
  bool weighed_derived = false;
  SizeHints sizes = StoreSizes(store);
  sizes.derived_tuples = [&weighed_derived](std::uint32_t) {
    weighed_derived = true;
    return std::size_t{0};
  };
  RulePlan plan = PlanRule(rule, sizes, delta_literal);
  if (weighed_derived && rule.body.size() > 1) return std::nullopt;
  return plan;
}

}  // namespace

PlansAhead PlanAhead(const CheckedProgram& program, const engine::Store& store) {
  PlansAhead plans;
  plans.query = PlanOnStoreSizes(program.query, store, -1);
  for (std::uint32_t r = 0; r < program.rules.size(); ++r) {
    const CheckedRule& rule = program.rules[r];
    std::vector<int> derived;
    for (std::size_t i = 0; i < rule.body.size(); ++i) {
      const CheckedLiteral& literal = rule.body[i];
      if (literal.kind == CheckedLiteral::Kind::kAtom &&
          literal.relation == RelationKind::kDerived && !literal.negated) {
        derived.push_back(static_cast<int>(i));
      }
    }
    std::vector<int> deltas{-1};
    if (derived.size() == 1) deltas.push_back(derived.front());
    for (const int delta : deltas) {
      if (std::optional<RulePlan> plan = PlanOnStoreSizes(rule, store, delta)) {
        plans.rules.emplace(PlansAhead::PlanKey(r, delta), std::move(*plan));
      }
    }
  }
  return plans;
}

RulePlan PlanRule(const CheckedRule& rule, const SizeHints& sizes, int delta_literal) {
  RulePlan plan = Planner(rule, sizes).Run(delta_literal);
  // A full scan whose subject (object) variable a later step hash-joins on,
  // over the same relation, reads the relation in that grouping.
  for (std::size_t s = 0; s < plan.steps.size(); ++s) {
    Step& scan = plan.steps[s];
    const CheckedLiteral& outer = rule.body[scan.literal];
    if (scan.access != Step::Access::kScan || outer.kind != CheckedLiteral::Kind::kAtom ||
        outer.relation != RelationKind::kStored || outer.negated ||
        outer.when.kind == TimeClause::Kind::kWindow) {
      continue;
    }
    for (std::size_t t = s + 1; t < plan.steps.size() && scan.scan_grouped == 0; ++t) {
      const Step& probe = plan.steps[t];
      const CheckedLiteral& inner = rule.body[probe.literal];
      if (!probe.join_index || inner.stored != outer.stored) continue;
      const int column = probe.access == Step::Access::kBySubject ? 0 : 1;
      const Operand& key = inner.args[static_cast<std::size_t>(column)];
      const Operand& mine = outer.args[static_cast<std::size_t>(column)];
      if (key.kind == Operand::Kind::kVariable && mine.kind == Operand::Kind::kVariable &&
          key.index == mine.index) {
        scan.scan_grouped = static_cast<std::uint8_t>(column + 1);
      }
    }
  }
  return plan;
}

std::string RulePlan::Describe(const CheckedRule& rule) const {
  std::string out;
  for (const Step& step : steps) {
    if (!out.empty()) out += "; ";
    out += rule.body[step.literal].text;
    out += " [";
    out += AccessName(step.access);
    if (step.join_index) out += ", hash join";
    if (step.scan_grouped != 0)
      out += step.scan_grouped == 1 ? ", by subject groups" : ", by object groups";
    if (step.window_literal >= 0)
      out += ", window from " + rule.body[static_cast<std::size_t>(step.window_literal)].text;
    out += "]";
  }
  return out;
}

}  // namespace annals::query
