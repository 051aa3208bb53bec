// The evaluator: runs a checked program against a store. Strata in order;
// inside a recursive stratum, semi-naive rounds (each round joins only the
// pieces the previous round added) until nothing new is derived; then the
// query, whose rows are collected, deduplicated, sorted and given their
// sources (and, on request, their derivations).
#pragma once

#include <annals/database.hpp>
#include <annals/result.hpp>
#include <annals/value.hpp>

#include "engine/store/store.hpp"
#include "query/analysis/checked_program.hpp"
#include "query/param_view.hpp"
#include "query/planner.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace annals::query {

struct EvaluatorOptions {
  QueryOptions query;
  //! The store's InterruptCount when the caller's call began (before its
  //! lock and parsing), so that an interrupt meanwhile stops the run; none:
  //! read when the run starts.
  std::optional<std::uint32_t> interrupts_seen;
  //! Test hook: evaluate recursive strata naively (every rule over the whole
  //! relations each round) instead of semi-naively. Same answers, slower.
  bool naive = false;
  //! Test hook: off, transitive closures go through semi-naive rounds like
  //! every other recursion instead of a search (query/closure.hpp).
  bool closure_search = true;
  //! Test hook: off, point lookups go through the general evaluator instead
  //! of their short path (query/point_lookup.hpp).
  bool point_lookup = true;
  //! Test hook: off, a query showing one derived relation (`?- r(X, Y).`,
  //! `?- r("a", Y).`: ShownTableOf) goes through a body run and the answer's
  //! sink like any other, instead of reading the table's pieces straight
  //! into the answer.
  bool shown_table = true;
  //! Test hook: off, the closure from one start that a query shows as it
  //! stands (`?- reach($org, Y).`) goes into its table and is read back,
  //! instead of straight from the search into the answer.
  bool closure_answer = true;
};

//! An evaluator for one program over one store, run any number of times. It
//! keeps the working memory its runs grew (tables, buffers, the answer's
//! scratch), so a prepared query run again allocates little. Each run
//! starts from an empty state: answers are those of Evaluate. One run at a
//! time; the program, text, plans and store must outlive it unchanged.
class Evaluator {
 public:
  Evaluator(const CheckedProgram& program, const engine::Store& store, std::string_view text,
            const PlansAhead* plans_ahead = nullptr);
  ~Evaluator();
  Evaluator(Evaluator&&) noexcept;
  Evaluator& operator=(Evaluator&&) noexcept;
  Evaluator(const Evaluator&) = delete;
  Evaluator& operator=(const Evaluator&) = delete;

  //! As Evaluate. With `recycled`, the answer is written into its memory
  //! (QueryResultBuilder::ReuseMemoryOf), and it is left empty, also when
  //! the run throws.
  [[nodiscard]] QueryResult Run(const EvaluatorOptions& options, const ParamValues& params = {},
                                QueryResult* recycled = nullptr);
  //! Evaluates the program once per parameter set, into one answer: the rows
  //! of set 0, then those of set 1, ..., each set's rows as Evaluate would
  //! give them. `set_ends[i]` is the row count after set i. The time-out
  //! covers the whole batch; the row limit applies to each set. An error in a
  //! set is thrown with "parameter set N: " before its message.
  [[nodiscard]] QueryResult RunBatch(const EvaluatorOptions& options,
                                     std::span<const ParamView> sets,
                                     std::vector<std::size_t>* set_ends);
  //! The bytes the evaluator holds between runs: a keeper of evaluators can
  //! drop one that a large answer left big.
  [[nodiscard]] std::size_t CapacityBytes() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

//! How a query shows one derived relation: `?- r(X, Y).` or `?- r("a", Y).`,
//! one atom without a time clause, each column a constant or a variable of
//! its own, every variable an answer column. Its answer is then the live
//! pieces of the tuples holding the constants, as they stand, each already
//! a distinct row (such tuples differ in a shown column; a tuple's pieces
//! differ in validity), so the evaluator reads them into the answer without
//! a body run or a duplicate check.
struct ShownTable {
  std::uint32_t relation = 0;  //!< the derived relation
  //! The columns the atom gives: (column, constant index).
  std::vector<std::pair<std::uint32_t, std::uint32_t>> given;
  //! The atom column each answer column shows.
  std::vector<std::uint32_t> columns;
  //! No column given and the answer's columns in the atom's order: a row is
  //! its tuple as stored.
  bool as_stored = false;
};

//! The table `query` shows, or nothing when its answer needs a body run.
[[nodiscard]] std::optional<ShownTable> ShownTableOf(const CheckedRule& query);

//! Whether `program` is one closure from one start (query/closure.hpp) and a
//! query showing its other end, as it stands: `?- reach($org, Y).` over
//! reach's two rules and nothing else. The evaluator then writes the
//! search's pairs straight into the answer (EvaluatorOptions::closure_answer).
[[nodiscard]] bool AnswersFromClosureSearch(const CheckedProgram& program);

//! Evaluates `program`; `text` is the query text errors point into.
//! `plans_ahead`, when given, holds plans made when the query was prepared
//! (PlanAhead); the others are made here. Throws annals::Error:
//! kLimit (time-out, row limit), kUnknownEntity and kInvalidArgument
//! (parameters), kInvalidArgument (sum over non-numbers).
[[nodiscard]] QueryResult Evaluate(const CheckedProgram& program, const engine::Store& store,
                                   std::string_view text, const EvaluatorOptions& options,
                                   const ParamValues& params = {},
                                   const PlansAhead* plans_ahead = nullptr);

}  // namespace annals::query
