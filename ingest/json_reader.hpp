// Reader for JSON fact files (.json): {"entities": [...], "facts": [...]}.
// The schema is documented in docs/formats.md.
#pragma once

#include <annals/database.hpp>

#include "engine/store/store.hpp"

#include <string_view>

namespace annals::ingest {

//! Reads one JSON document. A syntax error rejects the whole file (with the
//! line:column RapidJSON stopped at); a bad entity or fact is rejected alone
//! and the good ones load, and so is one holding a number too big for a
//! double, which RapidJSON alone would treat as a syntax error.
void ReadJson(engine::Store& store, std::string_view text, std::string_view source_name,
              LoadReport& report);

}  // namespace annals::ingest
