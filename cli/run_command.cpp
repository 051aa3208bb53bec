// `annals run [options] FILE.dl`: a program file of facts, rules and `?-`
// queries. Facts and directives load first (as .dl data); then each query is
// answered in turn with the rules written before it. Every piece is handed on
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
#include <sstream>

namespace annals::cli {
namespace {

// The statement's text on one line, for the header printed above its answer.
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

  const std::vector<Statement> statements = SplitStatements(text);
  std::vector<Statement> facts;
  for (const Statement& statement : statements) {
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
  std::vector<Statement> program;  // the rules so far, then the query
  std::size_t answered = 0;
  for (const Statement& statement : statements) {
    if (statement.kind == StatementKind::kRule) {
      program.push_back(statement);
      continue;
    }
    if (statement.kind != StatementKind::kQuery) continue;
    program.push_back(statement);
    const std::string query_text = MaskExcept(text, program);
    program.pop_back();
    const std::string header =
        OneLine(std::string_view(text).substr(statement.begin, statement.end - statement.begin));
    if (options.format == OutputFormat::kTable) {
      if (answered > 0) std::cout << '\n';
      std::cout << source_name << ':' << statement.line << ": " << header << '\n';
    }
    ++answered;
    std::ostringstream answer;
    if (Answer(db, query_text, options, answer, std::cerr, source_name) != ExitCode::kOk) {
      status = ExitCode::kQueryError;
      continue;
    }
    std::cout << answer.str() << std::flush;
  }
  if (answered == 0) std::cerr << source_name << ": note: the program has no `?-` query\n";
  return status;
}

}  // namespace annals::cli
