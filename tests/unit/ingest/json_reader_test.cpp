// JSON reader: ids, rejected entities, keys, and numbers (docs/formats.md, JSON).
#include "ingest/json_reader.hpp"

#include "engine/store/store.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace annals;

namespace {

// A JSON text loaded on its own: the facts as `r(subject, object)` lines (and
// attributes as `col=value`), then every diagnostic as `file:line:col: ...`.
struct Loaded {
  std::vector<std::string> facts;
  std::vector<std::string> diagnostics;
  std::size_t entities = 0;
  std::size_t errors = 0;
};

Loaded Load(std::string_view text) {
  engine::Store store;
  LoadReport report;
  ingest::ReadJson(store, text, "t.json", report);
  Loaded loaded;
  loaded.entities = store.EntityCount();
  for (engine::FactId id = 0; id < store.FactCount(); ++id) {
    const engine::FactView fact = store.Fact(id);
    const engine::RelationSchema& schema = store.Schema(fact.relation);
    std::string line = schema.name + "(" + std::string(store.EntityName(fact.subject)) + ", " +
                       std::string(store.EntityName(fact.object));
    for (const engine::Attribute& attribute : fact.attributes) {
      line += ", " + schema.attribute_columns.at(attribute.column) + "=" +
              std::string(attribute.value.kind == engine::AttrValue::Kind::kEntity
                              ? store.EntityName(attribute.value.id)
                              : store.String(attribute.value.id));
    }
    loaded.facts.push_back(line + ")");
  }
  for (const Diagnostic& diagnostic : report.diagnostics) {
    loaded.diagnostics.push_back(diagnostic.ToString());
    if (diagnostic.severity == Severity::kError) ++loaded.errors;
  }
  return loaded;
}

using Lines = std::vector<std::string>;

}  // namespace

TEST_CASE("JSON: a duplicate id is an error at the second entity; the first keeps it",
          "[ingest][json]") {
  const Loaded loaded = Load(
      "{\"entities\": [{\"id\": \"p\", \"name\": \"Alpha\"}, {\"id\": \"p\", \"name\": "
      "\"Beta\"}],\n"
      " \"facts\": [{\"relation\": \"r\", \"subject\": \"p\", \"object\": \"B\"}]}");
  CHECK(loaded.facts == Lines{"r(Alpha, B)"});
  CHECK(loaded.diagnostics ==
        Lines{"t.json:1:52: error: duplicate id \"p\": the entity at t.json:1:22 has it "
              "already; entity rejected"});
  CHECK(loaded.entities == 2);  // Alpha and B: Beta is not in the store
}

TEST_CASE("JSON: a number id and the string of its digits are one id", "[ingest][json]") {
  const Loaded loaded = Load(
      "{\"entities\": [{\"id\": 1, \"name\": \"One\"}, {\"id\": \"1\", \"name\": \"Uno\"},\n"
      "  {\"id\": 1.0, \"name\": \"Float\"}, {\"id\": -0, \"name\": \"Zero\"}],\n"
      " \"facts\": [{\"relation\": \"r\", \"subject\": \"1\", \"object\": 1},\n"
      "  {\"relation\": \"r\", \"subject\": 0, \"object\": \"0\"}]}");
  CHECK(loaded.facts == Lines{"r(One, One)", "r(Zero, Zero)"});
  CHECK(loaded.diagnostics ==
        Lines{"t.json:1:48: error: duplicate id \"1\": the entity at t.json:1:22 has it "
              "already, as 1 (a number id and the string of its digits are the same id); "
              "entity rejected",
              "t.json:2:10: error: \"id\": 1.0 is not an integer (an id that is a number must "
              "be written as a whole number, without a fraction or exponent); entity rejected"});
}

