// The CLI's own logic: option parsing, UTF-8 widths, JSON and CSV escaping,
// table alignment, statement splitting, and the shell's Ctrl-C while
// statements run. The end-to-end behaviour is covered by the golden cases in
// tests/cli/cases and by tests/cli/shell_interrupt_test.py.
#include <annals/database.hpp>
#include <annals/error.hpp>
#include <annals/result.hpp>
#include <annals/time.hpp>
#include <annals/value.hpp>

#include "cli/args.hpp"
#include "cli/line_reader.hpp"
#include "cli/output.hpp"
#include "cli/statements.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <csignal>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace cli = annals::cli;

namespace {

annals::QueryResult TwoLeaders() {
  annals::QueryResultBuilder builder({"P"});
  builder.AddCell(annals::Value::Entity("Saidulla Tursunkhodzhayev"));
  builder.AddSource("communist-party-of-bukhara.txt", 28);
  builder.EndRow(annals::Certainty::kCertain,
                 annals::Period::Make(annals::VagueDate::OnDay(1921, 2, 23),
                                      annals::VagueDate::OnDay(1921, 7, 3)));
  builder.AddCell(annals::Value::Entity("Абдурашид, \"Mukamilov\""));
  builder.AddSource("a.txt", 1);
  builder.AddSource("b.txt", 2);
  builder.AddStep("leads(P, O) from a.txt:1");
  builder.EndRow(annals::Certainty::kPossible,
                 annals::Period::Make(annals::VagueDate::InYear(1922), annals::VagueDate::Open()));
  return builder.Finish();
}

std::string Print(const annals::QueryResult& result, cli::OutputFormat format, bool explain) {
  std::ostringstream out;
  cli::PrintResult(out, result, format, explain);
  return out.str();
}

// What a program without queries prints: still one document.
std::string NoQueries(cli::OutputFormat format, bool explain) {
  std::ostringstream out;
  cli::ProgramPrinter printer(out, format, explain, "p.dl");
  printer.Finish();
  return out.str();
}

}  // namespace

TEST_CASE("options: values, repeats and usage errors", "[cli]") {
  const cli::Options options = cli::ParseOptions(
      {"--data", "a", "--data=b", "--format", "json", "--limit", "5", "--timeout=100", "Q"},
      cli::kOptData | cli::kOptFormat | cli::kOptLimit | cli::kOptTimeout);
  CHECK(options.data_paths == std::vector<std::string>{"a", "b"});
  CHECK(options.format == cli::OutputFormat::kJson);
  CHECK(options.limit == 5u);
  CHECK(options.timeout.count() == 100);
  CHECK(options.positionals == std::vector<std::string>{"Q"});

  CHECK(cli::ParseOptions({"--", "--data"}, cli::kOptData).positionals ==
        std::vector<std::string>{"--data"});
  CHECK_THROWS_AS(cli::ParseOptions({"--bogus"}, cli::kOptData), cli::UsageError);
  CHECK_THROWS_AS(cli::ParseOptions({"--explain"}, cli::kOptData), cli::UsageError);
  CHECK_THROWS_AS(cli::ParseOptions({"--data"}, cli::kOptData), cli::UsageError);
  CHECK_THROWS_AS(cli::ParseOptions({"--format", "xml"}, cli::kOptFormat), cli::UsageError);
  CHECK_THROWS_AS(cli::ParseOptions({"--limit", "-1"}, cli::kOptLimit), cli::UsageError);
  CHECK_THROWS_AS(cli::ParseOptions({"--limit", "0"}, cli::kOptLimit), cli::UsageError);
  CHECK_THROWS_AS(cli::ParseOptions({"--timeout", "99999999999999999999999"}, cli::kOptTimeout),
                  cli::UsageError);
  CHECK_THROWS_AS(cli::ParseOptions({"--strict=yes"}, cli::kOptStrict), cli::UsageError);
}

