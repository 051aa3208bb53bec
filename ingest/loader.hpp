// Loading files into a store: picks the reader by extension, walks
// directories, and gathers every reader's diagnostics into one report.
#pragma once

#include <annals/database.hpp>

#include "engine/store/store.hpp"

#include <string>
#include <string_view>

namespace annals::ingest {

//! A file (.txt/.wiki article, .json, .tsv, .dl) or a directory of them.
//! Throws Error(kData) only when `path` cannot be opened at all.
LoadReport LoadPath(engine::Store& store, const std::string& path, const LoadOptions& options);

//! Text in memory; `format` is "article", "json", "tsv" or "dl".
LoadReport LoadText(engine::Store& store, std::string_view text, std::string_view format,
                    std::string_view source_name, const LoadOptions& options);

}  // namespace annals::ingest
