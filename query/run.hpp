// The query layer's one entry point: text in, answer out.
#pragma once

#include <annals/database.hpp>
#include <annals/result.hpp>

#include "engine/store/store.hpp"

#include <string_view>

namespace annals::query {

//! Parses, checks, plans and evaluates `text` (a body, or rules followed by
//! one `?-` query) against a finalized store. Throws annals::Error with the
//! position of the problem for every user error.
[[nodiscard]] QueryResult RunQuery(const engine::Store& store, std::string_view text,
                                   const QueryOptions& options);

}  // namespace annals::query
