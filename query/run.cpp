// The query entry points: text -> parse -> analyze -> plan/evaluate -> answer.
#include "query/run.hpp"

#include "query/analysis/analyzer.hpp"
#include "query/parser.hpp"
#include "query/prepared.hpp"

#include <new>

namespace annals::query {

namespace {

CheckedProgram Check(const engine::Store& store, std::string_view text) {
  const Program program = ParseQueryText(text);
  return Analyze(program, store, text);
}

template <typename Fn>
QueryResult Guarded(Fn&& fn) {
  try {
    return fn();
  } catch (const std::bad_alloc&) {
    throw Error(ErrorCode::kLimit, "the query ran out of memory; narrow it");
  }
}

}  // namespace

PreparedQuery::PreparedQuery(const engine::Store& store, std::string_view text)
    : text_(text),
      program_(Check(store, text_)),
      plans_(PlanAhead(program_, store)),
      evaluators_(program_, store, text_, &plans_) {}

QueryResult PreparedQuery::ExecuteWith(const EvaluatorOptions& options, const ParamValues& params,
                                       QueryResult* recycled) const {
  return Guarded([&] { return evaluators_.Take()->Run(options, params, recycled); });
}

QueryResult PreparedQuery::Execute(const QueryOptions& options, const ParamValues& params,
                                   QueryResult* recycled) const {
  EvaluatorOptions evaluator_options;
  evaluator_options.query = options;
  return ExecuteWith(evaluator_options, params, recycled);
}

QueryResult PreparedQuery::ExecuteBatch(const QueryOptions& options,
                                        std::span<const ParamView> sets,
                                        std::vector<std::size_t>* set_ends) const {
  EvaluatorOptions evaluator_options;
  evaluator_options.query = options;
  return ExecuteBatchWith(evaluator_options, sets, set_ends);
}

QueryResult PreparedQuery::ExecuteBatchWith(const EvaluatorOptions& options,
                                            std::span<const ParamView> sets,
                                            std::vector<std::size_t>* set_ends) const {
  return Guarded([&] { return evaluators_.Take()->RunBatch(options, sets, set_ends); });
}

QueryResult RunQueryWith(const engine::Store& store, std::string_view text,
                         const EvaluatorOptions& options) {
  return Guarded([&] {
    const CheckedProgram program = Check(store, text);
    return Evaluate(program, store, text, options);
  });
}

QueryResult RunQuery(const engine::Store& store, std::string_view text,
                     const QueryOptions& options) {
  EvaluatorOptions evaluator_options;
  evaluator_options.query = options;
  return RunQueryWith(store, text, evaluator_options);
}

}  // namespace annals::query
