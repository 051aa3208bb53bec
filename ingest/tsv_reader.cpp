// TSV quadruples. The happy path allocates nothing per line: cells are views
// into the read buffer, ISO dates are parsed by hand, and relation ids are
// cached by name. Only rejected rows pay for building a message.
#include "ingest/tsv_reader.hpp"

#include <annals/error.hpp>

#include "engine/store/name_match.hpp"
#include "ingest/fact_writer.hpp"
#include "ingest/text_util.hpp"
#include "ingest/utf8.hpp"

#include <array>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <system_error>
#include <thread>
#include <unordered_map>
#include <vector>

namespace annals::ingest {

namespace {

constexpr std::size_t kBufferSize = std::size_t{1} << 20;  // longest line accepted: 1 MiB
constexpr std::size_t kCells = 5;
constexpr std::size_t kChunksInFlight = 3;   // one parsing, one storing, one ready
constexpr std::size_t kRowsPerBatch = 4096;  // ReadTsvText: rows parsed before storing

bool AllChar(std::string_view text, char c) {
  for (char x : text) {
    if (x != c) return false;
  }
  return !text.empty();
}

bool AllDigits(std::string_view text) {
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return !text.empty();
}

int Number(std::string_view digits) {
  int value = 0;
  for (char c : digits) value = value * 10 + (c - '0');
  return value;
}

VagueDate YearRange(int first, int last, DateForm form) {
  VagueDate date;
  date.lo = DayFromCivil(first, 1, 1);
  date.hi = DayFromCivil(last, 12, 31);
  date.form = form;
  return date;
}

const char* const kMonthNames[] = {"January",   "February", "March",    "April",
                                   "May",       "June",     "July",     "August",
                                   "September", "October",  "November", "December"};

// The ISO forms with optional '#' digits. Returns false when `text` is not of
// that shape at all (the caller then tries VagueDate::TryParse); sets
// `*error` non-empty when it is of that shape but names no real date.
bool ParseHashIso(std::string_view text, VagueDate* out, std::string* error) {
  if (text.size() != 4 && text.size() != 7 && text.size() != 10) return false;
  const std::string_view year = text.substr(0, 4);
  std::string_view month;
  std::string_view day;
  if (text.size() >= 7) {
    if (text[4] != '-') return false;
    month = text.substr(5, 2);
  }
  if (text.size() == 10) {
    if (text[7] != '-') return false;
    day = text.substr(8, 2);
  }
  auto part_ok = [](std::string_view p) { return p.empty() || AllDigits(p) || AllChar(p, '#'); };
  if (!part_ok(month) || !part_ok(day)) return false;
  std::size_t year_digits = 0;
  while (year_digits < 4 && year[year_digits] >= '0' && year[year_digits] <= '9') ++year_digits;
  for (std::size_t i = year_digits; i < 4; ++i) {
    if (year[i] != '#') return false;
  }
  // Past the first unknown digit every part must be unknown too: June 15 of
  // some year of the 1920s, or the 15th of some month of 1921, is not one
  // range of days, and reading it as the decade or the year would drop what
  // the source said without a word. Each part is all digits or all '#' by
  // now, so its first character tells which.
  const auto unknown = [](std::string_view part) { return part.empty() || part[0] == '#'; };
  if (year_digits < 4 && !(unknown(month) && unknown(day))) {
    *error = "a known month or day in a year with unknown digits is not one range of days";
    return true;
  }
  if (unknown(month) && !unknown(day)) {
    *error = "a known day in an unknown month is not one range of days";
    return true;
  }
  if (year_digits < 4) {
    // Unknown year digits, so (as checked) an unknown month and day too.
    if (year_digits == 0) {
      *out = UnknownDate();
    } else if (year_digits == 3) {
      const int decade = Number(year.substr(0, 3)) * 10;
      *out = YearRange(decade, decade + 9, DateForm::kDecade);
    } else if (year_digits == 2) {
      const int century = Number(year.substr(0, 2)) * 100;
      *out = YearRange(century, century + 99, DateForm::kCentury);
    } else {
      const int millennium = Number(year.substr(0, 1)) * 1000;
      *out = YearRange(millennium, millennium + 999, DateForm::kSpan);
    }
    return true;
  }
  const int y = Number(year);
  if (unknown(month)) {
    *out = VagueDate::InYear(y);
    return true;
  }
  const int m = Number(month);
  // EDTF's seasons (1921-21) and parts of a year (1921-37), and the message
  // for a month that is none, are the time model's.
  if (m < 1 || m > 12) return false;
  if (unknown(day)) {
    *out = VagueDate::InMonth(y, m);
    return true;
  }
  const int d = Number(day);
  if (!IsValidCivil(y, m, d)) {
    *error = "impossible date " + std::string(text) + ": " + kMonthNames[m - 1] + " " +
             std::to_string(y) + " has " + std::to_string(DaysInMonth(y, m)) + " days";
    return true;
  }
  *out = VagueDate::OnDay(y, m, d);
  return true;
}

// Entity names in YAGO-style files come in angle brackets: <Barack_Obama>.
std::string_view StripBrackets(std::string_view text) {
  if (text.size() >= 2 && text.front() == '<' && text.back() == '>') {
    return text.substr(1, text.size() - 2);
  }
  return text;
}

struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view text) const noexcept {
    return std::hash<std::string_view>{}(text);
  }
};

