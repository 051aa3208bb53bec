// Inference of an entity's kind (party, state, organisation, ...) from the
// words of its name, for names met in articles that say no more about them.
#pragma once

#include <string>
#include <string_view>

namespace annals::ingest {

//! "party" for "... Party ...", "state" for names with Republic, SSR,
//! Khanate, Emirate, Oblast, Union, ..., "organisation" for Committee, Bureau,
//! League, Army, ...; "" when the words say nothing.
[[nodiscard]] std::string InferKindFromName(std::string_view name);

}  // namespace annals::ingest
