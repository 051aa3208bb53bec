// The invariant-argument rewrite. An argument position i of a derived
// relation R is invariant when every rule of R has a variable V at position i
// of its head and the same V at position i of every R atom in its body (or a
// constant head and no R atom). Then sigma_{i=c}(R) is the fixpoint of the
// rules with V replaced by c: each derivation of an R tuple with c at i uses
// only R tuples with c at i. Mutual recursion and aggregates are left alone.
#include "query/analysis/specialize.hpp"

#include "query/analysis/stratify.hpp"

#include <optional>

namespace annals::query {

namespace {

void Substitute(Operand& operand, std::uint32_t variable, const Operand& constant) {
  if (operand.kind == Operand::Kind::kVariable && operand.index == variable) {
    const TextPos pos = operand.pos;
    operand = constant;
    operand.pos = pos;
  }
}

bool UsesAsTime(const CheckedRule& rule, std::uint32_t variable) {
  if (rule.head_when.kind == TimeClause::Kind::kVariable && rule.head_when.variable == variable) {
    return true;
  }
  for (const CheckedLiteral& literal : rule.body) {
    if (literal.when.kind == TimeClause::Kind::kVariable && literal.when.variable == variable) {
      return true;
    }
  }
  return false;
}

// Whether derived relation `from` depends on `target` through the rules.
bool DependsOn(const CheckedProgram& program, std::uint32_t from, std::uint32_t target) {
  CheckedLiteral probe;
  probe.kind = CheckedLiteral::Kind::kAtom;
  probe.relation = RelationKind::kDerived;
  probe.derived = from;
  const std::vector<bool> reached = NeededRelations(program, {probe});
  return reached[target];
}

bool Eligible(const CheckedProgram& program, std::uint32_t relation) {
  for (const std::uint32_t rule_index : program.derived[relation].rules) {
    const CheckedRule& rule = program.rules[rule_index];
    if (rule.has_aggregate) return false;
    for (const CheckedLiteral& literal : rule.body) {
      if (literal.kind != CheckedLiteral::Kind::kAtom ||
          literal.relation != RelationKind::kDerived || literal.derived == relation) {
        continue;
      }
      if (DependsOn(program, literal.derived, relation)) return false;  // mutual recursion
    }
  }
  return true;
}

bool Invariant(const CheckedProgram& program, std::uint32_t relation, std::size_t position) {
  for (const std::uint32_t rule_index : program.derived[relation].rules) {
    const CheckedRule& rule = program.rules[rule_index];
    const Operand& head = rule.head_args[position];
    bool recursive = false;
    for (const CheckedLiteral& literal : rule.body) {
      if (literal.kind != CheckedLiteral::Kind::kAtom ||
          literal.relation != RelationKind::kDerived || literal.derived != relation) {
        continue;
      }
      recursive = true;
      if (head.kind != Operand::Kind::kVariable || !SameOperand(literal.args[position], head)) {
        return false;
      }
    }
    if (head.kind == Operand::Kind::kAnonymous) return false;
    if (head.kind == Operand::Kind::kVariable && UsesAsTime(rule, head.index)) return false;
    if (head.kind == Operand::Kind::kConstant && recursive) return false;
  }
  return true;
}

// Whether two constants are certainly equal / certainly different; nullopt
// when a parameter makes it a question for run time.
std::optional<bool> ConstantsEqual(const Constant& a, const Constant& b) {
  if (a.kind == Constant::Kind::kParam || b.kind == Constant::Kind::kParam) return std::nullopt;
  if (a.entity || b.entity) return a.entity && b.entity && *a.entity == *b.entity;
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case Constant::Kind::kNumber:
      return a.number == b.number;
    case Constant::Kind::kDate:
      return a.date == b.date;
    default:
      return std::nullopt;  // texts compare case-insensitively: leave it to run time
  }
}

void SpecializeLiteral(CheckedProgram& program, CheckedLiteral& literal) {
  const std::uint32_t relation = literal.derived;
  if (!Eligible(program, relation)) return;
  std::vector<std::size_t> positions;
  for (std::size_t i = 0; i < literal.args.size(); ++i) {
    if (literal.args[i].kind == Operand::Kind::kConstant && Invariant(program, relation, i)) {
      positions.push_back(i);
    }
  }
  if (positions.empty()) return;

  const auto copy = static_cast<std::uint32_t>(program.derived.size());
  DerivedInfo info = program.derived[relation];
  info.rules.clear();
  const std::vector<std::uint32_t> originals = program.derived[relation].rules;
  for (const std::uint32_t rule_index : originals) {
    CheckedRule rule = program.rules[rule_index];
    bool dropped = false;
    for (const std::size_t position : positions) {
      const Operand constant = literal.args[position];
      const Operand head = rule.head_args[position];
      if (head.kind == Operand::Kind::kConstant) {
        const std::optional<bool> equal =
            ConstantsEqual(program.constants[head.index], program.constants[constant.index]);
        if (equal == false) {
          dropped = true;
          break;
        }
        if (!equal) {  // decided when the query runs
          CheckedLiteral test;
          test.kind = CheckedLiteral::Kind::kComparison;
          test.op = CompareOp::kEq;
          test.lhs = head;
          test.rhs = constant;
          test.pos = rule.pos;
          test.text = "(specialised argument)";
          rule.body.push_back(test);
        }
        continue;
      }
      const std::uint32_t variable = head.index;
      for (Operand& arg : rule.head_args) Substitute(arg, variable, constant);
      for (CheckedLiteral& body : rule.body) {
        for (Operand& arg : body.args) Substitute(arg, variable, constant);
        Substitute(body.lhs, variable, constant);
        Substitute(body.rhs, variable, constant);
      }
    }
    if (dropped) continue;
    rule.head = copy;
    for (CheckedLiteral& body : rule.body) {
      if (body.kind == CheckedLiteral::Kind::kAtom && body.relation == RelationKind::kDerived &&
          body.derived == relation) {
        body.derived = copy;
      }
    }
    info.rules.push_back(static_cast<std::uint32_t>(program.rules.size()));
    program.rules.push_back(std::move(rule));
  }
  program.derived.push_back(std::move(info));
  literal.derived = copy;
}

}  // namespace

void SpecializeQuery(CheckedProgram& program) {
  for (CheckedLiteral& literal : program.query.body) {
    if (literal.kind == CheckedLiteral::Kind::kAtom && !literal.negated &&
        literal.relation == RelationKind::kDerived) {
      SpecializeLiteral(program, literal);
    }
  }
}

}  // namespace annals::query
