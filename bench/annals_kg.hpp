// The Annals side of the comparison: the knowledge graph loaded through the
// real ingest path, asked through the query language (query::RunQuery) and,
// to show what the query layer costs, through direct store calls.
#pragma once

#include <annals/database.hpp>

#include "engine/store/snapshot.hpp"
#include "engine/store/store.hpp"
#include "query/prepared.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "answer.hpp"
#include "synthetic_kg.hpp"

namespace annals::bench {

//! Whether answers carry their sources (provenance), as a user's query does
//! by default, or not, like SQLite's rows (query::EvaluatorOptions::sources).
enum class Sources : std::uint8_t { kWith, kWithout };

class AnnalsKg {
 public:
  //! W1: TSV text to a finalized, queryable store (ingest::LoadPath).
  LoadReport LoadTsv(const std::string& tsv_path);
  //! Generates the synthetic graph in memory and loads it through the same
  //! TSV reader (ingest::LoadText, a block of lines at a time), then
  //! finalizes; `observe` sees every fact (for the workload plan).
  LoadReport LoadGenerated(const GenOptions& options, GenStats* stats,
                           const std::function<void(const GenFact&)>& observe);

  //! Writes the finalized store as a binary snapshot (engine/store/snapshot).
  void SaveSnapshot(const std::string& path) const;
  //! Replaces the store with the one in a snapshot: W1's other half.
  void OpenSnapshot(const std::string& path,
                    engine::SnapshotAccess access = engine::SnapshotAccess::kMap);

  // Through the query language: the text a user would type.
  Answer LeadersOnQuery(std::string_view organisation, std::int32_t day) const;
  Answer LeadsOnQuery(std::int32_t day, Sources sources = Sources::kWith) const;
  Answer ReachableQuery(std::string_view organisation) const;
  Answer ClosureQuery(Sources sources = Sources::kWith) const;
  Answer SameLeaderOverlapQuery(Sources sources = Sources::kWith) const;

  // Prepared once with $parameters, then executed: how an application asks
  // many small questions (SQLite's side uses prepared statements too).
  Answer LeadersOnPrepared(std::string_view organisation, std::int32_t day) const;
  //! W2 as one batch (PreparedQuery::ExecuteBatch); the parameter sets are
  //! built inside, as the loop builds them per call.
  Answer LeadersOnBatch(std::span<const std::string_view> organisations,
                        std::span<const std::int32_t> days) const;
  Answer LeadsOnPrepared(std::int32_t day) const;
  Answer ReachablePrepared(std::string_view organisation, Sources sources = Sources::kWith) const;
  //! The large queries as an application that asks them again and again
  //! would prepare them: keeping their working memory between runs
  //! (PreparedQuery::KeepMemoryBetweenRuns, without limit), and writing each
  //! answer into the memory of the one before (Execute with `recycled`).
  Answer ClosureKept(Sources sources = Sources::kWith) const;
  Answer SameLeaderOverlapKept(Sources sources = Sources::kWith) const;
  //! What each of those prepared queries holds between runs, in bytes (its
  //! evaluators; the last answer is held besides).
  [[nodiscard]] std::size_t ClosureKeptBytes() const;
  [[nodiscard]] std::size_t SameLeaderOverlapKeptBytes() const;
  //! Frees what the kept queries hold (evaluators, last answers); they are
  //! prepared again when next run.
  void ReleaseKept();

  // Straight to the store's indexes, the floor the query layer could reach.
  Answer LeadersOnDirect(std::string_view organisation, std::int32_t day) const;
  Answer LeadsOnDirect(std::int32_t day) const;
  Answer ReachableDirect(std::string_view organisation) const;
  Answer ClosureDirect() const;
  Answer SameLeaderOverlapDirect() const;

  [[nodiscard]] const engine::Store& store() const { return store_; }
  [[nodiscard]] engine::Store& store() { return store_; }

  //! The query text each workload sends (also printed by annals_compare).
  static std::string LeadersOnText(std::string_view organisation, std::int32_t day);
  static std::string LeadsOnText(std::int32_t day);
  static std::string ReachableText(std::string_view organisation);
  static std::string ClosureText();
  static std::string SameLeaderOverlapText();

 private:
  Answer Run(const std::string& text, Sources sources = Sources::kWith) const;
  static Answer Count(const QueryResult& result);
  const query::PreparedQuery& Prepared(std::unique_ptr<query::PreparedQuery>* slot,
                                       std::string_view text) const;
  const query::PreparedQuery& PreparedKeepingMemory(std::unique_ptr<query::PreparedQuery>* slot,
                                                    std::string_view text) const;
  //! Runs `prepared` into the memory of `last`, and keeps the answer there.
  Answer RunKept(const query::PreparedQuery& prepared, Sources sources, QueryResult* last) const;
  [[nodiscard]] engine::RelationId Relation(const char* name) const;

  engine::Store store_;
  mutable std::unique_ptr<query::PreparedQuery> leaders_on_;
  mutable std::unique_ptr<query::PreparedQuery> leads_on_;
  mutable std::unique_ptr<query::PreparedQuery> reachable_;
  mutable std::unique_ptr<query::PreparedQuery> closure_kept_;
  mutable std::unique_ptr<query::PreparedQuery> same_leader_kept_;
  mutable QueryResult closure_last_;  //!< the kept closure's last answer, written over
  mutable QueryResult same_leader_last_;
  mutable std::vector<std::string_view> names_;  //!< reused result buffer of direct calls
};

}  // namespace annals::bench
