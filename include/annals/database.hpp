// annals::Database: load temporal facts, add them programmatically, query them.
#pragma once

#include <annals/error.hpp>
#include <annals/export.hpp>
#include <annals/result.hpp>
#include <annals/time.hpp>

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace annals {

//! How Database::Load and LoadText read their input.
struct LoadOptions {
  //! Kind given to the organisation an article describes, instead of the
  //! inferred one ("party", "state", ...). Empty: infer.
  std::string article_kind;
  //! Snapshots (.annals): use the file's pages in place (memory-mapped,
  //! private) instead of reading it into memory of the database's own.
  //! Opening then costs little more than the checks, and processes that
  //! open one file share its pages. A mapped file must not be overwritten in
  //! place while the database is alive; replacing it by rename, as
  //! SaveSnapshot and `annals build` do, is safe. Where a file cannot be
  //! mapped it is read.
  bool map_snapshots = true;
};

//! What a load did: counts, and every diagnostic (nothing is dropped silently).
struct LoadReport {
  std::size_t files = 0;                //!< files read (a directory counts each file in it)
  std::size_t entities = 0;             //!< entities created by this load
  std::size_t facts = 0;                //!< facts added by this load
  std::vector<Diagnostic> diagnostics;  //!< every problem found; none is dropped

  //! Diagnostics that rejected a record (Severity::kError).
  [[nodiscard]] ANNALS_API std::size_t errors() const;
  //! Diagnostics that only warn (Severity::kWarning); their records loaded.
  [[nodiscard]] ANNALS_API std::size_t warnings() const;
  //! "loaded 3 files: 41 entities, 57 facts; 0 errors, 1 warning"
  [[nodiscard]] ANNALS_API std::string Summary() const;
  //! Adds another load's counts and diagnostics to this one.
  ANNALS_API void Append(const LoadReport& other);
};

//! Limits and extras for one Database::Query call.
struct QueryOptions {
  std::size_t row_limit = 1'000'000;     //!< Error(kLimit) when more rows would be produced
  std::chrono::milliseconds timeout{0};  //!< 0: none. Error(kLimit) when exceeded
  bool explain = false;                  //!< fill Row::explanation
  //! Fill Row::sources. Off, rows carry no sources and the evaluator keeps
  //! none of the bookkeeping behind them: faster and leaner when only the
  //! answer matters (explain still works, and then keeps what it needs).
  bool sources = true;
};

//! An entity as the API shows it.
struct EntityInfo {
  std::string name;  //!< display name; lookups also match aliases, ignoring case and spacing
  std::string kind;  //!< "party", "person", "state", ... or ""
  std::vector<std::string> aliases;  //!< other names, in any script
  std::optional<Period> lifespan;    //!< founding to dissolution (what exists(E) holds over)
};

//! An attribute of a fact: column name and value ("role", "Chairman").
using FactAttribute = std::pair<std::string, std::string>;

class PreparedQuery;

//! A loaded temporal knowledge graph. Thread safety: any number of threads may
//! call the const members (Query, Relations, Entities) at once; the loading
//! and adding members take an exclusive lock, so they wait for running queries
//! and queries wait for them. A load that is waiting goes before queries that
//! arrive after it, so a stream of queries cannot hold it off.
class ANNALS_API Database {
 public:
  //! An empty database.
  Database();
  ~Database();
  //! Moving transfers the loaded graph; the moved-from database must not be used.
  Database(Database&&) noexcept;
  Database& operator=(Database&&) noexcept;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  //! Loads a file (reader chosen by extension: .txt/.wiki article, .json,
  //! .tsv, .dl, .annals snapshot) or every such file in a directory.
  //! Bad records become diagnostics in the report; the rest still loads.
  //! Throws Error(kData) only when the path cannot be read at all.
  LoadReport Load(const std::string& path, const LoadOptions& options = {});
  //! Loads text held in memory; `format` is "article", "json", "tsv" or "dl";
  //! `source_name` is what diagnostics and provenance call it.
  LoadReport LoadText(std::string_view text, std::string_view format, std::string_view source_name,
                      const LoadOptions& options = {});

  //! Adds or updates an entity; returns its display name after alias matching.
  std::string AddEntity(const EntityInfo& entity);
  //! Adds one fact through the same validation as the readers. Throws
  //! Error(kInvalidArgument) when the relation name is not snake_case or a
  //! name is empty.
  void AddFact(std::string_view relation, std::string_view subject, std::string_view object,
               const Period& validity, const std::vector<FactAttribute>& attributes = {},
               const SourceLocation& source = {});

  //! Runs a query (a body, or rules followed by one `?-` query). Throws Error
  //! with a position for syntax and semantic errors, Error(kLimit) on limits.
  [[nodiscard]] QueryResult Query(std::string_view text, const QueryOptions& options = {}) const;
  //! Parses, checks and plans `text` once, for running many times with
  //! different $parameter values (see PreparedQuery). Throws Error as Query
  //! does for syntax and semantic errors.
  [[nodiscard]] PreparedQuery Prepare(std::string_view text) const;

  //! Stops every query running on this database when it is called (Query,
  //! and Execute / ExecuteBatch of its prepared queries): each throws
  //! Error(kInterrupted) soon after, and the database stays as it was.
  //! Queries that begin after the call are not affected: it is a request to
  //! the queries under way, not a state. Callable from any thread while
  //! queries run (it takes no lock), and from a signal handler: it is one
  //! lock-free atomic increment. Since 0.3.23.
  void Interrupt() const noexcept;

  //! Writes the loaded data to `path` as a binary snapshot, which Load opens
  //! later without re-parsing or re-indexing (name it FILE.annals: Load
  //! recognises snapshots by that extension). The file is written under a
  //! temporary name and renamed into place, so a failure never leaves a half
  //! file under `path`. Throws Error(kData) when it cannot be written.
  void SaveSnapshot(const std::string& path) const;

  //! Names of the relations facts use, sorted.
  [[nodiscard]] std::vector<std::string> Relations() const;
  //! Every entity (after same_as merges), sorted by name.
  [[nodiscard]] std::vector<EntityInfo> Entities() const;
  //! Entities after same_as merges, without building an EntityInfo for each.
  [[nodiscard]] std::size_t EntityCount() const;
  //! Facts loaded, over all relations.
  [[nodiscard]] std::size_t FactCount() const;
  //! Facts of one relation (as `annals load` lists them); 0 for a relation
  //! no fact uses.
  [[nodiscard]] std::size_t FactCount(std::string_view relation) const;

  struct Impl;  //!< the implementation (api/database.cpp); not part of the API

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace annals

// PreparedQuery needs the complete Database and QueryOptions above; included
// last so that including this header alone is enough to call Prepare.
#include <annals/prepared_query.hpp>  // IWYU pragma: export
