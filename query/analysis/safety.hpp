// Safety: every variable of a rule must get its value from a positive atom of
// the body (directly, or through `X = Y` and start/end from bound ones).
#pragma once

#include "query/analysis/checked_program.hpp"
#include "query/analysis/error_context.hpp"

namespace annals::query {

//! Throws kUnsafeVariable at the first use of a variable nothing binds.
void CheckSafety(const CheckedRule& rule, const ErrorContext& context);

//! Which variable slots a positive body binds (the fixpoint CheckSafety uses).
[[nodiscard]] std::vector<bool> BoundVariables(const CheckedRule& rule);

}  // namespace annals::query
