// Range restriction check, as in every Datalog: negation, comparisons and
// built-ins test values; only positive atoms (and equalities and start/end
// from values already known) produce them.
#include "query/analysis/safety.hpp"

namespace annals::query {

namespace {

bool IsKnown(const Operand& operand, const std::vector<bool>& bound) {
  return operand.kind == Operand::Kind::kConstant ||
         (operand.kind == Operand::Kind::kVariable && bound[operand.index]);
}

bool Bind(const Operand& operand, std::vector<bool>& bound) {
  if (operand.kind != Operand::Kind::kVariable || bound[operand.index]) return false;
  bound[operand.index] = true;
  return true;
}

struct Use {
  std::uint32_t variable;
  TextPos pos;
  const char* where;
};

}  // namespace

std::vector<bool> BoundVariables(const CheckedRule& rule) {
  std::vector<bool> bound(rule.variables.size(), false);
  bool changed = true;
  while (changed) {
    changed = false;
    for (const CheckedLiteral& literal : rule.body) {
      if (literal.negated) continue;
      if (literal.kind == CheckedLiteral::Kind::kComparison) {
        if (literal.op != CompareOp::kEq) continue;
        if (IsKnown(literal.lhs, bound)) changed |= Bind(literal.rhs, bound);
        if (IsKnown(literal.rhs, bound)) changed |= Bind(literal.lhs, bound);
        continue;
      }
      if (literal.relation == RelationKind::kBuiltin) {
        if ((literal.builtin == Builtin::kStart || literal.builtin == Builtin::kEnd) &&
            IsKnown(literal.args[0], bound)) {
          changed |= Bind(literal.args[1], bound);
        }
        continue;
      }
      for (const Operand& arg : literal.args) changed |= Bind(arg, bound);
      if (literal.when.kind == TimeClause::Kind::kVariable && !bound[literal.when.variable]) {
        bound[literal.when.variable] = true;
        changed = true;
      }
    }
  }
  return bound;
}

void CheckSafety(const CheckedRule& rule, const ErrorContext& context) {
  const std::vector<bool> bound = BoundVariables(rule);
  std::vector<Use> uses;
  for (const Operand& arg : rule.head_args) {
    if (arg.kind == Operand::Kind::kVariable) uses.push_back({arg.index, arg.pos, "head"});
  }
  if (rule.head_when.kind == TimeClause::Kind::kVariable) {
    uses.push_back({rule.head_when.variable, rule.head_when.variable_pos, "head"});
  }
  for (const CheckedLiteral& literal : rule.body) {
    const char* where = literal.negated                                     ? "negation"
                        : literal.kind == CheckedLiteral::Kind::kComparison ? "comparison"
                        : literal.relation == RelationKind::kBuiltin        ? "built-in"
                                                                            : nullptr;
    if (where == nullptr) continue;
    if (literal.kind == CheckedLiteral::Kind::kComparison) {
      for (const Operand* side : {&literal.lhs, &literal.rhs}) {
        if (side->kind == Operand::Kind::kVariable) uses.push_back({side->index, side->pos, where});
      }
      continue;
    }
    for (const Operand& arg : literal.args) {
      if (arg.kind == Operand::Kind::kVariable) uses.push_back({arg.index, arg.pos, where});
    }
    if (literal.when.kind == TimeClause::Kind::kVariable) {
      uses.push_back({literal.when.variable, literal.when.variable_pos, where});
    }
  }
  const Use* first = nullptr;
  for (const Use& use : uses) {
    if (bound[use.variable]) continue;
    if (first == nullptr || use.pos.offset < first->pos.offset) first = &use;
  }
  if (first == nullptr) return;
  const std::string& name = rule.variables[first->variable];
  std::string message = "unsafe variable " + name + ": ";
  if (std::string_view(first->where) == "head") {
    message += rule.body.empty() ? "a fact must be ground; write a constant instead"
                                 : "it appears in the head but in no positive atom of the body";
  } else {
    message += std::string("it is used in a ") + first->where +
               " but no positive atom of the body binds it";
  }
  context.Fail(ErrorCode::kUnsafeVariable, std::move(message), first->pos);
}

}  // namespace annals::query
