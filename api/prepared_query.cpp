// Public prepared queries over the query layer's query::PreparedQuery. The
// plan is made for one state of the store; a change to the database bumps its
// generation, and the next Execute re-plans under the shared lock, so a
// prepared query never runs a plan whose ids or statistics are stale.
#include <annals/prepared_query.hpp>

#include "query/prepared.hpp"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <mutex>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "api/database_impl.hpp"
#include "api/parameter_name.hpp"

namespace annals {

namespace {

// Every value must name a parameter of the query: a misspelt name would
// otherwise leave the parameter unset and the value unused.
void CheckName(const std::string& name, const std::vector<std::string>& parameters,
               const std::string& context) {
  if (std::find(parameters.begin(), parameters.end(), name) == parameters.end()) {
    throw Error(ErrorCode::kInvalidArgument, context + UnknownParameter(name, parameters));
  }
}

void CheckNames(const Parameters& params, const std::vector<std::string>& parameters,
                const std::string& context) {
  for (const auto& [name, value] : params.values()) CheckName(name, parameters, context);
}

}  // namespace

Parameters& Parameters::Set(std::string_view name, Value value) {
  std::string key = ParameterName(name);
  for (auto& [existing, existing_value] : values_) {
    if (existing == key) {
      existing_value = std::move(value);
      return *this;
    }
  }
  values_.emplace_back(std::move(key), std::move(value));
  return *this;
}

Parameters& Parameters::Set(std::string_view name, std::string_view text) {
  return Set(name, Value::String(std::string(text)));
}

Parameters& Parameters::Set(std::string_view name, const char* text) {
  if (text == nullptr) {
    throw Error(ErrorCode::kInvalidArgument,
                "value of parameter $" + ParameterName(name) + " is a null pointer");
  }
  return Set(name, std::string_view(text));
}

Parameters& Parameters::Set(std::string_view name, const VagueDate& date) {
  return Set(name, Value::Date(date));
}

Parameters& Parameters::Set(std::string_view name, const Period& period) {
  return Set(name, Value::OfPeriod(period));
}

struct PreparedQuery::Impl {
  const Database::Impl* database = nullptr;
  std::string text;
  std::vector<std::string> columns;
  std::vector<std::string> parameters;

  // The plan and the database generation it was made for. The plan is
  // replaced, under `mutex`, only by a run that finds the generation behind
  // the database's; MemoryKeptBetweenRuns holds a reference of its own.
  mutable std::mutex mutex;
  mutable std::shared_ptr<const query::PreparedQuery> plan;
  mutable std::atomic<std::uint64_t> generation{0};
  // KeepMemoryBetweenRuns's limit, given to each plan as it is made.
  std::size_t keep_bytes = query::EvaluatorPool::kDefaultMaxKeptBytes;

  // The plan for the store as it is now. Called under the database's shared
  // lock, so the store and its generation cannot change meanwhile, and the
  // plan returned is not replaced before the caller releases that lock.
  const query::PreparedQuery& CurrentPlan(const engine::Store& store) const {
    // Once the plan's generation is the database's, no run replaces it
    // while this lock is held: the plan is read without taking `mutex`, so
    // that runs on many threads do not queue on it, nor on a reference count.
    if (generation.load(std::memory_order_acquire) == database->generation) return *plan;
    std::lock_guard lock(mutex);
    if (generation.load(std::memory_order_relaxed) != database->generation) {
      auto fresh = std::make_shared<const query::PreparedQuery>(store, text);
      fresh->SetMaxKeptBytes(keep_bytes);
      plan = std::move(fresh);
      generation.store(database->generation, std::memory_order_release);
    }
    return *plan;
  }

