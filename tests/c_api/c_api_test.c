/* The C API driven from C (compiled as C11): loads the bundled dataset, asks
 * who led the Communist Party of Bukhara in mid-1921, and checks answers,
 * errors, programmatic facts, limits, argument checking and per-thread error
 * messages, prepared queries with bound parameters, a snapshot written
 * and opened again, and a running query interrupted from another thread. Usage: annals_c_api_test
 * DATASET_DIR [SCRATCH_DIR] (where the snapshot is written; default: the working directory) */
/* nanosleep, which strict C11 leaves out. */
#define _POSIX_C_SOURCE 200809L

#include <annals/annals.h>

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static int failures = 0;

#define CHECK(condition)                                                            \
  do {                                                                              \
    if (!(condition)) {                                                             \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #condition); \
      ++failures;                                                                   \
    }                                                                               \
  } while (0)

#define CHECK_STR(actual, expected)                                                               \
  do {                                                                                            \
    const char* actual_ = (actual);                                                               \
    if (actual_ == NULL || strcmp(actual_, (expected)) != 0) {                                    \
      fprintf(stderr, "%s:%d: CHECK failed: %s is \"%s\", expected \"%s\"\n", __FILE__, __LINE__, \
              #actual, actual_ ? actual_ : "(null)", (expected));                                 \
      ++failures;                                                                                 \
    }                                                                                             \
  } while (0)

static const char* const kMid1921 = "?- leads(P, \"Communist Party of Bukhara\") @ \"mid-1921\".";

/* Index of the row whose column 0 is `name`, or -1. */
static long FindRow(const annals_result* result, const char* name) {
  size_t row;
  for (row = 0; row < annals_result_row_count(result); ++row) {
    const char* cell = annals_result_cell(result, row, 0);
    if (cell != NULL && strcmp(cell, name) == 0) return (long)row;
  }
  return -1;
}

static int HasSourceIn(const annals_result* result, size_t row, const char* file) {
  size_t i;
  for (i = 0; i < annals_result_source_count(result, row); ++i) {
    const char* source = annals_result_source(result, row, i);
    if (source != NULL && strncmp(source, file, strlen(file)) == 0) return 1;
  }
  return 0;
}

static void CheckLeader(const annals_result* result, const char* name, const char* from,
                        const char* to) {
  const long row = FindRow(result, name);
  CHECK(row >= 0);
  if (row < 0) {
    fprintf(stderr, "  missing row for %s\n", name);
    return;
  }
  CHECK(annals_result_certainty(result, (size_t)row) == ANNALS_CERTAIN);
  CHECK_STR(annals_certainty_name(annals_result_certainty(result, (size_t)row)), "certain");
  CHECK_STR(annals_result_from(result, (size_t)row), from);
  CHECK_STR(annals_result_to(result, (size_t)row), to);
  CHECK(annals_result_cell_kind(result, (size_t)row, 0) == ANNALS_VALUE_ENTITY);
  CHECK(HasSourceIn(result, (size_t)row, "communist-party-of-bukhara.txt:"));
}

static void TestMid1921(annals_db* db) {
  annals_result* result = NULL;
  const int status = annals_query(db, kMid1921, &result);
  CHECK(status == ANNALS_OK);
  if (status != ANNALS_OK) {
    fprintf(stderr, "  %s\n", annals_errmsg(db));
    return;
  }
  CHECK_STR(annals_errmsg(db), "");
  CHECK(annals_result_column_count(result) == 1);
  CHECK_STR(annals_result_column_name(result, 0), "P");
  CHECK(annals_result_row_count(result) == 2);
  CHECK(!annals_result_truncated(result));
  CheckLeader(result, "Saidulla Tursunkhodzhayev", "1921-02-23", "1921-07-03");
  CheckLeader(result, "Abdurashid Mukamilov", "1921-07-05", "1922-01-10");
  /* Out-of-range access is answered, not undefined. */
  CHECK(annals_result_column_name(result, 1) == NULL);
  CHECK(annals_result_cell(result, 2, 0) == NULL);
  CHECK(annals_result_cell(result, 0, 1) == NULL);
  CHECK(annals_result_from(result, 99) == NULL);
  CHECK(annals_result_source(result, 0, 99) == NULL);
  CHECK(annals_result_certainty(result, 99) == ANNALS_NO);
  annals_result_free(result);
}

/* Cells of every kind a query can bind, each read as text and in ISO form,
 * and a row's sources and derivation steps, which a result holds apart. */
static void TestCellKinds(annals_db* db) {
  static const char* const kQuery =
      "n(O, count(P)) :- leads(P, O) @ _.\n"
      "first(O, min(T)) :- leads(_, O) @ T.\n"
      "?- n(\"Communist Party of Bukhara\", N), first(\"Communist Party of Bukhara\", T), "
      "start(T, D).";
  annals_result* result = NULL;
  size_t step;
  const int status = annals_query_ex(db, kQuery, 0, 0, 1, &result);
  CHECK(status == ANNALS_OK);
  if (status != ANNALS_OK) {
    fprintf(stderr, "  %s\n", annals_errmsg(db));
    return;
  }
  CHECK(annals_result_column_count(result) == 3);
  CHECK_STR(annals_result_column_name(result, 0), "N");
  CHECK_STR(annals_result_column_name(result, 2), "D");
  CHECK(annals_result_row_count(result) == 1);
  CHECK(annals_result_set_count(result) == 1);
  CHECK(annals_result_set_first(result, 0) == 0);
  CHECK(annals_result_set_row_count(result, 0) == 1);
  CHECK(annals_result_set_row_count(result, 1) == 0);
  CHECK(annals_result_cell_kind(result, 0, 0) == ANNALS_VALUE_NUMBER);
  CHECK(annals_result_cell_number(result, 0, 0) == 7);
  CHECK_STR(annals_result_cell(result, 0, 0), "7");
  CHECK_STR(annals_result_cell_iso(result, 0, 0), "7");
  CHECK(annals_result_cell_kind(result, 0, 1) == ANNALS_VALUE_PERIOD);
  CHECK(annals_result_cell_number(result, 0, 1) == 0);
  CHECK_STR(annals_result_cell(result, 0, 1), "1919-06-27 \xE2\x80\x93 1920-10-06");
  CHECK_STR(annals_result_cell_iso(result, 0, 1), "1919-06-27..1920-10-06");
  CHECK(annals_result_cell_kind(result, 0, 2) == ANNALS_VALUE_DATE);
  CHECK_STR(annals_result_cell_iso(result, 0, 2), "1919-06-27");
  CHECK_STR(annals_result_from(result, 0), "");
  CHECK_STR(annals_result_to(result, 0), "");
  /* Seven leaders counted, each fact a line of the article. */
  CHECK(annals_result_source_count(result, 0) == 7);
  CHECK_STR(annals_result_source(result, 0, 0), "communist-party-of-bukhara.txt:26");
  CHECK_STR(annals_result_source(result, 0, 6), "communist-party-of-bukhara.txt:33");
  CHECK(annals_result_source(result, 0, 7) == NULL);
  /* The steps follow the sources in the result, but are counted apart. */
  CHECK(annals_result_explanation_count(result, 0) > 2);
  for (step = 0; step < annals_result_explanation_count(result, 0); ++step) {
    CHECK(annals_result_explanation(result, 0, step) != NULL);
  }
  CHECK(strstr(annals_result_explanation(result, 0, 0), "by rule") != NULL);
  CHECK(strstr(annals_result_explanation(result, 0, 1), "[communist-party-of-bukhara.txt:26]") !=
        NULL);
  CHECK(annals_result_explanation(result, 0, annals_result_explanation_count(result, 0)) == NULL);
  CHECK(annals_result_explanation(result, 1, 0) == NULL);
  annals_result_free(result);
}

static void TestErrors(annals_db* db) {
  static char sentinel;
  annals_result* result = (annals_result*)(void*)&sentinel; /* must be reset to NULL */
  uint32_t line = 0;
  uint32_t column = 0;
  int status = annals_query(db, "?- leads(P, \"Bukhara\").", &result);
  CHECK(status == ANNALS_ERROR_UNKNOWN_ENTITY);
  CHECK(result == NULL);
  CHECK(annals_errcode(db) == ANNALS_ERROR_UNKNOWN_ENTITY);
  CHECK(strstr(annals_errmsg(db), "unknown entity") != NULL);
  CHECK(strstr(annals_errmsg(db), "Communist Party of Bukhara") != NULL);
  annals_errpos(db, &line, &column);
  CHECK(line == 1);
  CHECK(column > 0);
  CHECK_STR(annals_status_name(status), "unknown entity");

  status = annals_query(db, "?- leads(P, ", &result);
  CHECK(status == ANNALS_ERROR_SYNTAX);
  CHECK(strlen(annals_errmsg(db)) > 0);

  /* The row limit is an error, not a silent cut. */
  status = annals_query_ex(db, kMid1921, 1, 0, 0, &result);
  CHECK(status == ANNALS_ERROR_LIMIT);
  CHECK(result == NULL);

  /* A success clears the message. */
  status = annals_query(db, kMid1921, &result);
  CHECK(status == ANNALS_OK);
  CHECK_STR(annals_errmsg(db), "");
  annals_result_free(result);

  /* NULL arguments are refused with a status, never a crash. */
  CHECK(annals_query(NULL, kMid1921, &result) == ANNALS_ERROR_INVALID_ARGUMENT);
  CHECK(annals_query(db, NULL, &result) == ANNALS_ERROR_INVALID_ARGUMENT);
  CHECK(annals_query(db, kMid1921, NULL) == ANNALS_ERROR_INVALID_ARGUMENT);
  CHECK(annals_load(db, NULL, NULL) == ANNALS_ERROR_INVALID_ARGUMENT);
  CHECK(annals_add_fact(db, "leads", NULL, "x", NULL, NULL, NULL, 0) ==
        ANNALS_ERROR_INVALID_ARGUMENT);
  CHECK(annals_open(NULL) == ANNALS_ERROR_INVALID_ARGUMENT);
  CHECK(annals_result_row_count(NULL) == 0);
  CHECK(annals_result_cell(NULL, 0, 0) == NULL);
  annals_result_free(NULL);
  annals_report_free(NULL);
  annals_close(NULL);

  CHECK(annals_load(db, "/nonexistent/annals/data.dl", NULL) == ANNALS_ERROR_DATA);
  CHECK(strlen(annals_errmsg(db)) > 0);
}

static const char* const kInlineFacts = "leads(\"Text Person\", \"Text Party\") @ 1930.\n";

static void TestAddFacts(annals_db* db) {
  const char* names[] = {"role"};
  const char* values[] = {"Acting chairman"};
  const size_t before = annals_fact_count(db);
  annals_result* result = NULL;
  annals_report* report = NULL;
  int status;

  CHECK(annals_add_entity(db, "Test Person", "person") == ANNALS_OK);
  status = annals_add_fact(db, "leads", "Test Person", "Communist Party of Bukhara",
                           "1921-06-01..1921-06-30", names, values, 1);
  CHECK(status == ANNALS_OK);
  if (status != ANNALS_OK) fprintf(stderr, "  %s\n", annals_errmsg(db));
  CHECK(annals_fact_count(db) == before + 1);

  CHECK(annals_add_fact(db, "Not Snake Case", "A", "B", NULL, NULL, NULL, 0) ==
        ANNALS_ERROR_INVALID_ARGUMENT);
  CHECK(annals_add_fact(db, "leads", "A", "B", "no such date", NULL, NULL, 0) ==
        ANNALS_ERROR_SYNTAX);

  status = annals_query(db, kMid1921, &result);
  CHECK(status == ANNALS_OK);
  if (status == ANNALS_OK) {
    const long row = FindRow(result, "Test Person");
    CHECK(annals_result_row_count(result) == 3);
    CHECK(row >= 0);
    if (row >= 0) {
      CHECK(annals_result_certainty(result, (size_t)row) == ANNALS_CERTAIN);
      CHECK_STR(annals_result_from(result, (size_t)row), "1921-06-01");
    }
    annals_result_free(result);
  }

  status = annals_load_text(db, kInlineFacts, strlen(kInlineFacts), "dl", "inline.dl", &report);
  CHECK(status == ANNALS_OK);
  CHECK(report != NULL);
  if (report != NULL) {
    CHECK(annals_report_facts(report) == 1);
    CHECK(annals_report_errors(report) == 0);
    CHECK(annals_report_summary(report) != NULL);
    annals_report_free(report);
  }
  status = annals_query(db, "?- leads(P, \"Text Party\").", &result);
  CHECK(status == ANNALS_OK);
  if (status == ANNALS_OK) {
    CHECK(annals_result_row_count(result) == 1);
    CHECK_STR(annals_result_cell(result, 0, 0), "Text Person");
    CHECK_STR(annals_result_from(result, 0), "1930");
    CHECK(HasSourceIn(result, 0, "inline.dl:1"));
    annals_result_free(result);
  }
}

/* Rows of `result` as one string: "name|certainty|from|to;" per row. */
static void RowsText(const annals_result* result, char* out, size_t size) {
  size_t row;
  out[0] = '\0';
  for (row = 0; row < annals_result_row_count(result); ++row) {
    const size_t used = strlen(out);
    snprintf(out + used, size - used, "%s|%d|%s|%s;", annals_result_cell(result, row, 0),
             annals_result_certainty(result, row), annals_result_from(result, row),
             annals_result_to(result, row));
  }
}

/* The answer of `text` on `db` as RowsText, or "" with the error printed. */
static void QueryText(const annals_db* db, const char* text, char* out, size_t size) {
  annals_result* result = NULL;
  out[0] = '\0';
  if (annals_query(db, text, &result) != ANNALS_OK) {
    fprintf(stderr, "  %s\n", annals_errmsg(db));
    return;
  }
  RowsText(result, out, size);
  annals_result_free(result);
}

static void TestPrepared(annals_db* db) {
  static const char* const kBindings[][2] = {
      {"Communist Party of Bukhara", "mid-1921"},
      {"Communist Party of Khorezm", "December 1920"},
      {"Communist Party of Turkestan", "1919"},
  };
  annals_prepared* prepared = NULL;
  annals_result* result = NULL;
  annals_result* previous = NULL;
  char literal[4096];
  char previous_literal[4096];
  char answer[4096];
  size_t i;
  int status = annals_prepare(db, "?- leads(P, $org) @ $when.", &prepared);
  CHECK(status == ANNALS_OK);
  if (status != ANNALS_OK) {
    fprintf(stderr, "  %s\n", annals_errmsg(db));
    return;
  }
  CHECK(annals_prepared_parameter_count(prepared) == 2);
  CHECK_STR(annals_prepared_parameter_name(prepared, 0), "org");
  CHECK_STR(annals_prepared_parameter_name(prepared, 1), "when");
  CHECK(annals_prepared_parameter_name(prepared, 2) == NULL);

  for (i = 0; i < sizeof kBindings / sizeof kBindings[0]; ++i) {
    char text[512];
    snprintf(text, sizeof text, "?- leads(P, \"%s\") @ \"%s\".", kBindings[i][0], kBindings[i][1]);
    QueryText(db, text, literal, sizeof literal);
    CHECK(literal[0] != '\0');
    CHECK(annals_bind_text(prepared, "org", kBindings[i][0]) == ANNALS_OK);
    CHECK(annals_bind_text(prepared, "$when", kBindings[i][1]) == ANNALS_OK);
    status = annals_execute(prepared, &result);
    CHECK(status == ANNALS_OK);
    if (status != ANNALS_OK) {
      fprintf(stderr, "  %s\n", annals_errmsg(db));
      continue;
    }
    CHECK_STR(annals_errmsg(db), "");
    RowsText(result, answer, sizeof answer);
    CHECK_STR(answer, literal);
    /* A result handed out is the caller's: the handle's next run, which
     * writes into the memory of its last answer, leaves it as it was. */
    if (previous != NULL) {
      RowsText(previous, answer, sizeof answer);
      CHECK_STR(answer, previous_literal);
      annals_result_free(previous);
    }
    previous = result;
    memcpy(previous_literal, literal, sizeof literal);
  }
  annals_result_free(previous);

  /* Errors: unknown name at bind time, unknown entity and missing value at
   * execute time; the handle keeps working afterwards. */
  CHECK(annals_bind_text(prepared, "organisation", "x") == ANNALS_ERROR_INVALID_ARGUMENT);
  CHECK(strstr(annals_errmsg(db), "unknown parameter $organisation") != NULL);
  /* The message names the parameters the query has, as the C++ API's does. */
  CHECK(strstr(annals_errmsg(db), "; the query's parameters are $org, $when") != NULL);
  CHECK(annals_bind_text(prepared, "org", NULL) == ANNALS_ERROR_INVALID_ARGUMENT);
  CHECK(annals_bind_text(prepared, "org", "Bukhara") == ANNALS_OK);
  result = (annals_result*)(void*)&failures; /* must be reset to NULL */
  CHECK(annals_execute(prepared, &result) == ANNALS_ERROR_UNKNOWN_ENTITY);
  CHECK(result == NULL);
  CHECK(strstr(annals_errmsg(db), "did you mean") != NULL);
  annals_clear_bindings(prepared);
  CHECK(annals_bind_text(prepared, "org", "Communist Party of Bukhara") == ANNALS_OK);
  CHECK(annals_execute(prepared, &result) == ANNALS_ERROR_INVALID_ARGUMENT);
  CHECK(strstr(annals_errmsg(db), "$when") != NULL);
  CHECK(annals_bind_text(prepared, "when", "mid-1921") == ANNALS_OK);
  CHECK(annals_execute(prepared, &result) == ANNALS_OK);
  CHECK(annals_result_row_count(result) == 2);
  annals_result_free(result);

  /* Memory kept between runs: a small lookup's by default, none when told. */
  CHECK(annals_prepared_memory_kept(prepared) > 0);
  CHECK(annals_prepared_keep_memory(prepared, 0) == ANNALS_OK);
  CHECK(annals_prepared_memory_kept(prepared) == 0);
  CHECK(annals_execute(prepared, &result) == ANNALS_OK);
  CHECK(annals_result_row_count(result) == 2);
  annals_result_free(result);
  CHECK(annals_prepared_memory_kept(prepared) == 0);
  CHECK(annals_prepared_keep_memory(prepared, (size_t)1 << 20) == ANNALS_OK);
  CHECK(annals_execute(prepared, &result) == ANNALS_OK);
  annals_result_free(result);
  CHECK(annals_prepared_memory_kept(prepared) > 0);
  annals_prepared_free(prepared);

  prepared = (annals_prepared*)(void*)&failures;
  CHECK(annals_prepare(db, "?- leads(P, $org", &prepared) == ANNALS_ERROR_SYNTAX);
  CHECK(prepared == NULL);
  CHECK(annals_prepare(db, NULL, &prepared) == ANNALS_ERROR_INVALID_ARGUMENT);
  CHECK(annals_execute(NULL, &result) == ANNALS_ERROR_INVALID_ARGUMENT);
  CHECK(annals_bind_text(NULL, "org", "x") == ANNALS_ERROR_INVALID_ARGUMENT);
  CHECK(annals_prepared_parameter_count(NULL) == 0);
  CHECK(annals_prepared_keep_memory(NULL, 0) == ANNALS_ERROR_INVALID_ARGUMENT);
  CHECK(annals_prepared_memory_kept(NULL) == 0);
  annals_prepared_free(NULL);
  annals_clear_bindings(NULL);
}

/* Set `set` of a batch's result as RowsText, sources included. */
static void SetText(const annals_result* result, size_t set, char* out, size_t size) {
  const size_t first = annals_result_set_first(result, set);
  const size_t count = annals_result_set_row_count(result, set);
  size_t row;
  size_t source;
  out[0] = '\0';
  for (row = first; row < first + count; ++row) {
    size_t used = strlen(out);
    snprintf(out + used, size - used, "%s|%d|%s|%s|", annals_result_cell(result, row, 0),
             annals_result_certainty(result, row), annals_result_from(result, row),
             annals_result_to(result, row));
    for (source = 0; source < annals_result_source_count(result, row); ++source) {
      used = strlen(out);
      snprintf(out + used, size - used, "%s,", annals_result_source(result, row, source));
    }
    used = strlen(out);
    snprintf(out + used, size - used, ";");
  }
}

/* The answer of `prepared` as SetText, or "" with the error printed. */
static void ExecuteText(const annals_db* db, annals_prepared* prepared, char* out, size_t size) {
  annals_result* result = NULL;
  out[0] = '\0';
  if (annals_execute(prepared, &result) != ANNALS_OK) {
    fprintf(stderr, "  %s\n", annals_errmsg(db));
    return;
  }
  SetText(result, 0, out, size);
  annals_result_free(result);
}

/* A date bound by its parts answers as its ISO text bound does, at each
 * precision; parts that name no date are refused, and leave the binding. */
static void TestBindDate(annals_db* db) {
  static const struct {
    const char* org;
    const char* iso;
    int year, month, day;
  } kDates[] = {
      {"Communist Party of Bukhara", "1921-06-15", 1921, 6, 15},
      {"Communist Party of Khorezm", "1920-12", 1920, 12, 0},
      {"Communist Party of Turkestan", "1919", 1919, 0, 0},
  };
  static const struct {
    int year, month, day;
    const char* message_part;
  } kRefused[] = {
      {1921, 2, 29, "1921-2-29: not a day of the calendar"},
      {1921, 13, 0, "there is no month 13"},
      {1921, 0, 5, "a day needs its month"},
      {1921, -1, 1, "there is no month -1"},
      {10000, 1, 1, "the year is outside -9999..9999"},
  };
  annals_prepared* prepared = NULL;
  annals_result* result = NULL;
  char by_text[4096];
  char by_parts[4096];
  char turkestan[4096];
  size_t i;
  if (annals_prepare(db, "?- leads(P, $org) @ $when.", &prepared) != ANNALS_OK) {
    CHECK(0);
    fprintf(stderr, "  %s\n", annals_errmsg(db));
    return;
  }
  for (i = 0; i < sizeof kDates / sizeof kDates[0]; ++i) {
    CHECK(annals_bind_text(prepared, "org", kDates[i].org) == ANNALS_OK);
    CHECK(annals_bind_text(prepared, "when", kDates[i].iso) == ANNALS_OK);
    ExecuteText(db, prepared, by_text, sizeof by_text);
    CHECK(by_text[0] != '\0');
    CHECK(annals_bind_date(prepared, "$when", kDates[i].year, kDates[i].month, kDates[i].day) ==
          ANNALS_OK);
    ExecuteText(db, prepared, by_parts, sizeof by_parts);
    CHECK_STR(by_parts, by_text);
  }
  /* What a refused bind must leave: Khorezm in December 1920. */
  CHECK(annals_bind_date(prepared, "when", 1920, 12, 0) == ANNALS_OK);
  CHECK(annals_bind_text(prepared, "org", "Communist Party of Khorezm") == ANNALS_OK);
  ExecuteText(db, prepared, by_text, sizeof by_text);
  for (i = 0; i < sizeof kRefused / sizeof kRefused[0]; ++i) {
    CHECK(annals_bind_date(prepared, "when", kRefused[i].year, kRefused[i].month,
                           kRefused[i].day) == ANNALS_ERROR_INVALID_ARGUMENT);
    CHECK(strstr(annals_errmsg(db), kRefused[i].message_part) != NULL);
    ExecuteText(db, prepared, by_parts, sizeof by_parts);
    CHECK_STR(by_parts, by_text);
  }
  CHECK(annals_bind_date(prepared, "year", 1921, 0, 0) == ANNALS_ERROR_INVALID_ARGUMENT);
  CHECK(strstr(annals_errmsg(db), "unknown parameter $year") != NULL);
  CHECK(annals_bind_date(prepared, NULL, 1921, 0, 0) == ANNALS_ERROR_INVALID_ARGUMENT);
  CHECK(annals_bind_date(NULL, "when", 1921, 0, 0) == ANNALS_ERROR_INVALID_ARGUMENT);

  /* A batch reads a date bound by parts as annals_execute does: set 0 is
   * Khorezm in December 1920 (by_text above), set 1 Turkestan in 1919. */
  CHECK(annals_bind_text(prepared, "org", "Communist Party of Turkestan") == ANNALS_OK);
  CHECK(annals_bind_text(prepared, "when", "1919") == ANNALS_OK);
  ExecuteText(db, prepared, turkestan, sizeof turkestan);
  CHECK(turkestan[0] != '\0');
  CHECK(annals_bind_text(prepared, "org", "Communist Party of Khorezm") == ANNALS_OK);
  CHECK(annals_bind_date(prepared, "when", 1920, 12, 0) == ANNALS_OK);
  CHECK(annals_batch_add(prepared) == ANNALS_OK);
  CHECK(annals_bind_text(prepared, "org", "Communist Party of Turkestan") == ANNALS_OK);
  CHECK(annals_bind_date(prepared, "when", 1919, 0, 0) == ANNALS_OK);
  CHECK(annals_batch_add(prepared) == ANNALS_OK);
  CHECK(annals_execute_batch(prepared, &result) == ANNALS_OK);
  CHECK(annals_result_set_count(result) == 2);
  if (annals_result_set_count(result) == 2) {
    SetText(result, 0, by_parts, sizeof by_parts);
    CHECK_STR(by_parts, by_text);
    SetText(result, 1, by_parts, sizeof by_parts);
    CHECK_STR(by_parts, turkestan);
  }
  annals_result_free(result);
  annals_prepared_free(prepared);
}

/* Each set of a batch answers as annals_execute does with the same
 * bindings; errors name the set and leave the batch empty. */
static void TestBatch(annals_db* db) {
  /* Both orgs at several dates, some rebinding only the date: the batch
   * must take the bindings as they are when each set is added. */
  static const char* const kSets[][2] = {
      {"Communist Party of Bukhara", "mid-1921"},
      {NULL, "1920"},
      {NULL, "1925"}, /* after the party: no rows */
      {"Communist Party of Khorezm", "December 1920"},
      {"Communist Party of Turkestan", "1919"},
      {NULL, "1918-04"},
  };
  enum { kSetCount = sizeof kSets / sizeof kSets[0] };
  char expected[kSetCount][4096];
  char answer[4096];
  annals_prepared* prepared = NULL;
  annals_result* result = NULL;
  size_t set;
  size_t rows = 0;
  int status = annals_prepare(db, "?- leads(P, $org) @ $when.", &prepared);
  CHECK(status == ANNALS_OK);
  if (status != ANNALS_OK) return;
  CHECK(annals_batch_size(prepared) == 0);

  /* A set without a value for $when is refused and not added. */
  CHECK(annals_bind_text(prepared, "org", kSets[0][0]) == ANNALS_OK);
  CHECK(annals_batch_add(prepared) == ANNALS_ERROR_INVALID_ARGUMENT);
  CHECK(strstr(annals_errmsg(db), "$when has no value") != NULL);
  CHECK(annals_batch_size(prepared) == 0);

  for (set = 0; set < kSetCount; ++set) {
    if (kSets[set][0] != NULL) CHECK(annals_bind_text(prepared, "org", kSets[set][0]) == ANNALS_OK);
    CHECK(annals_bind_text(prepared, "when", kSets[set][1]) == ANNALS_OK);
    CHECK(annals_execute(prepared, &result) == ANNALS_OK);
    SetText(result, 0, expected[set], sizeof expected[set]);
    rows += annals_result_row_count(result);
    CHECK(annals_result_set_count(result) == 1);
    annals_result_free(result);
    CHECK(annals_batch_add(prepared) == ANNALS_OK);
    CHECK(annals_batch_size(prepared) == set + 1);
  }
  CHECK(rows > 0);
  CHECK(expected[2][0] == '\0');
  status = annals_execute_batch(prepared, &result);
  CHECK(status == ANNALS_OK);
  CHECK(annals_batch_size(prepared) == 0);
  if (status == ANNALS_OK) {
    CHECK(annals_result_set_count(result) == kSetCount);
    CHECK(annals_result_row_count(result) == rows);
    CHECK(annals_result_column_count(result) == 1);
    CHECK_STR(annals_result_column_name(result, 0), "P");
    for (set = 0; set < kSetCount; ++set) {
      SetText(result, set, answer, sizeof answer);
      CHECK_STR(answer, expected[set]);
    }
    CHECK(annals_result_set_first(result, kSetCount) == 0);
    CHECK(annals_result_set_row_count(result, kSetCount) == 0);
    annals_result_free(result);
  } else {
    fprintf(stderr, "  %s\n", annals_errmsg(db));
  }

  /* No sets: no rows, no sets, the query's columns. */
  CHECK(annals_execute_batch(prepared, &result) == ANNALS_OK);
  CHECK(annals_result_set_count(result) == 0);
  CHECK(annals_result_row_count(result) == 0);
  CHECK(annals_result_column_count(result) == 1);
  annals_result_free(result);

  /* A name that is no entity, in set 1: the message names the set, and
   * the batch is spent. */
  CHECK(annals_bind_text(prepared, "org", "Communist Party of Bukhara") == ANNALS_OK);
  CHECK(annals_batch_add(prepared) == ANNALS_OK);
  CHECK(annals_bind_text(prepared, "org", "Bukhara") == ANNALS_OK);
  CHECK(annals_batch_add(prepared) == ANNALS_OK);
  result = (annals_result*)(void*)&failures; /* must be reset to NULL */
  CHECK(annals_execute_batch(prepared, &result) == ANNALS_ERROR_UNKNOWN_ENTITY);
  CHECK(result == NULL);
  CHECK(strstr(annals_errmsg(db), "parameter set 1: ") != NULL);
  CHECK(annals_batch_size(prepared) == 0);

  /* Clearing the batch keeps the bindings. */
  CHECK(annals_bind_text(prepared, "org", "Communist Party of Bukhara") == ANNALS_OK);
  CHECK(annals_batch_add(prepared) == ANNALS_OK);
  annals_batch_clear(prepared);
  CHECK(annals_batch_size(prepared) == 0);
  CHECK(annals_batch_add(prepared) == ANNALS_OK);
  CHECK(annals_batch_size(prepared) == 1);

  CHECK(annals_batch_add(NULL) == ANNALS_ERROR_INVALID_ARGUMENT);
  CHECK(annals_execute_batch(NULL, &result) == ANNALS_ERROR_INVALID_ARGUMENT);
  CHECK(annals_execute_batch(prepared, NULL) == ANNALS_ERROR_INVALID_ARGUMENT);
  CHECK(annals_batch_size(NULL) == 0);
  CHECK(annals_result_set_count(NULL) == 0);
  CHECK(annals_result_set_first(NULL, 0) == 0);
  CHECK(annals_result_set_row_count(NULL, 0) == 0);
  annals_batch_clear(NULL);
  annals_prepared_free(prepared);
}

/* A snapshot answers like the data it was written from, and a damaged one
 * is refused with ANNALS_ERROR_DATA. */
static void TestSnapshot(const annals_db* db, const char* scratch_dir) {
  char path[1024];
  char damaged[1024];
  char expected[4096];
  char answer[4096];
  annals_db* opened = NULL;
  annals_report* report = NULL;
  FILE* file;
  snprintf(path, sizeof path, "%s/c_api_test.annals", scratch_dir);
  snprintf(damaged, sizeof damaged, "%s/c_api_test_damaged.annals", scratch_dir);
  CHECK(annals_save_snapshot(db, path) == ANNALS_OK);
  CHECK(annals_save_snapshot(db, NULL) == ANNALS_ERROR_INVALID_ARGUMENT);
  CHECK(annals_save_snapshot(db, "/nonexistent/annals/dir/x.annals") == ANNALS_ERROR_DATA);
  CHECK(strstr(annals_errmsg(db), "/nonexistent/annals/dir/x.annals") != NULL);

  QueryText(db, kMid1921, expected, sizeof expected);
  CHECK(annals_open(&opened) == ANNALS_OK);
  if (opened == NULL) return;
  CHECK(annals_load(opened, path, &report) == ANNALS_OK);
  CHECK(report != NULL);
  annals_report_free(report);
  CHECK(annals_fact_count(opened) == annals_fact_count(db));
  QueryText(opened, kMid1921, answer, sizeof answer);
  CHECK(expected[0] != '\0');
  CHECK_STR(answer, expected);
  annals_close(opened);

  /* The first 100 bytes of the snapshot: truncated. */
  file = fopen(path, "rb");
  CHECK(file != NULL);
  if (file != NULL) {
    char head[100];
    const size_t got = fread(head, 1, sizeof head, file);
    FILE* out = fopen(damaged, "wb");
    fclose(file);
    CHECK(got == sizeof head);
    CHECK(out != NULL);
    if (out != NULL) {
      fwrite(head, 1, got, out);
      fclose(out);
      CHECK(annals_open(&opened) == ANNALS_OK);
      CHECK(annals_load(opened, damaged, NULL) == ANNALS_ERROR_DATA);
      CHECK(strstr(annals_errmsg(opened), "snapshot") != NULL);
      annals_close(opened);
    }
  }
  remove(damaged);
  remove(path);
}

/* Threads share one db: each reads its own last error, never another's. */
struct ThreadCase {
  annals_db* db;
  int bad;
  int ok;
};

static void* QueryThread(void* argument) {
  struct ThreadCase* thread_case = (struct ThreadCase*)argument;
  int i;
  thread_case->ok = 1;
  for (i = 0; i < 20; ++i) {
    annals_result* result = NULL;
    const char* text = thread_case->bad ? "?- leads(P, \"Bukhara\")." : kMid1921;
    const int status = annals_query(thread_case->db, text, &result);
    if (thread_case->bad) {
      if (status != ANNALS_ERROR_UNKNOWN_ENTITY ||
          strstr(annals_errmsg(thread_case->db), "unknown entity") == NULL) {
        thread_case->ok = 0;
      }
    } else if (status != ANNALS_OK || annals_errmsg(thread_case->db)[0] != '\0' ||
               annals_result_row_count(result) < 2) {
      thread_case->ok = 0;
    }
    annals_result_free(result);
  }
  return NULL;
}

static void TestThreads(annals_db* db) {
  pthread_t threads[4];
  struct ThreadCase cases[4];
  int i;
  for (i = 0; i < 4; ++i) {
    cases[i].db = db;
    cases[i].bad = i % 2;
    cases[i].ok = 0;
    CHECK(pthread_create(&threads[i], NULL, QueryThread, &cases[i]) == 0);
  }
  for (i = 0; i < 4; ++i) {
    pthread_join(threads[i], NULL);
    CHECK(cases[i].ok);
  }
}

/* annals_interrupt with no query running stops nothing and leaves the
 * thread's last error as it was. */
static void TestInterruptIdle(annals_db* db) {
  char before[4096];
  char after[4096];
  annals_result* result = NULL;
  QueryText(db, kMid1921, before, sizeof before);
  CHECK(before[0] != '\0');
  annals_interrupt(NULL);
  CHECK(annals_query(db, "?- leads(P, \"Bukhara\").", &result) == ANNALS_ERROR_UNKNOWN_ENTITY);
  annals_interrupt(db);
  CHECK(annals_errcode(db) == ANNALS_ERROR_UNKNOWN_ENTITY);
  QueryText(db, kMid1921, after, sizeof after);
  CHECK_STR(after, before);
  CHECK_STR(annals_status_name(ANNALS_ERROR_INTERRUPTED), "interrupted");
}

/* A query that would run for minutes: three links of a chain whose first
 * ends can order no way (A < C < E < A). */
enum { kChainLength = 1500 };
static const char* const kEndless = "?- link(A, B), link(C, D), link(E, F), A < C, C < E, E < A.";

struct EndlessRun {
  annals_db* db;
  int status;
  int message_says_interrupted;
  atomic_int done;
};

static void* EndlessThread(void* argument) {
  struct EndlessRun* run = (struct EndlessRun*)argument;
  annals_result* result = NULL;
  /* The time-out is a backstop, never reached when annals_interrupt works. */
  run->status = annals_query_ex(run->db, kEndless, 0, 300000, 0, &result);
  run->message_says_interrupted = strstr(annals_errmsg(run->db), "interrupted") != NULL;
  annals_result_free(result);
  atomic_store(&run->done, 1);
  return NULL;
}

static void TestInterruptRunning(void) {
  annals_db* db = NULL;
  struct EndlessRun run;
  pthread_t thread;
  const struct timespec millisecond = {0, 1000000};
  char name[32];
  char next[32];
  int i;
  CHECK(annals_open(&db) == ANNALS_OK);
  if (db == NULL) return;
  for (i = 0; i < kChainLength; ++i) {
    snprintf(name, sizeof name, "Link %d", i);
    snprintf(next, sizeof next, "Link %d", i + 1);
    CHECK(annals_add_fact(db, "link", name, next, "1900..1950", NULL, NULL, 0) == ANNALS_OK);
  }
  run.db = db;
  run.status = ANNALS_OK;
  run.message_says_interrupted = 0;
  atomic_init(&run.done, 0);
  CHECK(pthread_create(&thread, NULL, EndlessThread, &run) == 0);
  while (!atomic_load(&run.done)) {
    annals_interrupt(db);
    nanosleep(&millisecond, NULL);
  }
  pthread_join(thread, NULL);
  CHECK(run.status == ANNALS_ERROR_INTERRUPTED);
  CHECK(run.message_says_interrupted);
  annals_close(db);
}

int main(int argc, char** argv) {
  annals_db* db = NULL;
  annals_report* report = NULL;
  int status;
  if (argc != 2 && argc != 3) {
    fprintf(stderr, "usage: %s DATASET_DIR [SCRATCH_DIR]\n", argv[0]);
    return 2;
  }
  CHECK(strlen(annals_libversion()) > 0);
  CHECK(annals_open(&db) == ANNALS_OK);
  if (db == NULL) return 1;
  status = annals_load(db, argv[1], &report);
  CHECK(status == ANNALS_OK);
  if (status != ANNALS_OK) {
    fprintf(stderr, "%s\n", annals_errmsg(db));
    annals_close(db);
    return 1;
  }
  CHECK(report != NULL);
  CHECK(annals_report_files(report) >= 1);
  CHECK(annals_report_facts(report) > 0);
  CHECK(annals_fact_count(db) == annals_report_facts(report));
  annals_report_free(report);

  TestMid1921(db);
  TestCellKinds(db);
  TestThreads(db);
  TestErrors(db);
  TestPrepared(db);
  TestBindDate(db);
  TestBatch(db);
  TestSnapshot(db, argc == 3 ? argv[2] : ".");
  TestAddFacts(db);
  TestInterruptIdle(db);
  annals_close(db);
  TestInterruptRunning();

  if (failures != 0) {
    fprintf(stderr, "%d check(s) failed\n", failures);
    return 1;
  }
  printf("c_api_test: all checks passed\n");
  return 0;
}
