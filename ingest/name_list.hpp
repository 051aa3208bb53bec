// Lists of names with optional periods, as infoboxes write them:
// "A (1919), B (1920–1922), C (1920–1921, 1922)" and
// "Russian Communist Party (Bolsheviks) (1922–1924)".
#pragma once

#include <annals/time.hpp>

#include "ingest/wiki_text.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace annals::ingest {

struct NamedItem {
  std::string name;              //!< cleaned; links resolved to their targets
  std::vector<WikiLink> links;   //!< links met in the item (for aliases)
  std::vector<Period> periods;   //!< from a trailing "(…)" that reads as periods
  std::string_view raw;          //!< the item as written (points into the input)
  std::string_view period_text;  //!< the trailing "(…)" inside, when one was read
  //! Set when the trailing "(…)" starts like a date ("(1920–19x)") but does
  //! not read as one: the item must be rejected, not taken as a name.
  std::string period_error;
};

//! Splits a value at top-level commas/semicolons into items, each a name with
//! an optional trailing period list. A trailing parenthesis that does not
//! read as periods ("(Bolsheviks)") stays part of the name. Blank pieces
//! (doubled separators) are skipped; an item whose name cleans to nothing
//! ("[1]", U+FEFF) is kept, with that blank name, for the caller to report.
[[nodiscard]] std::vector<NamedItem> ParseNamedItems(std::string_view value);

//! One item: the name and its trailing periods.
[[nodiscard]] NamedItem ParseNamedItem(std::string_view item);

}  // namespace annals::ingest
