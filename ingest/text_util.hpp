// Small string helpers shared by the readers: trimming, ASCII case folding,
// splitting at top-level separators, and relation-name checks.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace annals::ingest {

//! `text` without the UTF-8 byte order mark some editors write first: it is
//! no part of the text, and no reader should see it (it would be an
//! unexpected character, a JSON syntax error, or the start of a first name).
[[nodiscard]] std::string_view WithoutByteOrderMark(std::string_view text);
//! Removes ASCII whitespace (and no-break spaces) at both ends.
[[nodiscard]] std::string_view Trim(std::string_view text);
//! Lower-cases ASCII letters only; other bytes are kept as they are.
[[nodiscard]] std::string AsciiLower(std::string_view text);
[[nodiscard]] bool StartsWithNoCase(std::string_view text, std::string_view prefix);
[[nodiscard]] bool EqualsNoCase(std::string_view a, std::string_view b);
//! Replaces every run of whitespace by one space and trims.
[[nodiscard]] std::string CollapseSpaces(std::string_view text);

//! Splits at any of `separators` that is outside (), [] and [[…]], trimming
//! each piece and leaving out empty pieces.
[[nodiscard]] std::vector<std::string_view> SplitTopLevel(std::string_view text,
                                                          std::string_view separators);

//! True for `leads`, `affiliated_with`, `has_2nd_name`: [a-z][a-z0-9_]*.
[[nodiscard]] bool IsSnakeCase(std::string_view name);
//! "Took office" -> "took_office", "isAffiliatedTo" -> "is_affiliated_to",
//! "%" -> "percent"; "" when nothing usable remains.
[[nodiscard]] std::string ToSnakeCase(std::string_view text);

//! Offset just past the ')' matching the '(' at `open`, or npos.
[[nodiscard]] std::size_t MatchingParen(std::string_view text, std::size_t open);

}  // namespace annals::ingest
