// Reader for wiki-like articles (.txt/.wiki): "= Title =", an Infobox of
// "- Key: value" lines, prose, "==Section==" headings and pipe tables.
#pragma once

#include <annals/database.hpp>

#include "engine/store/store.hpp"

#include <string_view>

namespace annals::ingest {

//! Reads one article (already checked to be UTF-8) into `store`, appending
//! diagnostics to `report`. An article without a title line is rejected
//! whole; one without an infobox loads its title, aliases and tables.
void ReadArticle(engine::Store& store, std::string_view text, std::string_view source_name,
                 const LoadOptions& options, LoadReport& report);

}  // namespace annals::ingest
