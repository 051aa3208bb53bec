// The syntax tree of a query text or facts file: terms, atoms with their
// time clause (@ WHEN), literals, rules, queries, programs, directives. Every
// node keeps its position so later stages can point at it.
#pragma once

#include "query/token.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace annals::query {

enum class AggregateKind : std::uint8_t { kNone, kCount, kMin, kMax, kSum };

struct Term {
  enum class Kind : std::uint8_t {
    kVariable,   //!< P, Org, _T (a name starting with '_' joins but is not a column)
    kAnonymous,  //!< _ : a fresh variable at each occurrence
    kString,     //!< "Communist Party of Bukhara", "mid-1921"
    kNumber,     //!< 42, 1921 (read as a year where a date is expected)
    kDate,       //!< 1921-06, 1921-06-15
    kParam,      //!< $org: supplied when a prepared query runs
    kOpen,       //!< an open range end: empty, or `present`
    kUnknown,    //!< an unknown range end: `?`
  };
  Kind kind = Kind::kVariable;
  std::string text;  //!< name, string content, number/date spelling, parameter name
  //! In a rule head only: count(X), min(X), max(X), sum(X) over the variable `text`.
  AggregateKind aggregate = AggregateKind::kNone;
  TextPos pos;
  std::uint32_t length = 0;

  [[nodiscard]] bool IsVariable() const { return kind == Kind::kVariable; }
  [[nodiscard]] bool IsConstant() const {
    return kind == Kind::kString || kind == Kind::kNumber || kind == Kind::kDate ||
           kind == Kind::kParam;
  }
};

//! The time clause of an atom.
struct When {
  enum class Kind : std::uint8_t {
    kNone,      //!< no '@': the atom's period takes part in the row's validity
    kVariable,  //!< @ T / @ _ : binds the fact's period; the atom leaves the row's validity alone
    kPoint,     //!< @ 1921-06 / @ "mid-1921" / @ $day : facts that hold during that date
    kRange,     //!< @ FROM .. TO
  };
  Kind kind = Kind::kNone;
  Term from;    //!< the variable (kVariable), the date (kPoint), the start (kRange)
  Term to;      //!< the end (kRange)
  TextPos pos;  //!< of '@'
};

struct Atom {
  std::string name;
  TextPos pos;
  std::uint32_t name_length = 0;
  std::vector<Term> args;
  When when;
};

enum class CompareOp : std::uint8_t { kEq, kNe, kLt, kLe, kGt, kGe };
[[nodiscard]] const char* CompareOpText(CompareOp op);

struct Literal {
  enum class Kind : std::uint8_t { kAtom, kNegation, kComparison };
  Kind kind = Kind::kAtom;
  Atom atom;  //!< kAtom, kNegation (built-ins such as before(T1, T2) are atoms too)
  CompareOp op = CompareOp::kEq;
  Term lhs, rhs;  //!< kComparison
  TextPos pos;
};

//! `head :- body.` A fact is a rule with an empty body and a ground head.
struct Rule {
  Atom head;
  std::vector<Literal> body;
  TextPos pos;
};

struct Query {
  std::vector<Literal> body;
  TextPos pos;
};

//! A query text: rules and facts, then one query.
struct Program {
  std::vector<Rule> rules;
  std::optional<Query> query;
};

//! `.decl rel(col, ...)` or `.source "file:line"` in a facts file.
struct Directive {
  std::string name;  //!< "decl", "source", ...
  TextPos pos;
  std::uint32_t length = 0;
  Atom decl;               //!< .decl: relation name and its column names (as kVariable terms)
  std::vector<Term> args;  //!< other directives: their arguments
};

// ---- printing: canonical text that parses back to an equal tree
[[nodiscard]] std::string Print(const Term& term);
[[nodiscard]] std::string Print(const When& when);
[[nodiscard]] std::string Print(const Atom& atom);
[[nodiscard]] std::string Print(const Literal& literal);
[[nodiscard]] std::string Print(const Rule& rule);
[[nodiscard]] std::string Print(const Query& query);
[[nodiscard]] std::string Print(const Program& program);
//! A string constant with quotes and escapes, as the lexer reads it back.
[[nodiscard]] std::string Quote(std::string_view text);

// ---- structural equality, ignoring positions
[[nodiscard]] bool SameTree(const Term& a, const Term& b);
[[nodiscard]] bool SameTree(const When& a, const When& b);
[[nodiscard]] bool SameTree(const Atom& a, const Atom& b);
[[nodiscard]] bool SameTree(const Literal& a, const Literal& b);
[[nodiscard]] bool SameTree(const Rule& a, const Rule& b);
[[nodiscard]] bool SameTree(const Program& a, const Program& b);

}  // namespace annals::query