TEST_CASE("display width counts terminal columns, invalid bytes one each", "[cli]") {
  CHECK(cli::DisplayWidth("") == 0);
  CHECK(cli::DisplayWidth("Bukhara") == 7);
  CHECK(cli::DisplayWidth("Бухара") == 6);            // 12 bytes
  CHECK(cli::DisplayWidth("حزب") == 3);               // Arabic script
  CHECK(cli::DisplayWidth("\xF0\x9F\x99\x82") == 2);  // U+1F642, an emoji: wide
  CHECK(cli::DisplayWidth("毛泽东") == 6);            // wide
  CHECK(cli::DisplayWidth("Zoe\xCC\x81") == 3);       // e + U+0301, a combining mark
  CHECK(cli::DisplayWidth("a\xFF"
                          "b") == 3);         // invalid byte
  CHECK(cli::DisplayWidth("\xE2\x82") == 2);  // truncated sequence
  CHECK(cli::DisplayWidth("\xC0\xAF") == 2);  // overlong form
}

TEST_CASE("JSON strings are escaped and always valid UTF-8", "[cli]") {
  CHECK(cli::JsonString("plain") == "\"plain\"");
  CHECK(cli::JsonString("a\"b\\c") == "\"a\\\"b\\\\c\"");
  CHECK(cli::JsonString("line\nnext\ttab") == "\"line\\nnext\\ttab\"");
  CHECK(cli::JsonString(std::string("nul\0x", 5)) == "\"nul\\u0000x\"");
  CHECK(cli::JsonString("\x01") == "\"\\u0001\"");
  CHECK(cli::JsonString("Бухара") == "\"Бухара\"");
  CHECK(cli::JsonString("bad\xFF") == "\"bad\\ufffd\"");
}

