// Semantic analysis of a parsed query text.
#include "query/analysis/analyzer.hpp"

#include "query/analysis/arity.hpp"
#include "query/analysis/error_context.hpp"
#include "query/analysis/safety.hpp"
#include "query/analysis/specialize.hpp"
#include "query/analysis/stratify.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string>
#include <unordered_map>

namespace annals::query {

namespace {

// The most literals a rule or query body may hold (see CheckBodyLength).
constexpr std::size_t kMaxBodyLiterals = 256;

// Variable names of one rule -> slots.
class Scope {
 public:
  std::uint32_t Slot(const std::string& name) {
    const auto [it, inserted] = slots_.emplace(name, static_cast<std::uint32_t>(names_.size()));
    if (inserted) names_.push_back(name);
    return it->second;
  }
  [[nodiscard]] const std::vector<std::string>& names() const { return names_; }

 private:
  std::unordered_map<std::string, std::uint32_t> slots_;
  std::vector<std::string> names_;
};

class Analyzer {
 public:
  Analyzer(const Program& program, const engine::Store& store, std::string_view text)
      : program_(program), store_(store), context_{text} {}

  CheckedProgram Run() {
    CollectHeads();
    const Catalog catalog(store_, out_.derived);
    for (std::uint32_t i = 0; i < program_.rules.size(); ++i) {
      out_.rules.push_back(CheckRule(catalog, program_.rules[i]));
      out_.derived[out_.rules.back().head].rules.push_back(i);
    }
    CheckQuery(catalog);
    // Rules the query does not need are still checked: a mistake in them is
    // a mistake in the text the user gave.
    std::vector<bool> all(out_.derived.size(), true);
    (void)Stratify(out_, all, context_);
    SpecializeQuery(out_);
    const std::vector<bool> needed = NeededRelations(out_, out_.query.body);
    out_.strata = Stratify(out_, needed, context_);
    return std::move(out_);
  }

 private:
  void CollectHeads() {
    std::unordered_map<std::string, std::uint32_t> by_name;
    for (const Rule& rule : program_.rules) {
      const Atom& head = rule.head;
      if (head.name == "exists" || BuiltinByName(head.name)) {
        context_.Fail(ErrorCode::kInvalidArgument,
                      "\"" + head.name + "\" is built in; a rule cannot define it", head.pos);
      }
      if (store_.FindRelation(head.name)) {
        context_.Fail(ErrorCode::kInvalidArgument,
                      "\"" + head.name +
                          "\" is a stored relation; rules cannot add to it, give the derived "
                          "relation its own name",
                      head.pos);
      }
      const auto [it, inserted] =
          by_name.emplace(head.name, static_cast<std::uint32_t>(out_.derived.size()));
      if (inserted) {
        DerivedInfo info;
        info.name = head.name;
        info.arity = static_cast<std::uint32_t>(head.args.size());
        info.pos = head.pos;
        out_.derived.push_back(std::move(info));
        continue;
      }
      const DerivedInfo& info = out_.derived[it->second];
      if (head.args.size() != info.arity) {
        context_.Fail(ErrorCode::kArity,
                      head.name + " takes " + std::to_string(info.arity) + " argument" +
                          (info.arity == 1 ? "" : "s") + " as its first rule at line " +
                          std::to_string(info.pos.line) + " defines it, found " +
                          std::to_string(head.args.size()),
                      head.pos);
      }
    }
  }

  CheckedRule CheckRule(const Catalog& catalog, const Rule& rule) {
    Scope scope;
    CheckedRule checked;
    checked.pos = rule.pos;
    checked.text = Print(rule);
    checked.head = *FindDerived(rule.head.name);
    CheckBodyLength(rule.body);
    for (const Literal& literal : rule.body) {
      checked.body.push_back(CheckLiteral(catalog, literal, scope));
    }
    for (const Term& arg : rule.head.args) {
      checked.aggregates.push_back(arg.aggregate);
      if (arg.aggregate != AggregateKind::kNone) {
        checked.has_aggregate = true;
        if (rule.body.empty()) {
          context_.Fail(ErrorCode::kSyntax, "an aggregate needs a rule body to range over",
                        arg.pos);
        }
      }
      checked.head_args.push_back(CheckOperand(arg, ConstantRole::kValue, scope, "a head"));
    }
    checked.head_when = CheckHeadWhen(rule, scope);
    checked.variables = scope.names();
    CheckSafety(checked, context_);
    return checked;
  }

