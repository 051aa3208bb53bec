/* The C API of Annals: opaque handles, UTF-8 strings and int status codes, so
 * that any language with a C FFI (Python ctypes, Rust, Go, ...) can embed the
 * engine. No C++ exception ever crosses this boundary.
 *
 * Conventions:
 *  - Every function that can fail returns an int status: ANNALS_OK (0) or one
 *    of the ANNALS_ERROR_* codes. The message of the last failure on a
 *    database, as seen by the calling thread, is annals_errmsg(db).
 *  - Strings going in are NUL-terminated UTF-8. Strings coming out are owned
 *    by the handle they come from and stay valid until that handle is freed.
 *  - Row, column and index arguments count from 0; out-of-range indexes give
 *    NULL (for strings) or 0, never undefined behaviour.
 *  - One annals_db may be queried from many threads at once; loading and
 *    adding facts wait for running queries (see annals::Database). A
 *    prepared query handle holds bindings, so it belongs to one thread at a
 *    time; each thread prepares its own.
 */
#ifndef ANNALS_ANNALS_H
#define ANNALS_ANNALS_H

#include <stddef.h>
#include <stdint.h>

/* Exported names (the library is built with hidden visibility). */
#if defined(_WIN32)
#if defined(ANNALS_STATIC_DEFINE)
#define ANNALS_C_API
#elif defined(ANNALS_BUILDING_LIBRARY)
#define ANNALS_C_API __declspec(dllexport)
#else
#define ANNALS_C_API __declspec(dllimport)
#endif
#else
#define ANNALS_C_API __attribute__((visibility("default")))
#endif