// What one line asks of the store, once everything that does not need the
// store has been checked. Views into the line's buffer.
struct ParsedRow {
  std::uint32_t number = 0;
  std::string_view line;
  std::string_view subject;   // trimmed, brackets stripped
  std::string_view relation;  // trimmed
  std::string_view object;
  Period period;
  // HashSimpleName of each name, when true: a fifth of the store's side of
  // a load, so the parser computes it.
  std::uint64_t subject_hash = 0;
  std::uint64_t object_hash = 0;
  bool subject_simple = false;
  bool object_simple = false;
};

// A line rejected before it reached the store.
struct LineError {
  std::uint32_t number = 0;
  std::uint32_t column = 0;
  std::string message;
};

// Everything about a line that does not touch the store: UTF-8, cells,
// names, dates. It can run on a thread of its own (ReadTsvFile).
class TsvLineParser {
 public:
  void Parse(std::string_view line, std::uint32_t number, std::vector<ParsedRow>* rows,
             std::vector<LineError>* errors) {
    errors_ = errors;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    // A byte order mark opening the file is no part of its first cell.
    if (number == 1) line = WithoutByteOrderMark(line);
    if (line.empty()) return;
    if (const auto bad = FindInvalidUtf8(line)) {
      Error(number, CodePointCount(line.substr(0, *bad)) + 1,
            "line is not UTF-8 text (byte 0x" + Hex(line[*bad]) + "); row rejected");
      return;
    }
    std::array<std::string_view, kCells> cells;
    std::size_t count = 0;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= line.size(); ++i) {
      if (i == line.size() || line[i] == '\t') {
        if (count < kCells) cells[count] = line.substr(start, i - start);
        ++count;
        start = i + 1;
      }
    }
    if (number == 1 && count == kCells && IsHeader(cells)) return;
    if (count != kCells) {
      Error(number, count < kCells ? CodePointCount(line) + 1 : ColumnOfCell(line, 5),
            "expected 5 tab-separated cells (subject, relation, object, start, end), found " +
                std::to_string(count) + "; row rejected");
      return;
    }
    for (std::size_t i = 0; i < 3; ++i) {
      if (engine::IsBlankName(StripBrackets(Trim(cells[i])))) {
        static constexpr const char* kNames[] = {"subject", "relation", "object"};
        Error(number, ColumnOfCell(line, i),
              std::string("empty ") + kNames[i] + " cell; row rejected");
        return;
      }
    }
    VagueDate start_date;
    VagueDate end_date;
    if (!Date(cells[3], number, line, 3, &start_date) ||
        !Date(cells[4], number, line, 4, &end_date)) {
      return;
    }
    ParsedRow row;
    if (!Period::TryMake(start_date, end_date, &row.period, nullptr)) {
      Error(number, ColumnOfCell(line, 4),
            "end " + std::string(Trim(cells[4])) + " lies before start " +
                std::string(Trim(cells[3])) + "; row rejected");
      return;
    }
    row.number = number;
    row.line = line;
    row.subject = StripBrackets(Trim(cells[0]));
    row.relation = Trim(cells[1]);
    row.object = StripBrackets(Trim(cells[2]));
    row.subject_simple = engine::HashSimpleName(row.subject, &row.subject_hash);
    row.object_simple = engine::HashSimpleName(row.object, &row.object_hash);
    rows->push_back(row);
  }

  static std::uint32_t ColumnOfCell(std::string_view line, std::size_t cell) {
    std::size_t offset = 0;
    for (std::size_t i = 0; i < cell; ++i) {
      const std::size_t tab = line.find('\t', offset);
      if (tab == std::string_view::npos) return CodePointCount(line) + 1;
      offset = tab + 1;
    }
    return CodePointCount(line.substr(0, offset)) + 1;
  }

 private:
  void Error(std::uint32_t number, std::uint32_t column, std::string message) {
    errors_->push_back({number, column, std::move(message)});
  }

  static std::string Hex(char c) {
    static constexpr char kDigits[] = "0123456789ABCDEF";
    const auto u = static_cast<unsigned char>(c);
    return {kDigits[u >> 4], kDigits[u & 15]};
  }

  static bool IsHeader(const std::array<std::string_view, kCells>& cells) {
    return EqualsNoCase(Trim(cells[0]), "subject") && EqualsNoCase(Trim(cells[1]), "relation") &&
           EqualsNoCase(Trim(cells[2]), "object") &&
           (EqualsNoCase(Trim(cells[3]), "start") || EqualsNoCase(Trim(cells[3]), "from")) &&
           (EqualsNoCase(Trim(cells[4]), "end") || EqualsNoCase(Trim(cells[4]), "to"));
  }

  bool Date(std::string_view cell, std::uint32_t number, std::string_view line, std::size_t index,
            VagueDate* out) {
    error_.clear();
    if (ParseTsvDate(cell, out, &error_)) return true;
    Error(number, ColumnOfCell(line, index),
          std::string(index == 3 ? "start" : "end") + " date '" + std::string(Trim(cell)) +
              "': " + error_ + "; row rejected");
    return false;
  }

  std::vector<LineError>* errors_ = nullptr;
  std::string error_;
};

