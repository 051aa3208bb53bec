// The C API (include/annals/annals.h) over the C++ API. Every entry point
// catches everything: a C caller cannot unwind a C++ exception. Results and
// reports copy their strings once, so the `const char*` they hand out stay
// valid for the handle's lifetime without further allocation.
#include <annals/annals.h>
#include <annals/batch_result.hpp>
#include <annals/database.hpp>
#include <annals/error.hpp>
#include <annals/parameter_table.hpp>
#include <annals/prepared_query.hpp>
#include <annals/result.hpp>
#include <annals/time.hpp>
#include <annals/value.hpp>

#include "engine/time/iso_text.hpp"
#include "query/param_view.hpp"

#include <chrono>
#include <cstdint>
#include <exception>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/parameter_name.hpp"
#include "api/source_text.hpp"

#ifndef ANNALS_VERSION_STRING
#define ANNALS_VERSION_STRING "unknown"
#endif

struct annals_db {
  annals::Database db;
};

// An answer as the C API hands it out. Every string is rendered when the
// result is made, so that reading it takes no lock and allocates nothing, and
// any number of threads may read one result. The strings lie end to end in
// one block, each ending in NUL, and are found by offset: a result makes a
// few arrays however many rows, cells and sources it has, not a string each.
struct annals_result {
  struct Cell {
    std::size_t text = 0;  // offsets into `text`, as are RowData's from and to
    std::size_t iso = 0;
    double number = 0;
    int kind = ANNALS_VALUE_NULL;
  };
  struct RowData {
    std::size_t from = 0;
    std::size_t to = 0;
    std::size_t first_string = 0;  // into `strings`: the row's sources, then its steps
    std::size_t source_count = 0;
    std::size_t step_count = 0;
    int certainty = ANNALS_NO;
  };

  //! Adds `s` to the block; returns its offset.
  std::size_t Add(std::string_view s) {
    const std::size_t offset = text.size();
    text.append(s);
    text.push_back('\0');
    return offset;
  }
  //! Adds source `i` of `sources` as "file:line:column", written in place.
  std::size_t AddSource(const annals::Sources& sources, std::size_t i) {
    const std::size_t offset = text.size();
    annals::AppendSourceText(sources.file(i), sources.line(i), sources.column(i), &text);
    text.push_back('\0');
    return offset;
  }
  [[nodiscard]] const char* At(std::size_t offset) const { return text.c_str() + offset; }

  // Offset 0 is the empty string, which null cells share.
  std::string text = std::string(1, '\0');
  std::vector<std::size_t> strings;  // the column names, then each row's sources and steps
  std::size_t width = 0;             // columns
  std::vector<Cell> cells;           // row after row, `width` each
  std::vector<RowData> rows;
  // A batch's rows of parameter sets 0..i, for each set. A query's or an
  // execute's rows answer one set, and have none, so as not to allocate.
  bool batch = false;
  std::vector<std::size_t> set_ends;
  bool truncated = false;

  [[nodiscard]] std::size_t SetCount() const { return batch ? set_ends.size() : 1; }
  [[nodiscard]] std::size_t SetEnd(std::size_t set) const {
    return batch ? set_ends[set] : rows.size();
  }
};

struct annals_report {
  std::string summary;
  std::size_t files = 0;
  std::size_t entities = 0;
  std::size_t facts = 0;
  std::size_t errors = 0;
  std::size_t warnings = 0;
  std::vector<std::string> diagnostics;
};

struct annals_prepared {
  annals_prepared(const annals_db* owner, annals::PreparedQuery prepared)
      : db(owner), query(std::move(prepared)), batch(query.parameters()) {}

  const annals_db* db;
  annals::PreparedQuery query;
  annals::Parameters bindings;
  // The sets annals_batch_add took, one column per parameter in the query's
  // order, for annals_execute_batch.
  annals::ParameterTable batch;
  // annals_execute's last answer, when small, whose arrays the next run
  // writes into instead of allocating its own; annals_prepared_keep_memory(0)
  // turns that off with the rest.
  annals::QueryResult last_answer;
  bool keep_answer = true;
};

