// Stratification: orders the derived relations so that every relation is
// complete before anything negates or aggregates it; rejects programs where a
// relation depends on itself through negation or aggregation.
#pragma once

#include "query/analysis/checked_program.hpp"
#include "query/analysis/error_context.hpp"

#include <vector>

namespace annals::query {

//! Strata, in evaluation order, of the derived relations marked in `needed`
//! (relations the query depends on, directly or through rules). Throws
//! kNotStratifiable naming the cycle, pointing at the negation or aggregate.
[[nodiscard]] std::vector<Stratum> Stratify(const CheckedProgram& program,
                                            const std::vector<bool>& needed,
                                            const ErrorContext& context);

//! The derived relations `literals` depend on, transitively through rules.
[[nodiscard]] std::vector<bool> NeededRelations(const CheckedProgram& program,
                                                const std::vector<CheckedLiteral>& literals);

}  // namespace annals::query
