// Role names from leader-table sub-headers: "Chairmen of the Communist Party
// of Bukhara" -> "Chairman", "Executive Secretaries of the ..." -> "Executive
// Secretary".
#pragma once

#include <string>
#include <string_view>

namespace annals::ingest {

//! The role a sub-header names: the words before " of " (or the whole text),
//! with a trailing parenthesis dropped and the last word made singular.
[[nodiscard]] std::string RoleFromSubheader(std::string_view text);

//! English singular of one word: Chairmen -> Chairman, Secretaries ->
//! Secretary, Presidents -> President, Bosses -> Boss; other words unchanged.
[[nodiscard]] std::string SingularWord(std::string_view word);

}  // namespace annals::ingest
