// The parser: shapes of what it reads, its error positions, and the
// print -> reparse round trip (Parse(Print(tree)) == tree) over a corpus and
// over randomly generated trees.
#include "query/parser.hpp"

#include <annals/error.hpp>

#include "query/ast.hpp"

#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

namespace annals::query {
namespace {

Program Parse(const std::string& text) { return ParseQueryText(text); }

TEST_CASE("parser reads a query with a time clause", "[query][parser]") {
  const Program program = Parse("?- leads(P, \"Communist Party of Bukhara\") @ \"mid-1921\".");
  CHECK(program.rules.empty());
  REQUIRE(program.query);
  REQUIRE(program.query->body.size() == 1);
  const Atom& atom = program.query->body[0].atom;
  CHECK(atom.name == "leads");
  REQUIRE(atom.args.size() == 2);
  CHECK(atom.args[0].kind == Term::Kind::kVariable);
  CHECK(atom.args[1].kind == Term::Kind::kString);
  CHECK(atom.when.kind == When::Kind::kPoint);
  CHECK(atom.when.from.text == "mid-1921");
}

TEST_CASE("'?-' and the final dot are optional for a bare query", "[query][parser]") {
  CHECK(SameTree(Parse("leads(P, O) @ 1921"), Parse("?- leads(P, O) @ 1921.")));
  CHECK(SameTree(Parse("leads(P, O), O != P."), Parse("?- leads(P, O), O != P")));
}

TEST_CASE("rules, facts and the query of a program", "[query][parser]") {
  const Program program = Parse(
      "chain(\"Akchurin\").\n"
      "chain(P) :- chain(Q), succeeds(P, Q) @ _.\n"
      "n(O, count(P)) :- leads(P, O).\n"
      "?- chain(P).");
  REQUIRE(program.rules.size() == 3);
  CHECK(program.rules[0].body.empty());
  CHECK(program.rules[1].body.size() == 2);
  CHECK(program.rules[1].body[1].atom.when.kind == When::Kind::kVariable);
  CHECK(program.rules[1].body[1].atom.when.from.kind == Term::Kind::kAnonymous);
  CHECK(program.rules[2].head.args[1].aggregate == AggregateKind::kCount);
}

TEST_CASE("ranges with open and unknown sides", "[query][parser]") {
  const When when = Parse("p(X) @ .. 1921").query->body[0].atom.when;
  CHECK(when.kind == When::Kind::kRange);
  CHECK(when.from.kind == Term::Kind::kOpen);
  CHECK(when.to.text == "1921");
  const When open_end = Parse("p(X) @ 1921-06 ..").query->body[0].atom.when;
  CHECK(open_end.to.kind == Term::Kind::kOpen);
  const When unknown = Parse("p(X) @ ? .. present").query->body[0].atom.when;
  CHECK(unknown.from.kind == Term::Kind::kUnknown);
  CHECK(unknown.to.kind == Term::Kind::kOpen);
}

TEST_CASE("syntax errors carry position and expectation", "[query][parser]") {
  try {
    (void)Parse("?- leads(P, \"X\" @ 1921.");
    FAIL("expected a syntax error");
  } catch (const Error& error) {
    CHECK(error.code() == ErrorCode::kSyntax);
    CHECK(error.location().line == 1);
    CHECK(error.location().column == 17);
    CHECK(error.message() == "expected ',' or ')', found '@'");
    CHECK(error.rendered() ==
          "<query>:1:17: error: expected ',' or ')', found '@'\n"
          "?- leads(P, \"X\" @ 1921.\n"
          "                ^");
  }
  CHECK_THROWS_AS(Parse(""), Error);
  CHECK_THROWS_AS(Parse("p(X) :- q(X)."), Error);         // no query
  CHECK_THROWS_AS(Parse("?- p(X). ?- q(X)."), Error);     // two queries
  CHECK_THROWS_AS(Parse("?- p(count(X))."), Error);       // aggregate outside a head
  CHECK_THROWS_AS(Parse("a(X), b(X). ?- c(X)."), Error);  // a fact is one atom
  CHECK_THROWS_AS(Parse("?- p(X) @ ?."), Error);          // '?' needs a range
  CHECK_THROWS_AS(Parse(".decl p(a, b)\n?- p(X, Y)."), Error);
}

TEST_CASE("caret lines count code points and keep tabs", "[query][parser]") {
  try {
    (void)Parse("\t?- p(\"Бухара\" q).");
    FAIL("expected a syntax error");
  } catch (const Error& error) {
    CHECK(error.location().column == 16);
    CHECK(error.rendered().substr(error.rendered().rfind('\n') + 1) == "\t              ^");
  }
}

TEST_CASE("facts-file mode recovers after a bad statement", "[query][parser]") {
  Parser parser(".decl r(a, b, c)\nr(\"A\", \"B\") @ 1921.\nr(\"A\" \"B\").\nr(\"C\", \"D\").\n");
  std::vector<std::string> seen;
  int errors = 0;
  while (true) {
    Statement statement;
    try {
      if (!parser.NextStatement(&statement)) break;
      seen.push_back(statement.kind == Statement::Kind::kDirective ? "." + statement.directive.name
                                                                   : Print(statement.clause));
    } catch (const SyntaxError& error) {
      ++errors;
      CHECK(error.pos.line == 3);
      parser.SkipStatement();
    }
  }
  CHECK(errors == 1);
  CHECK(seen == std::vector<std::string>{".decl", "r(\"A\", \"B\") @ 1921.", "r(\"C\", \"D\")."});
}

TEST_CASE("facts-file mode keeps the fact after a statement that lost its '.'", "[query][parser]") {
  // The first statement has no '.', the second is not a fact at all: the
  // facts on the lines after each must still be read.
  Parser parser("r(\"A\") @ 1920\nr(\"B\") @ 1921.\nnot a fact\nr(\"C\").\n");
  std::vector<std::string> seen;
  std::vector<SyntaxError> errors;
  while (true) {
    Statement statement;
    try {
      if (!parser.NextStatement(&statement)) break;
      seen.push_back(Print(statement.clause));
    } catch (const SyntaxError& error) {
      errors.push_back(error);
      parser.SkipStatement();
    }
  }
  CHECK(seen == std::vector<std::string>{"r(\"B\") @ 1921.", "r(\"C\")."});
  REQUIRE(errors.size() == 2);
  // Blamed where the '.' is missing, not on the good line after it.
  CHECK(errors[0].pos.line == 1);
  CHECK(errors[0].pos.column == 10);  // at 1920
  CHECK(errors[0].message.find("no '.' before 'r' on line 2") != std::string::npos);
  CHECK(errors[1].pos.line == 3);
}

// ---- round trip

const char* const kCorpus[] = {
    "?- leads(P, \"Communist Party of Bukhara\") @ \"mid-1921\".",
    "?- leads(P, O, Role) @ 1921-06-15, Role = \"Chairman\".",
    "?- exists(\"Communist Party of Khorezm\") @ 1924-10-28.",
    "?- leads(P, O) @ 1920 .. 1922-03.",
    "?- leads(P, O) @ .. 1919, !affiliated_with(O, _) @ _.",
    "?- leads(P, O) @ \"December 1920\" .. present.",
    "?- leads(P, O) @ ? .. 1921.",
    "?- leads(P, O1) @ T1, leads(P, O2) @ T2, O1 != O2, intersects(T1, T2).",
    "?- leads(P, $org) @ $day.",
    "?- p(-3, 2.5, 1921, 1921-06, \"a\\\"b\\\\c\").",
    "chain(\"Alimdzhan Akchurin\").\nchain(P) :- chain(Q), succeeds(P, Q) @ _.\n?- chain(P).",
    "first(O, min(T)) :- leads(_, O) @ T.\n?- first(O, T), leads(P, O) @ T.",
    "stats(P, min(N), max(N), count(G), sum(N)) :- m(P, G, N).\n?- stats(P, A, B, C, D).",
    "p(X) @ T :- q(X) @ T, start(T, D), D >= 1921-01-01, D < 1922.\n?- p(X).",
    "f(\"x\") @ 1920-04-26 .. ?.\n?- f(X).",
    "z() :- p(X).\n?- z().",
};

TEST_CASE("print then parse gives the same tree (corpus)", "[query][parser]") {
  for (const char* text : kCorpus) {
    INFO(text);
    const Program first = Parse(text);
    const std::string printed = Print(first);
    INFO(printed);
    const Program second = Parse(printed);
    CHECK(SameTree(first, second));
    CHECK(Print(second) == printed);
  }
}

// Random trees over the whole grammar.
class TreeGenerator {
 public:
  explicit TreeGenerator(std::uint32_t seed) : random_(seed) {}

