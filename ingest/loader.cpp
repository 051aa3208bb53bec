// The loader: extension dispatch, deterministic directory walks, file-level
// checks (empty, not UTF-8, unreadable), and per-load counts. Readers only
// ever see UTF-8 text, except the TSV reader, which streams and checks lines.
#include "ingest/loader.hpp"

#include "ingest/article_reader.hpp"
#include "ingest/dl_reader.hpp"
#include "ingest/fact_writer.hpp"
#include "ingest/json_reader.hpp"
#include "ingest/text_util.hpp"
#include "ingest/tsv_reader.hpp"
#include "ingest/utf8.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <system_error>

namespace annals::ingest {

namespace {

namespace fs = std::filesystem;

enum class Format { kArticle, kJson, kTsv, kDl, kSnapshot, kUnknown };

Format FormatOfName(std::string_view format) {
  if (format == "article" || format == "txt" || format == "wiki") return Format::kArticle;
  if (format == "json") return Format::kJson;
  if (format == "tsv") return Format::kTsv;
  if (format == "dl") return Format::kDl;
  return Format::kUnknown;
}

Format FormatOfPath(const fs::path& path) {
  const std::string ext = AsciiLower(path.extension().string());
  if (ext == ".txt" || ext == ".wiki") return Format::kArticle;
  if (ext == ".json") return Format::kJson;
  if (ext == ".tsv") return Format::kTsv;
  if (ext == ".dl") return Format::kDl;
  if (ext == ".annals") return Format::kSnapshot;
  return Format::kUnknown;
}

void FileDiagnostic(LoadReport& report, Severity severity, std::string file, std::uint32_t line,
                    std::uint32_t column, std::string message) {
  report.diagnostics.push_back(
      {severity, SourceLocation{std::move(file), line, column}, std::move(message)});
}

const char* ExpectedContent(Format format) {
  switch (format) {
    case Format::kArticle:
      return "an article starting with '= Title ='";
    case Format::kJson:
      return "a JSON object with \"entities\" and/or \"facts\"";
    case Format::kTsv:
      return "lines of subject, relation, object, start, end";
    case Format::kDl:
      return "Datalog facts";
    default:
      return "data";
  }
}

// Readers reject what the store refuses (its size limits) record by record.
// Whatever still escapes one ends that file with an error naming it, and
// leaves what it loaded before and the other files alone.
template <typename Read>
void Guarded(LoadReport& report, std::string_view source_name, Read&& read) {
  try {
    read();
  } catch (const Error& error) {
    FileDiagnostic(report, Severity::kError, std::string(source_name), 0, 0,
                   error.message() + "; the rest of the file not loaded");
  }
}

void ReadFormat(engine::Store& store, std::string_view text, Format format,
                std::string_view source_name, const LoadOptions& options, LoadReport& report) {
  switch (format) {
    case Format::kArticle:
      ReadArticle(store, text, source_name, options, report);
      return;
    case Format::kJson:
      ReadJson(store, text, source_name, report);
      return;
    case Format::kTsv:
      ReadTsvText(store, text, source_name, report);
      return;
    case Format::kDl: {
      // Counts come from the loader's own before/after, so only take the
      // reader's diagnostics.
      const LoadReport dl = ReadDatalogFacts(store, text, source_name);
      report.diagnostics.insert(report.diagnostics.end(), dl.diagnostics.begin(),
                                dl.diagnostics.end());
      return;
    }
    case Format::kSnapshot:
    case Format::kUnknown:
      return;
  }
}

// Runs the reader for an in-memory text that is known to be UTF-8.
void ReadText(engine::Store& store, std::string_view text, Format format,
              std::string_view source_name, const LoadOptions& options, LoadReport& report) {
  Guarded(report, source_name,
          [&] { ReadFormat(store, text, format, source_name, options, report); });
}

// Checks text that a reader is about to get whole: empty, or not UTF-8.
bool CheckText(std::string_view text, Format format, std::string_view source_name,
               LoadReport& report) {
  if (Trim(text).empty()) {
    FileDiagnostic(report, Severity::kError, std::string(source_name), 0, 0,
                   std::string(text.empty() ? "empty file" : "file holds only blank space") +
                       ": expected " + ExpectedContent(format) + "; nothing loaded");
    return false;
  }
  if (const auto bad = FindInvalidUtf8(text)) {
    const LineColumn at = LineIndex(text).Locate(*bad);
    char hex[8];
    std::snprintf(hex, sizeof hex, "%02X",
                  static_cast<unsigned>(static_cast<unsigned char>(text[*bad])));
    FileDiagnostic(report, Severity::kError, std::string(source_name), at.line, at.column,
                   std::string("file is not UTF-8 text: byte 0x") + hex +
                       " does not start a valid UTF-8 sequence; file rejected");
    return false;
  }
  return true;
}

// Counts what one reader run added, so each report says what its load did.
class CountScope {
 public:
  CountScope(const engine::Store& store, LoadReport& report)
      : store_(store),
        report_(report),
        entities_(store.CanonicalEntityCount()),
        facts_(store.FactCount()) {}
  ~CountScope() {
    // Entities as the store lists them, after same_as; a file that only
    // merges entities read before adds none (the count cannot go below).
    const std::size_t entities = store_.CanonicalEntityCount();
    report_.entities += entities > entities_ ? entities - entities_ : 0;
    report_.facts += store_.FactCount() - facts_;
  }
  CountScope(const CountScope&) = delete;
  CountScope& operator=(const CountScope&) = delete;

