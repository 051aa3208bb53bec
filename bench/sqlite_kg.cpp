#include "sqlite_kg.hpp"

#include <annals/error.hpp>
#include <annals/time.hpp>

#include <sqlite3.h>

#include <charconv>
#include <stdexcept>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "tsv_lines.hpp"

namespace annals::bench {
namespace {

// Facts carry their TSV line as provenance, as Annals facts carry a source.
constexpr const char* kSchema = R"sql(
CREATE TABLE entity(id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE relation(id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE fact(
  id INTEGER PRIMARY KEY,
  rel INTEGER NOT NULL, subj INTEGER NOT NULL, obj INTEGER NOT NULL,
  start_lo INTEGER NOT NULL, start_hi INTEGER NOT NULL,
  end_lo INTEGER NOT NULL, end_hi INTEGER NOT NULL,
  line INTEGER NOT NULL);
)sql";

// Built after the load (faster than maintaining them row by row), one per
// access path a workload needs: W2 by (relation, object, start), W3 by
// (relation, start), W4 and W5 by (relation, subject). Each carries the
// columns its queries read, so that no query touches the table itself
// (covering indexes; 2-3x faster than bare keys on W2/W3). No ANALYZE: with
// its statistics SQLite 3.40 puts a Bloom filter over the whole fact table
// into every recursive step of W4 (100x slower per start); without them
// every plan is the one an expert would write (see --explain).
constexpr const char* kIndexes = R"sql(
CREATE UNIQUE INDEX entity_name ON entity(name);
CREATE INDEX fact_rel_obj_start
  ON fact(rel, obj, start_lo, end_hi, start_hi, end_lo, subj, line);
CREATE INDEX fact_rel_start
  ON fact(rel, start_lo, end_hi, start_hi, end_lo, subj, obj, line);
CREATE INDEX fact_rel_subj ON fact(rel, subj, start_lo, end_hi, obj);
)sql";

// A B-tree on start can only cut "start <= T"; an expert answering interval
// stabbing queries reaches for SQLite's R*Tree module (1-D, integer bounds).
constexpr const char* kLeadsSpans = R"sql(
CREATE VIRTUAL TABLE leads_span USING rtree_i32(id, lo, hi);
INSERT INTO leads_span SELECT id, start_lo, end_hi FROM fact WHERE rel = ?1;
)sql";

// A fact holds certainly on day T iff start_hi <= T <= end_lo, possibly iff
// start_lo <= T <= end_hi (HoldsDuring in annals/time.hpp).
constexpr const char* kLeadersOn = R"sql(
SELECT p.name, f.start_hi <= ?2 AND f.end_lo >= ?2, f.line
FROM entity o
JOIN fact f ON f.rel = ?1 AND f.obj = o.id AND f.start_lo <= ?2 AND f.end_hi >= ?2
JOIN entity p ON p.id = f.subj
WHERE o.name = ?3
)sql";

// The batch form of kLeadersOn. Probes are numbered so that the answer comes
// back in probe order; the table lives in the temp schema, which the pragmas
// keep in memory, and is reused (emptied) by every batch.
constexpr const char* kProbeTable =
    "CREATE TEMP TABLE IF NOT EXISTS probe(i INTEGER PRIMARY KEY, org TEXT NOT NULL, "
    "day INTEGER NOT NULL)";

// CROSS JOIN pins probe as the outer loop. The probe table has no
// statistics (ANALYZE ran before it existed), and only the ORDER BY happens
// to tip the planner towards it; without that it scans every leads fact and,
// for each, the whole probe table. Scanning probe by rowid makes ORDER BY q.i free; each
// probe then costs the lookups of kLeadersOn (see --explain).
constexpr const char* kLeadersOnBatch = R"sql(
SELECT p.name, f.start_hi <= q.day AND f.end_lo >= q.day, f.line
FROM probe q
CROSS JOIN entity o ON o.name = q.org
JOIN fact f ON f.rel = ?1 AND f.obj = o.id AND f.start_lo <= q.day AND f.end_hi >= q.day
JOIN entity p ON p.id = f.subj
ORDER BY q.i
)sql";

