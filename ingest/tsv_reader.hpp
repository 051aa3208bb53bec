// Reader for temporal quadruple files (.tsv), the shape of YAGO11k and
// Wikidata12k: subject \t relation \t object \t start \t end. Streams: memory
// use does not grow with the file.
#pragma once

#include <annals/database.hpp>
#include <annals/time.hpp>

#include "engine/store/store.hpp"

#include <cstdio>
#include <string>
#include <string_view>

namespace annals::ingest {

//! Reads an open file to its end through a fixed-size buffer.
void ReadTsvFile(engine::Store& store, std::FILE* file, std::string_view source_name,
                 LoadReport& report);
//! Reads TSV text held in memory.
void ReadTsvText(engine::Store& store, std::string_view text, std::string_view source_name,
                 LoadReport& report);

//! A TSV date cell: ISO `1921`, `1921-06`, `1921-06-15` where any part may be
//! all `#` (unknown digits: `1921-##-##` is the year 1921, `192#` the 1920s,
//! `####-##-##` an unknown date), empty for an open end, or any form
//! VagueDate::TryParse reads. False with a message on bad text.
[[nodiscard]] bool ParseTsvDate(std::string_view text, VagueDate* out, std::string* error);

}  // namespace annals::ingest