#ifdef __cplusplus
extern "C" {
#endif

/*! Status codes. ANNALS_OK is 0; the others mirror annals::ErrorCode. */
enum annals_status {
  ANNALS_OK = 0,
  ANNALS_ERROR_SYNTAX = 1,           /*!< query text or a date could not be read */
  ANNALS_ERROR_UNKNOWN_RELATION = 2, /*!< a query names a relation no fact uses */
  ANNALS_ERROR_UNKNOWN_ENTITY = 3,   /*!< a quoted name matches no entity or alias */
  ANNALS_ERROR_UNSAFE_VARIABLE = 4,  /*!< a variable no positive atom binds */
  ANNALS_ERROR_ARITY = 5,            /*!< an atom has the wrong number of columns */
  ANNALS_ERROR_NOT_STRATIFIABLE = 6, /*!< negation or aggregation through recursion */
  ANNALS_ERROR_LIMIT = 7,            /*!< the row limit or the time-out was reached */
  ANNALS_ERROR_DATA = 8,             /*!< data could not be loaded at all */
  ANNALS_ERROR_INVALID_ARGUMENT = 9, /*!< a value the call cannot accept (NULL, bad name) */
  ANNALS_ERROR_INTERNAL = 10,        /*!< a bug in Annals; please report it */
  ANNALS_ERROR_NOMEM = 11,           /*!< out of memory */
  ANNALS_ERROR_INTERRUPTED = 12      /*!< annals_interrupt stopped the query (since 0.3.23) */
};

/*! How sure an answer row is; the values match annals::Certainty. */
enum annals_certainty { ANNALS_NO = 0, ANNALS_POSSIBLE = 1, ANNALS_CERTAIN = 2 };

/*! The type of one answer cell; the values match annals::ValueKind. */
enum annals_value_kind {
  ANNALS_VALUE_NULL = 0,
  ANNALS_VALUE_ENTITY = 1,
  ANNALS_VALUE_STRING = 2,
  ANNALS_VALUE_NUMBER = 3,
  ANNALS_VALUE_DATE = 4,
  ANNALS_VALUE_PERIOD = 5
};

/*! A loaded temporal knowledge graph (wraps annals::Database). */
typedef struct annals_db annals_db;
/*! The answer to one query (wraps annals::QueryResult). Immutable. */
typedef struct annals_result annals_result;
/*! What one load did: counts and diagnostics (wraps annals::LoadReport). */
typedef struct annals_report annals_report;
/*! A prepared query with its parameter bindings (wraps annals::PreparedQuery).
 *  The bindings make it stateful: use one from one thread at a time; threads
 *  that run the same query each prepare their own (cheap), all on one db. */
typedef struct annals_prepared annals_prepared;

/*! The library version, e.g. "0.1.0". */
ANNALS_C_API const char* annals_libversion(void);
/*! A short stable name for a status code, e.g. "syntax error"; "ok" for 0. */
ANNALS_C_API const char* annals_status_name(int status);
/*! "certain", "possible" or "no". */
ANNALS_C_API const char* annals_certainty_name(int certainty);

/* ---- databases ---------------------------------------------------------- */

/*! Creates an empty database in *out. Returns ANNALS_OK, or ANNALS_ERROR_NOMEM
 *  / ANNALS_ERROR_INVALID_ARGUMENT (out is NULL); *out is NULL on failure. */
ANNALS_C_API int annals_open(annals_db** out);
/*! Frees the database. NULL is allowed. Results and reports obtained from it
 *  stay valid: they own their data. */
ANNALS_C_API void annals_close(annals_db* db);

/*! The rendered message of the last failed call on `db` made by this thread
 *  ("<query>:1:13: error: unknown entity ..." with the line and a caret),
 *  or "" when that call succeeded. Valid until this thread's next call on db. */
ANNALS_C_API const char* annals_errmsg(const annals_db* db);
/*! The status of the last call on `db` made by this thread. */
ANNALS_C_API int annals_errcode(const annals_db* db);
/*! Where the last error is, when it has a position (query text or data
 *  file): *line and *column (from 1; 0 when unknown). Either may be NULL. */
ANNALS_C_API void annals_errpos(const annals_db* db, uint32_t* line, uint32_t* column);

/*! Loads a file (.txt/.wiki article, .json, .tsv, .dl, or a .annals
 *  snapshot into an empty db) or a directory of them. Bad records do not fail the call: they become
 * diagnostics in the report. Returns ANNALS_ERROR_DATA only when the path cannot be read. When
 * `report` is not NULL, *report receives the load report (free it with annals_report_free); it is
 * NULL when the call fails. */
ANNALS_C_API int annals_load(annals_db* db, const char* path, annals_report** report);
/*! Loads text held in memory; `format` is "article", "json", "tsv" or "dl";
 *  `source_name` is what diagnostics and answer sources call it. */
ANNALS_C_API int annals_load_text(annals_db* db, const char* text, size_t length,
                                  const char* format, const char* source_name,
                                  annals_report** report);

/*! Adds or updates an entity; `kind` ("party", "person", ...) may be NULL. */
ANNALS_C_API int annals_add_entity(annals_db* db, const char* name, const char* kind);
/*! Adds one fact through the same validation as the file readers.
 *  `period` is a period expression ("1920..1922", "1921-06-15..present",
 *  "mid-1921") or NULL/"" for always. `attribute_names`/`attribute_values`
 *  hold `attribute_count` extra columns (e.g. "role" = "Chairman"); both may
 *  be NULL when the count is 0. */
ANNALS_C_API int annals_add_fact(annals_db* db, const char* relation, const char* subject,
                                 const char* object, const char* period,
                                 const char* const* attribute_names,
                                 const char* const* attribute_values, size_t attribute_count);
/*! Number of facts loaded. */
ANNALS_C_API size_t annals_fact_count(const annals_db* db);

/*! Writes the loaded data to `path` as a binary snapshot (name it
 *  FILE.annals), which annals_load opens without re-parsing. Written under a
 *  temporary name and renamed into place: a failure leaves no half file.
 *  Returns ANNALS_ERROR_DATA when the file cannot be written. */
ANNALS_C_API int annals_save_snapshot(const annals_db* db, const char* path);

/* ---- queries ------------------------------------------------------------- */

/*! Runs a query (a body such as `leads(P, "X") @ "mid-1921"`, or rules
 *  followed by one `?-` query). On success *result receives the answer (free
 *  it with annals_result_free); on failure it is NULL and annals_errmsg(db)
 *  tells why, with line and column. */
ANNALS_C_API int annals_query(const annals_db* db, const char* text, annals_result** result);
/*! As annals_query, with limits: at most `row_limit` rows (0: the default of
 *  one million), `timeout_ms` milliseconds (0: none), and with `explain` not 0
 *  each row records how it was derived (annals_result_explanation). */
ANNALS_C_API int annals_query_ex(const annals_db* db, const char* text, size_t row_limit,
                                 uint32_t timeout_ms, int explain, annals_result** result);
/*! Stops every query running on `db` when it is called (annals_query,
 *  annals_query_ex, annals_execute and annals_execute_batch on any thread):
 *  each fails soon after with ANNALS_ERROR_INTERRUPTED, and the db stays as
 *  it was. Queries that begin after the call are not affected. It takes no
 *  lock and sets no error state, so any thread may call it while queries
 *  run, and so may a signal handler (SIGINT): it is one lock-free atomic
 *  increment. NULL is allowed. Since 0.3.23. */
ANNALS_C_API void annals_interrupt(const annals_db* db);

/* ---- prepared queries ---------------------------------------------------- */

/*! Parses, checks and plans `text` once; its $parameters (`leads(P, $org) @
 *  $when`) get values with annals_bind_text before each annals_execute. On
 *  success *prepared receives the handle (free it with annals_prepared_free);
 *  on failure it is NULL and annals_errmsg(db) tells why. The db must outlive
 *  the handle; errors of calls on the handle are reported on the db too. */
ANNALS_C_API int annals_prepare(const annals_db* db, const char* text, annals_prepared** prepared);
/*! Frees a prepared query. NULL is allowed. */
ANNALS_C_API void annals_prepared_free(annals_prepared* prepared);
/*! Number of $parameters of the query. */
ANNALS_C_API size_t annals_prepared_parameter_count(const annals_prepared* prepared);
/*! Name of parameter `index` without '$' ("org"), or NULL when out of range. */
ANNALS_C_API const char* annals_prepared_parameter_name(const annals_prepared* prepared,
                                                        size_t index);
/*! Binds $name (the '$' is optional) to `value`: an entity name where the
 *  query expects an entity, a date expression ("mid-1921", "1921-06-15")
 *  where it expects a date or a time window. Binding a name again replaces
 *  the value. Returns ANNALS_ERROR_INVALID_ARGUMENT for a name that is not a
 *  parameter of the query. */
ANNALS_C_API int annals_bind_text(annals_prepared* prepared, const char* name, const char* value);
/*! Binds $name to a date given by its parts, for a program that holds dates
 *  as numbers: the day year-month-day, the whole month with day 0, the whole
 *  year with month and day 0 (astronomical years, -9999..9999). It means what
 *  binding its ISO text would ("1921-06-15", "1921-06", "1921"), without
 *  writing or reading that text. Returns ANNALS_ERROR_INVALID_ARGUMENT for
 *  a name that is not a parameter of the query, and for parts that name no
 *  date (1921-02-30, month 13, a day without its month), leaving the
 *  binding as it was. Since 0.3.18. */
ANNALS_C_API int annals_bind_date(annals_prepared* prepared, const char* name, int year, int month,
                                  int day);
/*! Removes every binding. */
ANNALS_C_API void annals_clear_bindings(annals_prepared* prepared);
/*! Lets each annals_execute leave up to `bytes` of its working memory to
 *  the next ones (by default 1 MiB): a large query run again and again keeps
 *  its join indexes and working tables instead of building them afresh. What
 *  is held beyond a lower limit is freed before the call returns; 0 keeps
 *  nothing, not even the last small answer (see annals_execute). See
 *  annals::PreparedQuery::KeepMemoryBetweenRuns. */
ANNALS_C_API int annals_prepared_keep_memory(annals_prepared* prepared, size_t bytes);
/*! The working memory the handle holds now for its next runs, in bytes. */
ANNALS_C_API size_t annals_prepared_memory_kept(const annals_prepared* prepared);
/*! Runs the prepared query with the current bindings. On success *result
 *  receives the answer (free it with annals_result_free). Fails with
 *  ANNALS_ERROR_INVALID_ARGUMENT when a parameter has no value or a value
 *  cannot stand where it is used, ANNALS_ERROR_UNKNOWN_ENTITY when a value
 *  names no entity, ANNALS_ERROR_SYNTAX when a date value cannot be read.
 *  The handle keeps the memory of a small answer (up to about 64 KiB) for
 *  the next run to write into; the result it handed out is a copy, which
 *  stays valid until freed. */
ANNALS_C_API int annals_execute(annals_prepared* prepared, annals_result** result);

/* ---- batches: one prepared query, many parameter sets --------------------- */

/*! Adds the current bindings to the handle's batch as one parameter set.
 *  The bindings stay bound, so the next set need only rebind what changes.
 *  Fails with ANNALS_ERROR_INVALID_ARGUMENT, adding nothing, when a
 *  parameter has no value. Values are read when the batch runs. */
ANNALS_C_API int annals_batch_add(annals_prepared* prepared);
/*! Number of parameter sets in the batch. */
ANNALS_C_API size_t annals_batch_size(const annals_prepared* prepared);
/*! Empties the batch; the bindings stay. */
ANNALS_C_API void annals_batch_clear(annals_prepared* prepared);
/*! Runs the query once for every set of the batch: set i's rows are those
 *  annals_execute would give with set i's bindings, in the same order, and
 *  the sets' rows follow one another in *result (annals_result_set_first,
 *  annals_result_set_row_count). Point lookups in a batch wait for memory
 *  side by side rather than in turn, which makes many of them several times
 *  faster than a loop of annals_execute. Errors are annals_execute's, and
 *  the message names the set ("parameter set 2: unknown entity ..."). The
 *  batch is empty afterwards, whether the call succeeded or failed. */
ANNALS_C_API int annals_execute_batch(annals_prepared* prepared, annals_result** result);

/* ---- results ------------------------------------------------------------- */

/*! Frees a result. NULL is allowed. */
ANNALS_C_API void annals_result_free(annals_result* result);
/*! Number of columns: the query's variables in order of first appearance. */
ANNALS_C_API size_t annals_result_column_count(const annals_result* result);
/*! Name of column `column` ("P"), or NULL when out of range. */
ANNALS_C_API const char* annals_result_column_name(const annals_result* result, size_t column);
/*! Number of rows. */
ANNALS_C_API size_t annals_result_row_count(const annals_result* result);
/*! 0 for every result of a query: a row limit fails the query with
 *  ANNALS_ERROR_LIMIT instead of cutting the answer short. */
ANNALS_C_API int annals_result_truncated(const annals_result* result);
/*! Number of parameter sets the rows answer: the batch's sets for a result
 *  of annals_execute_batch, 1 for any other result. */
ANNALS_C_API size_t annals_result_set_count(const annals_result* result);
/*! The row where set `set`'s rows begin; 0 when out of range. */
ANNALS_C_API size_t annals_result_set_first(const annals_result* result, size_t set);
/*! Number of rows of set `set`; 0 when out of range. */
ANNALS_C_API size_t annals_result_set_row_count(const annals_result* result, size_t set);

/*! A cell as a person reads it: entity names as they are, whole numbers
 *  without a decimal point, dates in their text form ("mid-1921"); "" for
 *  null; NULL when out of range. */
ANNALS_C_API const char* annals_result_cell(const annals_result* result, size_t row, size_t column);
/*! A cell with dates and periods in ISO 8601 / EDTF form ("1921-38"). */
ANNALS_C_API const char* annals_result_cell_iso(const annals_result* result, size_t row,
                                                size_t column);
/*! The cell's annals_value_kind (ANNALS_VALUE_NULL when out of range). */
ANNALS_C_API int annals_result_cell_kind(const annals_result* result, size_t row, size_t column);
/*! The cell's number for ANNALS_VALUE_NUMBER cells; 0 otherwise. */
ANNALS_C_API double annals_result_cell_number(const annals_result* result, size_t row,
                                              size_t column);

/*! The row's annals_certainty (ANNALS_NO when out of range). */
ANNALS_C_API int annals_result_certainty(const annals_result* result, size_t row);
/*! Start of the row's validity in ISO/EDTF form at its own precision
 *  ("1921-02-23", "1922", "1921~"); "" for an open start, "?" for an
 *  unknown one. */
ANNALS_C_API const char* annals_result_from(const annals_result* result, size_t row);
/*! End of the row's validity, like annals_result_from. */
ANNALS_C_API const char* annals_result_to(const annals_result* result, size_t row);
/*! Number of sources (file:line) behind the row. */
ANNALS_C_API size_t annals_result_source_count(const annals_result* result, size_t row);
/*! Source `index` of the row: "communist-party-of-bukhara.txt:28". */
ANNALS_C_API const char* annals_result_source(const annals_result* result, size_t row,
                                              size_t index);
/*! Number of derivation steps recorded for the row (0 unless explain). */
ANNALS_C_API size_t annals_result_explanation_count(const annals_result* result, size_t row);
/*! Derivation step `index` of the row. */
ANNALS_C_API const char* annals_result_explanation(const annals_result* result, size_t row,
                                                   size_t index);

/* ---- load reports -------------------------------------------------------- */

/*! Frees a report. NULL is allowed. */
ANNALS_C_API void annals_report_free(annals_report* report);
/*! "loaded 3 files: 41 entities, 57 facts; 0 errors, 1 warning". */
ANNALS_C_API const char* annals_report_summary(const annals_report* report);
/*! Files read, entities created and facts added by the load. */
ANNALS_C_API size_t annals_report_files(const annals_report* report);
ANNALS_C_API size_t annals_report_entities(const annals_report* report);
ANNALS_C_API size_t annals_report_facts(const annals_report* report);
/*! Diagnostics that rejected a record, and those that only warn. */
ANNALS_C_API size_t annals_report_errors(const annals_report* report);
ANNALS_C_API size_t annals_report_warnings(const annals_report* report);
/*! Number of diagnostics, and each as "file:line:column: error: message". */
ANNALS_C_API size_t annals_report_diagnostic_count(const annals_report* report);
ANNALS_C_API const char* annals_report_diagnostic(const annals_report* report, size_t index);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* ANNALS_ANNALS_H */
