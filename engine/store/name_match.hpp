// Name keys and near matches: how entity names are compared.
//
// Names come in many scripts and spellings ("Khorezm People's Soviet
// Republic", "Хорезмская Народная Советская Республика"). Lookup ignores
// letter case, runs of white space and how a character is encoded (é as one
// code point or two): the key is Unicode's compatibility caseless match, with
// the departures scripts/gen_name_fold_tables.py lists.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace annals::engine {

//! Writes the lookup key of `name` to `out` (replacing its contents): each
//! code point folded (NFKD and full case folding; apostrophe-like marks read
//! as ' and dashes as -; invisible ones dropped), marks put in canonical order
//! and composed (NFC), so a key reads as text; every run of white space (ASCII,
//! no-break and the Unicode spaces) read as one space; leading and trailing
//! space dropped. Bytes that are not valid UTF-8 are kept as they are. A key
//! is its own key.
void NormalizeNameInto(std::string_view name, std::string* out);

//! True when `name` has no key: it is empty or only white space and invisible
//! characters (any the key drops, such as U+00A0, U+FEFF or U+200B), so the store refuses it as a
//! name. Readers check with this, not with an ASCII trim, before interning a name.
[[nodiscard]] bool IsBlankName(std::string_view name);

//! The hash of a name's key, as the store's name table places it. It is part
//! of the snapshot format: changing it changes the format's version.
[[nodiscard]] std::uint64_t HashNameKey(std::string_view key);

//! True when `name` is simple: ASCII, white space only as single ' ' between
//! other characters. Its key is then the name with A-Z lower-cased, so it can
//! be hashed and compared without being written out (most names in bulk data
//! are simple). When true, sets `*hash` to HashNameKey() of the key; checking
//! and hashing share one pass.
[[nodiscard]] bool HashSimpleName(std::string_view name, std::uint64_t* hash);

//! Whether the key of the simple name `simple` equals `key`.
[[nodiscard]] bool SimpleNameHasKey(std::string_view simple, std::string_view key);

//! Levenshtein distance between two keys, counted in code points; returns
//! any value > `cutoff` as soon as the distance is known to exceed it.
[[nodiscard]] std::size_t BoundedEditDistance(std::string_view a, std::string_view b,
                                              std::size_t cutoff);

}  // namespace annals::engine
