// .dl facts: one statement at a time through the query parser; a statement
// that fails (syntax, a bad date, a variable in a fact) is reported and
// skipped, and reading resumes after its '.'.
#include "ingest/dl_reader.hpp"

#include <annals/error.hpp>

#include "engine/store/name_match.hpp"
#include "query/analysis/checked_program.hpp"
#include "query/ast.hpp"
#include "query/parser.hpp"

#include <charconv>
#include <cstdlib>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace annals::ingest {

namespace {

using query::Atom;
using query::Term;
using query::TextPos;
using query::When;

// A statement that cannot load: where and why.
struct Rejected {
  TextPos pos;
  std::string message;
};

class DatalogReader {
 public:
  DatalogReader(engine::Store& store, std::string_view text, std::string_view source_name,
                LoadReport& report)
      : store_(store),
        text_(text),
        source_name_(source_name),
        report_(report),
        own_file_(store.InternFile(source_name)) {}

  void Run() {
    query::Parser parser(text_);
    while (true) {
      query::Statement statement;
      try {
        if (!parser.NextStatement(&statement)) break;
        if (statement.kind == query::Statement::Kind::kDirective) {
          Directive(statement.directive);
        } else {
          Clause(statement.clause);
        }
      } catch (const query::SyntaxError& error) {
        Report(error.pos, error.message);
        parser.SkipStatement();
      } catch (const Rejected& rejected) {
        Report(rejected.pos, rejected.message);
      } catch (const Error& error) {
        // The store's own checks that this reader does not repeat (its size
        // limits, say) reject the statement; the rest of the file still loads.
        const TextPos pos = statement.kind == query::Statement::Kind::kDirective
                                ? statement.directive.pos
                                : statement.clause.pos;
        Report(pos, error.message() + "; statement rejected");
      }
    }
  }

 private:
  void Report(TextPos pos, std::string message, Severity severity = Severity::kError) {
    report_.diagnostics.push_back(Diagnostic{
        severity, SourceLocation{source_name_, pos.line, pos.column}, std::move(message)});
  }

  // ---- directives
  void Directive(const query::Directive& directive) {
    if (directive.name == "source") {
      const std::string& spec = directive.args.at(0).text;
      if (spec.empty()) {
        source_file_.reset();
        return;
      }
      const std::size_t colon = spec.rfind(':');
      std::uint32_t line = 0;
      std::string_view file = spec;
      if (colon != std::string::npos && colon + 1 < spec.size()) {
        const std::string_view digits = std::string_view(spec).substr(colon + 1);
        const auto [end, error] =
            std::from_chars(digits.data(), digits.data() + digits.size(), line);
        if (error == std::errc() && end == digits.data() + digits.size()) {
          file = std::string_view(spec).substr(0, colon);
        } else {
          line = 0;
        }
      }
      if (file.empty()) {
        throw Rejected{directive.args[0].pos,
                       "expected a source like \"article.txt:15\" or \"article.txt\""};
      }
      source_file_ = store_.InternFile(file);
      source_line_ = line;
      return;
    }
    // .decl rel(subject, object, column, ...)
    const Atom& decl = directive.decl;
    CheckRelationName(decl);
    if (decl.args.size() < 2) {
      throw Rejected{decl.pos,
                     ".decl names at least the subject and object columns, like "
                     ".decl leads(person, org, role)"};
    }
    const engine::RelationId relation = store_.InternRelation(decl.name);
    std::vector<std::uint32_t>& columns = declared_[relation];
    columns.clear();
    for (std::size_t i = 2; i < decl.args.size(); ++i) {
      columns.push_back(store_.InternAttributeColumn(relation, decl.args[i].text));
    }
  }

  // ---- statements
  void Clause(const query::Rule& clause) {
    if (!clause.body.empty()) {
      throw Rejected{clause.pos, "a facts file holds facts, not rules; put rules in a query"};
    }
    const Atom& atom = clause.head;
    for (const Term& arg : atom.args) CheckGround(arg);
    if (atom.name == "entity") return EntityStatement(atom);
    if (atom.name == "alias") return AliasStatement(atom);
    if (atom.name == "lifespan") return LifespanStatement(atom);
    if (atom.name == "same_as") return SameAsStatement(atom);
    FactStatement(atom);
  }

