// annals::NameKey: the key names are looked up by, as a program sees it.
#include <annals/annals.hpp>

#include <catch2/catch.hpp>

#include "tests/unit/api/bundled_dataset.hpp"

TEST_CASE("NameKey folds case beyond ASCII, spaces and typographic marks", "[api]") {
  CHECK(annals::NameKey("  Communist   Party\tof BUKHARA ") == "communist party of bukhara");
  CHECK(annals::NameKey("БУХАРСКАЯ") == "бухарская");
  CHECK(annals::NameKey("Turar RÏSQULOV") == "turar rïsqulov");
  CHECK(annals::NameKey("ΚΌΣΜΟΣ") == "κόσμοσ");
  CHECK(annals::NameKey("People\u2019s\u00A0Republic") == "people's republic");
  CHECK(annals::NameKey("\xFF\xC3") == "\xFF\xC3");  // not UTF-8: kept as it is
}

TEST_CASE("names with one NameKey find one entity", "[api]") {
  const annals::Database db = annals::testing::LoadBundledDataset();
  for (const annals::EntityInfo& entity : db.Entities()) {
    INFO(entity.name);
    // Written otherwise but with the same key, the name still finds its entity.
    const std::string shouted = "  " + annals::NameKey(entity.name) + "  ";
    REQUIRE(annals::NameKey(shouted) == annals::NameKey(entity.name));
    CHECK(db.Query("?- exists(\"" + shouted + "\") @ _.").size() == 1);
  }
}
