// The query layer's one entry point: text in, answer out.
#pragma once

#include <annals/database.hpp>
#include <annals/result.hpp>

#include "engine/store/store.hpp"
#include "query/evaluator.hpp"

#include <string_view>

namespace annals::query {

//! Parses, checks, plans and evaluates `text` (a body, or rules followed by
//! one `?-` query) against a finalized store. Throws annals::Error with the
//! position of the problem for every user error.
[[nodiscard]] QueryResult RunQuery(const engine::Store& store, std::string_view text,
                                   const QueryOptions& options);

//! The same, with the evaluator's own options: EvaluatorOptions::sources =
//! false answers without provenance (rows carry no sources), for callers that
//! only need the rows, such as benchmarks against engines that keep none.
[[nodiscard]] QueryResult RunQueryWith(const engine::Store& store, std::string_view text,
                                       const EvaluatorOptions& options);

}  // namespace annals::query
