// TSV: date cells with unknown digits, rows, and streaming through a file.
#include "ingest/tsv_reader.hpp"

#include "engine/store/store.hpp"

#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

using namespace annals;
using namespace annals::ingest;

TEST_CASE("TSV dates: ISO with # digits, empty, other forms", "[ingest]") {
  VagueDate d;
  std::string error;
  REQUIRE(ParseTsvDate("1921-##-##", &d, &error));
  CHECK(d == VagueDate::InYear(1921));
  REQUIRE(ParseTsvDate("1921-06-##", &d, &error));
  CHECK(d == VagueDate::InMonth(1921, 6));
  REQUIRE(ParseTsvDate("1921-06-15", &d, &error));
  CHECK(d == VagueDate::OnDay(1921, 6, 15));
  REQUIRE(ParseTsvDate("192#", &d, &error));
  CHECK(d.form == DateForm::kDecade);
  CHECK(d.lo == DayFromCivil(1920, 1, 1));
  CHECK(d.hi == DayFromCivil(1929, 12, 31));
  REQUIRE(ParseTsvDate("19##-##-##", &d, &error));
  CHECK(d.form == DateForm::kCentury);
  REQUIRE(ParseTsvDate("####-##-##", &d, &error));
  CHECK(d.form == DateForm::kUnknown);
  REQUIRE(ParseTsvDate("", &d, &error));
  CHECK(d.form == DateForm::kOpen);
  REQUIRE(ParseTsvDate("mid-1921", &d, &error));
  CHECK(d.form == DateForm::kMid);
  CHECK_FALSE(ParseTsvDate("1921-02-29", &d, &error));
  CHECK(error.find("28 days") != std::string::npos);
  CHECK(ParseTsvDate("1920-02-29", &d, &error));
  CHECK_FALSE(ParseTsvDate("1921-00", &d, &error));
  CHECK_FALSE(ParseTsvDate("1921-1#", &d, &error));
  // A known part after an unknown one names no one range of days.
  CHECK_FALSE(ParseTsvDate("1921-##-15", &d, &error));
  CHECK(error.find("unknown month") != std::string::npos);
  CHECK_FALSE(ParseTsvDate("192#-06-15", &d, &error));
  CHECK_FALSE(ParseTsvDate("####-06", &d, &error));
  // EDTF's seasons and parts of a year are the time model's, here as anywhere.
  REQUIRE(ParseTsvDate("1921-21", &d, &error));
  CHECK(d.form == DateForm::kSpring);
  REQUIRE(ParseTsvDate("1921-38", &d, &error));
  CHECK(d.form == DateForm::kMid);
}

TEST_CASE("TSV rows load; bad rows are rejected with positions", "[ingest]") {
  engine::Store store;
  LoadReport report;
  ReadTsvText(store,
              "subject\trelation\tobject\tstart\tend\n"
              "A\tleads\tB\t1920\t1921\n"
              "A\tleads\tB\t1922\n"
              "C\tleads\tB\t1923\t1922\n",
              "t.tsv", report);
  CHECK(store.FactCount() == 1);
  REQUIRE(report.diagnostics.size() == 2);
  CHECK(report.diagnostics[0].location.line == 3);
  CHECK(report.diagnostics[1].location.line == 4);
  CHECK(report.diagnostics[1].location.column == 16);  // the end cell
  CHECK(report.diagnostics[1].message.find("before") != std::string::npos);
}

TEST_CASE("TSV streams a file larger than its buffer, line numbers intact", "[ingest]") {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::tmpfile(), &std::fclose);
  REQUIRE(file);
  const int kLines = 60000;  // ~2.4 MB: several buffer refills
  for (int i = 0; i < kLines; ++i) {
    std::fprintf(file.get(), "Person %d\tleads\tOrg %d\t%d\t%d\n", i, i % 97, 1800 + i % 200,
                 1801 + i % 200);
  }
  std::fprintf(file.get(), "Broken\tleads\tOrg\t1900");  // last line, no newline, 4 cells
  std::rewind(file.get());
  engine::Store store;
  LoadReport report;
  ReadTsvFile(store, file.get(), "big.tsv", report);
  CHECK(store.FactCount() == static_cast<std::size_t>(kLines));
  REQUIRE(report.diagnostics.size() == 1);
  CHECK(report.diagnostics[0].location.line == static_cast<std::uint32_t>(kLines + 1));
  const engine::FactView last = store.Fact(static_cast<engine::FactId>(kLines - 1));
  CHECK(last.source.line == static_cast<std::uint32_t>(kLines));
}

