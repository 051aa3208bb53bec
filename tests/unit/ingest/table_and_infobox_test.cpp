// Column and key classification: the words decide, not the sample strings.
#include "ingest/infobox_reader.hpp"
#include "ingest/leader_table.hpp"

#include <catch2/catch.hpp>

using namespace annals::ingest;

TEST_CASE("Leader table headers in many wordings", "[ingest]") {
  for (const char* start : {"Took office", "Term start", "From", "Start", "In office from",
                            "Assumed office", "Since"}) {
    INFO(start);
    CHECK(ClassifyHeader(start) == ColumnRole::kStart);
  }
  for (const char* end : {"Left office", "Term end", "To", "End", "In office to", "Until"}) {
    INFO(end);
    CHECK(ClassifyHeader(end) == ColumnRole::kEnd);
  }
  for (const char* person :
       {"Name", "Leader", "Chairperson", "Chairman", "General Secretary", "[[President]]"}) {
    INFO(person);
    CHECK(ClassifyHeader(person) == ColumnRole::kPerson);
  }
  CHECK(ClassifyHeader("Term") == ColumnRole::kTerm);
  CHECK(ClassifyHeader("Term of office") == ColumnRole::kTerm);
  CHECK(ClassifyHeader("In office") == ColumnRole::kTerm);
  CHECK(ClassifyHeader("From–To") == ColumnRole::kTerm);
  CHECK(ClassifyHeader("Office") == ColumnRole::kRole);
  CHECK(ClassifyHeader("Notes") == ColumnRole::kNote);
  CHECK(ClassifyHeader("Number") == ColumnRole::kOther);
  CHECK(ClassifyHeader("%") == ColumnRole::kOther);
  CHECK(ClassifyHeader("  ") == ColumnRole::kEmpty);
}

TEST_CASE("Leaders headings", "[ingest]") {
  CHECK(IsLeadersHeading("Party leaders"));
  CHECK(IsLeadersHeading("Leadership"));
  CHECK(IsLeadersHeading("List of first secretaries"));
  CHECK(IsLeadersHeading("Heads of state"));
  CHECK_FALSE(IsLeadersHeading("Ethnic composition"));
  CHECK_FALSE(IsLeadersHeading("Membership"));
}

TEST_CASE("Infobox keys", "[ingest]") {
  CHECK(ClassifyInfoboxKey("Founded") == InfoboxKey::kFounded);
  CHECK(ClassifyInfoboxKey("Dissolution") == InfoboxKey::kDissolved);
  CHECK(ClassifyInfoboxKey("dissolved") == InfoboxKey::kDissolved);
  CHECK(ClassifyInfoboxKey("Predecessor") == InfoboxKey::kPredecessor);
  CHECK(ClassifyInfoboxKey("Successor") == InfoboxKey::kSuccessor);
  CHECK(ClassifyInfoboxKey("Merged into") == InfoboxKey::kSuccessor);
  CHECK(ClassifyInfoboxKey("National") == InfoboxKey::kAffiliation);
  CHECK(ClassifyInfoboxKey("Affiliation") == InfoboxKey::kAffiliation);
  CHECK(ClassifyInfoboxKey("Country") == InfoboxKey::kCountry);
  CHECK(ClassifyInfoboxKey("Country2") == InfoboxKey::kCountry);
  CHECK(ClassifyInfoboxKey("leader1") == InfoboxKey::kLeader);
  CHECK(ClassifyInfoboxKey("Ideology") == InfoboxKey::kOther);
}