namespace {

// The last failure per thread, tagged with the database it happened on: one
// annals_db is shared by many querying threads, and each must read its own
// message, not one another thread is overwriting.
struct LastError {
  const annals_db* db = nullptr;
  int code = ANNALS_OK;
  std::string message;
  std::uint32_t line = 0;
  std::uint32_t column = 0;
};

thread_local LastError tl_last_error;

void SetOk(const annals_db* db) {
  tl_last_error.db = db;
  tl_last_error.code = ANNALS_OK;
  tl_last_error.message.clear();
  tl_last_error.line = 0;
  tl_last_error.column = 0;
}

int SetError(const annals_db* db, int code, const char* message,
             const annals::SourceLocation* location = nullptr) noexcept {
  tl_last_error.db = db;
  tl_last_error.code = code;
  tl_last_error.line = location != nullptr ? location->line : 0;
  tl_last_error.column = location != nullptr ? location->column : 0;
  try {
    tl_last_error.message = message;
  } catch (...) {
    tl_last_error.message.clear();  // no memory for the message; the code still tells
  }
  return code;
}

int StatusOf(annals::ErrorCode code) {
  using annals::ErrorCode;
  switch (code) {
    case ErrorCode::kSyntax:
      return ANNALS_ERROR_SYNTAX;
    case ErrorCode::kUnknownRelation:
      return ANNALS_ERROR_UNKNOWN_RELATION;
    case ErrorCode::kUnknownEntity:
      return ANNALS_ERROR_UNKNOWN_ENTITY;
    case ErrorCode::kUnsafeVariable:
      return ANNALS_ERROR_UNSAFE_VARIABLE;
    case ErrorCode::kArity:
      return ANNALS_ERROR_ARITY;
    case ErrorCode::kNotStratifiable:
      return ANNALS_ERROR_NOT_STRATIFIABLE;
    case ErrorCode::kLimit:
      return ANNALS_ERROR_LIMIT;
    case ErrorCode::kData:
      return ANNALS_ERROR_DATA;
    case ErrorCode::kInvalidArgument:
      return ANNALS_ERROR_INVALID_ARGUMENT;
    case ErrorCode::kInternal:
      return ANNALS_ERROR_INTERNAL;
    case ErrorCode::kInterrupted:
      return ANNALS_ERROR_INTERRUPTED;
  }
  return ANNALS_ERROR_INTERNAL;
}

// Runs `body`, turning every exception into a status and a message.
template <typename Body>
int Guard(const annals_db* db, Body&& body) noexcept {
  try {
    body();
    SetOk(db);
    return ANNALS_OK;
  } catch (const annals::Error& error) {
    return SetError(db, StatusOf(error.code()), error.rendered().c_str(), &error.location());
  } catch (const std::bad_alloc&) {
    return SetError(db, ANNALS_ERROR_NOMEM, "error: out of memory");
  } catch (const std::exception& error) {
    std::string message = "error: internal error (please report it): ";
    try {
      message += error.what();
    } catch (...) {
    }
    return SetError(db, ANNALS_ERROR_INTERNAL, message.c_str());
  } catch (...) {
    return SetError(db, ANNALS_ERROR_INTERNAL, "error: internal error (unknown exception)");
  }
}

int InvalidArgument(const annals_db* db, const char* message) {
  return SetError(db, ANNALS_ERROR_INVALID_ARGUMENT, message);
}

annals_report* MakeReport(const annals::LoadReport& report) {
  auto* out = new annals_report;
  try {
    out->summary = report.Summary();
    out->files = report.files;
    out->entities = report.entities;
    out->facts = report.facts;
    out->errors = report.errors();
    out->warnings = report.warnings();
    out->diagnostics.reserve(report.diagnostics.size());
    for (const annals::Diagnostic& diagnostic : report.diagnostics) {
      out->diagnostics.push_back(diagnostic.ToString());
    }
  } catch (...) {
    delete out;
    throw;
  }
  return out;
}

// The answer `result`, named by its own columns; by `no_rows_columns` when
// it has neither rows nor columns (a batch of no sets, whose query has them).
// Every row has a cell per column of its result, which the cells' indexing
// relies on, so the names never come from elsewhere when there are rows.
std::unique_ptr<annals_result> MakeResult(const annals::QueryResult& result,
                                          const std::vector<std::string>& no_rows_columns = {}) {
  auto out = std::make_unique<annals_result>();
  out->truncated = result.truncated();
  const std::vector<std::string>& columns =
      result.size() == 0 && result.columns().empty() ? no_rows_columns : result.columns();
  out->width = columns.size();
  for (const std::string& column : columns) out->strings.push_back(out->Add(column));
  if (result.size() == 0) return out;
  // A guess at the text a row renders to, to skip the first few doublings.
  constexpr std::size_t kBytesPerCell = 16;
  constexpr std::size_t kBytesPerRow = 48;
  out->text.reserve(result.size() * (out->width * kBytesPerCell + kBytesPerRow));
  out->cells.reserve(result.size() * out->width);
  out->rows.reserve(result.size());
  for (const annals::Row& row : result) {
    for (const annals::Value& value : row.values) {
      annals_result::Cell cell;
      cell.kind = static_cast<int>(value.kind());
      switch (value.kind()) {
        case annals::ValueKind::kNull:
          break;  // offset 0, ""
        case annals::ValueKind::kEntity:
        case annals::ValueKind::kString:
          cell.text = cell.iso = out->Add(value.text());
          break;
        case annals::ValueKind::kNumber:
          cell.number = value.number();
          cell.text = cell.iso = out->Add(value.ToText());
          break;
        case annals::ValueKind::kDate:
        case annals::ValueKind::kPeriod:
          cell.text = out->Add(value.ToText());
          cell.iso = out->Add(value.ToIso());
          break;
      }
      out->cells.push_back(cell);
    }
    annals_result::RowData data;
    data.certainty = static_cast<int>(row.certainty);
    data.from = out->Add(annals::engine::IsoOfDate(row.validity.WrittenStart()).view());
    data.to = out->Add(annals::engine::IsoOfDate(row.validity.WrittenEnd()).view());
    data.first_string = out->strings.size();
    data.source_count = row.sources.size();
    for (std::size_t i = 0; i < row.sources.size(); ++i) {
      out->strings.push_back(out->AddSource(row.sources, i));
    }
    data.step_count = row.explanation.size();
    for (const std::string& step : row.explanation) out->strings.push_back(out->Add(step));
    out->rows.push_back(data);
  }
  return out;
}

const annals_result::RowData* RowAt(const annals_result* result, std::size_t row) {
  if (result == nullptr || row >= result->rows.size()) return nullptr;
  return &result->rows[row];
}

const annals_result::Cell* CellAt(const annals_result* result, std::size_t row,
                                  std::size_t column) {
  if (RowAt(result, row) == nullptr || column >= result->width) return nullptr;
  return &result->cells[row * result->width + column];
}

// String `index` of the `count` that start at `first` in result->strings.
const char* StringOf(const annals_result* result, std::size_t first, std::size_t count,
                     std::size_t index) {
  return index < count ? result->At(result->strings[first + index]) : nullptr;
}

const char* StringAt(const std::vector<std::string>& strings, std::size_t index) {
  return index < strings.size() ? strings[index].c_str() : nullptr;
}

// `name` without its optional '$', when it names a parameter of the query.
// Refused at the bind call that made the mistake rather than at execute.
std::string_view ParameterOf(const annals_prepared& prepared, const char* name) {
  const std::string_view key = name[0] == '$' ? std::string_view(name + 1) : name;
  const std::vector<std::string>& names = prepared.query.parameters();
  for (const std::string& candidate : names) {
    if (candidate == key) return key;
  }
  throw annals::Error(annals::ErrorCode::kInvalidArgument, annals::UnknownParameter(key, names));
}

// The day, month or year that year-month-day names, with 0 for a month or a
// day left out.
annals::VagueDate DateOfParts(int year, int month, int day) {
  const auto refuse = [&](const std::string& why) {
    throw annals::Error(annals::ErrorCode::kInvalidArgument,
                        "annals_bind_date: " + std::to_string(year) + "-" + std::to_string(month) +
                            "-" + std::to_string(day) + ": " + why);
  };
  if (year < annals::kMinYear || year > annals::kMaxYear) {
    refuse("the year is outside " + std::to_string(annals::kMinYear) + ".." +
           std::to_string(annals::kMaxYear));
  }
  if (month == 0) {
    if (day != 0) refuse("a day needs its month (0 leaves out the month and the day)");
    return annals::VagueDate::InYear(year);
  }
  if (month < 1 || month > 12) refuse("there is no month " + std::to_string(month));
  if (day == 0) return annals::VagueDate::InMonth(year, month);
  if (!annals::IsValidCivil(year, month, day)) refuse("not a day of the calendar");
  return annals::VagueDate::OnDay(year, month, day);
}

}  // namespace