constexpr const char* kLeadsOn = R"sql(
SELECT p.name, o.name, f.start_hi <= ?2 AND f.end_lo >= ?2, f.line
FROM fact f
JOIN entity p ON p.id = f.subj
JOIN entity o ON o.id = f.obj
WHERE f.rel = ?1 AND f.start_lo <= ?2 AND f.end_hi >= ?2
)sql";

constexpr const char* kLeadsOnRtree = R"sql(
SELECT p.name, o.name, f.start_hi <= ?1 AND f.end_lo >= ?1, f.line
FROM leads_span s
JOIN fact f ON f.id = s.id
JOIN entity p ON p.id = f.subj
JOIN entity o ON o.id = f.obj
WHERE s.lo <= ?1 AND s.hi >= ?1
)sql";

constexpr const char* kReachable = R"sql(
WITH RECURSIVE reach(id) AS (
  SELECT f.obj FROM entity s JOIN fact f ON f.rel = ?1 AND f.subj = s.id WHERE s.name = ?2
  UNION
  SELECT f.obj FROM reach r JOIN fact f ON f.rel = ?1 AND f.subj = r.id)
SELECT e.name FROM reach r JOIN entity e ON e.id = r.id
)sql";

constexpr const char* kClosure = R"sql(
WITH RECURSIVE reach(a, b) AS (
  SELECT subj, obj FROM fact WHERE rel = ?1
  UNION
  SELECT r.a, f.obj FROM reach r JOIN fact f ON f.rel = ?1 AND f.subj = r.b)
SELECT ea.name, eb.name FROM reach r JOIN entity ea ON ea.id = r.a JOIN entity eb ON eb.id = r.b
)sql";

constexpr const char* kSameLeader = R"sql(
SELECT DISTINCT p.name, oa.name, ob.name
FROM fact a
JOIN fact b ON b.rel = a.rel AND b.subj = a.subj AND b.obj <> a.obj
           AND a.start_lo <= b.end_hi AND b.start_lo <= a.end_hi
JOIN entity p ON p.id = a.subj
JOIN entity oa ON oa.id = a.obj
JOIN entity ob ON ob.id = b.obj
WHERE a.rel = ?1
)sql";

//! Reads the generator's forms ("1921-06-15", "1921-06-##", "1921-##-##",
//! "") without the general parser; anything else goes to VagueDate::TryParse.
bool ParseTsvDate(std::string_view text, VagueDate* out) {
  if (text.empty()) {
    *out = VagueDate{kMinDay, kMaxDay, DateForm::kOpen};
    return true;
  }
  auto number = [](std::string_view digits, int* value) {
    const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), *value);
    return ec == std::errc() && ptr == digits.data() + digits.size();
  };
  int year = 0;
  int month = 0;
  int day = 0;
  if (text.size() == 10 && text[4] == '-' && text[7] == '-' && number(text.substr(0, 4), &year)) {
    const std::string_view m = text.substr(5, 2);
    const std::string_view d = text.substr(8, 2);
    if (m == "##" && d == "##") {
      *out = VagueDate::InYear(year);
      return true;
    }
    if (number(m, &month) && month >= 1 && month <= 12) {
      if (d == "##") {
        *out = VagueDate::InMonth(year, month);
        return true;
      }
      if (number(d, &day) && IsValidCivil(year, month, day)) {
        *out = VagueDate::OnDay(year, month, day);
        return true;
      }
    }
  }
  return VagueDate::TryParse(text, out, nullptr);
}

struct NameHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

void Check(sqlite3* db, int rc, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
    throw std::runtime_error(std::string("sqlite: ") + what + ": " + sqlite3_errmsg(db));
  }
}

