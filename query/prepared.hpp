// Prepared queries: parse, check and resolve names once, run many times with
// different $parameter values (an entity, a date). For embedding and for
// workloads of many small lookups, where parsing would dominate.
#pragma once

#include <annals/database.hpp>
#include <annals/result.hpp>

#include "engine/store/store.hpp"
#include "query/analysis/checked_program.hpp"
#include "query/evaluator.hpp"
#include "query/evaluator_pool.hpp"
#include "query/planner.hpp"

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace annals::query {

class PreparedQuery {
 public:
  //! Throws annals::Error for syntax and semantic errors. The store must
  //! outlive the prepared query and not change while it is used.
  PreparedQuery(const engine::Store& store, std::string_view text);
  // The evaluator pool points into the members.
  PreparedQuery(const PreparedQuery&) = delete;
  PreparedQuery& operator=(const PreparedQuery&) = delete;

  [[nodiscard]] const std::vector<std::string>& columns() const { return program_.columns; }
  //! $parameter names (without '$'), in order of first use.
  [[nodiscard]] const std::vector<std::string>& parameters() const { return program_.parameters; }

  //! Runs the query. Throws kInvalidArgument when a parameter has no value,
  //! kUnknownEntity when a parameter names no entity, kLimit on limits. With
  //! `recycled`, the answer is written into its memory (see Evaluator::Run).
  [[nodiscard]] QueryResult Execute(const QueryOptions& options, const ParamValues& params = {},
                                    QueryResult* recycled = nullptr) const;
  //! The same with the evaluator's options (sources off: rows without provenance).
  [[nodiscard]] QueryResult ExecuteWith(const EvaluatorOptions& options,
                                        const ParamValues& params = {},
                                        QueryResult* recycled = nullptr) const;
  //! Runs the query once per set, into one answer (see Evaluator::RunBatch):
  //! `set_ends[i]` is the row count after set i.
  [[nodiscard]] QueryResult ExecuteBatch(const QueryOptions& options,
                                         std::span<const ParamView> sets,
                                         std::vector<std::size_t>* set_ends) const;
  //! The same with the evaluator's options.
  [[nodiscard]] QueryResult ExecuteBatchWith(const EvaluatorOptions& options,
                                             std::span<const ParamView> sets,
                                             std::vector<std::size_t>* set_ends) const;

  //! Up to how much working memory a run leaves for the next (see
  //! EvaluatorPool); callable while runs are under way.
  void SetMaxKeptBytes(std::size_t bytes) const { evaluators_.SetMaxKeptBytes(bytes); }
  [[nodiscard]] std::size_t KeptBytes() const { return evaluators_.KeptBytes(); }

 private:
  std::string text_;
  CheckedProgram program_;
  PlansAhead plans_;
  mutable EvaluatorPool evaluators_;
};

}  // namespace annals::query