TEST_CASE("JSON: number ids are kept exactly, beyond a double's 53 bits", "[ingest][json]") {
  const Loaded loaded = Load(
      "{\"entities\": [{\"id\": 9007199254740993, \"name\": \"Odd\"},\n"
      "  {\"id\": 9007199254740992, \"name\": \"Even\"},\n"
      "  {\"id\": 18446744073709551615, \"name\": \"Max\"},\n"
      "  {\"id\": -9223372036854775808, \"name\": \"Min\"},\n"
      "  {\"id\": 18446744073709551616, \"name\": \"Over\"}],\n"
      " \"facts\": [{\"relation\": \"r\", \"subject\": 9007199254740993, \"object\": "
      "9007199254740992},\n"
      "  {\"relation\": \"r\", \"subject\": \"18446744073709551615\", \"object\": "
      "-9223372036854775808}]}");
  CHECK(loaded.facts == Lines{"r(Odd, Even)", "r(Max, Min)"});
  CHECK(loaded.diagnostics ==
        Lines{"t.json:5:10: error: \"id\": 18446744073709551616 is out of range for an id "
              "(integers from -9223372036854775808 to 18446744073709551615); entity rejected"});
}

TEST_CASE("JSON: ids that are neither strings nor integers are errors", "[ingest][json]") {
  const Loaded loaded = Load(
      "{\"entities\": [{\"id\": true, \"name\": \"T\"}, {\"id\": [1], \"name\": \"A\"},\n"
      "  {\"id\": 1.5, \"name\": \"F\"}, {\"id\": null, \"name\": \"N\"}],\n"
      " \"facts\": [{\"relation\": \"r\", \"subject\": 1.5, \"object\": \"x\"}]}");
  CHECK(loaded.facts.empty());
  CHECK(loaded.entities == 0);
  CHECK(loaded.diagnostics ==
        Lines{"t.json:1:22: error: \"id\" must be a string or an integer, found a boolean; "
              "entity rejected",
              "t.json:1:49: error: \"id\" must be a string or an integer, found an array; "
              "entity rejected",
              "t.json:2:10: error: \"id\": 1.5 is not an integer (an id that is a number must "
              "be written as a whole number, without a fraction or exponent); entity rejected",
              "t.json:2:36: error: \"id\" must be a string or an integer, found null; entity "
              "rejected",
              "t.json:3:41: error: \"subject\": 1.5 is not an integer (an id that is a number "
              "must be written as a whole number, without a fraction or exponent); fact "
              "rejected"});
}

TEST_CASE("JSON: a fact naming a rejected entity's id is rejected, and says why",
          "[ingest][json]") {
  const Loaded loaded = Load(
      "{\"entities\": [{\"id\": \"k\", \"name\": \"Bad Kind Party\", \"kind\": 5},\n"
      "  {\"id\": \"l\", \"name\": \"Bad Life Party\", \"lifespan\": {\"from\": \"1922\", \"to\": "
      "\"1921\"}}],\n"
      " \"facts\": [{\"relation\": \"r\", \"subject\": \"k\", \"object\": \"x\"},\n"
      "  {\"relation\": \"r\", \"subject\": \"x\", \"object\": \"l\"},\n"
      "  {\"relation\": \"succeeds\", \"subject\": \"x\", \"object\": \"y\", \"attributes\": "
      "{\"org\": \"k\"}},\n"
      "  {\"relation\": \"r\", \"subject\": \"x\", \"object\": \"y\", \"attributes\": {\"party\": "
      "{\"entity\": \"l\"}}}]}");
  CHECK(loaded.facts.empty());
  CHECK(loaded.entities == 0);  // neither the rejected entities nor the facts' x and y
  CHECK(loaded.diagnostics ==
        Lines{"t.json:1:61: error: \"kind\" must be a string, found a number; entity rejected",
              "t.json:2:53: error: lifespan: the period ends (1921) before it starts (1922); "
              "entity rejected",
              "t.json:3:41: error: \"subject\": the entity with the id \"k\" was rejected (see "
              "the error at t.json:1:61); fact rejected",
              "t.json:4:47: error: \"object\": the entity with the id \"l\" was rejected (see "
              "the error at t.json:2:53); fact rejected",
              "t.json:5:81: error: attribute \"org\": the entity with the id \"k\" was rejected "
              "(see the error at t.json:1:61); fact rejected",
              "t.json:6:87: error: attribute \"party\": the entity with the id \"l\" was "
              "rejected (see the error at t.json:2:53); fact rejected"});
}