  // Both ExecuteBatch overloads, once their sets are views.
  BatchResult RunBatch(std::span<const query::ParamView> sets, const QueryOptions& options) const {
    const query::EvaluatorOptions run = database->RunOptions(options);
    std::vector<std::size_t> set_ends;
    QueryResult rows = database->WithFinalized([&](const engine::Store& store) {
      return CurrentPlan(store).ExecuteBatchWith(run, sets, &set_ends);
    });
    return BatchResult(std::move(rows), std::move(set_ends));
  }
};

PreparedQuery::PreparedQuery(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PreparedQuery::~PreparedQuery() = default;
PreparedQuery::PreparedQuery(PreparedQuery&&) noexcept = default;
PreparedQuery& PreparedQuery::operator=(PreparedQuery&&) noexcept = default;

const std::string& PreparedQuery::text() const { return impl_->text; }
const std::vector<std::string>& PreparedQuery::columns() const { return impl_->columns; }
const std::vector<std::string>& PreparedQuery::parameters() const { return impl_->parameters; }

void PreparedQuery::KeepMemoryBetweenRuns(std::size_t bytes) {
  // Under the lock, so that two calls at once leave the plan with the limit
  // of the one that came last.
  std::lock_guard lock(impl_->mutex);
  impl_->keep_bytes = bytes;
  if (impl_->plan) impl_->plan->SetMaxKeptBytes(bytes);
}

std::size_t PreparedQuery::MemoryKeptBetweenRuns() const {
  std::shared_ptr<const query::PreparedQuery> plan;
  {
    std::lock_guard lock(impl_->mutex);
    plan = impl_->plan;
  }
  return plan ? plan->KeptBytes() : 0;
}

QueryResult PreparedQuery::Execute(const Parameters& params, const QueryOptions& options) const {
  const query::EvaluatorOptions run = impl_->database->RunOptions(options);
  CheckNames(params, impl_->parameters, "");
  return impl_->database->WithFinalized([&](const engine::Store& store) {
    return impl_->CurrentPlan(store).ExecuteWith(run, params.values());
  });
}

QueryResult PreparedQuery::Execute(const Parameters& params, const QueryOptions& options,
                                   QueryResult&& recycled) const {
  QueryResult reused = std::move(recycled);  // empty however this ends
  const query::EvaluatorOptions run = impl_->database->RunOptions(options);
  CheckNames(params, impl_->parameters, "");
  return impl_->database->WithFinalized([&](const engine::Store& store) {
    return impl_->CurrentPlan(store).ExecuteWith(run, params.values(), &reused);
  });
}

BatchResult PreparedQuery::ExecuteBatch(std::span<const Parameters> sets,
                                        const QueryOptions& options) const {
  std::vector<query::ParamView> values;
  values.reserve(sets.size());
  for (std::size_t i = 0; i < sets.size(); ++i) {
    CheckNames(sets[i], impl_->parameters, "parameter set " + std::to_string(i) + ": ");
    values.emplace_back(sets[i].values());
  }
  return impl_->RunBatch(values, options);
}

BatchResult PreparedQuery::ExecuteBatch(const ParameterTable& sets,
                                        const QueryOptions& options) const {
  // The table's names are every set's, so they are checked once: a column
  // the query does not read, or a parameter without a column, fails the
  // whole batch before any set runs.
  const std::vector<std::string>& names = sets.names();
  for (const std::string& name : names) CheckName(name, impl_->parameters, "parameter table: ");
  for (const std::string& parameter : impl_->parameters) {
    if (std::find(names.begin(), names.end(), parameter) == names.end()) {
      throw Error(ErrorCode::kInvalidArgument, "parameter table: no column for parameter $" +
                                                   parameter + "; " +
                                                   ListParameters(impl_->parameters));
    }
  }
  return impl_->RunBatch(query::ViewsOf(sets), options);
}

PreparedQuery Database::Prepare(std::string_view text) const {
  auto prepared = std::make_unique<PreparedQuery::Impl>();
  prepared->database = impl_.get();
  prepared->text = std::string(text);
  impl_->WithFinalized([&](const engine::Store& store) {
    prepared->plan = std::make_shared<const query::PreparedQuery>(store, prepared->text);
    prepared->generation.store(impl_->generation, std::memory_order_relaxed);
    return 0;
  });
  prepared->columns = prepared->plan->columns();
  prepared->parameters = prepared->plan->parameters();
  return PreparedQuery(std::move(prepared));
}

}  // namespace annals