//! Steps through every row, touching the text columns as a caller would.
Answer Drain(sqlite3* db, sqlite3_stmt* statement, int text_columns, int certainty_column) {
  Answer answer;
  int rc;
  while ((rc = sqlite3_step(statement)) == SQLITE_ROW) {
    ++answer.rows;
    for (int c = 0; c < text_columns; ++c) {
      (void)sqlite3_column_text(statement, c);
      (void)sqlite3_column_bytes(statement, c);
    }
    if (certainty_column >= 0) {
      (sqlite3_column_int(statement, certainty_column) != 0 ? answer.certain : answer.possible)++;
    }
  }
  Check(db, rc, "query");
  sqlite3_reset(statement);
  return answer;
}

}  // namespace

struct SqliteKg::Statements {
  sqlite3_stmt* leaders_on = nullptr;
  sqlite3_stmt* leads_on = nullptr;
  sqlite3_stmt* leads_on_rtree = nullptr;
  sqlite3_stmt* reachable = nullptr;
  sqlite3_stmt* closure = nullptr;
  sqlite3_stmt* same_leader = nullptr;
  sqlite3_stmt* probe_clear = nullptr;
  sqlite3_stmt* probe_insert = nullptr;
  sqlite3_stmt* leaders_on_batch = nullptr;
  ~Statements() {
    for (sqlite3_stmt* s : {leaders_on, leads_on, leads_on_rtree, reachable, closure, same_leader,
                            probe_clear, probe_insert, leaders_on_batch}) {
      sqlite3_finalize(s);
    }
  }
};

SqliteKg::SqliteKg(const std::string& path) : statements_(std::make_unique<Statements>()) {
  if (sqlite3_open(path.c_str(), &db_) != SQLITE_OK) {
    const std::string message = db_ != nullptr ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    db_ = nullptr;
    throw std::runtime_error("sqlite: cannot open '" + path + "': " + message);
  }
  Exec(
      "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA temp_store=MEMORY;"
      "PRAGMA cache_size=-4000000; PRAGMA locking_mode=EXCLUSIVE;");
  Exec(kSchema);
}

SqliteKg::~SqliteKg() {
  statements_.reset();
  sqlite3_close(db_);
}

void SqliteKg::Exec(const char* sql) {
  char* error = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &error) != SQLITE_OK) {
    std::string message = error != nullptr ? error : "unknown error";
    sqlite3_free(error);
    throw std::runtime_error("sqlite: " + message);
  }
}

sqlite3_stmt* SqliteKg::Prepare(const char* sql) {
  sqlite3_stmt* statement = nullptr;
  Check(db_, sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &statement, nullptr),
        "prepare");
  return statement;
}