TEST_CASE("TSV: a line longer than the buffer is rejected once, the rest loads",
          "[ingest][concurrency]") {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::tmpfile(), &std::fclose);
  REQUIRE(file);
  std::fprintf(file.get(), "A\tleads\tB\t1920\t1921\n");
  const std::string huge(3u << 20, 'x');
  std::fprintf(file.get(), "%s\n", huge.c_str());
  std::fprintf(file.get(), "C\tleads\tB\t1920\t1921\n");
  std::rewind(file.get());
  engine::Store store;
  LoadReport report;
  ReadTsvFile(store, file.get(), "long.tsv", report);
  CHECK(store.FactCount() == 2);
  REQUIRE(report.diagnostics.size() == 1);
  CHECK(report.diagnostics[0].location.line == 2);
  CHECK(store.Fact(1).source.line == 3);
}

TEST_CASE("TSV: a file parsed on its own thread loads as its text does, in line order",
          "[ingest][concurrency]") {
  // Errors found while parsing (a bad date) and while storing (a relation
  // with no snake_case name) interleave over several chunks; names must
  // survive the reuse of the parser's buffers.
  std::string text;
  const int kLines = 200000;  // ~6 MB: more chunks than are in flight, so buffers are reused
  std::size_t rejected = 0;
  for (int i = 0; i < kLines; ++i) {
    if (i % 9973 == 5) {
      ++rejected;
      text += "Person " + std::to_string(i) + "\tleads\tOrg\t1921-13\t\n";
    } else if (i % 7919 == 3) {
      ++rejected;
      text += "Person " + std::to_string(i) + "\tleads!\tOrg\t1921\t\n";
    } else {
      text += "Person " + std::to_string(i) + "\tleads\tOrg " + std::to_string(i % 89) + "\t" +
              std::to_string(1800 + i % 200) + "\t\n";
    }
  }
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::tmpfile(), &std::fclose);
  REQUIRE(file);
  REQUIRE(std::fwrite(text.data(), 1, text.size(), file.get()) == text.size());
  std::rewind(file.get());
  engine::Store from_file;
  LoadReport file_report;
  ReadTsvFile(from_file, file.get(), "t.tsv", file_report);
  engine::Store from_text;
  LoadReport text_report;
  ReadTsvText(from_text, text, "t.tsv", text_report);

  REQUIRE(rejected > 40);
  REQUIRE(file_report.diagnostics.size() == rejected);
  REQUIRE(file_report.diagnostics.size() == text_report.diagnostics.size());
  for (std::size_t i = 0; i < file_report.diagnostics.size(); ++i) {
    CHECK(file_report.diagnostics[i].ToString() == text_report.diagnostics[i].ToString());
    if (i > 0) {
      CHECK(file_report.diagnostics[i - 1].location.line <
            file_report.diagnostics[i].location.line);
    }
  }
  REQUIRE(from_file.FactCount() == static_cast<std::size_t>(kLines) - rejected);
  REQUIRE(from_file.FactCount() == from_text.FactCount());
  std::size_t mismatches = 0;
  for (engine::FactId f = 0; f < from_file.FactCount(); ++f) {
    const engine::FactView a = from_file.Fact(f);
    const engine::FactView b = from_text.Fact(f);
    const bool same =
        from_file.EntityName(a.subject) == from_text.EntityName(b.subject) &&
        from_file.EntityName(a.subject) == "Person " + std::to_string(a.source.line - 1) &&
        from_file.EntityName(a.object) == from_text.EntityName(b.object) &&
        a.source.line == b.source.line && a.period.start.lo == b.period.start.lo;
    if (!same && ++mismatches <= 3) FAIL_CHECK("fact " << f << " differs");
  }
  CHECK(mismatches == 0);
}

TEST_CASE("TSV: a file that cannot be read is reported, not taken as empty", "[ingest]") {
  // Reading a directory opened as a file fails (EISDIR) on the first read.
  const std::string directory = std::filesystem::temp_directory_path().string();
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(directory.c_str(), "rb"),
                                                       &std::fclose);
  REQUIRE(file);
  engine::Store store;
  LoadReport report;
  ReadTsvFile(store, file.get(), "dir.tsv", report);
  REQUIRE(report.diagnostics.size() == 1);
  CHECK(report.diagnostics[0].severity == Severity::kError);
  CHECK(report.diagnostics[0].location.line == 1);
  CHECK_THAT(report.diagnostics[0].message, Catch::StartsWith("cannot read the file"));
  CHECK(store.FactCount() == 0);
}
