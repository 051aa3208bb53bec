// annals::PreparedQuery: a query parsed, checked and planned once, then run
// many times with different $parameter values (an entity name, a date).
#pragma once

#include <annals/batch_result.hpp>
#include <annals/database.hpp>
#include <annals/export.hpp>
#include <annals/parameter_table.hpp>
#include <annals/result.hpp>
#include <annals/time.hpp>
#include <annals/value.hpp>

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace annals {

//! Values for the $parameters of a prepared query, by name. A value set
//! twice keeps the last one. Where the query expects an entity, a text value
//! names it (aliases match as in a quoted constant); where it expects a date
//! or a time window (`@ $when`), a text value is read as a date expression
//! ("mid-1921", "1921-06"), and a Value::Date, a Value::OfPeriod or a whole
//! Value::Number (a year) are accepted too.
class ANNALS_API Parameters {
 public:
  //! No values.
  Parameters() = default;

  //! Sets `name` (with or without the leading '$') to `value`.
  Parameters& Set(std::string_view name, Value value);
  //! Sets `name` to a text: an entity name, a date expression or a string.
  Parameters& Set(std::string_view name, std::string_view text);
  //! Same as the string_view overload (so that literals do not pick Value).
  Parameters& Set(std::string_view name, const char* text);
  //! Sets `name` to a date.
  Parameters& Set(std::string_view name, const VagueDate& date);
  //! Sets `name` to a period (for `@ $window`).
  Parameters& Set(std::string_view name, const Period& period);

  //! The values, by name without '$', in the order first set.
  [[nodiscard]] const std::vector<std::pair<std::string, Value>>& values() const { return values_; }
  //! True when no value is set.
  [[nodiscard]] bool empty() const { return values_.empty(); }

 private:
  std::vector<std::pair<std::string, Value>> values_;
};

//! A query prepared by Database::Prepare. Execute is const and may be called
//! from any number of threads at once on one PreparedQuery: each call takes
//! its Parameters as an argument, so no binding state is shared. Between
//! runs it keeps the working memory of a few evaluators (at most eight, of at
//! most 1 MiB each unless KeepMemoryBetweenRuns says otherwise), so that a
//! run again allocates little.
//!
//! It reads the Database it came from, which must outlive it (moving the
//! Database is fine: the prepared query follows the data). When that database
//! changes (Load, AddFact, ...), the next Execute re-plans the query against
//! the new data, so answers always match Database::Query on the same text.
class ANNALS_API PreparedQuery {
 public:
  ~PreparedQuery();
  PreparedQuery(PreparedQuery&&) noexcept;
  PreparedQuery& operator=(PreparedQuery&&) noexcept;
  PreparedQuery(const PreparedQuery&) = delete;
  PreparedQuery& operator=(const PreparedQuery&) = delete;

  //! The query text as prepared.
  [[nodiscard]] const std::string& text() const;
  //! The answer's columns, as QueryResult::columns() will name them.
  [[nodiscard]] const std::vector<std::string>& columns() const;
  //! The $parameter names (without '$'), in order of first use.
  [[nodiscard]] const std::vector<std::string>& parameters() const;

  //! Runs the query with `params`. Throws Error(kInvalidArgument) when a
  //! value names no parameter of the query, when a parameter has no value, or
  //! when a value is of a kind its place cannot take (a period where an entity
  //! is expected); Error(kUnknownEntity) when a text names no entity;
  //! Error(kSyntax) when a text where a date is expected is no date;
  //! Error(kLimit) on limits, as Database::Query.
  [[nodiscard]] QueryResult Execute(const Parameters& params = {},
                                    const QueryOptions& options = {}) const;
  //! Runs the query as Execute(params, options) does, and writes the answer
  //! into the memory of `recycled`: an earlier answer, of this query or of
  //! any other, that the caller is done with. It is left empty, also when
  //! this throws. A large query asked again and again,
  //!   answer = query.Execute(params, options, std::move(answer));
  //! then writes each answer where the last one was, instead of into fresh
  //! memory that has to be faulted in on every run (with KeepMemoryBetweenRuns,
  //! which keeps the rest; the README's Performance section has the figures).
  [[nodiscard]] QueryResult Execute(const Parameters& params, const QueryOptions& options,
                                    QueryResult&& recycled) const;

  //! Runs the query once for each of `sets`, into one BatchResult: set i's
  //! rows are those Execute(sets[i], options) gives, in the same order. For
  //! a list of questions of one shape (who led each of these parties on each
  //! of these days): one call, one answer, under one lock of the database.
  //! For `?- leads(P, $org) @ $day.` it is several times as fast as a loop
  //! of Execute (4.4-7.6x in annals_compare at 1M facts, 0.3.9; the
  //! README's Performance section has the runs); many sets are best given
  //! as a ParameterTable (below). The errors are
  //! Execute's, for the first set that fails, with "parameter set N: "
  //! before the message; nothing is returned then. The row limit applies to
  //! each set, the time-out to the whole batch.
  [[nodiscard]] BatchResult ExecuteBatch(std::span<const Parameters> sets,
                                         const QueryOptions& options = {}) const;
  //! The same over the sets of a table, whose names are checked once for
  //! the whole batch: Error(kInvalidArgument) for a name the query does not
  //! have or a parameter without a column, before any set runs. The values'
  //! errors are Execute's, with "parameter set N: " before the message.
  [[nodiscard]] BatchResult ExecuteBatch(const ParameterTable& sets,
                                         const QueryOptions& options = {}) const;

  //! Lets each run leave up to `bytes` of its working memory to the next
  //! runs of this query; by default 1 MiB, what a small lookup needs. A large
  //! query asked again and again gains from more: it keeps its join indexes
  //! and edge graphs, built on its first run, and its working tables, whose
  //! memory would otherwise be mapped and faulted in afresh on every run (the
  //! README's Performance section has the figures). The memory stays held,
  //! at most eight runs' worth, until this query is destroyed, the database
  //! changes, or this is called with less: what is held beyond the new limit
  //! is freed before it returns, and 0 keeps nothing. Safe to call while
  //! runs are under way; each run that ends afterwards follows it.
  void KeepMemoryBetweenRuns(std::size_t bytes);
  //! The working memory held now for the next runs, in bytes.
  [[nodiscard]] std::size_t MemoryKeptBetweenRuns() const;

  struct Impl;  //!< the implementation (api/prepared_query.cpp); not part of the API

 private:
  friend class Database;
  explicit PreparedQuery(std::unique_ptr<Impl> impl);

  std::unique_ptr<Impl> impl_;
};

}  // namespace annals