std::uint64_t SqliteKg::LoadTsv(const std::string& tsv_path) {
  TsvLines lines(tsv_path);
  std::unordered_map<std::string, std::int64_t, NameHash, std::equal_to<>> entities;
  std::unordered_map<std::string, std::int64_t, NameHash, std::equal_to<>> relations;
  sqlite3_stmt* insert_entity = Prepare("INSERT INTO entity(id, name) VALUES (?1, ?2)");
  sqlite3_stmt* insert_relation = Prepare("INSERT INTO relation(id, name) VALUES (?1, ?2)");
  sqlite3_stmt* insert_fact = Prepare(
      "INSERT INTO fact(rel, subj, obj, start_lo, start_hi, end_lo, end_hi, line) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  auto intern = [&](auto& map, sqlite3_stmt* insert, std::string_view name) {
    const auto found = map.find(name);
    if (found != map.end()) return found->second;
    const auto id = static_cast<std::int64_t>(map.size());
    map.emplace(std::string(name), id);
    sqlite3_bind_int64(insert, 1, id);
    sqlite3_bind_text(insert, 2, name.data(), static_cast<int>(name.size()), SQLITE_STATIC);
    Check(db_, sqlite3_step(insert), "insert");
    sqlite3_reset(insert);
    return id;
  };

  Exec("BEGIN");
  std::uint64_t loaded = 0;
  std::uint32_t line_number = 0;
  std::string_view line;
  std::vector<std::string_view> cells;
  while (lines.Next(&line)) {
    ++line_number;
    if (line.empty() || line.front() == '#') continue;
    TsvLines::Split(line, &cells);
    VagueDate start;
    VagueDate end;
    Period period;
    if (cells.size() != 5 || cells[0].empty() || cells[1].empty() || cells[2].empty() ||
        !ParseTsvDate(cells[3], &start) || !ParseTsvDate(cells[4], &end) ||
        !Period::TryMake(start, end, &period, nullptr)) {
      ++rejected_;
      continue;
    }
    const std::int64_t rel = intern(relations, insert_relation, cells[1]);
    sqlite3_bind_int64(insert_fact, 1, rel);
    sqlite3_bind_int64(insert_fact, 2, intern(entities, insert_entity, cells[0]));
    sqlite3_bind_int64(insert_fact, 3, intern(entities, insert_entity, cells[2]));
    sqlite3_bind_int(insert_fact, 4, period.start.lo);
    sqlite3_bind_int(insert_fact, 5, period.start.hi);
    sqlite3_bind_int(insert_fact, 6, period.end.lo);
    sqlite3_bind_int(insert_fact, 7, period.end.hi);
    sqlite3_bind_int(insert_fact, 8, static_cast<int>(line_number));
    Check(db_, sqlite3_step(insert_fact), "insert");
    sqlite3_reset(insert_fact);
    ++loaded;
  }
  sqlite3_finalize(insert_entity);
  sqlite3_finalize(insert_relation);
  sqlite3_finalize(insert_fact);
  Exec("COMMIT");
  Exec(kIndexes);

  const auto found_leads = relations.find(std::string_view("leads"));
  const auto found_dissolved = relations.find(std::string_view("dissolved_into"));
  leads_id_ = found_leads != relations.end() ? found_leads->second : -1;
  dissolved_id_ = found_dissolved != relations.end() ? found_dissolved->second : -1;
  statements_->leaders_on = Prepare(kLeadersOn);
  statements_->leads_on = Prepare(kLeadsOn);
  statements_->reachable = Prepare(kReachable);
  statements_->closure = Prepare(kClosure);
  statements_->same_leader = Prepare(kSameLeader);
  return loaded;
}

Answer SqliteKg::LeadersOn(std::string_view organisation, std::int32_t day) {
  sqlite3_stmt* s = statements_->leaders_on;
  sqlite3_bind_int64(s, 1, leads_id_);
  sqlite3_bind_int(s, 2, day);
  sqlite3_bind_text(s, 3, organisation.data(), static_cast<int>(organisation.size()),
                    SQLITE_STATIC);
  return Drain(db_, s, 1, 1);
}

void SqliteKg::CreateProbeTable() { Exec(kProbeTable); }

Answer SqliteKg::LeadersOnBatch(std::span<const std::string_view> organisations,
                                std::span<const std::int32_t> days) {
  if (organisations.size() != days.size()) {
    throw std::invalid_argument("LeadersOnBatch: organisations and days differ in length");
  }
  Statements& st = *statements_;
  // One by one, so that a failed prepare leaks nothing when the next call
  // tries again.
  if (st.probe_clear == nullptr) {
    CreateProbeTable();
    st.probe_clear = Prepare("DELETE FROM probe");
  }
  if (st.probe_insert == nullptr) {
    st.probe_insert = Prepare("INSERT INTO probe(i, org, day) VALUES (?1, ?2, ?3)");
  }
  if (st.leaders_on_batch == nullptr) st.leaders_on_batch = Prepare(kLeadersOnBatch);

  Exec("BEGIN");
  try {
    Check(db_, sqlite3_step(st.probe_clear), "clear probes");
    sqlite3_reset(st.probe_clear);
    sqlite3_stmt* insert = st.probe_insert;
    for (std::size_t i = 0; i < organisations.size(); ++i) {
      const std::string_view organisation = organisations[i];
      sqlite3_bind_int64(insert, 1, static_cast<std::int64_t>(i));
      sqlite3_bind_text(insert, 2, organisation.data(), static_cast<int>(organisation.size()),
                        SQLITE_STATIC);
      sqlite3_bind_int(insert, 3, days[i]);
      Check(db_, sqlite3_step(insert), "insert probe");
      sqlite3_reset(insert);
    }
    Exec("COMMIT");
  } catch (...) {
    // Left open, the transaction would make the next batch's BEGIN fail.
    sqlite3_reset(st.probe_clear);
    sqlite3_reset(st.probe_insert);
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }

  sqlite3_bind_int64(st.leaders_on_batch, 1, leads_id_);
  return Drain(db_, st.leaders_on_batch, 1, 1);
}

