// Cleaning of wiki residue in article text: [[links]], footnote markers,
// <ref> tags, bold/italic quotes, HTML entities and stray whitespace; and the
// splitting of a pipe-table line into cells.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace annals::ingest {

//! A [[Target|Shown]] link met while cleaning. `target` has its trailing
//! disambiguator removed; `shown` is empty for a plain [[Target]].
struct WikiLink {
  std::string target;
  std::string shown;
};

//! True when the link shows its target under another name that both can be
//! stored under: "[[Communist Party of Bukhara|CPB]]". A side that is only
//! white space (invisible characters included) names nothing.
[[nodiscard]] bool IsAlias(const WikiLink& link);

//! Which side of [[Target|Shown]] stays in cleaned text: the entity (for
//! cells and infobox values that name entities) or the shown words (prose).
enum class LinkText { kTarget, kShown };

//! Cleans one piece of article text; appends every link met to `links`.
[[nodiscard]] std::string CleanWikiText(std::string_view raw, LinkText mode,
                                        std::vector<WikiLink>* links = nullptr);

//! "Abdullo Rakhimbayev (politician)" -> "Abdullo Rakhimbayev"; a parenthesis
//! that starts with a capital ("(Bolsheviks)") is part of the name and stays.
[[nodiscard]] std::string StripDisambiguator(std::string_view target);

//! True for a footnote marker's inside: "1", "note 2", "a", "citation needed".
[[nodiscard]] bool IsFootnoteLabel(std::string_view inside);

//! One cell of a pipe-table line: its raw text and byte offset in the line.
struct TableCell {
  std::string_view raw;
  std::size_t offset = 0;
  bool unclosed_markup = false;  //!< holds a '[[' or '{{' that the row never closes
};

//! Splits "| a | [[B|b]] | c |" into cells. A '|' inside [[…]] or {{…}} never
//! splits; a '[[' or '{{' that the row does not close splits nothing and
//! marks its cell. The leading and the trailing pipe are optional.
[[nodiscard]] std::vector<TableCell> SplitTableRow(std::string_view line);

}  // namespace annals::ingest