// The store's side of a line: its relation's name, its entities, its fact.
class TsvRowWriter {
 public:
  TsvRowWriter(engine::Store& store, std::string_view source_name, LoadReport& report)
      : writer_(store, source_name, report), store_(store) {}

  //! Rows and errors of consecutive lines, each list in line order; the
  //! diagnostics come out in line order too.
  void Write(const std::vector<ParsedRow>& rows, const std::vector<LineError>& errors) {
    std::size_t e = 0;
    for (const ParsedRow& row : rows) {
      for (; e < errors.size() && errors[e].number < row.number; ++e) Report(errors[e]);
      Write(row);
    }
    for (; e < errors.size(); ++e) Report(errors[e]);
  }

 private:
  void Report(const LineError& error) { writer_.Error(error.number, error.column, error.message); }

  void Write(const ParsedRow& row) {
    const std::optional<engine::RelationId> relation = RelationFor(row.relation);
    if (!relation) {
      writer_.Error(row.number, TsvLineParser::ColumnOfCell(row.line, 1),
                    "relation '" + std::string(row.relation) +
                        "' gives no snake_case name (expected letters, digits and '_', "
                        "starting with a letter); row rejected");
      return;
    }
    try {
      const engine::EntityId subject =
          row.subject_simple ? store_.InternSimpleEntity(row.subject, row.subject_hash)
                             : store_.InternEntity(row.subject);
      const engine::EntityId object = row.object_simple
                                          ? store_.InternSimpleEntity(row.object, row.object_hash)
                                          : store_.InternEntity(row.object);
      store_.AddFact(*relation, subject, object, row.period, writer_.At(row.number));
    } catch (const annals::Error& error) {
      // The store's own limits (2^31 entities, 4 GiB of names) are not checked
      // above: past them the row is rejected, the rest of the file still loads.
      writer_.Error(row.number, 1, error.message() + "; row rejected");
    }
  }

