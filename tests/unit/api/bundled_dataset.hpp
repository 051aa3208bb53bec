// The bundled dataset as API tests load it: through the public Database.
#pragma once

#include <annals/database.hpp>

#include <catch2/catch.hpp>

#include <string>

namespace annals::testing {

//! Successors (a leader whose term meets or overlaps the last one's) and
//! chains of them: recursive rules over the bundled dataset.
inline constexpr const char* kSuccessionRules =
    "succ(A, B) :- leads(A, O) @ T1, leads(B, O) @ T2, A != B, meets(T1, T2).\n"
    "succ(A, B) :- leads(A, O) @ T1, leads(B, O) @ T2, A != B, overlaps(T1, T2).\n"
    "chain(A, B) :- succ(A, B) @ _.\n"
    "chain(A, C) :- chain(A, B) @ _, succ(B, C) @ _.\n";

inline Database LoadBundledDataset() {
  Database db;
  const LoadReport report =
      db.Load(std::string(ANNALS_SOURCE_DIR) + "/datasets/central-asia-1918-1924");
  REQUIRE(report.facts > 0);
  return db;
}

}  // namespace annals::testing