  Program MakeProgram() {
    Program program;
    const int rules = Pick(0, 4);
    for (int i = 0; i < rules; ++i)
      program.rules.push_back(Pick(0, 3) == 0 ? MakeFact() : MakeRule());
    Query query;
    query.body = MakeBody();
    program.query = query;
    return program;
  }

 private:
  int Pick(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(random_); }

  std::string Name() {
    static const char* const kNames[] = {"leads", "p", "q_2", "dissolved_into", "a1", "count_x"};
    return kNames[Pick(0, 5)];
  }

  Term Variable() {
    static const char* const kVars[] = {"X", "Y", "Org", "_T", "P1"};
    Term term;
    if (Pick(0, 4) == 0) {
      term.kind = Term::Kind::kAnonymous;
      term.text = "_";
    } else {
      term.kind = Term::Kind::kVariable;
      term.text = kVars[Pick(0, 4)];
    }
    return term;
  }

  Term Constant(bool date_only = false) {
    Term term;
    const int kind = date_only ? Pick(0, 3) : Pick(0, 5);
    switch (kind) {
      case 0:
        term.kind = Term::Kind::kDate;
        term.text = Pick(0, 1) ? "1921-06" : "1920-12-15";
        break;
      case 1:
        term.kind = Term::Kind::kNumber;
        term.text = std::to_string(Pick(1900, 1930));
        break;
      case 2: {
        static const char* const kTexts[] = {"mid-1921", "Бухара", "a \"q\" \\ b", "", "x\ty"};
        term.kind = Term::Kind::kString;
        term.text = kTexts[Pick(0, 4)];
        break;
      }
      case 3:
        term.kind = Term::Kind::kParam;
        term.text = Pick(0, 1) ? "day" : "org_1";
        break;
      case 4:
        term.kind = Term::Kind::kNumber;
        term.text = Pick(0, 1) ? "-7" : "2.25";
        break;
      default:
        return Variable();
    }
    return term;
  }