  std::optional<engine::RelationId> RelationFor(std::string_view text) {
    if (has_last_ && text == last_relation_text_) return last_relation_;
    auto it = relations_.find(text);
    if (it == relations_.end()) {
      // snake_case as it is; YAGO's <isAffiliatedTo> and Wikidata's P39 are
      // converted; anything holding other characters is refused.
      const std::string_view bare = StripBrackets(text);
      bool identifier = !bare.empty();
      for (char c : bare) {
        identifier = identifier && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                                    (c >= '0' && c <= '9') || c == '_');
      }
      const std::string name = identifier ? ToSnakeCase(bare) : std::string();
      std::optional<engine::RelationId> id;
      if (IsSnakeCase(name)) id = store_.InternRelation(name);
      it = relations_.emplace(std::string(text), id).first;
    }
    last_relation_text_.assign(text);
    last_relation_ = it->second;
    has_last_ = true;
    return it->second;
  }

  FactWriter writer_;
  engine::Store& store_;
  std::unordered_map<std::string, std::optional<engine::RelationId>, StringHash, std::equal_to<>>
      relations_;
  std::string last_relation_text_;
  std::optional<engine::RelationId> last_relation_;
  bool has_last_ = false;
};

// A piece of the file, whole lines only, parsed.
struct Chunk {
  std::unique_ptr<char[]> buffer = std::make_unique<char[]>(kBufferSize);
  std::vector<ParsedRow> rows;  // views into buffer
  std::vector<LineError> errors;
};

// Cuts a file into chunks of whole lines and parses each.
class TsvChunker {
 public:
  explicit TsvChunker(std::FILE* file) : file_(file) {}

  //! Fills and parses `chunk`; false once the file has ended.
  bool Next(Chunk* chunk) {
    chunk->rows.clear();
    chunk->errors.clear();
    char* const buffer = chunk->buffer.get();
    // The unfinished line at the end of the chunk before starts this one.
    std::memcpy(buffer, carry_.data(), carry_.size());
    std::size_t filled = carry_.size();
    const std::size_t got = std::fread(buffer + filled, 1, kBufferSize - filled, file_);
    filled += got;
    const bool at_end = got == 0;
    const std::string_view data(buffer, filled);
    std::size_t pos = 0;
    for (;;) {
      const std::size_t end = data.find('\n', pos);
      if (end == std::string_view::npos) break;
      ++number_;
      if (skipping_long_line_) {
        skipping_long_line_ = false;  // the tail of a line already reported
      } else {
        parser_.Parse(data.substr(pos, end - pos), number_, &chunk->rows, &chunk->errors);
      }
      pos = end + 1;
    }
    if (at_end) {
      if (pos < filled && !skipping_long_line_) {
        parser_.Parse(data.substr(pos), ++number_, &chunk->rows, &chunk->errors);
      }
      if (std::ferror(file_) != 0) {
        chunk->errors.push_back({number_ + 1, 0,
                                 std::string("cannot read the file past this point (") +
                                     std::strerror(errno) + "); the rest not loaded"});
      }
      carry_.clear();
      return false;
    }
    carry_.assign(data.substr(pos));
    if (carry_.size() == kBufferSize) {
      // A line longer than the buffer cannot be a quadruple; report it once.
      if (!skipping_long_line_) {
        chunk->errors.push_back(
            {number_ + 1, 1,
             "line longer than " + std::to_string(kBufferSize) + " bytes; row rejected"});
      }
      skipping_long_line_ = true;
      carry_.clear();
    }
    return true;
  }

 private:
  std::FILE* file_;
  TsvLineParser parser_;
  std::string carry_;
  std::uint32_t number_ = 0;
  bool skipping_long_line_ = false;
};

// Passes chunks from the parsing thread to the storing one and back, so a
// load uses both of a small machine's cores: parsing and hashing names are a
// third of a load, and the store's side (name interning) cannot be split.
class ChunkQueue {
 public:
  explicit ChunkQueue(std::size_t chunks) {
    for (std::size_t i = 0; i < chunks; ++i) empty_.push_back(std::make_unique<Chunk>());
  }