TEST_CASE("JSON: unknown keys in a lifespan and in {\"entity\"} are warnings", "[ingest][json]") {
  const Loaded loaded = Load(
      "{\"entities\": [{\"id\": \"a\", \"name\": \"A\", \"lifespan\": {\"form\": \"1920\", "
      "\"too\": \"1930\"}}],\n"
      " \"facts\": [{\"relation\": \"r\", \"subject\": \"a\", \"object\": \"b\", "
      "\"attributes\": {\"party\": {\"entity\": \"a\", \"kind\": \"party\"}}}]}");
  CHECK(loaded.facts == Lines{"r(A, b, party=A)"});
  CHECK(loaded.diagnostics ==
        Lines{"t.json:1:53: warning: unknown key \"form\" in lifespan (expected \"from\", "
              "\"to\"); ignored",
              "t.json:1:69: warning: unknown key \"too\" in lifespan (expected \"from\", "
              "\"to\"); ignored",
              "t.json:2:101: warning: unknown key \"kind\" in attribute \"party\"'s "
              "{\"entity\": ...} (expected \"entity\"); ignored"});
}

TEST_CASE("JSON: a repeated key is an error that rejects its record", "[ingest][json]") {
  const Loaded loaded = Load(
      "{\"entities\": [{\"id\": \"a\", \"name\": \"A\", \"name\": \"Z\"},\n"
      "  {\"name\": \"L\", \"lifespan\": {\"from\": 1920, \"from\": 1921}}],\n"
      " \"facts\": [{\"relation\": \"r\", \"subject\": \"a\", \"subject\": \"z\", \"object\": "
      "\"c\"},\n"
      "  {\"relation\": \"r\", \"subject\": \"x\", \"object\": \"c\", \"attributes\": {\"n\": "
      "\"1\", \"n\": \"2\"}},\n"
      "  {\"relation\": \"r\", \"subject\": \"x\", \"object\": \"c\"}],\n"
      " \"facts\": []}");
  CHECK(loaded.facts == Lines{"r(x, c)"});
  CHECK(loaded.diagnostics ==
        Lines{"t.json:6:2: error: duplicate top-level key \"facts\" (the first is at "
              "t.json:3:2); this one is not read",
              "t.json:1:40: error: duplicate key \"name\" in entity (the first is at "
              "t.json:1:27); entity rejected",
              "t.json:2:44: error: duplicate key \"from\" in lifespan (the first is at "
              "t.json:2:30); entity rejected",
              "t.json:3:46: error: duplicate key \"subject\" in fact (the first is at "
              "t.json:3:30); fact rejected",
              "t.json:4:77: error: duplicate key \"n\" in \"attributes\" (the first is at "
              "t.json:4:67); fact rejected"});
}

TEST_CASE("JSON: an entity attribute takes a numeric id; an unknown id says so", "[ingest][json]") {
  const Loaded loaded = Load(
      "{\"entities\": [{\"id\": 7, \"name\": \"Seven\"}],\n"
      " \"facts\": [{\"relation\": \"r\", \"subject\": \"a\", \"object\": \"b\", "
      "\"attributes\": {\"party\": {\"entity\": 7}}},\n"
      "  {\"relation\": \"r\", \"subject\": \"a\", \"object\": \"b\", \"attributes\": "
      "{\"party\": {\"entity\": 8}}},\n"
      "  {\"relation\": \"r\", \"subject\": \"a\", \"object\": \"b\", \"attributes\": "
      "{\"party\": {\"entity\": \"Someone\"}}},\n"
      "  {\"relation\": \"r\", \"subject\": \"a\", \"object\": \"b\", \"attributes\": "
      "{\"party\": {\"name\": \"x\"}}}]}");
  CHECK(loaded.facts == Lines{"r(a, b, party=Seven)", "r(a, b, party=Someone)"});
  CHECK(loaded.diagnostics ==
        Lines{"t.json:3:87: error: attribute \"party\": no entity in this file has the id 8; "
              "fact rejected",
              "t.json:5:76: error: attribute \"party\" must be a string, a number or "
              "{\"entity\": name-or-id}, found an object without \"entity\"; fact rejected"});
}