  // The evaluator joins a body one literal deeper at a time, on the stack:
  // a body of thousands of literals (a generated query gone wrong) would
  // overflow it, where every real question fits in a few dozen.
  void CheckBodyLength(const std::vector<Literal>& body) const {
    if (body.size() <= kMaxBodyLiterals) return;
    context_.Fail(ErrorCode::kLimit,
                  "a body of " + std::to_string(body.size()) + " literals; the most is " +
                      std::to_string(kMaxBodyLiterals) + " (split it into rules)",
                  body[kMaxBodyLiterals].pos);
  }

  TimeClause CheckHeadWhen(const Rule& rule, Scope& scope) {
    const When& when = rule.head.when;
    if (when.kind == When::Kind::kNone) return TimeClause{};
    if (when.kind == When::Kind::kVariable) {
      if (rule.body.empty() && when.from.kind == Term::Kind::kVariable) {
        context_.Fail(ErrorCode::kUnsafeVariable,
                      "unsafe variable " + when.from.text +
                          ": a fact must be ground; give its period as a date or a range",
                      when.from.pos);
      }
      return CheckWhen(when, scope);
    }
    if (!rule.body.empty()) {
      context_.Fail(ErrorCode::kSyntax,
                    "a rule head takes '@ T' with a period variable bound in the body, or "
                    "'@ _' (holds always); dates belong to facts",
                    when.pos);
    }
    return CheckWhen(when, scope);
  }

  void CheckQuery(const Catalog& catalog) {
    Scope scope;
    CheckedRule& query = out_.query;
    query.pos = program_.query->pos;
    query.text = Print(*program_.query);
    CheckBodyLength(program_.query->body);
    for (const Literal& literal : program_.query->body) {
      query.body.push_back(CheckLiteral(catalog, literal, scope));
    }
    query.variables = scope.names();
    CheckSafety(query, context_);  // before the columns: errors point into the body
    for (std::uint32_t slot = 0; slot < query.variables.size(); ++slot) {
      const std::string& name = query.variables[slot];
      if (name.empty() || name[0] == '_') continue;
      Operand column;
      column.kind = Operand::Kind::kVariable;
      column.index = slot;
      query.head_args.push_back(column);
      query.aggregates.push_back(AggregateKind::kNone);
      out_.columns.push_back(name);
    }
  }

  std::optional<std::uint32_t> FindDerived(const std::string& name) const {
    for (std::uint32_t i = 0; i < out_.derived.size(); ++i) {
      if (out_.derived[i].name == name) return i;
    }
    return std::nullopt;
  }

  CheckedLiteral CheckLiteral(const Catalog& catalog, const Literal& literal, Scope& scope) {
    CheckedLiteral checked;
    checked.pos = literal.pos;
    checked.text = Print(literal);
    if (literal.kind == Literal::Kind::kComparison) {
      checked.kind = CheckedLiteral::Kind::kComparison;
      checked.op = literal.op;
      checked.lhs = CheckOperand(literal.lhs, ConstantRole::kValue, scope, "a comparison");
      checked.rhs = CheckOperand(literal.rhs, ConstantRole::kValue, scope, "a comparison");
      auto identity_constant = [&](const Operand& operand) {
        if (operand.kind != Operand::Kind::kConstant) return false;
        const Constant& constant = out_.constants[operand.index];
        return constant.kind != Constant::Kind::kParam && constant.kind != Constant::Kind::kDate &&
               !constant.has_date;
      };
      checked.assignable = identity_constant(checked.lhs) || identity_constant(checked.rhs);
      return checked;
    }
    const Atom& atom = literal.atom;
    checked.kind = CheckedLiteral::Kind::kAtom;
    checked.negated = literal.kind == Literal::Kind::kNegation;
    const RelationRef ref = ResolveAtom(catalog, atom, context_);
    checked.relation = ref.kind;
    checked.stored = ref.stored;
    checked.derived = ref.derived;
    checked.builtin = ref.builtin;
    for (std::size_t i = 0; i < atom.args.size(); ++i) {
      ConstantRole role = ConstantRole::kValue;
      const char* place = "an atom";
      switch (ref.kind) {
        case RelationKind::kStored:
          role = i < 2 ? ConstantRole::kEntity : ConstantRole::kAttribute;
          break;
        case RelationKind::kExists:
          role = ConstantRole::kEntity;
          break;
        case RelationKind::kDerived:
          break;
        case RelationKind::kBuiltin:
          place = "a built-in";
          role = (i == 1 && (ref.builtin == Builtin::kStart || ref.builtin == Builtin::kEnd))
                     ? ConstantRole::kDate
                     : ConstantRole::kPeriod;
          break;
      }
      checked.args.push_back(CheckOperand(atom.args[i], role, scope, place));
    }
    if (ref.kind == RelationKind::kBuiltin) {
      if (atom.when.kind != When::Kind::kNone) {
        context_.Fail(ErrorCode::kSyntax,
                      std::string(BuiltinName(ref.builtin)) +
                          "() compares periods and takes no '@'; bind periods with atom @ T",
                      atom.when.pos);
      }
      return checked;
    }
    checked.when = CheckWhen(atom.when, scope);
    return checked;
  }