  //! Null once the storing side has cancelled.
  std::unique_ptr<Chunk> TakeEmpty() { return Take(empty_); }
  void PutParsed(std::unique_ptr<Chunk> chunk) { Put(parsed_, std::move(chunk)); }
  //! Null once the parser has finished and everything is taken.
  std::unique_ptr<Chunk> TakeParsed() { return Take(parsed_); }
  void PutEmpty(std::unique_ptr<Chunk> chunk) { Put(empty_, std::move(chunk)); }

  void Finish(std::exception_ptr error) {
    const std::lock_guard lock(mutex_);
    finished_ = true;
    error_ = std::move(error);
    changed_.notify_all();
  }
  void Cancel() {
    const std::lock_guard lock(mutex_);
    cancelled_ = true;
    changed_.notify_all();
  }
  void RethrowParserError() {
    const std::lock_guard lock(mutex_);
    if (error_) std::rethrow_exception(error_);
  }

 private:
  std::unique_ptr<Chunk> Take(std::deque<std::unique_ptr<Chunk>>& from) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return !from.empty() || cancelled_ || finished_; });
    if (cancelled_ || from.empty()) return nullptr;
    std::unique_ptr<Chunk> chunk = std::move(from.front());
    from.pop_front();
    return chunk;
  }
  void Put(std::deque<std::unique_ptr<Chunk>>& to, std::unique_ptr<Chunk> chunk) {
    const std::lock_guard lock(mutex_);
    to.push_back(std::move(chunk));
    changed_.notify_all();
  }

  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::unique_ptr<Chunk>> empty_;
  std::deque<std::unique_ptr<Chunk>> parsed_;
  bool finished_ = false;
  bool cancelled_ = false;
  std::exception_ptr error_;
};

}  // namespace

bool ParseTsvDate(std::string_view text, VagueDate* out, std::string* error) {
  text = Trim(text);
  if (text.empty()) {
    *out = OpenDate();
    return true;
  }
  std::string local;
  std::string* message = error != nullptr ? error : &local;
  message->clear();
  if (ParseHashIso(text, out, message)) return message->empty();
  return VagueDate::TryParse(text, out, error);
}

void ReadTsvText(engine::Store& store, std::string_view text, std::string_view source_name,
                 LoadReport& report) {
  TsvLineParser parser;
  TsvRowWriter writer(store, source_name, report);
  std::vector<ParsedRow> rows;
  std::vector<LineError> errors;
  std::uint32_t number = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    parser.Parse(text.substr(pos, end - pos), ++number, &rows, &errors);
    if (rows.size() >= kRowsPerBatch) {
      writer.Write(rows, errors);
      rows.clear();
      errors.clear();
    }
    pos = end + 1;
  }
  writer.Write(rows, errors);
}

void ReadTsvFile(engine::Store& store, std::FILE* file, std::string_view source_name,
                 LoadReport& report) {
  TsvRowWriter writer(store, source_name, report);
  TsvChunker chunker(file);
  ChunkQueue queue(kChunksInFlight);
  std::thread parsing;
  try {
    parsing = std::thread([&] {
      try {
        bool more = true;
        while (more) {
          std::unique_ptr<Chunk> chunk = queue.TakeEmpty();
          if (!chunk) return;  // the storing side gave up
          more = chunker.Next(chunk.get());
          queue.PutParsed(std::move(chunk));
        }
        queue.Finish(nullptr);
      } catch (...) {
        queue.Finish(std::current_exception());
      }
    });
  } catch (const std::system_error&) {
    // No thread to be had: parse and store by turns.
    Chunk chunk;
    bool more = true;
    while (more) {
      more = chunker.Next(&chunk);
      writer.Write(chunk.rows, chunk.errors);
    }
    return;
  }
  // However this ends (a store error, bad_alloc), the parser stops and is joined.
  struct Joiner {
    ChunkQueue& queue;
    std::thread& thread;
    ~Joiner() {
      queue.Cancel();
      thread.join();
    }
  } joiner{queue, parsing};
  while (std::unique_ptr<Chunk> chunk = queue.TakeParsed()) {
    writer.Write(chunk->rows, chunk->errors);
    queue.PutEmpty(std::move(chunk));
  }
  queue.RethrowParserError();
}

}  // namespace annals::ingest
