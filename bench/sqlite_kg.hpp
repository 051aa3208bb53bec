// The peer in the comparison: the same knowledge graph in SQLite, used the
// way an expert would. In-memory database; journal and sync off; the load in
// one transaction with prepared statements, indexes built after it; dates as
// integer day numbers with lo/hi columns so that the certain/possible rule is
// plain SQL; recursive CTEs for lineages.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "answer.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace annals::bench {

class SqliteKg {
 public:
  //! ":memory:" (the default) or a file path; a file is created empty.
  explicit SqliteKg(const std::string& path = ":memory:");
  ~SqliteKg();
  SqliteKg(const SqliteKg&) = delete;
  SqliteKg& operator=(const SqliteKg&) = delete;

  //! W1: reads the TSV quadruples, inserts them, builds the indexes and runs
  //! ANALYZE; returns the number of facts loaded. Rows it cannot read are
  //! counted in rejected() (the generated data has none).
  std::uint64_t LoadTsv(const std::string& tsv_path);
  [[nodiscard]] std::uint64_t rejected() const { return rejected_; }

  //! W2: who leads `organisation` on `day`.
  Answer LeadersOn(std::string_view organisation, std::int32_t day);
  //! W2 as one statement: the probes (organisation name, day) go into a temporary
  //! table in one transaction, then one join answers them all. The nearest thing
  //! SQLite has to a batch of point lookups; timed with the probe insert included.
  Answer LeadersOnBatch(std::span<const std::string_view> organisations,
                        std::span<const std::int32_t> days);
  //! W3: every leads fact valid on `day`, through the B-tree on start.
  Answer LeadsOn(std::int32_t day);
  //! An R*Tree over the leads facts' possible spans (not part of LoadTsv, so
  //! that W1 and this extra index are timed apart).
  void BuildLeadsRtree();
  //! W3 through the R*Tree (BuildLeadsRtree first).
  Answer LeadsOnRtree(std::int32_t day);
  //! W4: organisations reachable from `organisation` by dissolved_into.
  Answer Reachable(std::string_view organisation);
  //! W4: every (from, to) pair of the dissolved_into transitive closure.
  Answer Closure();
  //! W5: (person, organisation A, organisation B), A != B, where the person
  //! possibly led both at overlapping times.
  Answer SameLeaderOverlap();

  //! EXPLAIN QUERY PLAN of every workload's statement, for the record.
  [[nodiscard]] std::string Explain();

  //! Bytes SQLite holds (sqlite3_memory_used), for bytes per fact.
  [[nodiscard]] std::size_t MemoryBytes() const;

 private:
  struct Statements;
  void Exec(const char* sql);
  sqlite3_stmt* Prepare(const char* sql);
  void CreateProbeTable();

  sqlite3* db_ = nullptr;
  std::unique_ptr<Statements> statements_;
  std::int64_t leads_id_ = -1;
  std::int64_t dissolved_id_ = -1;
  std::uint64_t rejected_ = 0;
};

}  // namespace annals::bench
