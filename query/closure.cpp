// Recognising closure strata, and the reached-set of their searches.
#include "query/closure.hpp"

#include <algorithm>

namespace annals::query {

namespace {

bool IsVariable(const Operand& operand) { return operand.kind == Operand::Kind::kVariable; }

// A positive atom read with `@ _` (a derived one may also be read without
// `@`: its pieces are always, so sequencing leaves the row unchanged).
bool TimelessAtom(const CheckedLiteral& literal, RelationKind kind) {
  if (literal.kind != CheckedLiteral::Kind::kAtom || literal.negated || literal.relation != kind) {
    return false;
  }
  if (literal.when.kind == TimeClause::Kind::kAnonymous) return true;
  return kind == RelationKind::kDerived && literal.when.kind == TimeClause::Kind::kNone;
}

// e(A, B) reading subject and object only: attribute columns, if written,
// must be `_`.
bool PlainEdge(const CheckedLiteral& literal) {
  if (!TimelessAtom(literal, RelationKind::kStored) || literal.args.size() < 2) return false;
  return std::all_of(literal.args.begin() + 2, literal.args.end(),
                     [](const Operand& arg) { return arg.kind == Operand::Kind::kAnonymous; });
}

bool TimelessHead(const CheckedRule& rule) {
  return !rule.has_aggregate && (rule.head_when.kind == TimeClause::Kind::kNone ||
                                 rule.head_when.kind == TimeClause::Kind::kAnonymous);
}

// r(A, B) :- e(A, B) @ _.  A and B distinct; at most one constant.
bool IsBase(const CheckedRule& rule, engine::RelationId* edges) {
  if (!TimelessHead(rule) || rule.body.size() != 1 || !PlainEdge(rule.body[0])) return false;
  const CheckedLiteral& edge = rule.body[0];
  const Operand& a = rule.head_args[0];
  const Operand& b = rule.head_args[1];
  if (!SameOperand(a, edge.args[0]) || !SameOperand(b, edge.args[1])) return false;
  if (!IsVariable(a) && !IsVariable(b)) return false;
  if (a.kind == Operand::Kind::kAnonymous || b.kind == Operand::Kind::kAnonymous) return false;
  if (IsVariable(a) && IsVariable(b) && a.index == b.index) return false;
  *edges = edge.stored;
  return true;
}

// The step rule, left-linear  r(A, Z) :- r(A, Y), e(Y, Z).
//              or right-linear r(X, B) :- e(X, Y), r(Y, B).
// `kept` is the argument the rule passes through (A or B): a variable, or the
// constant SpecializeQuery put there. Y and Z (X) are distinct variables.
struct StepForm {
  bool left_linear = true;
  Operand kept;
};

std::optional<StepForm> MatchStep(const CheckedRule& rule, std::uint32_t relation,
                                  engine::RelationId edges) {
  if (!TimelessHead(rule) || rule.body.size() != 2) return std::nullopt;
  const CheckedLiteral* recursive = nullptr;
  const CheckedLiteral* edge = nullptr;
  for (const CheckedLiteral& literal : rule.body) {
    if (TimelessAtom(literal, RelationKind::kDerived) && literal.derived == relation) {
      recursive = &literal;
    } else if (PlainEdge(literal) && literal.stored == edges) {
      edge = &literal;
    }
  }
  if (recursive == nullptr || edge == nullptr) return std::nullopt;
  const Operand& head0 = rule.head_args[0];
  const Operand& head1 = rule.head_args[1];
  auto distinct_variables = [](const Operand& x, const Operand& y) {
    return IsVariable(x) && IsVariable(y) && x.index != y.index;
  };
  auto differs = [](const Operand& kept, const Operand& other) {
    return !IsVariable(kept) || kept.index != other.index;
  };
  // Left-linear: head (A, Z), r(A, Y), e(Y, Z).
  if (SameOperand(recursive->args[0], head0) && SameOperand(edge->args[1], head1) &&
      SameOperand(recursive->args[1], edge->args[0])) {
    const Operand& y = recursive->args[1];
    if (head0.kind != Operand::Kind::kAnonymous && distinct_variables(y, head1) &&
        differs(head0, y) && differs(head0, head1)) {
      return StepForm{true, head0};
    }
  }
  // Right-linear: head (X, B), e(X, Y), r(Y, B).
  if (SameOperand(edge->args[0], head0) && SameOperand(recursive->args[1], head1) &&
      SameOperand(edge->args[1], recursive->args[0])) {
    const Operand& y = edge->args[1];
    if (head1.kind != Operand::Kind::kAnonymous && distinct_variables(head0, y) &&
        differs(head1, y) && differs(head1, head0)) {
      return StepForm{false, head1};
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<ClosureShape> MatchClosure(const CheckedProgram& program, const Stratum& stratum) {
  if (!stratum.recursive || stratum.relations.size() != 1) return std::nullopt;
  const std::uint32_t relation = stratum.relations.front();
  const DerivedInfo& info = program.derived[relation];
  if (info.arity != 2 || info.rules.size() != 2) return std::nullopt;
  for (int base_at = 0; base_at < 2; ++base_at) {
    const CheckedRule& base = program.rules[info.rules[base_at]];
    const CheckedRule& step = program.rules[info.rules[1 - base_at]];
    engine::RelationId edges = 0;
    if (!IsBase(base, &edges)) continue;
    const std::optional<StepForm> form = MatchStep(step, relation, edges);
    if (!form) continue;
    // The base must start the closure from the same end: the kept argument
    // (or a variable, if the step keeps one) in the same column, and the
    // other column a variable.
    const std::size_t kept_column = form->left_linear ? 0 : 1;
    const Operand& base_kept = base.head_args[kept_column];
    const Operand& base_other = base.head_args[1 - kept_column];
    if (!IsVariable(base_other)) continue;
    if (IsVariable(form->kept) != IsVariable(base_kept)) continue;
    if (!IsVariable(form->kept) && !SameOperand(form->kept, base_kept)) continue;
    ClosureShape shape;
    shape.relation = relation;
    shape.edges = edges;
    shape.base_rule = info.rules[base_at];
    shape.step_rule = info.rules[1 - base_at];
    shape.left_linear = form->left_linear;
    if (!IsVariable(form->kept)) {
      shape.fixed_constant = form->kept.index;
      shape.forward = form->left_linear;
    }
    return shape;
  }
  return std::nullopt;
}

ReachedSet::ReachedSet(std::size_t entity_count, bool dense) : dense_(dense) {
  if (dense_) {
    marks_.assign(entity_count, 0);
  } else {
    slots_.assign(64, engine::kNoEntity);
  }
}

void ReachedSet::Clear() {
  if (dense_) {
    if (++stamp_ == 0) {  // wrapped: old marks could read as current
      std::fill(marks_.begin(), marks_.end(), 0);
      stamp_ = 1;
    }
    return;
  }
  std::fill(slots_.begin(), slots_.end(), engine::kNoEntity);
  sparse_count_ = 0;
}

bool ReachedSet::InsertOrGet(engine::EntityId entity, std::uint32_t* value) {
  if (dense_) {
    if (values_.size() != marks_.size()) values_.resize(marks_.size());
    if (marks_[entity] == stamp_) {
      *value = values_[entity];
      return false;
    }
    marks_[entity] = stamp_;
    values_[entity] = *value;
    return true;
  }
  if ((sparse_count_ + 1) * 2 > slots_.size()) GrowSparse();
  if (values_.size() != slots_.size()) values_.resize(slots_.size());
  const std::size_t mask = slots_.size() - 1;
  std::size_t at = (entity * 0x9E3779B1u) & mask;
  while (slots_[at] != engine::kNoEntity) {
    if (slots_[at] == entity) {
      *value = values_[at];
      return false;
    }
    at = (at + 1) & mask;
  }
  slots_[at] = entity;
  values_[at] = *value;
  ++sparse_count_;
  return true;
}

bool ReachedSet::Insert(engine::EntityId entity) {
  if (dense_) {
    if (marks_[entity] == stamp_) return false;
    marks_[entity] = stamp_;
    return true;
  }
  if ((sparse_count_ + 1) * 2 > slots_.size()) GrowSparse();
  const std::size_t mask = slots_.size() - 1;
  std::size_t at = (entity * 0x9E3779B1u) & mask;
  while (slots_[at] != engine::kNoEntity) {
    if (slots_[at] == entity) return false;
    at = (at + 1) & mask;
  }
  slots_[at] = entity;
  ++sparse_count_;
  return true;
}

void ReachedSet::GrowSparse() {
  std::vector<engine::EntityId> old(slots_.size() * 2, engine::kNoEntity);
  old.swap(slots_);
  // Values move with their entities, when any are kept.
  std::vector<std::uint32_t> old_values;
  if (!values_.empty()) {
    old_values.swap(values_);
    values_.resize(slots_.size());
  }
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = 0; i < old.size(); ++i) {
    const engine::EntityId entity = old[i];
    if (entity == engine::kNoEntity) continue;
    std::size_t at = (entity * 0x9E3779B1u) & mask;
    while (slots_[at] != engine::kNoEntity) at = (at + 1) & mask;
    slots_[at] = entity;
    if (!old_values.empty()) values_[at] = old_values[i];
  }
}

}  // namespace annals::query