Answer SqliteKg::LeadsOn(std::int32_t day) {
  sqlite3_stmt* s = statements_->leads_on;
  sqlite3_bind_int64(s, 1, leads_id_);
  sqlite3_bind_int(s, 2, day);
  return Drain(db_, s, 2, 2);
}

void SqliteKg::BuildLeadsRtree() {
  if (statements_->leads_on_rtree != nullptr) return;
  const std::string sql = std::string(kLeadsSpans);
  const std::size_t split = sql.find(";") + 1;
  Exec(sql.substr(0, split).c_str());
  sqlite3_stmt* fill = Prepare(sql.substr(split).c_str());
  sqlite3_bind_int64(fill, 1, leads_id_);
  const int rc = sqlite3_step(fill);
  sqlite3_finalize(fill);
  Check(db_, rc, "R*Tree");
  statements_->leads_on_rtree = Prepare(kLeadsOnRtree);
}

Answer SqliteKg::LeadsOnRtree(std::int32_t day) {
  if (statements_->leads_on_rtree == nullptr) throw std::runtime_error("no R*Tree built");
  sqlite3_stmt* s = statements_->leads_on_rtree;
  sqlite3_bind_int(s, 1, day);
  return Drain(db_, s, 2, 2);
}

Answer SqliteKg::Reachable(std::string_view organisation) {
  sqlite3_stmt* s = statements_->reachable;
  sqlite3_bind_int64(s, 1, dissolved_id_);
  sqlite3_bind_text(s, 2, organisation.data(), static_cast<int>(organisation.size()),
                    SQLITE_STATIC);
  return Drain(db_, s, 1, -1);
}

Answer SqliteKg::Closure() {
  sqlite3_stmt* s = statements_->closure;
  sqlite3_bind_int64(s, 1, dissolved_id_);
  return Drain(db_, s, 2, -1);
}

Answer SqliteKg::SameLeaderOverlap() {
  sqlite3_stmt* s = statements_->same_leader;
  sqlite3_bind_int64(s, 1, leads_id_);
  return Drain(db_, s, 3, -1);
}

std::string SqliteKg::Explain() {
  // The batch join names the probe table, which otherwise exists only after
  // the first batch.
  CreateProbeTable();
  std::string text;
  const std::pair<const char*, const char*> queries[] = {
      {"W2", kLeadersOn},           {"W2 batch", kLeadersOnBatch}, {"W3 B-tree", kLeadsOn},
      {"W3 R*Tree", kLeadsOnRtree}, {"W4 reachable", kReachable},  {"W4 closure", kClosure},
      {"W5", kSameLeader}};
  for (const auto& [name, sql] : queries) {
    text += std::string(name) + ":\n";
    sqlite3_stmt* plan = nullptr;
    if (sqlite3_prepare_v2(db_, ("EXPLAIN QUERY PLAN " + std::string(sql)).c_str(), -1, &plan,
                           nullptr) != SQLITE_OK) {
      text += std::string("  (") + sqlite3_errmsg(db_) + ")\n";
      continue;
    }
    while (sqlite3_step(plan) == SQLITE_ROW) {
      text += "  ";
      text += reinterpret_cast<const char*>(sqlite3_column_text(plan, 3));
      text += "\n";
    }
    sqlite3_finalize(plan);
  }
  return text;
}

std::size_t SqliteKg::MemoryBytes() const {
  return static_cast<std::size_t>(sqlite3_memory_used());
}

}  // namespace annals::bench