 private:
  const engine::Store& store_;
  LoadReport& report_;
  std::size_t entities_;
  std::size_t facts_;
};

bool ReadWholeFile(const fs::path& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return false;
  *out = std::move(buffer).str();
  return true;
}

void LoadFile(engine::Store& store, const fs::path& path, const std::string& source_name,
              Format format, const LoadOptions& options, LoadReport& report) {
  if (format == Format::kSnapshot) {
    FileDiagnostic(report, Severity::kError, source_name, 0, 0,
                   ".annals snapshots are not opened by the text loader; file not loaded");
    return;
  }
  ++report.files;
  CountScope count(store, report);
  if (format == Format::kTsv) {
    // Streams: a TSV file may be far larger than memory should hold.
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"),
                                                         &std::fclose);
    if (!file) {
      FileDiagnostic(report, Severity::kError, source_name, 0, 0,
                     std::string("cannot open file: ") + std::strerror(errno));
      return;
    }
    const int first = std::fgetc(file.get());
    if (first == EOF) {
      FileDiagnostic(
          report, Severity::kError, source_name, 0, 0,
          std::string("empty file: expected ") + ExpectedContent(format) + "; nothing loaded");
      return;
    }
    std::ungetc(first, file.get());
    Guarded(report, source_name, [&] { ReadTsvFile(store, file.get(), source_name, report); });
    return;
  }
  std::string text;
  if (!ReadWholeFile(path, &text)) {
    FileDiagnostic(report, Severity::kError, source_name, 0, 0, "cannot read file");
    return;
  }
  const std::string_view body = WithoutByteOrderMark(text);
  if (!CheckText(body, format, source_name, report)) return;
  ReadText(store, body, format, source_name, options, report);
}

// Source names use '/' on every platform, so reports and goldens agree.
std::string SourceName(const fs::path& path, const fs::path& root) {
  return path.lexically_relative(root).generic_string();
}

// What a walk has met, by canonical path: a directory or file reached twice
// through links (a link back up the tree, or two links to one place) is read
// once, and the second way is reported, so that nothing loads twice unseen.
struct WalkSeen {
  std::map<fs::path, fs::path> places;  // canonical path -> the path first met by
};

// True when `entry` leads to a place the walk has already met, which is then
// reported; false for a new place, now recorded.
bool SeenBefore(const fs::path& entry, WalkSeen& seen, LoadReport& report, const fs::path& root) {
  std::error_code ec;
  const fs::path place = fs::canonical(entry, ec);
  if (ec) return false;  // the caller's own checks report what cannot be read
  const auto [it, added] = seen.places.emplace(place, entry);
  if (added) return false;
  FileDiagnostic(
      report, Severity::kWarning, SourceName(entry, root), 0, 0,
      "skipped: links to '" + SourceName(it->second, root) + "', which this load reads already");
  return true;
}

void WalkDirectory(const fs::path& dir, std::vector<fs::path>* files, std::vector<fs::path>* others,
                   LoadReport& report, const fs::path& root, WalkSeen& seen) {
  std::vector<fs::path> entries;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    entries.push_back(it->path());
  }
  if (ec) {
    FileDiagnostic(report, Severity::kError, SourceName(dir, root), 0, 0,
                   "cannot list directory: " + ec.message());
    return;
  }
  std::sort(entries.begin(), entries.end());
  for (const fs::path& entry : entries) {
    const std::string name = entry.filename().string();
    if (!name.empty() && name[0] == '.') continue;  // .git, editor files: not data
    std::error_code type_ec;
    const bool is_directory = fs::is_directory(entry, type_ec);
    if (type_ec) {
      FileDiagnostic(report, Severity::kError, SourceName(entry, root), 0, 0,
                     "cannot read: " + type_ec.message());
    } else if (is_directory) {
      if (!SeenBefore(entry, seen, report, root)) {
        WalkDirectory(entry, files, others, report, root, seen);
      }
    } else if (FormatOfPath(entry) == Format::kUnknown) {
      others->push_back(entry);
    } else if (!SeenBefore(entry, seen, report, root)) {
      files->push_back(entry);
    }
  }
}

}  // namespace