  static void CheckGround(const Term& term) {
    switch (term.kind) {
      case Term::Kind::kVariable:
      case Term::Kind::kAnonymous:
        throw Rejected{term.pos, "facts must be ground: " + query::Print(term) +
                                     " is a variable; write a quoted name"};
      case Term::Kind::kParam:
        throw Rejected{term.pos, "facts cannot hold parameters like $" + term.text};
      default:
        break;
    }
    if (term.aggregate != query::AggregateKind::kNone) {
      throw Rejected{term.pos, "facts cannot hold aggregates"};
    }
  }

  static const Term& NameArg(const Atom& atom, std::size_t index, const char* what) {
    const Term& term = atom.args[index];
    if (term.kind != Term::Kind::kString || engine::IsBlankName(term.text)) {
      throw Rejected{term.pos,
                     std::string("expected ") + what + " in quotes, found " + Found(term)};
    }
    return term;
  }

  // A blank name may be invisible when printed (U+FEFF), so it is described.
  static std::string Found(const Term& term) {
    if (term.kind == Term::Kind::kString && !term.text.empty() && engine::IsBlankName(term.text)) {
      return "a string of white space only";
    }
    return query::Print(term);
  }

  static void NoWhen(const Atom& atom) {
    if (atom.when.kind != When::Kind::kNone) {
      throw Rejected{atom.when.pos, atom.name + "(...) takes no '@'"};
    }
  }

  static void Arity(const Atom& atom, std::size_t least, std::size_t most, const char* shape) {
    if (atom.args.size() < least || atom.args.size() > most) {
      throw Rejected{atom.pos, "expected " + std::string(shape) + ", found " +
                                   std::to_string(atom.args.size()) + " argument" +
                                   (atom.args.size() == 1 ? "" : "s")};
    }
  }

  void EntityStatement(const Atom& atom) {
    Arity(atom, 1, 2, "entity(\"Name\", \"kind\")");
    NoWhen(atom);
    const Term& name = NameArg(atom, 0, "an entity name");
    const engine::EntityId id = store_.InternEntity(name.text);
    if (atom.args.size() < 2) return;
    const std::string& kind = NameArg(atom, 1, "a kind").text;
    // An entity has one kind: a second, different one replaces the first,
    // which the reader says rather than let it go unseen.
    const std::string_view before = store_.EntityKind(id);
    if (!before.empty() && before != kind) {
      Report(atom.args[1].pos,
             "the kind " + query::Quote(kind) + " replaces " + query::Quote(std::string(before)) +
                 ", given to " + query::Quote(std::string(store_.EntityName(id))) + " before",
             Severity::kWarning);
    }
    store_.SetKind(id, kind);
  }

  void AliasStatement(const Atom& atom) {
    Arity(atom, 2, 64, "alias(\"Name\", \"Other name\", ...)");
    NoWhen(atom);
    const Term& name = NameArg(atom, 0, "an entity name");
    std::vector<std::string> aliases;
    for (std::size_t i = 1; i < atom.args.size(); ++i) {
      aliases.push_back(NameArg(atom, i, "an alias").text);
    }
    const engine::EntityId id = store_.InternEntity(name.text);
    for (const std::string& alias : aliases) {
      // An alias that already names another entity would silently merge two
      // entities; that is what same_as is for.
      const std::optional<engine::EntityId> existing = store_.FindEntity(alias);
      if (existing && store_.Canonical(*existing) != store_.Canonical(id)) {
        throw Rejected{atom.args[1].pos,
                       "alias " + query::Quote(alias) + " already names the entity " +
                           query::Quote(std::string(store_.EntityName(*existing))) +
                           "; use same_as to merge them"};
      }
    }
    for (const std::string& alias : aliases) store_.AddAlias(id, alias);
  }