extern "C" {

const char* annals_libversion(void) { return ANNALS_VERSION_STRING; }

const char* annals_status_name(int status) {
  switch (status) {
    case ANNALS_OK:
      return "ok";
    case ANNALS_ERROR_NOMEM:
      return "out of memory";
    case ANNALS_ERROR_INTERRUPTED:  // after NOMEM: not at ErrorCode's value + 1
      return annals::ErrorCodeName(annals::ErrorCode::kInterrupted);
    default:
      break;
  }
  if (status >= ANNALS_ERROR_SYNTAX && status <= ANNALS_ERROR_INTERNAL) {
    return annals::ErrorCodeName(static_cast<annals::ErrorCode>(status - 1));
  }
  return "unknown status";
}

const char* annals_certainty_name(int certainty) {
  switch (certainty) {
    case ANNALS_CERTAIN:
      return "certain";
    case ANNALS_POSSIBLE:
      return "possible";
    case ANNALS_NO:
      return "no";
    default:
      return "unknown";
  }
}

int annals_open(annals_db** out) {
  if (out == nullptr) return InvalidArgument(nullptr, "error: annals_open: out is NULL");
  *out = nullptr;
  return Guard(nullptr, [&] { *out = new annals_db; });
}

void annals_close(annals_db* db) {
  if (tl_last_error.db == db) SetOk(nullptr);
  delete db;
}

const char* annals_errmsg(const annals_db* db) {
  return tl_last_error.db == db ? tl_last_error.message.c_str() : "";
}

int annals_errcode(const annals_db* db) {
  return tl_last_error.db == db ? tl_last_error.code : ANNALS_OK;
}

void annals_errpos(const annals_db* db, uint32_t* line, uint32_t* column) {
  const bool mine = tl_last_error.db == db;
  if (line != nullptr) *line = mine ? tl_last_error.line : 0;
  if (column != nullptr) *column = mine ? tl_last_error.column : 0;
}

int annals_load(annals_db* db, const char* path, annals_report** report) {
  if (report != nullptr) *report = nullptr;
  if (db == nullptr || path == nullptr) {
    return InvalidArgument(db, "error: annals_load: db and path must not be NULL");
  }
  return Guard(db, [&] {
    const annals::LoadReport loaded = db->db.Load(path);
    if (report != nullptr) *report = MakeReport(loaded);
  });
}

int annals_load_text(annals_db* db, const char* text, size_t length, const char* format,
                     const char* source_name, annals_report** report) {
  if (report != nullptr) *report = nullptr;
  if (db == nullptr || format == nullptr || (text == nullptr && length != 0)) {
    return InvalidArgument(db, "error: annals_load_text: db, format and text must not be NULL");
  }
  return Guard(db, [&] {
    const std::string_view view =
        text == nullptr ? std::string_view() : std::string_view(text, length);
    const annals::LoadReport loaded =
        db->db.LoadText(view, format, source_name != nullptr ? source_name : "<text>");
    if (report != nullptr) *report = MakeReport(loaded);
  });
}

int annals_add_entity(annals_db* db, const char* name, const char* kind) {
  if (db == nullptr || name == nullptr) {
    return InvalidArgument(db, "error: annals_add_entity: db and name must not be NULL");
  }
  return Guard(db, [&] {
    annals::EntityInfo entity;
    entity.name = name;
    if (kind != nullptr) entity.kind = kind;
    (void)db->db.AddEntity(entity);
  });
}

int annals_add_fact(annals_db* db, const char* relation, const char* subject, const char* object,
                    const char* period, const char* const* attribute_names,
                    const char* const* attribute_values, size_t attribute_count) {
  if (db == nullptr || relation == nullptr || subject == nullptr || object == nullptr) {
    return InvalidArgument(
        db, "error: annals_add_fact: db, relation, subject and object must not be NULL");
  }
  if (attribute_count > 0 && (attribute_names == nullptr || attribute_values == nullptr)) {
    return InvalidArgument(db, "error: annals_add_fact: attribute arrays must not be NULL");
  }
  for (size_t i = 0; i < attribute_count; ++i) {
    if (attribute_names[i] == nullptr || attribute_values[i] == nullptr) {
      return InvalidArgument(db, "error: annals_add_fact: an attribute name or value is NULL");
    }
  }
  return Guard(db, [&] {
    const annals::Period validity = period == nullptr || *period == '\0'
                                        ? annals::Period::Always()
                                        : annals::Period::Parse(period);
    std::vector<annals::FactAttribute> attributes;
    attributes.reserve(attribute_count);
    for (size_t i = 0; i < attribute_count; ++i) {
      attributes.emplace_back(attribute_names[i], attribute_values[i]);
    }
    db->db.AddFact(relation, subject, object, validity, attributes);
  });
}

size_t annals_fact_count(const annals_db* db) {
  if (db == nullptr) return 0;
  try {
    return db->db.FactCount();
  } catch (...) {
    return 0;
  }
}

int annals_save_snapshot(const annals_db* db, const char* path) {
  if (db == nullptr || path == nullptr) {
    return InvalidArgument(db, "error: annals_save_snapshot: db and path must not be NULL");
  }
  return Guard(db, [&] { db->db.SaveSnapshot(path); });
}

int annals_query(const annals_db* db, const char* text, annals_result** result) {
  return annals_query_ex(db, text, 0, 0, 0, result);
}

int annals_query_ex(const annals_db* db, const char* text, size_t row_limit, uint32_t timeout_ms,
                    int explain, annals_result** result) {
  if (result != nullptr) *result = nullptr;
  if (db == nullptr || text == nullptr || result == nullptr) {
    return InvalidArgument(db, "error: annals_query: db, text and result must not be NULL");
  }
  return Guard(db, [&] {
    annals::QueryOptions options;
    if (row_limit != 0) options.row_limit = row_limit;
    options.timeout = std::chrono::milliseconds(timeout_ms);
    options.explain = explain != 0;
    const annals::QueryResult answer = db->db.Query(text, options);
    *result = MakeResult(answer).release();
  });
}

void annals_interrupt(const annals_db* db) {
  // No Guard and no SetOk: a signal handler may call this in the middle of
  // the thread's own call, whose error state it must leave alone.
  if (db != nullptr) db->db.Interrupt();
}

int annals_prepare(const annals_db* db, const char* text, annals_prepared** prepared) {
  if (prepared != nullptr) *prepared = nullptr;
  if (db == nullptr || text == nullptr || prepared == nullptr) {
    return InvalidArgument(db, "error: annals_prepare: db, text and prepared must not be NULL");
  }
  return Guard(db, [&] { *prepared = new annals_prepared(db, db->db.Prepare(text)); });
}

void annals_prepared_free(annals_prepared* prepared) { delete prepared; }

size_t annals_prepared_parameter_count(const annals_prepared* prepared) {
  return prepared == nullptr ? 0 : prepared->query.parameters().size();
}

const char* annals_prepared_parameter_name(const annals_prepared* prepared, size_t index) {
  return prepared == nullptr ? nullptr : StringAt(prepared->query.parameters(), index);
}

int annals_bind_text(annals_prepared* prepared, const char* name, const char* value) {
  if (prepared == nullptr) {
    return InvalidArgument(nullptr, "error: annals_bind_text: prepared must not be NULL");
  }
  if (name == nullptr || value == nullptr) {
    return InvalidArgument(prepared->db,
                           "error: annals_bind_text: name and value must not be NULL");
  }
  return Guard(prepared->db, [&] {
    prepared->bindings.Set(ParameterOf(*prepared, name), std::string_view(value));
  });
}

int annals_bind_date(annals_prepared* prepared, const char* name, int year, int month, int day) {
  if (prepared == nullptr) {
    return InvalidArgument(nullptr, "error: annals_bind_date: prepared must not be NULL");
  }
  if (name == nullptr) {
    return InvalidArgument(prepared->db, "error: annals_bind_date: name must not be NULL");
  }
  return Guard(prepared->db, [&] {
    const std::string_view key = ParameterOf(*prepared, name);
    prepared->bindings.Set(key, DateOfParts(year, month, day));
  });
}

void annals_clear_bindings(annals_prepared* prepared) {
  if (prepared != nullptr) prepared->bindings = annals::Parameters();
}

int annals_prepared_keep_memory(annals_prepared* prepared, size_t bytes) {
  if (prepared == nullptr) {
    return InvalidArgument(nullptr,
                           "error: annals_prepared_keep_memory: prepared must not be NULL");
  }
  return Guard(prepared->db, [&] {
    prepared->query.KeepMemoryBetweenRuns(bytes);
    prepared->keep_answer = bytes != 0;
    if (!prepared->keep_answer) prepared->last_answer = annals::QueryResult();
  });
}

size_t annals_prepared_memory_kept(const annals_prepared* prepared) {
  if (prepared == nullptr) return 0;
  try {
    return prepared->query.MemoryKeptBetweenRuns();
  } catch (...) {  // a lock that could not be taken: nothing to report
    return 0;
  }
}

int annals_execute(annals_prepared* prepared, annals_result** result) {
  if (result != nullptr) *result = nullptr;
  if (prepared == nullptr) {
    return InvalidArgument(nullptr, "error: annals_execute: prepared must not be NULL");
  }
  if (result == nullptr) {
    return InvalidArgument(prepared->db, "error: annals_execute: result must not be NULL");
  }
  return Guard(prepared->db, [&] {
    annals::QueryResult& answer = prepared->last_answer;
    answer = prepared->query.Execute(prepared->bindings, annals::QueryOptions{}, std::move(answer));
    std::unique_ptr<annals_result> out = MakeResult(answer);
    // A large answer is not held until the next run, so that what a handle
    // keeps stays small. Its size is judged from what it rendered to: a
    // cell each, a row entry and a source each, at most (shared sources
    // count once per row that cites them).
    constexpr std::size_t kKeptBytesUpTo = std::size_t{64} << 10;
    constexpr std::size_t kRowOrSourceBytes = 48;
    const std::size_t answer_bytes = out->cells.size() * sizeof(annals::Value) +
                                     (out->rows.size() + out->strings.size()) * kRowOrSourceBytes;
    if (!prepared->keep_answer || answer_bytes > kKeptBytesUpTo) answer = annals::QueryResult();
    *result = out.release();
  });
}

int annals_batch_add(annals_prepared* prepared) {
  if (prepared == nullptr) {
    return InvalidArgument(nullptr, "error: annals_batch_add: prepared must not be NULL");
  }
  return Guard(prepared->db, [&] {
    // Checked here, at the call that left the value out, rather than when
    // the batch runs: the set then is not added, and the batch stays whole.
    const std::vector<std::string>& names = prepared->query.parameters();
    const annals::query::ParamView bound(prepared->bindings.values());
    std::vector<annals::Value> set;
    set.reserve(names.size());
    for (const std::string& name : names) {
      const annals::Value* value = bound.Find(name);
      if (value == nullptr) {
        throw annals::Error(annals::ErrorCode::kInvalidArgument,
                            "annals_batch_add: parameter $" + name +
                                " has no value; bind it with annals_bind_text first");
      }
      set.push_back(*value);
    }
    prepared->batch.AddSet(set);
  });
}

size_t annals_batch_size(const annals_prepared* prepared) {
  return prepared == nullptr ? 0 : prepared->batch.size();
}

void annals_batch_clear(annals_prepared* prepared) {
  if (prepared != nullptr) prepared->batch.Clear();
}

int annals_execute_batch(annals_prepared* prepared, annals_result** result) {
  if (result != nullptr) *result = nullptr;
  if (prepared == nullptr) {
    return InvalidArgument(nullptr, "error: annals_execute_batch: prepared must not be NULL");
  }
  if (result == nullptr) {
    return InvalidArgument(prepared->db, "error: annals_execute_batch: result must not be NULL");
  }
  const int status = Guard(prepared->db, [&] {
    const annals::BatchResult answers = prepared->query.ExecuteBatch(prepared->batch);
    std::unique_ptr<annals_result> out = MakeResult(answers.rows(), prepared->query.columns());
    out->batch = true;
    out->set_ends.resize(answers.size());
    for (std::size_t set = 0; set < answers.size(); ++set) {
      out->set_ends[set] = answers[set].first() + answers[set].size();
    }
    *result = out.release();
  });
  // Run or refused, the batch is spent: the next one starts empty.
  prepared->batch.Clear();
  return status;
}

void annals_result_free(annals_result* result) { delete result; }

size_t annals_result_set_count(const annals_result* result) {
  return result == nullptr ? 0 : result->SetCount();
}

size_t annals_result_set_first(const annals_result* result, size_t set) {
  if (result == nullptr || set >= result->SetCount()) return 0;
  return set == 0 ? 0 : result->SetEnd(set - 1);
}

size_t annals_result_set_row_count(const annals_result* result, size_t set) {
  if (result == nullptr || set >= result->SetCount()) return 0;
  return result->SetEnd(set) - annals_result_set_first(result, set);
}

size_t annals_result_column_count(const annals_result* result) {
  return result == nullptr ? 0 : result->width;
}

const char* annals_result_column_name(const annals_result* result, size_t column) {
  return result == nullptr ? nullptr : StringOf(result, 0, result->width, column);
}

size_t annals_result_row_count(const annals_result* result) {
  return result == nullptr ? 0 : result->rows.size();
}

int annals_result_truncated(const annals_result* result) {
  return result != nullptr && result->truncated ? 1 : 0;
}

const char* annals_result_cell(const annals_result* result, size_t row, size_t column) {
  const annals_result::Cell* cell = CellAt(result, row, column);
  return cell == nullptr ? nullptr : result->At(cell->text);
}

const char* annals_result_cell_iso(const annals_result* result, size_t row, size_t column) {
  const annals_result::Cell* cell = CellAt(result, row, column);
  return cell == nullptr ? nullptr : result->At(cell->iso);
}

int annals_result_cell_kind(const annals_result* result, size_t row, size_t column) {
  const annals_result::Cell* cell = CellAt(result, row, column);
  return cell == nullptr ? ANNALS_VALUE_NULL : cell->kind;
}

double annals_result_cell_number(const annals_result* result, size_t row, size_t column) {
  const annals_result::Cell* cell = CellAt(result, row, column);
  return cell == nullptr ? 0 : cell->number;
}

int annals_result_certainty(const annals_result* result, size_t row) {
  const annals_result::RowData* data = RowAt(result, row);
  return data == nullptr ? ANNALS_NO : data->certainty;
}

const char* annals_result_from(const annals_result* result, size_t row) {
  const annals_result::RowData* data = RowAt(result, row);
  return data == nullptr ? nullptr : result->At(data->from);
}

const char* annals_result_to(const annals_result* result, size_t row) {
  const annals_result::RowData* data = RowAt(result, row);
  return data == nullptr ? nullptr : result->At(data->to);
}

size_t annals_result_source_count(const annals_result* result, size_t row) {
  const annals_result::RowData* data = RowAt(result, row);
  return data == nullptr ? 0 : data->source_count;
}

const char* annals_result_source(const annals_result* result, size_t row, size_t index) {
  const annals_result::RowData* data = RowAt(result, row);
  return data == nullptr ? nullptr
                         : StringOf(result, data->first_string, data->source_count, index);
}

size_t annals_result_explanation_count(const annals_result* result, size_t row) {
  const annals_result::RowData* data = RowAt(result, row);
  return data == nullptr ? 0 : data->step_count;
}

const char* annals_result_explanation(const annals_result* result, size_t row, size_t index) {
  const annals_result::RowData* data = RowAt(result, row);
  return data == nullptr
             ? nullptr
             : StringOf(result, data->first_string + data->source_count, data->step_count, index);
}

void annals_report_free(annals_report* report) { delete report; }

const char* annals_report_summary(const annals_report* report) {
  return report == nullptr ? nullptr : report->summary.c_str();
}

size_t annals_report_files(const annals_report* report) {
  return report == nullptr ? 0 : report->files;
}

size_t annals_report_entities(const annals_report* report) {
  return report == nullptr ? 0 : report->entities;
}

size_t annals_report_facts(const annals_report* report) {
  return report == nullptr ? 0 : report->facts;
}

size_t annals_report_errors(const annals_report* report) {
  return report == nullptr ? 0 : report->errors;
}

size_t annals_report_warnings(const annals_report* report) {
  return report == nullptr ? 0 : report->warnings;
}

size_t annals_report_diagnostic_count(const annals_report* report) {
  return report == nullptr ? 0 : report->diagnostics.size();
}

const char* annals_report_diagnostic(const annals_report* report, size_t index) {
  return report == nullptr ? nullptr : StringAt(report->diagnostics, index);
}

}  // extern "C"
