// The bundled dataset as API tests load it: through the public Database.
#pragma once

#include <annals/database.hpp>

#include <catch2/catch.hpp>

#include <string>

namespace annals::testing {

inline Database LoadBundledDataset() {
  Database db;
  const LoadReport report =
      db.Load(std::string(ANNALS_SOURCE_DIR) + "/datasets/central-asia-1918-1924");
  REQUIRE(report.facts > 0);
  return db;
}

}  // namespace annals::testing
