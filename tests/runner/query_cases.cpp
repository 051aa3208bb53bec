// Golden query cases: every tests/golden/<group>/**/*.test file is one Catch2
// test tagged [<group>]. A file loads data, then runs records:
//
//   # what the case checks
//   load central-asia-1918-1924        (a dataset under datasets/, or a path
//                                        relative to the .test file)
//   query rowsort                       (rowsort: compare sorted rows; nosort:
//   ?- leads(P, O) @ 1921.               in the engine's order; add `explain`
//   ----                                 to print each row's derivation)
//   P	O	certainty	from	to	sources
//   ...rows, tab-separated, until a blank line...
//
//   statement error                     (the first lines of the rendered
//   ?- leads(P, "Bukhara").              error: message, source line, caret)
//   ----
//   <query>:1:13: error: unknown entity "Bukhara"; ...
//
// ANNALS_GOLDEN_REWRITE=1 rewrites the expected blocks from what the engine
// answers (review the diff before committing).
#include <annals/error.hpp>
#include <annals/result.hpp>

#include "engine/store/store.hpp"
#include "ingest/loader.hpp"
#include "query/run.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

struct Record {
  enum class Kind { kQuery, kStatementError, kStatementOk, kLoad, kText };
  Kind kind = Kind::kText;
  std::vector<std::string> header;    // the record's opening line(s), kept verbatim
  std::string options;                // words after `query` / `statement`
  std::string query;                  // the query text
  std::vector<std::string> expected;  // lines after ----
  bool has_block = false;             // a ---- block follows (a load's diagnostics)
  std::size_t line = 0;               // where the record starts (1-based)
};

std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
  }
  return lines;
}

bool StartsWith(const std::string& text, std::string_view prefix) {
  return text.rfind(prefix, 0) == 0;
}

std::vector<Record> ParseGolden(const std::vector<std::string>& lines) {
  std::vector<Record> records;
  std::size_t i = 0;
  while (i < lines.size()) {
    const std::string& line = lines[i];
    Record record;
    record.line = i + 1;
    if (StartsWith(line, "load ")) {
      record.kind = Record::Kind::kLoad;
      record.header.push_back(line);
      record.options = line.substr(5);
      ++i;
      if (i < lines.size() && lines[i] == "----") {
        record.has_block = true;
        ++i;
        while (i < lines.size() && !lines[i].empty()) record.expected.push_back(lines[i++]);
      }
    } else if (StartsWith(line, "query") || StartsWith(line, "statement")) {
      const bool is_query = StartsWith(line, "query");
      record.options = line.substr(is_query ? 5 : 9);
      record.kind = !is_query ? Record::Kind::kStatementOk : Record::Kind::kQuery;
      if (!is_query && record.options.find("error") != std::string::npos) {
        record.kind = Record::Kind::kStatementError;
      }
      record.header.push_back(line);
      ++i;
      std::string query;
      while (i < lines.size() && lines[i] != "----" && !lines[i].empty()) {
        query += (query.empty() ? "" : "\n") + lines[i];
        ++i;
      }
      record.query = query;
      if (i < lines.size() && lines[i] == "----") {
        ++i;
        while (i < lines.size() && !lines[i].empty()) record.expected.push_back(lines[i++]);
      }
    } else {
      record.kind = Record::Kind::kText;  // comments and blank lines, kept for rewriting
      record.header.push_back(line);
      ++i;
    }
    records.push_back(std::move(record));
  }
  return records;
}

bool HasWord(const std::string& options, std::string_view word) {
  std::istringstream in(options);
  std::string token;
  while (in >> token) {
    if (token == word) return true;
  }
  return false;
}

std::string OptionValue(const std::string& options, std::string_view key) {
  std::istringstream in(options);
  std::string token;
  while (in >> token) {
    if (StartsWith(token, std::string(key) + "=")) return token.substr(key.size() + 1);
  }
  return {};
}

// A date side as the golden files print it: the form it was written in,
// nothing for an open end or for "always".
std::string Side(const annals::VagueDate& date) {
  if (date.form == annals::DateForm::kOpen) return "";
  if (date.form == annals::DateForm::kUnknown) return "?";
  return date.ToText();
}

