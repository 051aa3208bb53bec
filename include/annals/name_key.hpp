// annals::NameKey: the key Annals looks entity names up by, for programs that
// match names the way queries do (a search box, a list filtered as typed).
#pragma once

#include <annals/export.hpp>

#include <string>
#include <string_view>

namespace annals {

//! The lookup key of `name`: case folded for ASCII, Latin-1, Latin
//! Extended-A, Greek and Cyrillic; typographic apostrophes and dashes read as
//! ' and -; each run of white space (the Unicode spaces included) read as one
//! space, and none at either end. Two names are the same entity's when their
//! keys are equal: NameKey("Communist  Party of BUKHARA") ==
//! NameKey("communist party of bukhara"). Bytes that are not UTF-8 are kept.
[[nodiscard]] ANNALS_API std::string NameKey(std::string_view name);

}  // namespace annals
