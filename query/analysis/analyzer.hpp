// Semantic analysis: syntax tree -> checked program. Resolves relations
// (unknown relation, arity), constants (unknown entity, dates), variables
// (safety) and rule order (stratification).
#pragma once

#include "engine/store/store.hpp"
#include "query/analysis/checked_program.hpp"
#include "query/ast.hpp"

#include <string_view>

namespace annals::query {

//! Throws annals::Error rendered against `text` for every user error.
[[nodiscard]] CheckedProgram Analyze(const Program& program, const engine::Store& store,
                                     std::string_view text);

}  // namespace annals::query
