// Printing and structural comparison of syntax trees.
#include "query/ast.hpp"

namespace annals::query {

const char* CompareOpText(CompareOp op) {
  switch (op) {
    case CompareOp::kEq:
      return "=";
    case CompareOp::kNe:
      return "!=";
    case CompareOp::kLt:
      return "<";
    case CompareOp::kLe:
      return "<=";
    case CompareOp::kGt:
      return ">";
    case CompareOp::kGe:
      return ">=";
  }
  return "?";
}

namespace {

const char* AggregateName(AggregateKind kind) {
  switch (kind) {
    case AggregateKind::kCount:
      return "count";
    case AggregateKind::kMin:
      return "min";
    case AggregateKind::kMax:
      return "max";
    case AggregateKind::kSum:
      return "sum";
    case AggregateKind::kNone:
      break;
  }
  return "";
}

std::string PrintArgs(const std::vector<Term>& args) {
  std::string out = "(";
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (i > 0) out += ", ";
    out += Print(args[i]);
  }
  return out + ")";
}

std::string PrintBody(const std::vector<Literal>& body) {
  std::string out;
  for (std::size_t i = 0; i < body.size(); ++i) {
    if (i > 0) out += ", ";
    out += Print(body[i]);
  }
  return out;
}

}  // namespace

std::string Quote(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        out += c;
    }
  }
  return out + "\"";
}

std::string Print(const Term& term) {
  std::string inner;
  switch (term.kind) {
    case Term::Kind::kVariable:
    case Term::Kind::kNumber:
    case Term::Kind::kDate:
      inner = term.text;
      break;
    case Term::Kind::kAnonymous:
      inner = "_";
      break;
    case Term::Kind::kString:
      inner = Quote(term.text);
      break;
    case Term::Kind::kParam:
      inner = "$" + term.text;
      break;
    case Term::Kind::kOpen:
      inner = "present";
      break;
    case Term::Kind::kUnknown:
      inner = "?";
      break;
  }
  if (term.aggregate != AggregateKind::kNone) {
    return std::string(AggregateName(term.aggregate)) + "(" + inner + ")";
  }
  return inner;
}

std::string Print(const When& when) {
  switch (when.kind) {
    case When::Kind::kNone:
      return "";
    case When::Kind::kVariable:
    case When::Kind::kPoint:
      return " @ " + Print(when.from);
    case When::Kind::kRange: {
      // An open start prints as nothing ("@ .. 1921"); an open end as "present".
      const std::string from = when.from.kind == Term::Kind::kOpen ? "" : Print(when.from) + " ";
      return " @ " + from + ".. " + Print(when.to);
    }
  }
  return "";
}

std::string Print(const Atom& atom) { return atom.name + PrintArgs(atom.args) + Print(atom.when); }

std::string Print(const Literal& literal) {
  switch (literal.kind) {
    case Literal::Kind::kAtom:
      return Print(literal.atom);
    case Literal::Kind::kNegation:
      return "!" + Print(literal.atom);
    case Literal::Kind::kComparison:
      return Print(literal.lhs) + " " + CompareOpText(literal.op) + " " + Print(literal.rhs);
  }
  return "";
}

std::string Print(const Rule& rule) {
  if (rule.body.empty()) return Print(rule.head) + ".";
  return Print(rule.head) + " :- " + PrintBody(rule.body) + ".";
}

std::string Print(const Query& query) { return "?- " + PrintBody(query.body) + "."; }

std::string Print(const Program& program) {
  std::string out;
  for (const Rule& rule : program.rules) out += Print(rule) + "\n";
  if (program.query) out += Print(*program.query) + "\n";
  return out;
}

bool SameTree(const Term& a, const Term& b) {
  if (a.kind != b.kind || a.aggregate != b.aggregate) return false;
  switch (a.kind) {
    case Term::Kind::kAnonymous:
    case Term::Kind::kOpen:
    case Term::Kind::kUnknown:
      return true;
    default:
      return a.text == b.text;
  }
}

bool SameTree(const When& a, const When& b) {
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case When::Kind::kNone:
      return true;
    case When::Kind::kVariable:
    case When::Kind::kPoint:
      return SameTree(a.from, b.from);
    case When::Kind::kRange:
      return SameTree(a.from, b.from) && SameTree(a.to, b.to);
  }
  return false;
}

bool SameTree(const Atom& a, const Atom& b) {
  if (a.name != b.name || a.args.size() != b.args.size() || !SameTree(a.when, b.when)) {
    return false;
  }
  for (std::size_t i = 0; i < a.args.size(); ++i) {
    if (!SameTree(a.args[i], b.args[i])) return false;
  }
  return true;
}

bool SameTree(const Literal& a, const Literal& b) {
  if (a.kind != b.kind) return false;
  if (a.kind == Literal::Kind::kComparison) {
    return a.op == b.op && SameTree(a.lhs, b.lhs) && SameTree(a.rhs, b.rhs);
  }
  return SameTree(a.atom, b.atom);
}

namespace {
bool SameBody(const std::vector<Literal>& a, const std::vector<Literal>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (!SameTree(a[i], b[i])) return false;
  }
  return true;
}
}  // namespace

bool SameTree(const Rule& a, const Rule& b) {
  return SameTree(a.head, b.head) && SameBody(a.body, b.body);
}

bool SameTree(const Program& a, const Program& b) {
  if (a.rules.size() != b.rules.size() || a.query.has_value() != b.query.has_value()) {
    return false;
  }
  for (std::size_t i = 0; i < a.rules.size(); ++i) {
    if (!SameTree(a.rules[i], b.rules[i])) return false;
  }
  return !a.query || SameBody(a.query->body, b.query->body);
}

}  // namespace annals::query