TEST_CASE("CSV fields follow RFC 4180", "[cli]") {
  CHECK(cli::CsvField("plain") == "plain");
  CHECK(cli::CsvField("a,b") == "\"a,b\"");
  CHECK(cli::CsvField("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(cli::CsvField("two\nlines") == "\"two\nlines\"");
  CHECK(cli::CsvField("") == "");
}

TEST_CASE("table output aligns UTF-8 columns and counts rows", "[cli]") {
  const std::string table = Print(TwoLeaders(), cli::OutputFormat::kTable, false);
  std::istringstream lines(table);
  std::vector<std::string> all;
  for (std::string line; std::getline(lines, line);) all.push_back(line);
  REQUIRE(all.size() == 5);
  CHECK(all[0].rfind("P ", 0) == 0);
  CHECK(all[4] == "(2 rows)");
  // The certainty column starts at the same display column on every line.
  const auto column_of = [](const std::string& line, const std::string& word) {
    return cli::DisplayWidth(line.substr(0, line.find(word)));
  };
  CHECK(column_of(all[0], "certainty") == column_of(all[2], "certain"));
  CHECK(column_of(all[0], "certainty") == column_of(all[3], "possible"));
  CHECK(all[3].find("present") != std::string::npos);
  CHECK(all[3].find("a.txt:1, b.txt:2") != std::string::npos);
  for (const std::string& line : all) CHECK((line.empty() || line.back() != ' '));

  const std::string explained = Print(TwoLeaders(), cli::OutputFormat::kTable, true);
  CHECK(explained.find("  leads(P, O) from a.txt:1\n") != std::string::npos);
}

TEST_CASE("JSON output has one key per variable and ISO dates", "[cli]") {
  const std::string json = Print(TwoLeaders(), cli::OutputFormat::kJson, false);
  CHECK(json.rfind("{\"columns\": [\"P\"], \"rows\": [", 0) == 0);
  CHECK(json.find("{\"P\": \"Saidulla Tursunkhodzhayev\", \"certainty\": \"certain\", "
                  "\"from\": \"1921-02-23\", \"to\": \"1921-07-03\", "
                  "\"sources\": [\"communist-party-of-bukhara.txt:28\"]}") != std::string::npos);
  // Open end: empty; year precision kept; quotes escaped.
  CHECK(json.find("\"from\": \"1922\", \"to\": \"\"") != std::string::npos);
  CHECK(json.find("\"P\": \"Абдурашид, \\\"Mukamilov\\\"\"") != std::string::npos);
  CHECK(json.find("explanation") == std::string::npos);
  CHECK(Print(TwoLeaders(), cli::OutputFormat::kJson, true).find("\"explanation\": [") !=
        std::string::npos);
  CHECK(Print(annals::QueryResultBuilder({"X"}).Finish(), cli::OutputFormat::kJson, false) ==
        "{\"columns\": [\"X\"], \"rows\": []}\n");
}

TEST_CASE("a program's JSON is one document, failures as entries", "[cli]") {
  std::ostringstream out;
  cli::ProgramPrinter printer(out, cli::OutputFormat::kJson, false, "p.dl");
  printer.Answered(2, "?- a(P).", annals::QueryResultBuilder({"P"}).Finish());
  cli::QueryFailure failure;
  failure.code = annals::ErrorCode::kUnknownRelation;
  failure.message = "unknown relation \"b\"";
  failure.location = {"p.dl", 3, 4};
  printer.Failed(3, "?- b(X).", failure);
  failure.code = annals::ErrorCode::kLimit;
  failure.location = {};
  printer.Failed(4, "?- c(X).", failure);
  printer.Finish();
  CHECK(out.str() ==
        "{\"queries\": [\n"
        "  {\"line\": 2, \"query\": \"?- a(P).\", \"columns\": [\"P\"], \"rows\": []},\n"
        "  {\"line\": 3, \"query\": \"?- b(X).\", \"error\": {\"code\": \"unknown relation\", "
        "\"message\": \"unknown relation \\\"b\\\"\", \"line\": 3, \"column\": 4}},\n"
        "  {\"line\": 4, \"query\": \"?- c(X).\", \"error\": {\"code\": \"limit reached\", "
        "\"message\": \"unknown relation \\\"b\\\"\", \"line\": null, \"column\": null}}\n"
        "]}\n");
  CHECK(NoQueries(cli::OutputFormat::kJson, false) == "{\"queries\": []}\n");
}

TEST_CASE("a program's table puts each answer under its query's line", "[cli]") {
  std::ostringstream out;
  cli::ProgramPrinter printer(out, cli::OutputFormat::kTable, false, "p.dl");
  printer.Answered(2, "?- a(P).", TwoLeaders());
  printer.Failed(5, "?- b(X).", cli::QueryFailure{});
  printer.Finish();
  CHECK(out.str().rfind("p.dl:2: ?- a(P).\nP ", 0) == 0);
  CHECK(out.str().find("(2 rows)\n\np.dl:5: ?- b(X).\n(no answer: internal error)\n") !=
        std::string::npos);
}

TEST_CASE("a program's CSV is one table, each cell under its variable", "[cli]") {
  std::ostringstream out;
  cli::ProgramPrinter printer(out, cli::OutputFormat::kCsv, false, "p.dl");
  printer.Answered(2, "?- a(P).", TwoLeaders());
  printer.Failed(3, "?- b(X).", cli::QueryFailure{});
  annals::QueryResultBuilder builder({"O", "P"});
  builder.AddCell(annals::Value::Entity("Org"));
  builder.AddCell(annals::Value::Entity("Person"));
  builder.EndRow(annals::Certainty::kCertain,
                 annals::Period::Make(annals::VagueDate::InYear(1921), annals::VagueDate::Open()));
  printer.Answered(4, "?- c(O, P).", builder.Finish());
  CHECK(out.str().empty());  // the header needs every answer's variables
  printer.Finish();
  CHECK(out.str() ==
        "line,P,O,certainty,from,to,sources\r\n"
        "2,Saidulla Tursunkhodzhayev,,certain,1921-02-23,1921-07-03,"
        "communist-party-of-bukhara.txt:28\r\n"
        "2,\"Абдурашид, \"\"Mukamilov\"\"\",,possible,1922,,a.txt:1; b.txt:2\r\n"
        "4,Person,Org,certain,1921,,\r\n");
  CHECK(NoQueries(cli::OutputFormat::kCsv, true) ==
        "line,certainty,from,to,sources,explanation\r\n");
}

TEST_CASE("CSV output quotes fields and ends lines with CRLF", "[cli]") {
  const std::string csv = Print(TwoLeaders(), cli::OutputFormat::kCsv, false);
  CHECK(csv.rfind("P,certainty,from,to,sources\r\n", 0) == 0);
  CHECK(csv.find("Saidulla Tursunkhodzhayev,certain,1921-02-23,1921-07-03,"
                 "communist-party-of-bukhara.txt:28\r\n") != std::string::npos);
  CHECK(csv.find("\"Абдурашид, \"\"Mukamilov\"\"\",possible,1922,,a.txt:1; b.txt:2\r\n") !=
        std::string::npos);
}

TEST_CASE("statements end at a dot outside quotes, comments and ranges", "[cli]") {
  const std::string text =
      "% a comment. with dots.\n"
      ".decl leads(person, org, role, note)\n"
      "leads(\"A. B.\", \"Party\") @ 1920 .. 1921.\n"
      "led(P) :- leads(P, _). ?- led(P).\n"
      "lifespan(\"X\") @ 1921-06-15...\n"
      "count(N) :- N = 1.5.\n"
      "?- leads(P, O) @ \"mid-1921\"";
  const std::vector<cli::Statement> statements = cli::SplitStatements(text);
  REQUIRE(statements.size() == 7);
  CHECK(statements[0].kind == cli::StatementKind::kDirective);
  CHECK(statements[0].line == 2);
  CHECK(statements[1].kind == cli::StatementKind::kFact);
  CHECK(text.substr(statements[1].begin, statements[1].end - statements[1].begin) ==
        "leads(\"A. B.\", \"Party\") @ 1920 .. 1921.");
  CHECK(statements[2].kind == cli::StatementKind::kRule);
  CHECK(statements[3].kind == cli::StatementKind::kQuery);
  CHECK(statements[3].line == 4);
  CHECK(statements[4].kind == cli::StatementKind::kFact);
  CHECK(statements[5].kind == cli::StatementKind::kRule);
  CHECK(text.substr(statements[5].begin, statements[5].end - statements[5].begin) ==
        "count(N) :- N = 1.5.");
  CHECK(statements[6].kind == cli::StatementKind::kQuery);  // no final dot: still kept

  CHECK(cli::EndsWithCompleteStatement("leads(P, O).\n"));
  CHECK(cli::EndsWithCompleteStatement("leads(P, O). % done\n"));
  CHECK_FALSE(cli::EndsWithCompleteStatement("leads(P, \"O.\n"));
  CHECK_FALSE(cli::EndsWithCompleteStatement("leads(P, O) @ 1920 ..\n"));
  CHECK_FALSE(cli::EndsWithCompleteStatement("a(X). b(X)\n"));
  CHECK_FALSE(cli::EndsWithCompleteStatement("  % only a comment.\n"));
}

TEST_CASE("masking keeps lines and columns of the kept statements", "[cli]") {
  const std::string text = "r(\"Ж\") :- s.\n?- r(X).\n";
  const std::vector<cli::Statement> statements = cli::SplitStatements(text);
  REQUIRE(statements.size() == 2);
  const std::string masked = cli::MaskExcept(text, {statements[1]});
  CHECK(masked == std::string(12, ' ') + "\n?- r(X).\n");  // Ж is one space
}

TEST_CASE("rule heads give name and arity", "[cli]") {
  std::string name;
  std::size_t arity = 0;
  REQUIRE(cli::RuleHead("chain(A, B) :- leads(A, B).", &name, &arity));
  CHECK(name == "chain");
  CHECK(arity == 2);
  REQUIRE(cli::RuleHead("first(\"a,b\", f(X, Y), Z) :- x.", &name, &arity));
  CHECK(arity == 3);
  REQUIRE(cli::RuleHead("none() :- x.", &name, &arity));
  CHECK(arity == 0);
  CHECK_FALSE(cli::RuleHead("Upper(X) :- x.", &name, &arity));
  CHECK_FALSE(cli::RuleHead("open(X :- x.", &name, &arity));
}

TEST_CASE("a fact is data when it names its subject and object in quotes", "[cli]") {
  const std::vector<std::string> none;
  CHECK_FALSE(cli::IsProgramFact("leads(\"A\", \"B\") @ 1921.", none));
  CHECK_FALSE(cli::IsProgramFact("leads( \"A, B\" ,\"C\", \"Chairman\").", none));
  CHECK_FALSE(cli::IsProgramFact("lifespan(\"A\") @ 1920 .. 1924.", none));  // the reader's own
  CHECK_FALSE(cli::IsProgramFact("entity(\"A\", \"party\").", none));
  CHECK(cli::IsProgramFact("chain(\"Alimdzhan Akchurin\").", none));
  CHECK(cli::IsProgramFact("day(1921-06-15).", none));
  CHECK(cli::IsProgramFact("pair(\"A\", 3).", none));
  CHECK(cli::IsProgramFact("flag().", none));
  // A relation a rule defines keeps its facts with the rule.
  CHECK(cli::IsProgramFact("pair(\"A\", \"B\").", {"pair"}));
  CHECK_FALSE(cli::IsProgramFact("pair(\"A\", \"B\").", {"other"}));
}

TEST_CASE("variables are found outside quotes and comments", "[cli]") {
  CHECK(cli::HasVariable("leads(P, \"A\")."));
  CHECK(cli::HasVariable("leads(\"A\", \"B\") @ _."));
  CHECK_FALSE(cli::HasVariable("leads(\"Party X\", \"B\") @ 1921-06. % P"));
  CHECK_FALSE(cli::HasVariable("day(1921-06-15)."));
}

TEST_CASE("comment-only lines are recognised, so the shell can skip them", "[cli]") {
  CHECK(cli::IsBlankOrComment(""));
  CHECK(cli::IsBlankOrComment("  % switch to csv"));
  CHECK(cli::IsBlankOrComment("// note \"quoted."));
  CHECK_FALSE(cli::IsBlankOrComment(":format csv"));
  CHECK_FALSE(cli::IsBlankOrComment("leads(P, O). % why"));
  CHECK_FALSE(cli::IsBlankOrComment("a / b"));
}

TEST_CASE("errors are relabelled to the user's file and lines", "[cli]") {
  const annals::Error error(annals::ErrorCode::kSyntax, "expected ')'", {"<query>", 5, 3},
                            "<query>:5:3: error: expected ')'\n  r(X\n    ^");
  CHECK(cli::RelabelError(error, "prog.dl") == "prog.dl:5:3: error: expected ')'\n  r(X\n    ^");
  CHECK(cli::RelabelError(error, "<query>", 4).rfind("<query>:1:3: error:", 0) == 0);
  const annals::Error unplaced(annals::ErrorCode::kLimit, "row limit");
  CHECK(cli::RelabelError(unplaced, "prog.dl") == unplaced.rendered());
}

namespace {

// Ctrl-C as the shell sees it: SIGINT to the thread that runs the
// statements (raise() delivers it at once, also under ThreadSanitizer,
// which holds back signals from elsewhere).
void PressCtrlC() { REQUIRE(std::raise(SIGINT) == 0); }

}  // namespace

TEST_CASE("Ctrl-C while statements run interrupts their queries, however often", "[cli]") {
  annals::Database db;
  constexpr int kChainLength = 1500;
  const annals::Period period = annals::Period::Parse("1900..1950");
  for (int i = 0; i < kChainLength; ++i) {
    db.AddFact("link", "L" + std::to_string(i), "L" + std::to_string(i + 1), period);
  }
  struct sigaction before {};
  REQUIRE(sigaction(SIGINT, nullptr, &before) == 0);
  {
    const cli::QueryInterrupter interrupter(db);
    CHECK_FALSE(interrupter.interrupted());
    // A query that would run for minutes (the three ends can order no way),
    // on another thread, and Ctrl-C pressed here until it ends: each press
    // reaches the handler, none ends the process.
    std::atomic<bool> done{false};
    std::optional<annals::ErrorCode> thrown;
    std::thread runner([&] {
      try {
        annals::QueryOptions backstop;  // fails the test instead of hanging it
        backstop.timeout = std::chrono::minutes(5);
        (void)db.Query("?- link(A, B), link(C, D), link(E, F), A < C, C < E, E < A.", backstop);
      } catch (const annals::Error& error) {
        thrown = error.code();
      }
      done = true;
    });
    while (!done) {
      PressCtrlC();
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    runner.join();
    PressCtrlC();  // pressed again with nothing to stop: still caught
    CHECK(interrupter.interrupted());
    REQUIRE(thrown.has_value());
    CHECK(*thrown == annals::ErrorCode::kInterrupted);
  }
  // The action before comes back.
  struct sigaction after {};
  REQUIRE(sigaction(SIGINT, nullptr, &after) == 0);
  CHECK(after.sa_handler == before.sa_handler);
  // A new run starts uninterrupted.
  const cli::QueryInterrupter again(db);
  CHECK_FALSE(again.interrupted());
}
