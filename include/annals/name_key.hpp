// annals::NameKey: the key Annals looks entity names up by, for programs that
// match names the way queries do (a search box, a list filtered as typed).
#pragma once

#include <annals/export.hpp>

#include <string>
#include <string_view>

namespace annals {

//! The lookup key of `name`: Unicode's compatibility caseless match (NFKC
//! with full case folding, composed: NameKey("E\u0301COLE") == "\u00E9cole");
//! apostrophe-like marks (U+02BB, U+02BC, U+2018, U+2019, U+00B4, U+2032)
//! read as ' and dashes as -; invisible characters (soft hyphen, zero-width
//! joiners) dropped; each run of white space (the Unicode spaces included)
//! read as one space, and none at either end. Two names are the same entity's
//! when their keys are equal: NameKey("Communist  Party of BUKHARA") ==
//! NameKey("communist party of bukhara"). Bytes that are not UTF-8 are kept.
[[nodiscard]] ANNALS_API std::string NameKey(std::string_view name);

}  // namespace annals