  void LifespanStatement(const Atom& atom) {
    Arity(atom, 1, 1, "lifespan(\"Name\") @ FROM .. TO");
    const Term& name = NameArg(atom, 0, "an entity name");
    if (atom.when.kind == When::Kind::kNone) {
      throw Rejected{atom.pos, "expected lifespan(\"Name\") @ FROM .. TO; the '@' is missing"};
    }
    const Period period = PeriodOf(atom);
    const engine::EntityId id = store_.InternEntity(name.text);
    // As with kinds: one lifespan an entity, and a different second one
    // replaces the first with a warning that names where that came from.
    if (const Period* before = store_.Lifespan(id); before != nullptr && !(*before == period)) {
      const engine::SourceRef source = store_.LifespanSource(id);
      Report(atom.pos,
             "the lifespan " + period.ToText() + " replaces " + before->ToText() + " (" +
                 std::string(store_.FileName(source.file)) + ":" + std::to_string(source.line) +
                 "), given to " + query::Quote(std::string(store_.EntityName(id))) + " before",
             Severity::kWarning);
    }
    store_.SetLifespan(id, period, SourceAt(atom.pos));
  }

  void SameAsStatement(const Atom& atom) {
    Arity(atom, 2, 2, "same_as(\"Name\", \"Other spelling\")");
    NoWhen(atom);
    const Term& keep = NameArg(atom, 0, "an entity name");
    const Term& other = NameArg(atom, 1, "an entity name");
    const engine::EntityId keep_id = store_.InternEntity(keep.text);
    const engine::EntityId other_id = store_.InternEntity(other.text);
    if (store_.Canonical(keep_id) != store_.Canonical(other_id)) store_.Merge(keep_id, other_id);
  }

  void CheckRelationName(const Atom& atom) {
    for (const char c : atom.name) {
      if (c >= 'A' && c <= 'Z') {
        throw Rejected{atom.pos,
                       "relation names are snake_case (lower-case letters, digits, "
                       "'_'), found \"" +
                           atom.name + "\""};
      }
    }
    if (atom.name == "exists" || query::BuiltinByName(atom.name)) {
      throw Rejected{atom.pos, "\"" + atom.name +
                                   "\" is a built-in of the query language, not a "
                                   "relation facts can use"};
    }
  }

  void FactStatement(const Atom& atom) {
    CheckRelationName(atom);
    if (atom.args.size() < 2) {
      throw Rejected{atom.pos, "expected a subject and an object: " + atom.name +
                                   "(\"Subject\", \"Object\", ...), found " +
                                   std::to_string(atom.args.size()) + " argument" +
                                   (atom.args.size() == 1 ? "" : "s")};
    }
    const Term& subject = NameArg(atom, 0, "the subject's name");
    const Term& object = NameArg(atom, 1, "the object's name");
    if (atom.when.kind == When::Kind::kVariable) {
      throw Rejected{atom.when.pos, "a fact's '@' takes a date or a range, not a variable"};
    }
    const Period period = atom.when.kind == When::Kind::kNone ? Period::Always() : PeriodOf(atom);

    // Everything is checked: now write.
    const engine::RelationId relation = store_.InternRelation(atom.name);
    std::vector<engine::Attribute> attributes;
    for (std::size_t i = 2; i < atom.args.size(); ++i) {
      const Term& arg = atom.args[i];
      engine::Attribute attribute;
      attribute.column = ColumnFor(relation, i - 2);
      const std::string& column = store_.Schema(relation).attribute_columns[attribute.column];
      if (arg.kind == Term::Kind::kString && arg.text.empty()) continue;  // left out
      if (arg.kind == Term::Kind::kNumber) {
        attribute.value.kind = engine::AttrValue::Kind::kNumber;
        attribute.value.number = std::strtod(arg.text.c_str(), nullptr);
      } else if (IsEntityColumn(column)) {
        if (engine::IsBlankName(arg.text)) {
          throw Rejected{arg.pos, "expected an entity's name in quotes for " + column + ", found " +
                                      Found(arg)};
        }
        attribute.value.kind = engine::AttrValue::Kind::kEntity;
        attribute.value.id = store_.InternEntity(arg.text);
      } else {
        attribute.value.kind = engine::AttrValue::Kind::kString;
        attribute.value.id = store_.InternString(arg.text);
      }
      attributes.push_back(attribute);
    }
    store_.AddFact(relation, store_.InternEntity(subject.text), store_.InternEntity(object.text),
                   period, SourceAt(atom.pos), attributes);
  }