  Operand CheckOperand(const Term& term, ConstantRole role, Scope& scope, const char* place) {
    Operand operand;
    operand.pos = term.pos;
    switch (term.kind) {
      case Term::Kind::kAnonymous:
        if (std::string_view(place) == "a comparison" || std::string_view(place) == "a built-in" ||
            std::string_view(place) == "a head") {
          context_.Fail(ErrorCode::kUnsafeVariable,
                        std::string("'_' has no value in ") + place +
                            "; use a named variable bound by a positive atom",
                        term.pos);
        }
        operand.kind = Operand::Kind::kAnonymous;
        return operand;
      case Term::Kind::kVariable:
        operand.kind = Operand::Kind::kVariable;
        operand.index = scope.Slot(term.text);
        return operand;
      default:
        break;
    }
    operand.kind = Operand::Kind::kConstant;
    operand.index = AddConstant(term, role);
    return operand;
  }

  TimeClause CheckWhen(const When& when, Scope& scope) {
    TimeClause clause;
    clause.pos = when.pos;
    switch (when.kind) {
      case When::Kind::kNone:
        return clause;
      case When::Kind::kVariable:
        if (when.from.kind == Term::Kind::kAnonymous) {
          clause.kind = TimeClause::Kind::kAnonymous;
        } else {
          clause.kind = TimeClause::Kind::kVariable;
          clause.variable = scope.Slot(when.from.text);
          clause.variable_pos = when.from.pos;
        }
        return clause;
      case When::Kind::kPoint:
        clause.kind = TimeClause::Kind::kWindow;
        clause.from = WindowSide(when.from);
        clause.to = clause.from;
        return clause;
      case When::Kind::kRange:
        clause.kind = TimeClause::Kind::kWindow;
        clause.is_range = true;
        clause.from = WindowSide(when.from);
        clause.to = WindowSide(when.to);
        if (clause.from.kind == TimeClause::Side::Kind::kConstant &&
            clause.to.kind == TimeClause::Side::Kind::kConstant) {
          const Constant& from = out_.constants[clause.from.constant];
          const Constant& to = out_.constants[clause.to.constant];
          if (from.kind != Constant::Kind::kParam && to.kind != Constant::Kind::kParam &&
              to.date.hi < from.date.lo) {
            context_.Fail(ErrorCode::kSyntax,
                          "the range ends (" + to.date.ToText() + ") before it starts (" +
                              from.date.ToText() + ")",
                          when.to.pos);
          }
        }
        return clause;
    }
    return clause;
  }

  TimeClause::Side WindowSide(const Term& term) {
    TimeClause::Side side;
    if (term.kind == Term::Kind::kOpen) return side;
    if (term.kind == Term::Kind::kUnknown) {
      side.kind = TimeClause::Side::Kind::kUnknown;
      return side;
    }
    side.kind = TimeClause::Side::Kind::kConstant;
    side.constant = AddConstant(term, ConstantRole::kDate);
    out_.constants[side.constant].window_side = true;
    return side;
  }

  std::uint32_t AddConstant(const Term& term, ConstantRole role) {
    Constant constant;
    constant.role = role;
    constant.pos = term.pos;
    constant.text = term.text;
    switch (term.kind) {
      case Term::Kind::kParam: {
        constant.kind = Constant::Kind::kParam;
        bool seen = false;
        for (const std::string& name : out_.parameters) seen |= name == term.text;
        if (!seen) out_.parameters.push_back(term.text);
        break;
      }
      case Term::Kind::kNumber:
        ResolveNumber(term, role, constant);
        break;
      case Term::Kind::kDate:
        ResolveDate(term, role, constant);
        break;
      case Term::Kind::kString:
        ResolveText(term, role, constant);
        break;
      default:
        break;
    }
    out_.constants.push_back(std::move(constant));
    return static_cast<std::uint32_t>(out_.constants.size() - 1);
  }

