// Recursive-descent parser of the query language. Grammar (EBNF):
//   program   = { clause } ;
//   clause    = "?-" body [ "." ]                      (the query)
//             | atom ":-" body "."                    (a rule)
//             | body "."                              (a fact, or the query when last)
//   body      = literal { "," literal } ;
//   literal   = "!" atom | atom | value cmp value ;
//   atom      = name "(" [ arg { "," arg } ] ")" [ "@" when ] ;
//   arg       = value | aggregate "(" VARIABLE ")"     (aggregates in heads only)
//   when      = VARIABLE | point | [ side ] ".." [ side ] ;
//   point     = DATE | NUMBER | STRING | PARAM ;   side = point | "present" | "?"
#include "query/parser.hpp"

#include <annals/error.hpp>

#include "query/diagnostic.hpp"
#include "query/lexer.hpp"

#include <utility>

namespace annals::query {

namespace {

std::string Describe(const Token& token) {
  switch (token.kind) {
    case TokenKind::kEnd:
      return "the end of the text";
    case TokenKind::kString:
      return Quote(token.text);
    case TokenKind::kError:
      return "unreadable text";
    default:
      return "'" + token.text + "'";
  }
}

AggregateKind AggregateOf(std::string_view name) {
  if (name == "count") return AggregateKind::kCount;
  if (name == "min") return AggregateKind::kMin;
  if (name == "max") return AggregateKind::kMax;
  if (name == "sum") return AggregateKind::kSum;
  return AggregateKind::kNone;
}

bool HasAggregate(const Atom& atom) {
  for (const Term& arg : atom.args) {
    if (arg.aggregate != AggregateKind::kNone) return true;
  }
  return false;
}

const Term* FirstAggregate(const std::vector<Literal>& body) {
  for (const Literal& literal : body) {
    for (const Term& arg : literal.atom.args) {
      if (arg.aggregate != AggregateKind::kNone) return &arg;
    }
  }
  return nullptr;
}

std::optional<CompareOp> CompareOpOf(TokenKind kind) {
  switch (kind) {
    case TokenKind::kEq:
      return CompareOp::kEq;
    case TokenKind::kNe:
      return CompareOp::kNe;
    case TokenKind::kLt:
      return CompareOp::kLt;
    case TokenKind::kLe:
      return CompareOp::kLe;
    case TokenKind::kGt:
      return CompareOp::kGt;
    case TokenKind::kGe:
      return CompareOp::kGe;
    default:
      return std::nullopt;
  }
}

}  // namespace

Parser::Parser(std::string_view text) : tokens_(Lex(text)) {}

const Token& Parser::Peek(std::size_t ahead) const {
  const std::size_t index = at_ + ahead;
  return index < tokens_.size() ? tokens_[index] : tokens_.back();
}

const Token& Parser::Take() {
  const Token& token = Peek();
  if (at_ + 1 < tokens_.size()) ++at_;
  return token;
}

bool Parser::BeginsLineWithAtom(std::size_t index) const {
  return index > 0 && index + 1 < tokens_.size() && tokens_[index].kind == TokenKind::kIdent &&
         tokens_[index + 1].kind == TokenKind::kLParen &&
         tokens_[index - 1].pos.line < tokens_[index].pos.line;
}

void Parser::Fail(const Token& at, std::string_view expected) const {
  if (at.kind == TokenKind::kError) throw SyntaxError{at.pos, at.text};
  // `name(` opening a line where a '.' could have ended the statement is
  // most often the next statement after a forgotten '.': say so, at the
  // statement's last token, rather than blame the line that is fine.
  if (&at == &Peek() && at_ > statement_start_ && BeginsLineWithAtom(at_) &&
      expected.find("'.'") != std::string_view::npos) {
    const Token& last = tokens_[at_ - 1];
    throw SyntaxError{last.pos, "expected " + std::string(expected) + " after " + Describe(last) +
                                    ": the statement has no '.' before " + Describe(at) +
                                    " on line " + std::to_string(at.pos.line)};
  }
  throw SyntaxError{at.pos, "expected " + std::string(expected) + ", found " + Describe(at)};
}

const Token& Parser::Expect(TokenKind kind, std::string_view what) {
  if (!At(kind)) Fail(Peek(), what);
  return Take();
}

Program Parser::ParseProgram() {
  Program program;
  std::vector<Clause> clauses;
  while (!At(TokenKind::kEnd)) {
    if (At(TokenKind::kDirective)) {
      throw SyntaxError{Peek().pos, "directives such as " + Peek().text +
                                        " belong in facts files, not in queries"};
    }
    if (program.query) {
      throw SyntaxError{Peek().pos,
                        "expected the end of the text after the query; a query text holds "
                        "rules first, then one '?-' query"};
    }
    Clause clause = ParseClause(/*allow_missing_dot=*/true);
    if (!clause.ended_by_dot && !At(TokenKind::kEnd)) Fail(Peek(), "',' or '.'");
    if (clause.kind == ClauseKind::kQuery) {
      program.query = Query{std::move(clause.rule.body), clause.pos};
      continue;
    }
    clauses.push_back(std::move(clause));
  }
  // Without '?-', the last plain clause is the query and the others are facts.
  if (!program.query) {
    if (clauses.empty()) {
      throw SyntaxError{Peek().pos, "expected a query, found the end of the text"};
    }
    if (clauses.back().kind != ClauseKind::kPlain) {
      throw SyntaxError{Peek().pos,
                        "expected a query ('?- ...') after the rules, found the end of the text"};
    }
    Clause last = std::move(clauses.back());
    clauses.pop_back();
    if (const Term* aggregate = FirstAggregate(last.rule.body)) {
      throw SyntaxError{aggregate->pos,
                        "aggregates such as count(X) may appear only in a rule head"};
    }
    program.query = Query{std::move(last.rule.body), last.pos};
  }
  for (Clause& clause : clauses) {
    if (clause.kind == ClauseKind::kRule) {
      program.rules.push_back(std::move(clause.rule));
      continue;
    }
    // A plain clause that is not the query must be a fact: one atom.
    std::vector<Literal>& body = clause.rule.body;
    if (body.size() != 1 || body[0].kind != Literal::Kind::kAtom) {
      throw SyntaxError{clause.pos,
                        "a fact is a single atom; to ask a question, start it with '?-' and put "
                        "it last"};
    }
    if (HasAggregate(body[0].atom)) {
      throw SyntaxError{FirstAggregate(body)->pos,
                        "aggregates such as count(X) may appear only in a rule head"};
    }
    Rule fact;
    fact.head = std::move(body[0].atom);
    fact.pos = clause.pos;
    program.rules.push_back(std::move(fact));
  }
  return program;
}

bool Parser::NextStatement(Statement* out) {
  statement_start_ = at_;
  if (At(TokenKind::kEnd)) return false;
  if (At(TokenKind::kDirective)) {
    out->kind = Statement::Kind::kDirective;
    out->directive = ParseDirective();
    return true;
  }
  const std::size_t start = at_;
  Clause clause = ParseClause(/*allow_missing_dot=*/false);
  if (clause.kind == ClauseKind::kQuery) {
    throw SyntaxError{tokens_[start].pos,
                      "a facts file holds facts, not queries; remove the '?-' clause"};
  }
  out->kind = Statement::Kind::kClause;
  if (clause.kind == ClauseKind::kRule) {
    out->clause = std::move(clause.rule);
    return true;
  }
  std::vector<Literal>& body = clause.rule.body;
  if (body.size() != 1 || body[0].kind != Literal::Kind::kAtom) {
    throw SyntaxError{clause.pos,
                      "expected one fact per statement, like rel(\"A\", \"B\") @ 1921."};
  }
  out->clause = Rule{};
  out->clause.head = std::move(body[0].atom);
  out->clause.pos = clause.pos;
  return true;
}

void Parser::SkipStatement() {
  // A directive is one line: skip the rest of that line only.
  if (statement_start_ < tokens_.size() &&
      tokens_[statement_start_].kind == TokenKind::kDirective) {
    const std::uint32_t line = tokens_[statement_start_].pos.line;
    while (!At(TokenKind::kEnd) && Peek().pos.line == line) Take();
    return;
  }
  // Otherwise resume after the '.' ending the statement, at a directive
  // (which starts a line, so starts a statement), or at `name(` opening a
  // line: a fact after a statement that lost its '.', which skipping to the
  // next '.' would drop without a word. An unterminated string ran to the
  // end of its line, taking the '.' with it: its line ends the statement.
  if (at_ > statement_start_ && BeginsLineWithAtom(at_)) return;
  while (!At(TokenKind::kEnd)) {
    const Token& token = Take();
    if (token.kind == TokenKind::kDot) return;
    if (token.kind == TokenKind::kError && token.text.rfind("unterminated", 0) == 0) return;
    if (At(TokenKind::kDirective) || BeginsLineWithAtom(at_)) return;
  }
}

Directive Parser::ParseDirective() {
  const Token& token = Take();
  Directive directive;
  directive.name = token.text.substr(1);
  directive.pos = token.pos;
  directive.length = token.length;
  if (directive.name == "decl") {
    const Token& name = Expect(TokenKind::kIdent, "a relation name after .decl");
    directive.decl.name = name.text;
    directive.decl.pos = name.pos;
    directive.decl.name_length = name.length;
    Expect(TokenKind::kLParen, "'(' after the relation name");
    while (!At(TokenKind::kRParen)) {
      if (!directive.decl.args.empty()) Expect(TokenKind::kComma, "',' or ')'");
      if (!At(TokenKind::kIdent)) Fail(Peek(), "a column name (lower-case, like role)");
      const Token& column = Take();
      Term term;
      term.kind = Term::Kind::kVariable;
      term.text = column.text;
      term.pos = column.pos;
      term.length = column.length;
      directive.decl.args.push_back(std::move(term));
    }
    Take();
  } else if (directive.name == "source") {
    const Token& value = Expect(TokenKind::kString, "a quoted \"file:line\" after .source");
    Term term;
    term.kind = Term::Kind::kString;
    term.text = value.text;
    term.pos = value.pos;
    term.length = value.length;
    directive.args.push_back(std::move(term));
  } else {
    throw SyntaxError{token.pos,
                      "unknown directive '" + token.text + "'; expected .decl or .source"};
  }
  if (At(TokenKind::kDot)) Take();  // an optional '.' after a directive
  return directive;
}

Parser::Clause Parser::ParseClause(bool allow_missing_dot) {
  Clause clause;
  clause.pos = Peek().pos;
  if (At(TokenKind::kQuery)) {
    Take();
    clause.kind = ClauseKind::kQuery;
    clause.rule.body = ParseBody();
  } else {
    Literal first = ParseLiteral(/*allow_aggregates=*/true);
    if (At(TokenKind::kColonDash)) {
      if (first.kind != Literal::Kind::kAtom) {
        throw SyntaxError{first.pos, "a rule head must be a plain atom like name(X, Y)"};
      }
      Take();
      clause.kind = ClauseKind::kRule;
      clause.rule.head = std::move(first.atom);
      clause.rule.pos = clause.pos;
      clause.rule.body = ParseBody();
    } else {
      clause.kind = ClauseKind::kPlain;
      clause.rule.body.push_back(std::move(first));
      while (At(TokenKind::kComma)) {
        Take();
        clause.rule.body.push_back(ParseLiteral(/*allow_aggregates=*/false));
      }
    }
  }
  if (At(TokenKind::kDot)) {
    Take();
    clause.ended_by_dot = true;
  } else if (!allow_missing_dot || !At(TokenKind::kEnd)) {
    Fail(Peek(), clause.kind == ClauseKind::kPlain && clause.rule.body.size() == 1
                     ? "':-', ',' or '.'"
                     : "',' or '.'");
  }
  return clause;
}

std::vector<Literal> Parser::ParseBody() {
  std::vector<Literal> body;
  body.push_back(ParseLiteral(/*allow_aggregates=*/false));
  while (At(TokenKind::kComma)) {
    Take();
    body.push_back(ParseLiteral(/*allow_aggregates=*/false));
  }
  return body;
}

Literal Parser::ParseLiteral(bool allow_aggregates) {
  Literal literal;
  literal.pos = Peek().pos;
  if (At(TokenKind::kBang)) {
    Take();
    if (!At(TokenKind::kIdent)) Fail(Peek(), "an atom after '!'");
    literal.kind = Literal::Kind::kNegation;
    literal.atom = ParseAtom(/*allow_aggregates=*/false);
    return literal;
  }
  if (At(TokenKind::kIdent)) {
    literal.kind = Literal::Kind::kAtom;
    literal.atom = ParseAtom(allow_aggregates);
    return literal;
  }
  if (At(TokenKind::kVariable) && Peek(1).kind == TokenKind::kLParen) {
    throw SyntaxError{Peek().pos, "relation names are snake_case and start lower-case, found '" +
                                      Peek().text + "'"};
  }
  const TokenKind kind = Peek().kind;
  if (kind != TokenKind::kVariable && kind != TokenKind::kString && kind != TokenKind::kNumber &&
      kind != TokenKind::kDate && kind != TokenKind::kParam) {
    Fail(Peek(), "an atom like leads(P, O), '!', or a comparison like X != Y");
  }
  literal.kind = Literal::Kind::kComparison;
  literal.lhs = ParseValue("a variable or a constant");
  const std::optional<CompareOp> op = CompareOpOf(Peek().kind);
  if (!op) Fail(Peek(), "a comparison operator (=, !=, <, <=, >, >=)");
  Take();
  literal.op = *op;
  literal.rhs =
      ParseValue("a variable or a constant after '" + std::string(CompareOpText(*op)) + "'");
  return literal;
}

Atom Parser::ParseAtom(bool allow_aggregates) {
  const Token& name = Take();
  Atom atom;
  atom.name = name.text;
  atom.pos = name.pos;
  atom.name_length = name.length;
  Expect(TokenKind::kLParen, "'(' after the relation name '" + atom.name + "'");
  if (!At(TokenKind::kRParen)) {
    atom.args.push_back(ParseArgument(allow_aggregates));
    while (At(TokenKind::kComma)) {
      Take();
      atom.args.push_back(ParseArgument(allow_aggregates));
    }
  }
  Expect(TokenKind::kRParen, "',' or ')'");
  if (At(TokenKind::kAt)) atom.when = ParseWhen();
  return atom;
}

Term Parser::ParseArgument(bool allow_aggregates) {
  if (At(TokenKind::kIdent) && Peek(1).kind == TokenKind::kLParen) {
    const AggregateKind aggregate = AggregateOf(Peek().text);
    if (aggregate != AggregateKind::kNone) {
      if (!allow_aggregates) {
        throw SyntaxError{
            Peek().pos, "aggregates such as " + Peek().text + "(X) may appear only in a rule head"};
      }
      const Token& name = Take();
      Take();  // '('
      if (!At(TokenKind::kVariable) || Peek().text == "_") {
        Fail(Peek(), "a variable inside " + name.text + "(...)");
      }
      Term term = ParseValue("a variable");
      term.aggregate = aggregate;
      term.pos = name.pos;
      Expect(TokenKind::kRParen, "')' after the aggregated variable");
      return term;
    }
  }
  return ParseValue("a variable or a constant");
}

Term Parser::ParseValue(std::string_view context) {
  const Token& token = Peek();
  Term term;
  term.text = token.text;
  term.pos = token.pos;
  term.length = token.length;
  switch (token.kind) {
    case TokenKind::kVariable:
      term.kind = token.text == "_" ? Term::Kind::kAnonymous : Term::Kind::kVariable;
      break;
    case TokenKind::kString:
      term.kind = Term::Kind::kString;
      break;
    case TokenKind::kNumber:
      term.kind = Term::Kind::kNumber;
      break;
    case TokenKind::kDate:
      term.kind = Term::Kind::kDate;
      break;
    case TokenKind::kParam:
      term.kind = Term::Kind::kParam;
      break;
    case TokenKind::kIdent:
      throw SyntaxError{token.pos, "expected " + std::string(context) + ", found '" + token.text +
                                       "'; variables start upper-case, names are quoted: \"" +
                                       token.text + "\""};
    default:
      Fail(token, context);
  }
  Take();
  return term;
}

When Parser::ParseWhen() {
  When when;
  when.pos = Take().pos;  // '@'
  if (At(TokenKind::kVariable)) {
    when.kind = When::Kind::kVariable;
    when.from = ParseValue("a variable");
    return when;
  }
  if (At(TokenKind::kDotDot)) {
    when.from.kind = Term::Kind::kOpen;
    when.from.pos = Peek().pos;
  } else {
    when.from = ParseRangeSide(/*is_start=*/true);
    if (!At(TokenKind::kDotDot)) {
      if (when.from.kind == Term::Kind::kOpen || when.from.kind == Term::Kind::kUnknown) {
        throw SyntaxError{when.from.pos,
                          "'" + Print(when.from) + "' can only be a side of a range FROM .. TO"};
      }
      when.kind = When::Kind::kPoint;
      return when;
    }
  }
  Take();  // '..'
  when.kind = When::Kind::kRange;
  const TokenKind next = Peek().kind;
  if (next == TokenKind::kDate || next == TokenKind::kNumber || next == TokenKind::kString ||
      next == TokenKind::kParam || next == TokenKind::kQuestion ||
      (next == TokenKind::kIdent && Peek().text == "present")) {
    when.to = ParseRangeSide(/*is_start=*/false);
  } else {
    when.to.kind = Term::Kind::kOpen;
    when.to.pos = Peek().pos;
  }
  return when;
}

Term Parser::ParseRangeSide(bool is_start) {
  const Token& token = Peek();
  if (token.kind == TokenKind::kQuestion) {
    Term term;
    term.kind = Term::Kind::kUnknown;
    term.text = "?";
    term.pos = token.pos;
    term.length = token.length;
    Take();
    return term;
  }
  if (token.kind == TokenKind::kIdent && token.text == "present") {
    Term term;
    term.kind = Term::Kind::kOpen;
    term.text = "present";
    term.pos = token.pos;
    term.length = token.length;
    Take();
    return term;
  }
  if (token.kind != TokenKind::kDate && token.kind != TokenKind::kNumber &&
      token.kind != TokenKind::kString && token.kind != TokenKind::kParam) {
    Fail(token, is_start ? "a date (1921, 1921-06, 1921-06-15, \"mid-1921\"), a range, or a "
                           "variable after '@'"
                         : "a date, 'present' or '?' after '..'");
  }
  return ParseValue("a date");
}

Program ParseQueryText(std::string_view text) {
  try {
    Parser parser(text);
    return parser.ParseProgram();
  } catch (const SyntaxError& error) {
    throw MakeQueryError(ErrorCode::kSyntax, error.message, text, error.pos);
  }
}

}  // namespace annals::query
