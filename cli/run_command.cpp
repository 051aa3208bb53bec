// `annals run [options] FILE.dl`: a program file of facts, rules and `?-`
// queries. Data facts and directives load first (as .dl data); then each query
// is answered in turn with the rules (and the program's own facts) written
// before it. Every piece is handed on
// with the rest of the file blanked out, so positions in errors and sources
// are the file's own lines and columns.
#include <annals/error.hpp>

#include "cli/commands.hpp"
#include "cli/data.hpp"
#include "cli/output.hpp"
#include "cli/statements.hpp"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <set>
#include <utility>

namespace annals::cli {
namespace {

// The statement's text on one line, naming the query its answer belongs to.
std::string OneLine(std::string_view text) {
  std::string line;
  bool blank = false;
  for (char c : text) {
    if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
      blank = !line.empty();
      continue;
    }
    if (blank) line += ' ';
    blank = false;
    line += c;
  }
  return line;
}

}  // namespace

ExitCode RunCommand(const std::vector<std::string>& args) {
  const Options options = ParseOptions(args, kOptData | kOptFormat | kOptExplain | kOptNoSources |
                                                 kOptStrict | kOptTimeout | kOptLimit);
  if (options.positionals.size() != 1) {
    throw UsageError("run: expected one FILE.dl argument");
  }
  const std::string& path = options.positionals.front();
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    std::cerr << "error: cannot read " << path << '\n';
    return ExitCode::kDataError;
  }
  const std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  const std::string source_name = std::filesystem::path(path).filename().string();

  Database db;
  if (const ExitCode loaded = LoadData(db, options.data_paths, options.strict, std::cerr);
      loaded != ExitCode::kOk) {
    return loaded;
  }

  std::vector<Statement> statements = SplitStatements(text);
  const auto text_of = [&](const Statement& statement) {
    return std::string_view(text).substr(statement.begin, statement.end - statement.begin);
  };
  // A fact that is not .dl data (`chain("A").`, `day(1921-06-15).`) is a
  // rule without a body, kept with the rules as `annals query` keeps it.
  std::vector<std::string> rule_heads;
  for (const Statement& statement : statements) {
    std::string head;
    std::size_t arity = 0;
    if (statement.kind == StatementKind::kRule && RuleHead(text_of(statement), &head, &arity)) {
      rule_heads.push_back(head);
    }
  }
  std::vector<Statement> facts;
  for (Statement& statement : statements) {
    if (statement.kind == StatementKind::kFact && IsProgramFact(text_of(statement), rule_heads)) {
      statement.kind = StatementKind::kRule;
    }
    if (statement.kind == StatementKind::kFact || statement.kind == StatementKind::kDirective) {
      facts.push_back(statement);
    }
  }
  if (!facts.empty()) {
    LoadReport report;
    try {
      report = db.LoadText(MaskExcept(text, facts), "dl", source_name);
    } catch (const Error& error) {
      std::cerr << error.rendered() << '\n';
      return ExitCode::kDataError;
    }
    for (const Diagnostic& diagnostic : report.diagnostics) {
      std::cerr << diagnostic.ToString() << '\n';
    }
    if (!report.diagnostics.empty()) std::cerr << report.Summary() << '\n';
    if (options.strict && report.errors() > 0) return ExitCode::kDataError;
  }

  ExitCode status = ExitCode::kOk;
  ProgramPrinter printer(std::cout, options.format, options.explain, source_name);
  std::vector<Statement> program;  // the rules so far, then the query
  std::size_t answered = 0;
  std::set<std::string> reported;  // errors shown in full
  for (const Statement& statement : statements) {
    if (statement.kind == StatementKind::kRule) {
      program.push_back(statement);
      continue;
    }
    if (statement.kind != StatementKind::kQuery) continue;
    program.push_back(statement);
    const std::string query_text = MaskExcept(text, program);
    program.pop_back();
    const std::string one_line = OneLine(text_of(statement));
    ++answered;
    const std::optional<QueryFailure> failure = Ask(
        db, query_text, options,
        [&](QueryResult result) { printer.Answered(statement.line, one_line, std::move(result)); },
        source_name);
    if (!failure) continue;
    status = ExitCode::kQueryError;
    // The query's place in the output first: on a terminal, where stderr
    // flushes stdout, the message then follows its query's header.
    printer.Failed(statement.line, one_line, *failure);
    // A broken rule fails every query after it with one error: shown once,
    // then named.
    if (failure->location.line != 0 && !reported.insert(failure->rendered).second) {
      std::cerr << source_name << ':' << statement.line
                << ": error: not answered, for the error at " << failure->location.ToString()
                << " (shown above)\n";
    } else {
      std::cerr << failure->rendered << '\n';
    }
  }
  printer.Finish();
  if (answered == 0) std::cerr << source_name << ": note: the program has no `?-` query\n";
  return status;
}

}  // namespace annals::cli