  [[noreturn]] void NotAnEntity(const Term& term) const {
    context_.Fail(ErrorCode::kUnknownEntity,
                  "expected an entity name in quotes, found " + Print(term), term.pos);
  }

  void ResolveNumber(const Term& term, ConstantRole role, Constant& constant) {
    if (role == ConstantRole::kEntity) NotAnEntity(term);
    constant.kind = Constant::Kind::kNumber;
    constant.number = std::strtod(term.text.c_str(), nullptr);
    const bool integral = term.text.find('.') == std::string::npos;
    if (integral && constant.number >= kMinYear && constant.number <= kMaxYear) {
      constant.has_date = true;
      constant.date = VagueDate::InYear(static_cast<int>(constant.number));
    }
    if ((role == ConstantRole::kDate || role == ConstantRole::kPeriod) && !constant.has_date) {
      context_.Fail(ErrorCode::kSyntax,
                    "expected a date (a year like 1921, 1921-06, 1921-06-15 or a quoted date), "
                    "found " +
                        term.text,
                    term.pos);
    }
    if (role == ConstantRole::kDate || role == ConstantRole::kPeriod) {
      constant.kind = Constant::Kind::kDate;
      SetPeriodFromDate(constant);
    }
  }

  void ResolveDate(const Term& term, ConstantRole role, Constant& constant) {
    if (role == ConstantRole::kEntity) NotAnEntity(term);
    constant.kind = Constant::Kind::kDate;
    std::string error;
    if (!VagueDate::TryParse(term.text, &constant.date, &error)) {
      context_.Fail(ErrorCode::kSyntax, error, term.pos);
    }
    constant.has_date = true;
    SetPeriodFromDate(constant);
  }

  void ResolveText(const Term& term, ConstantRole role, Constant& constant) {
    constant.kind = Constant::Kind::kText;
    switch (role) {
      case ConstantRole::kEntity:
      case ConstantRole::kAttribute:
      case ConstantRole::kValue: {
        if (const std::optional<engine::EntityId> found = store_.FindEntity(term.text)) {
          constant.entity = store_.Canonical(*found);
        } else if (role == ConstantRole::kEntity) {
          UnknownEntity(term);
        }
        // A string may also stand for a date in a comparison with one.
        constant.has_date = VagueDate::TryParse(term.text, &constant.date, nullptr);
        return;
      }
      case ConstantRole::kDate: {
        std::string error;
        if (!VagueDate::TryParse(term.text, &constant.date, &error)) {
          context_.Fail(ErrorCode::kSyntax, error, term.pos);
        }
        constant.kind = Constant::Kind::kDate;
        constant.has_date = true;
        SetPeriodFromDate(constant);
        return;
      }
      case ConstantRole::kPeriod: {
        std::vector<Period> periods;
        std::string error;
        if (!Period::TryParseList(term.text, &periods, &error)) {
          context_.Fail(ErrorCode::kSyntax, error, term.pos);
        }
        if (periods.size() != 1) {
          context_.Fail(ErrorCode::kSyntax,
                        "expected one period, found a list of " + std::to_string(periods.size()),
                        term.pos);
        }
        constant.kind = Constant::Kind::kDate;
        constant.has_period = true;
        constant.period = periods.front();
        return;
      }
    }
  }

  void SetPeriodFromDate(Constant& constant) const {
    constant.has_period = Period::TryMake(constant.date, constant.date, &constant.period, nullptr);
  }

  [[noreturn]] void UnknownEntity(const Term& term) const {
    context_.Fail(ErrorCode::kUnknownEntity,
                  "unknown entity " + Quote(term.text) + DidYouMeanEntity(store_, term.text),
                  term.pos);
  }

  const Program& program_;
  const engine::Store& store_;
  ErrorContext context_;
  CheckedProgram out_;
};

}  // namespace

CheckedProgram Analyze(const Program& program, const engine::Store& store, std::string_view text) {
  return Analyzer(program, store, text).Run();
}

}  // namespace annals::query