  Term Argument() { return Pick(0, 1) ? Variable() : Constant(); }

  Term Side() {
    Term term;
    switch (Pick(0, 3)) {
      case 0:
        term.kind = Term::Kind::kOpen;
        return term;
      case 1:
        term.kind = Term::Kind::kUnknown;
        return term;
      default:
        return Constant(/*date_only=*/true);
    }
  }

  When MakeWhen() {
    When when;
    switch (Pick(0, 3)) {
      case 0:
        return when;
      case 1:
        when.kind = When::Kind::kVariable;
        when.from = Variable();
        return when;
      case 2:
        when.kind = When::Kind::kPoint;
        when.from = Constant(/*date_only=*/true);
        return when;
      default:
        when.kind = When::Kind::kRange;
        when.from = Side();
        when.to = Side();
        return when;
    }
  }

  Atom MakeAtom(bool head) {
    Atom atom;
    atom.name = Name();
    const int arity = Pick(0, 4);
    for (int i = 0; i < arity; ++i) {
      Term arg = Argument();
      if (head && arg.kind == Term::Kind::kVariable && Pick(0, 3) == 0) {
        arg.aggregate = static_cast<AggregateKind>(Pick(1, 4));
      }
      atom.args.push_back(arg);
    }
    atom.when = MakeWhen();
    return atom;
  }

  Literal MakeLiteral() {
    Literal literal;
    switch (Pick(0, 3)) {
      case 0:
        literal.kind = Literal::Kind::kNegation;
        literal.atom = MakeAtom(false);
        break;
      case 1:
        literal.kind = Literal::Kind::kComparison;
        literal.op = static_cast<CompareOp>(Pick(0, 5));
        literal.lhs = Argument();
        literal.rhs = Argument();
        break;
      default:
        literal.atom = MakeAtom(false);
        break;
    }
    return literal;
  }

  std::vector<Literal> MakeBody() {
    std::vector<Literal> body;
    const int size = Pick(1, 4);
    for (int i = 0; i < size; ++i) body.push_back(MakeLiteral());
    return body;
  }

  Rule MakeRule() {
    Rule rule;
    rule.head = MakeAtom(/*head=*/true);
    rule.body = MakeBody();
    return rule;
  }

  Rule MakeFact() {
    Rule rule;
    rule.head = MakeAtom(/*head=*/false);
    return rule;
  }

  std::mt19937 random_;
};

TEST_CASE("print then parse gives the same tree (random trees)", "[query][parser]") {
  TreeGenerator generator(20261121);
  for (int i = 0; i < 2000; ++i) {
    const Program program = generator.MakeProgram();
    const std::string printed = Print(program);
    INFO(printed);
    Program reparsed;
    REQUIRE_NOTHROW(reparsed = Parse(printed));
    CHECK(SameTree(program, reparsed));
  }
}

}  // namespace
}  // namespace annals::query
