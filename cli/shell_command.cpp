// `annals shell`: an interactive session over one Database. Statements may
// span lines (one ends at `.` outside quotes, or at a blank line); rules
// typed in accumulate into the session's program, which every later query
// sees; `:`-commands act at once.
#include <annals/error.hpp>
#include <annals/name_key.hpp>

#include "cli/commands.hpp"
#include "cli/data.hpp"
#include "cli/line_reader.hpp"
#include "cli/output.hpp"
#include "cli/statements.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

namespace annals::cli {
namespace {

constexpr const char* kShellHelp = R"(Type a query and end it with `.` (or an empty line):
  leads(P, "Communist Party of Bukhara") @ "mid-1921".
Rules (head :- body.) are kept for the rest of the session, and so are facts
of the program's own (no variables, not of a relation the data has):
  led(P, O) :- leads(P, O).
  chain("Alimdzhan Akchurin").
Commands:
  :load PATH            load a data file or directory (or a bundled dataset's name)
  :add FACT.            add facts in the .dl syntax, e.g. :add leads("A", "B") @ 1921.
  :relations            list the relations
  :entities [PATTERN]   list entities whose name or alias contains PATTERN
  :rules                list the rules typed so far
  :clear                forget those rules
  :format table|json|csv
  :explain on|off       show how each answer was derived
  :help                 this text
  :quit                 leave (also Ctrl-D)
A line holding only a comment (% or //) is skipped. While a statement is open
(the ...> prompt) every line continues it, `:` lines too, as a rule's `:-` may
start a line: end it with `.` or an empty line, or drop it with Ctrl-C. Ctrl-C
during a query stops the query, and the statements typed with it, and the
session goes on with its rules; --timeout bounds queries.
)";

// ASCII blanks only: LC_CTYPE may come from the environment (for libedit),
// and isspace() in a single-byte locale would eat bytes of UTF-8 text.
bool IsAsciiSpace(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

std::string Trim(std::string_view text) {
  std::size_t begin = 0;
  std::size_t end = text.size();
  while (begin < end && IsAsciiSpace(text[begin])) ++begin;
  while (end > begin && IsAsciiSpace(text[end - 1])) --end;
  return std::string(text.substr(begin, end - begin));
}

// Lines taken by the rules in front of a query (they end with a line break).
std::int64_t LineCount(std::string_view text) {
  return static_cast<std::int64_t>(std::count(text.begin(), text.end(), '\n'));
}

class Shell {
 public:
  Shell(Database& db, Options options, LineReader& reader)
      : db_(db), options_(std::move(options)), reader_(reader) {}

  ExitCode Loop() {
    if (reader_.interactive()) {
      std::cout << "annals shell: " << db_.FactCount()
                << " facts loaded. End a statement with `.`; :help for help, :quit to leave.\n";
    }
    std::string pending;
    while (true) {
      const auto line = reader_.ReadLine(pending.empty() ? "annals> " : "   ...> ");
      if (reader_.TakeInterrupt()) {
        pending.clear();  // Ctrl-C drops what was typed, as in sqlite3 or python
        continue;
      }
      if (!line) break;
      if (pending.empty()) {
        // A comment must not open a statement: the next line would join it
        // even when it is a `:` command.
        if (IsBlankOrComment(*line)) continue;
        const std::string command = Trim(*line);
        if (command.front() == ':') {
          reader_.AddHistory(command);
          if (!Command(command)) break;
          continue;
        }
      }
      const bool blank = Trim(*line).empty();
      if (!blank) pending += *line + '\n';
      if (pending.empty() || (!blank && !EndsWithCompleteStatement(pending))) continue;
      reader_.AddHistory(Trim(pending));
      Statements(pending);
      pending.clear();
    }
    if (!Trim(pending).empty()) Statements(pending);
    // A person at a terminal has seen each error already; a script piping
    // statements in learns from the status whether all of them went through.
    if (reader_.interactive()) {
      std::cout << '\n';
      return ExitCode::kOk;
    }
    return status_;
  }

 private:
  // Handles a `:` command; false to leave the shell.
  bool Command(const std::string& command) {
    const std::size_t space = command.find_first_of(" \t");
    const std::string name = command.substr(0, space);
    const std::string argument = space == std::string::npos ? "" : Trim(command.substr(space));
    if (name == ":quit" || name == ":q" || name == ":exit") return false;
    if (name == ":help" || name == ":h") {
      std::cout << kShellHelp;
    } else if (name == ":load") {
      if (argument.empty()) {
        Fail(ExitCode::kQueryError, ":load needs a PATH");
      } else {
        LoadReport report;
        if (LoadData(db_, {argument}, options_.strict, std::cerr, Diagnostics::kErrorsOnly,
                     &report) != ExitCode::kOk) {
          status_ = ExitCode::kDataError;
        } else if (report.diagnostics.empty()) {
          std::cout << report.Summary() << '\n';
        }
      }
    } else if (name == ":add") {
      AddFacts(argument);
    } else if (name == ":relations") {
      for (const std::string& relation : db_.Relations()) std::cout << relation << '\n';
    } else if (name == ":entities") {
      ListEntities(argument);
    } else if (name == ":rules") {
      std::cout << (rules_.empty() ? "(no rules)\n" : rules_);
    } else if (name == ":clear") {
      rules_.clear();
      std::cout << "rules cleared\n";
    } else if (name == ":format") {
      if (argument == "table") {
        options_.format = OutputFormat::kTable;
      } else if (argument == "json") {
        options_.format = OutputFormat::kJson;
      } else if (argument == "csv") {
        options_.format = OutputFormat::kCsv;
      } else {
        Fail(ExitCode::kQueryError, ":format expects table, json or csv");
      }
    } else if (name == ":explain") {
      if (argument == "on" || argument == "off") {
        options_.explain = argument == "on";
      } else {
        Fail(ExitCode::kQueryError, ":explain expects on or off");
      }
    } else {
      Fail(ExitCode::kQueryError, "unknown command " + name + "; :help lists the commands");
    }
    return true;
  }

  void Fail(ExitCode code, const std::string& message) {
    std::cerr << "error: " << message << '\n';
    status_ = code;
  }

  void AddFacts(const std::string& text) {
    if (text.empty()) {
      Fail(ExitCode::kQueryError, ":add needs a fact, e.g. :add leads(\"A\", \"B\") @ 1921.");
      return;
    }
    try {
      const LoadReport report = db_.LoadText(text, "dl", "<shell>");
      for (const Diagnostic& diagnostic : report.diagnostics) {
        std::cerr << diagnostic.ToString() << '\n';
      }
      std::cout << report.Summary() << '\n';
      if (report.errors() > 0) status_ = ExitCode::kDataError;
    } catch (const Error& error) {
      Fail(ExitCode::kDataError, error.message());
    }
  }

  void ListEntities(const std::string& pattern) {
    // Compared by name key, as queries look names up: a pattern that finds
    // nothing here must not name an entity a query would find.
    const std::string needle = annals::NameKey(pattern);
    std::size_t shown = 0;
    for (const EntityInfo& entity : db_.Entities()) {
      bool match = needle.empty() || annals::NameKey(entity.name).find(needle) != std::string::npos;
      for (const std::string& alias : entity.aliases) {
        match = match || annals::NameKey(alias).find(needle) != std::string::npos;
      }
      if (!match) continue;
      ++shown;
      std::cout << entity.name;
      if (!entity.kind.empty()) std::cout << " (" << entity.kind << ')';
      if (entity.lifespan) std::cout << "  " << entity.lifespan->ToText();
      if (!entity.aliases.empty()) {
        std::cout << "  aka ";
        for (std::size_t i = 0; i < entity.aliases.size(); ++i) {
          std::cout << (i == 0 ? "" : "; ") << entity.aliases[i];
        }
      }
      std::cout << '\n';
    }
    std::cout << '(' << shown << (shown == 1 ? " entity" : " entities") << ")\n";
  }

  // Everything typed up to a statement end: usually one statement, but a
  // pasted line may hold several. Ctrl-C stops the query running, and the
  // statements after it: whoever pressed it wants the prompt back.
  void Statements(const std::string& text) {
    const QueryInterrupter interrupter(db_);
    const std::vector<Statement> statements = SplitStatements(text);
    for (std::size_t i = 0; i < statements.size(); ++i) {
      if (interrupter.interrupted()) {
        Fail(ExitCode::kQueryError,
             "interrupted; " + std::to_string(statements.size() - i) +
                 (statements.size() - i == 1 ? " statement" : " statements") + " not run");
        return;
      }
      const Statement& statement = statements[i];
      const std::string body = text.substr(statement.begin, statement.end - statement.begin);
      if (statement.kind == StatementKind::kRule) {
        AddRule(body);
      } else if (statement.kind == StatementKind::kDirective) {
        Fail(ExitCode::kQueryError, "directives belong in .dl files; use :load or :add");
      } else if (IsOwnFact(body)) {
        AddRule(body);
      } else {
        Query(body);  // in the shell a statement without `:-` is a query
      }
    }
  }

  // A statement without `:-` is a query, save a fact of the program's own:
  // one without variables that is not .dl data (`chain("A").`,
  // `day(1921-06-15).`) and not of a relation the data has, which as a query
  // could only fail as unknown. It is kept like a rule, as `annals query` and
  // `annals run` read it.
  bool IsOwnFact(const std::string& statement) const {
    std::string name;
    std::size_t arity = 0;
    if (HasVariable(statement) || !RuleHead(statement, &name, &arity) ||
        !IsProgramFact(statement, {})) {
      return false;
    }
    const std::vector<std::string> stored = db_.Relations();
    return name != "exists" && !std::binary_search(stored.begin(), stored.end(), name);
  }

  // A rule joins the program only if the program with it still compiles:
  // checked by asking for its head with a row limit of one.
  void AddRule(const std::string& rule) {
    const std::string candidate = rules_ + rule + '\n';
    std::string head;
    std::size_t arity = 0;
    // A rule refused is shown with positions in the rules typed so far.
    const auto refuse = [&](const Error& error) {
      if (error.code() == ErrorCode::kInterrupted) {
        Fail(ExitCode::kQueryError, "interrupted; the rule was not added");
        return;
      }
      std::cerr << RelabelError(error, "<rule>", LineCount(rules_)) << '\n';
      status_ = ExitCode::kQueryError;
    };
    if (!RuleHead(rule, &head, &arity)) {
      // No head to ask for, so let the parser read the rules alone: it stops
      // at the broken head with a position. Kept, such a rule would make
      // every later query fail on it.
      try {
        (void)db_.Prepare(candidate);
      } catch (const Error& error) {
        // Past the rules is where it asks for the `?-` query they lack: then
        // the rules parsed, and the head is one RuleHead does not know.
        if (error.location().line == 0 ||
            static_cast<std::int64_t>(error.location().line) <= LineCount(candidate)) {
          refuse(error);
          return;
        }
      } catch (const std::exception& error) {
        Fail(ExitCode::kQueryError, error.what());
        return;
      }
    } else {
      std::string probe = candidate + "?- " + head + '(';
      for (std::size_t i = 0; i < arity; ++i) probe += (i == 0 ? "V" : ", V") + std::to_string(i);
      probe += ").";
      QueryOptions check;
      check.row_limit = 1;
      check.timeout = std::chrono::milliseconds(2000);
      try {
        (void)db_.Query(probe, check);
      } catch (const Error& error) {
        if (error.code() != ErrorCode::kLimit) {
          refuse(error);
          return;
        }
      } catch (const std::exception& error) {
        Fail(ExitCode::kQueryError, error.what());
        return;
      }
    }
    rules_ = candidate;
    if (reader_.interactive()) {
      std::cout << (rule.find(":-") == std::string::npos ? "fact added\n" : "rule added\n");
    }
  }

  void Query(const std::string& query) {
    std::string text = rules_;
    text += query;
    if (Answer(db_, text, options_, std::cout, std::cerr, "<query>", LineCount(rules_)) !=
        ExitCode::kOk) {
      status_ = ExitCode::kQueryError;
    }
  }

  Database& db_;
  Options options_;
  LineReader& reader_;
  std::string rules_;  // every accepted rule, one after another, each ending in '\n'
  ExitCode status_ = ExitCode::kOk;
};

}  // namespace

ExitCode ShellCommand(const std::vector<std::string>& args) {
  const Options options = ParseOptions(args, kOptData | kOptFormat | kOptExplain | kOptNoSources |
                                                 kOptStrict | kOptTimeout | kOptLimit);
  if (!options.positionals.empty()) {
    throw UsageError("shell: unexpected argument '" + options.positionals.front() + "'");
  }
  Database db;
  if (const ExitCode loaded = LoadData(db, options.data_paths, options.strict, std::cerr);
      loaded != ExitCode::kOk) {
    return loaded;
  }
  const char* home = std::getenv("HOME");
  LineReader reader(home != nullptr && *home != '\0' ? std::string(home) + "/.annals_history"
                                                     : std::string());
  Shell shell(db, options, reader);
  return shell.Loop();
}

}  // namespace annals::cli