std::vector<std::string> Render(const annals::QueryResult& result, bool explain) {
  std::vector<std::string> lines;
  std::string header;
  for (const std::string& column : result.columns()) header += column + "\t";
  header += "certainty\tfrom\tto\tsources";
  lines.push_back(header);
  for (const annals::Row& row : result) {
    std::string line;
    for (const annals::Value& value : row.values) line += value.ToText() + "\t";
    line += annals::CertaintyName(row.certainty);
    line += "\t" + Side(row.validity.WrittenStart()) + "\t" + Side(row.validity.WrittenEnd());
    line += "\t";
    for (std::size_t i = 0; i < row.sources.size(); ++i) {
      line += (i > 0 ? ", " : "") + row.sources[i].ToString();
    }
    lines.push_back(line);
    if (explain) {
      for (const std::string& step : row.explanation) lines.push_back("    " + step);
    }
  }
  return lines;
}

fs::path SourceDir() { return fs::path(ANNALS_SOURCE_DIR); }

// Files registered at static-initialisation time, by test name.
std::map<std::string, fs::path>& Registry() {
  static std::map<std::string, fs::path> registry;
  return registry;
}

class GoldenFile {
 public:
  explicit GoldenFile(fs::path path) : path_(std::move(path)) {}

  void Run() {
    std::ifstream in(path_, std::ios::binary);
    REQUIRE(in.good());
    std::stringstream buffer;
    buffer << in.rdbuf();
    std::vector<Record> records = ParseGolden(SplitLines(buffer.str()));
    const char* rewrite_env = std::getenv("ANNALS_GOLDEN_REWRITE");
    const bool rewrite = rewrite_env != nullptr && std::string(rewrite_env) == "1";
    bool any_case = false;
    for (Record& record : records) {
      switch (record.kind) {
        case Record::Kind::kText:
          break;
        case Record::Kind::kLoad: {
          std::vector<std::string> diagnostics = Load(record);
          if (rewrite) {
            record.expected = std::move(diagnostics);
          } else if (record.has_block) {
            INFO(path_.string() << ":" << record.line);
            CHECK(Joined(diagnostics) == Joined(record.expected));
          }
          break;
        }
        case Record::Kind::kQuery:
        case Record::Kind::kStatementOk:
        case Record::Kind::kStatementError: {
          any_case = true;
          std::vector<std::string> actual = Answer(record, rewrite);
          if (rewrite) {
            record.expected = actual;
            continue;
          }
          INFO(path_.string() << ":" << record.line << "\n" << record.query);
          if (record.kind == Record::Kind::kQuery && HasWord(record.options, "rowsort") &&
              !actual.empty()) {
            std::sort(actual.begin() + 1, actual.end());
            std::vector<std::string> expected = record.expected;
            if (!expected.empty()) std::sort(expected.begin() + 1, expected.end());
            CHECK(Joined(actual) == Joined(expected));
          } else {
            CHECK(Joined(actual) == Joined(record.expected));
          }
          break;
        }
      }
    }
    CHECK(any_case);
    if (rewrite) Write(records);
  }

 private:
  static std::string Joined(const std::vector<std::string>& lines) {
    std::string out;
    for (const std::string& line : lines) out += line + "\n";
    return out;
  }

  // Loads the data; returns its diagnostics. Without a ---- block after the
  // load line, any error fails the case.
  std::vector<std::string> Load(const Record& record) {
    const std::string name = record.options;
    fs::path target = SourceDir() / "datasets" / name;
    if (!fs::exists(target)) target = path_.parent_path() / name;
    INFO("load " << name << " (" << target.string() << ")");
    REQUIRE(fs::exists(target));
    const annals::LoadReport report = annals::ingest::LoadPath(store_, target.string(), {});
    std::vector<std::string> diagnostics;
    std::string errors;
    for (const annals::Diagnostic& diagnostic : report.diagnostics) {
      diagnostics.push_back(diagnostic.ToString());
      if (diagnostic.severity == annals::Severity::kError) errors += diagnostic.ToString() + "\n";
    }
    if (!record.has_block) {
      INFO(errors);
      CHECK(report.errors() == 0);
    }
    store_.Finalize();
    return diagnostics;
  }

