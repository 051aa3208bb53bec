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
#include "query/planner.hpp"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace annals::query {

//! Values of a prepared query's $parameters, by name (without '$').
using ParamValues = std::vector<std::pair<std::string, Value>>;

struct EvaluatorOptions {
  QueryOptions query;
  //! Test hook: evaluate recursive strata naively (every rule over the whole
  //! relations each round) instead of semi-naively. Same answers, slower.
  bool naive = false;
  //! Test hook: off, transitive closures go through semi-naive rounds like
  //! every other recursion instead of a search (query/closure.hpp).
  bool closure_search = true;
};

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