  // Columns that hold entities rather than text (succeeds.org and the like).
  static bool IsEntityColumn(std::string_view column) {
    return column == "org" || column == "person" || column == "party" || column == "state" ||
           column == "entity" || column == "country";
  }

  std::uint32_t ColumnFor(engine::RelationId relation, std::size_t position) {
    const auto declared = declared_.find(relation);
    if (declared != declared_.end() && position < declared->second.size()) {
      return declared->second[position];
    }
    const std::vector<std::string>& columns = store_.Schema(relation).attribute_columns;
    if (position < columns.size()) return static_cast<std::uint32_t>(position);
    // Positional columns beyond the schema: arg3, arg4, ... (1-based, after
    // subject and object).
    std::uint32_t column = 0;
    for (std::size_t i = columns.size(); i <= position; ++i) {
      column = store_.InternAttributeColumn(relation, "arg" + std::to_string(i + 3));
    }
    return column;
  }

  VagueDate DateOf(const Term& term) const {
    switch (term.kind) {
      case Term::Kind::kOpen: {
        VagueDate open;
        open.form = DateForm::kOpen;
        return open;
      }
      case Term::Kind::kUnknown: {
        VagueDate unknown;
        unknown.form = DateForm::kUnknown;
        return unknown;
      }
      case Term::Kind::kString:
      case Term::Kind::kDate:
      case Term::Kind::kNumber: {
        VagueDate date;
        std::string error;
        if (!VagueDate::TryParse(term.text, &date, &error)) throw Rejected{term.pos, error};
        return date;
      }
      default:
        break;
    }
    throw Rejected{term.pos, "expected a date, found " + query::Print(term)};
  }

  Period PeriodOf(const Atom& atom) const {
    const When& when = atom.when;
    if (when.kind != When::Kind::kRange && when.from.kind == Term::Kind::kString) {
      return QuotedPeriod(when.from);
    }
    const VagueDate from = DateOf(when.from);
    const VagueDate to = when.kind == When::Kind::kRange ? DateOf(when.to) : from;
    Period period;
    std::string error;
    if (!Period::TryMake(from, to, &period, &error)) {
      throw Rejected{when.kind == When::Kind::kRange ? when.to.pos : when.from.pos, error};
    }
    return period;
  }

  // A quoted WHEN: one date, or else one period ("1920–1921",
  // "1921-02-23..1921-07-03"). A text that is neither is rejected with the
  // message of what it looks like: the period's for a range ("1920–21":
  // write the end year in full), else the date's.
  static Period QuotedPeriod(const Term& term) {
    VagueDate date;
    std::string date_error;
    if (VagueDate::TryParse(term.text, &date, &date_error)) return Period::Make(date, date);
    std::vector<Period> periods;
    std::string period_error;
    if (Period::TryParseList(term.text, &periods, &period_error) && periods.size() == 1) {
      return periods.front();
    }
    const bool looks_like_range = term.text.find("..") != std::string::npos ||
                                  term.text.find("\u2013") != std::string::npos ||
                                  term.text.find("\u2014") != std::string::npos;
    throw Rejected{term.pos, looks_like_range && !period_error.empty() ? period_error : date_error};
  }

  engine::SourceRef SourceAt(TextPos pos) const {
    if (source_file_) return engine::SourceRef{*source_file_, source_line_};
    return engine::SourceRef{own_file_, pos.line};
  }

  engine::Store& store_;
  std::string_view text_;
  std::string source_name_;
  LoadReport& report_;
  engine::FileId own_file_;
  std::optional<engine::FileId> source_file_;
  std::uint32_t source_line_ = 0;
  std::unordered_map<engine::RelationId, std::vector<std::uint32_t>> declared_;
};

}  // namespace

LoadReport ReadDatalogFacts(engine::Store& store, std::string_view text,
                            std::string_view source_name) {
  LoadReport report;
  report.files = 1;
  const std::size_t entities_before = store.EntityCount();
  const std::size_t facts_before = store.FactCount();
  DatalogReader(store, text, source_name, report).Run();
  report.entities = store.EntityCount() - entities_before;
  report.facts = store.FactCount() - facts_before;
  return report;
}

}  // namespace annals::ingest