  std::vector<std::string> Answer(const Record& record, bool full_errors) {
    annals::QueryOptions options;
    options.explain = HasWord(record.options, "explain");
    if (const std::string limit = OptionValue(record.options, "limit"); !limit.empty()) {
      options.row_limit = std::stoul(limit);
    }
    if (const std::string timeout = OptionValue(record.options, "timeout"); !timeout.empty()) {
      options.timeout = std::chrono::milliseconds(std::stoul(timeout));
    }
    try {
      const annals::QueryResult result = annals::query::RunQuery(store_, record.query, options);
      if (record.kind == Record::Kind::kStatementError) return {"(no error)"};
      if (record.kind == Record::Kind::kStatementOk) return {};
      return Render(result, options.explain);
    } catch (const annals::Error& error) {
      if (record.kind != Record::Kind::kStatementError)
        return {"unexpected error: " + error.rendered()};
      std::vector<std::string> lines = SplitLines(error.rendered());
      // Compare as many lines as the case wrote (at least the message line);
      // rewriting writes them all (message, source line, caret).
      const std::size_t keep = std::max<std::size_t>(1, record.expected.size());
      if (!full_errors && lines.size() > keep) lines.resize(keep);
      return lines;
    }
  }

  void Write(const std::vector<Record>& records) const {
    std::string out;
    for (const Record& record : records) {
      for (const std::string& line : record.header) out += line + "\n";
      if (record.kind == Record::Kind::kLoad && record.has_block) {
        out += "----\n";
        for (const std::string& line : record.expected) out += line + "\n";
      }
      if (record.kind == Record::Kind::kQuery || record.kind == Record::Kind::kStatementError ||
          record.kind == Record::Kind::kStatementOk) {
        out += record.query + "\n";
        if (record.kind != Record::Kind::kStatementOk || !record.expected.empty()) {
          out += "----\n";
          for (const std::string& line : record.expected) out += line + "\n";
        }
      }
    }
    std::ofstream file(path_, std::ios::binary | std::ios::trunc);
    file << out;
  }

  fs::path path_;
  annals::engine::Store store_;
};

void RunRegisteredFile() {
  const std::string name = Catch::getResultCapture().getCurrentTestName();
  const auto found = Registry().find(name);
  REQUIRE(found != Registry().end());
  GoldenFile(found->second).Run();
}

// Catch2 keeps StringRefs to names and tags: they must outlive registration.
std::deque<std::string>& Names() {
  static std::deque<std::string> names;
  return names;
}

struct Registrar {
  Registrar() {
    const fs::path root = SourceDir() / "tests" / "golden";
    std::error_code error;
    if (!fs::is_directory(root, error)) return;
    std::vector<fs::path> files;
    for (const fs::directory_entry& group : fs::directory_iterator(root, error)) {
      if (!group.is_directory()) continue;
      for (const fs::directory_entry& entry :
           fs::recursive_directory_iterator(group.path(), error)) {
        if (entry.is_regular_file() && entry.path().extension() == ".test") {
          files.push_back(entry.path());
        }
      }
    }
    std::sort(files.begin(), files.end());
    for (const fs::path& file : files) {
      const fs::path relative = fs::relative(file, root);
      const std::string group = relative.begin()->string();
      std::string& name = Names().emplace_back("golden/" + relative.generic_string());
      std::string& tags = Names().emplace_back("[" + group + "]");
      Registry().emplace(name, file);
      Catch::AutoReg(Catch::makeTestInvoker(&RunRegisteredFile),
                     Catch::SourceLineInfo(__FILE__, static_cast<std::size_t>(__LINE__)),
                     Catch::StringRef(), Catch::NameAndTags{name, tags});
    }
  }
};

const Registrar registrar;

}  // namespace