LoadReport LoadPath(engine::Store& store, const std::string& path, const LoadOptions& options) {
  LoadReport report;
  const fs::path root(path);
  std::error_code ec;
  const fs::file_status status = fs::status(root, ec);
  if (ec || !fs::exists(status)) {
    throw Error(ErrorCode::kData, "cannot open '" + path + "': no such file or directory");
  }
  if (fs::is_directory(status)) {
    std::vector<fs::path> files;
    std::vector<fs::path> others;
    WalkSeen seen;
    SeenBefore(root, seen, report, root);
    WalkDirectory(root, &files, &others, report, root, seen);
    for (const fs::path& other : others) {
      FileDiagnostic(report, Severity::kWarning, SourceName(other, root), 0, 0,
                     "skipped: unknown extension (known: .txt, .wiki, .json, .tsv, .dl)");
    }
    // As an empty file is: data asked for and none found is a mistake to show.
    if (files.empty()) {
      FileDiagnostic(report, Severity::kError, path, 0, 0,
                     "directory holds no data file (.txt, .wiki, .json, .tsv, .dl); nothing "
                     "loaded");
    }
    for (const fs::path& file : files) {
      LoadFile(store, file, SourceName(file, root), FormatOfPath(file), options, report);
    }
    return report;
  }
  {
    std::ifstream probe(root, std::ios::binary);
    if (!probe) throw Error(ErrorCode::kData, "cannot open '" + path + "' for reading");
  }
  const Format format = FormatOfPath(root);
  const std::string source_name = root.filename().string();
  if (format == Format::kUnknown) {
    FileDiagnostic(report, Severity::kError, source_name, 0, 0,
                   "unknown extension '" + root.extension().string() +
                       "' (known: .txt, .wiki, .json, .tsv, .dl, and .annals for a snapshot); "
                       "file not loaded");
    return report;
  }
  LoadFile(store, root, source_name, format, options, report);
  return report;
}

LoadReport LoadText(engine::Store& store, std::string_view text, std::string_view format,
                    std::string_view source_name, const LoadOptions& options) {
  LoadReport report;
  const Format parsed = FormatOfName(format);
  if (parsed == Format::kUnknown) {
    throw Error(ErrorCode::kInvalidArgument,
                "unknown format '" + std::string(format) +
                    "' (expected \"article\", \"json\", \"tsv\" or \"dl\")");
  }
  ++report.files;
  CountScope count(store, report);
  text = WithoutByteOrderMark(text);
  if (!CheckText(text, parsed, source_name, report)) return report;
  ReadText(store, text, parsed, source_name, options, report);
  return report;
}

}  // namespace annals::ingest