TEST_CASE("JSON: years must be whole numbers within -9999..9999", "[ingest][json]") {
  const Loaded loaded = Load(
      "{\"facts\": [{\"relation\": \"r\", \"subject\": \"a\", \"object\": \"b\", \"from\": "
      "1921.5},\n"
      "  {\"relation\": \"r\", \"subject\": \"a\", \"object\": \"b\", \"from\": 99999},\n"
      "  {\"relation\": \"r\", \"subject\": \"a\", \"object\": \"b\", \"to\": 1e400},\n"
      "  {\"relation\": \"r\", \"subject\": \"a\", \"object\": \"b\", \"to\": 1e-400},\n"
      "  {\"relation\": \"r\", \"subject\": \"a\", \"object\": \"b\", \"from\": 1921.0, \"to\": "
      "-44}]}");
  CHECK(loaded.facts.empty());  // the last one ends before it starts
  REQUIRE(loaded.diagnostics.size() == 5);
  CHECK(loaded.diagnostics[0] ==
        "t.json:1:69: error: \"from\": 1921.5 is not a whole number, so not a year; record "
        "rejected");
  CHECK(loaded.diagnostics[1] ==
        "t.json:2:60: error: \"from\": year 99999 out of range (-9999..9999); record rejected");
  CHECK(loaded.diagnostics[2] ==
        "t.json:3:58: error: \"to\": year 1e400 out of range (-9999..9999); record rejected");
  CHECK(loaded.diagnostics[3] ==
        "t.json:4:58: error: \"to\": 1e-400 is not a whole number, so not a year; record "
        "rejected");
  CHECK(loaded.diagnostics[4].find("t.json:5:74: error: \"to\" lies before \"from\"") == 0);
}

TEST_CASE("JSON: a number too big for a double rejects only its record", "[ingest][json]") {
  const Loaded loaded = Load(
      "{\"facts\": [\n"
      "  {\"relation\": \"r\", \"subject\": \"a\", \"object\": \"b\", \"attributes\": "
      "{\"note\": 1e400}},\n"
      "  {\"relation\": \"r\", \"subject\": \"a\", \"object\": \"c\", \"attributes\": "
      "{\"note\": -2E+999, \"n\": 1}},\n"
      "  {\"relation\": \"r\", \"subject\": \"a\", \"object\": \"d\", \"attributes\": "
      "{\"note\": 0.1234567891234567891, \"big\": 9007199254740993}}]}");
  CHECK(loaded.facts == Lines{"r(a, d, note=0.1234567891234567891, big=9007199254740993)"});
  CHECK(loaded.diagnostics ==
        Lines{"t.json:2:75: error: attribute \"note\": the number 1e400 is out of range (no "
              "double holds it); fact rejected",
              "t.json:3:75: error: attribute \"note\": the number -2E+999 is out of range (no "
              "double holds it); fact rejected"});
}

TEST_CASE("JSON: past 16 numbers too big for a double, the file is rejected", "[ingest][json]") {
  std::string text = "{\"facts\": [";
  for (int i = 0; i < 17; ++i) text += std::string(i == 0 ? "" : ",") + "1e999";
  text += "]}";
  const Loaded loaded = Load(text);
  CHECK(loaded.diagnostics ==
        Lines{"t.json:1:108: error: JSON number 1e999 out of range (no double holds it); more "
              "than 16 such numbers in the file, so the file is rejected"});
}
