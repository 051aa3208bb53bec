// The done-when checks on the bundled Central Asia 1918-1924 dataset.
#include "engine/store/store.hpp"
#include "ingest/loader.hpp"

#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <vector>

using namespace annals;

namespace {

struct Loaded {
  engine::Store store;
  LoadReport report;
  Loaded() {
    report = ingest::LoadPath(store, ANNALS_SOURCE_DIR "/datasets/central-asia-1918-1924", {});
    store.Finalize();
  }
};

const Loaded& Dataset() {
  static const Loaded loaded;
  return loaded;
}

engine::EntityId Id(const engine::Store& store, const std::string& name) {
  const auto id = store.FindEntity(name);
  INFO("entity " << name);
  REQUIRE(id.has_value());
  return store.Canonical(*id);
}

struct LeadRow {
  std::string person;
  std::string role;
  Period period;
  std::uint32_t line = 0;
};

// Every leads fact whose object is `org` and whose source is `file`.
std::vector<LeadRow> Leads(const engine::Store& store, const std::string& org,
                           const std::string& file) {
  const engine::EntityId org_id = Id(store, org);
  const auto leads = store.FindRelation("leads");
  REQUIRE(leads.has_value());
  std::vector<LeadRow> rows;
  const engine::RelationSchema& schema = store.Schema(*leads);
  for (engine::FactId id = 0; id < store.FactCount(); ++id) {
    const engine::FactView fact = store.Fact(id);
    if (fact.relation != *leads || store.Canonical(fact.object) != org_id) continue;
    if (store.FileName(fact.source.file) != file) continue;
    LeadRow row;
    row.person = std::string(store.EntityName(store.Canonical(fact.subject)));
    row.period = fact.period;
    row.line = fact.source.line;
    for (const engine::Attribute& a : fact.attributes) {
      if (schema.attribute_columns[a.column] == "role")
        row.role = std::string(store.String(a.value.id));
    }
    rows.push_back(row);
  }
  return rows;
}

std::set<std::string> People(const std::vector<LeadRow>& rows) {
  std::set<std::string> people;
  for (const LeadRow& row : rows) people.insert(row.person);
  return people;
}

}  // namespace

TEST_CASE("Dataset: leaders of the three parties", "[ingest][dataset]") {
  const engine::Store& store = Dataset().store;
  const auto khorezm = Leads(store, "Communist Party of Khorezm", "communist-party-of-khorezm.txt");
  CHECK(khorezm.size() == 9);
  CHECK(People(khorezm).size() == 9);
  const auto bukhara = Leads(store, "Communist Party of Bukhara", "communist-party-of-bukhara.txt");
  CHECK(bukhara.size() == 7);
  CHECK(People(bukhara).size() == 7);
  const auto turkestan =
      Leads(store, "Communist Party of Turkestan", "communist-party-of-turkestan.txt");
  CHECK(People(turkestan) == std::set<std::string>{"Pyotr Kobozev", "Nazir Turiakylov",
                                                   "Abdullo Rakhimbayev", "Ferdinand Svetlov"});
  std::vector<std::string> rakhimbayev_periods;
  for (const LeadRow& row : turkestan) {
    if (row.person == "Abdullo Rakhimbayev") rakhimbayev_periods.push_back(row.period.ToIso());
  }
  CHECK(rakhimbayev_periods == std::vector<std::string>{"1920..1921", "1922"});
}

TEST_CASE("Dataset: roles come from the sub-headers", "[ingest][dataset]") {
  const engine::Store& store = Dataset().store;
  for (const LeadRow& row :
       Leads(store, "Communist Party of Bukhara", "communist-party-of-bukhara.txt")) {
    INFO(row.person << " line " << row.line);
    CHECK(row.role == (row.line < 29 ? "Chairman" : "Executive Secretary"));
  }
  for (const LeadRow& row :
       Leads(store, "Communist Party of Khorezm", "communist-party-of-khorezm.txt")) {
    INFO(row.person << " line " << row.line);
    CHECK(row.role == (row.line < 27 ? "Chairman" : "Executive Secretary"));
  }
}

TEST_CASE("Dataset: succession across sub-headers, valid from the new start", "[ingest][dataset]") {
  const engine::Store& store = Dataset().store;
  const auto succeeds = store.FindRelation("succeeds");
  REQUIRE(succeeds.has_value());
  const engine::EntityId mukamilov = Id(store, "Abdurashid Mukamilov");
  const engine::EntityId tursunkhodzhayev = Id(store, "Saidulla Tursunkhodzhayev");
  const engine::EntityId bukhara = Id(store, "Communist Party of Bukhara");
  int found = 0;
  std::size_t in_bukhara = 0;
  for (engine::FactId id = 0; id < store.FactCount(); ++id) {
    const engine::FactView fact = store.Fact(id);
    if (fact.relation != *succeeds) continue;
    REQUIRE(fact.attributes.size() == 1);
    CHECK(fact.attributes[0].value.kind == engine::AttrValue::Kind::kEntity);
    if (store.Canonical(fact.attributes[0].value.id) == bukhara) ++in_bukhara;
    if (store.Canonical(fact.subject) == mukamilov &&
        store.Canonical(fact.object) == tursunkhodzhayev) {
      ++found;
      CHECK(fact.period.start == VagueDate::OnDay(1921, 7, 5));
      CHECK(fact.period.end.form == DateForm::kOpen);
    }
  }
  CHECK(found == 1);
  CHECK(in_bukhara == 6);  // seven leaders, six hand-overs
}

TEST_CASE("Dataset: affiliation with the RCP(b) over 1922-1924", "[ingest][dataset]") {
  const engine::Store& store = Dataset().store;
  const auto affiliated = store.FindRelation("affiliated_with");
  REQUIRE(affiliated.has_value());
  const engine::EntityId rcp = Id(store, "Russian Communist Party (Bolsheviks)");
  std::set<std::string> affiliates_1923;
  for (engine::FactId id = 0; id < store.FactCount(); ++id) {
    const engine::FactView fact = store.Fact(id);
    if (fact.relation != *affiliated || store.Canonical(fact.object) != rcp) continue;
    if (HoldsDuring(fact.period, DayFromCivil(1923, 1, 1), DayFromCivil(1923, 12, 31)) ==
        Certainty::kCertain) {
      affiliates_1923.insert(std::string(store.EntityName(store.Canonical(fact.subject))));
    }
    // Not before 1922 for the two parties whose infobox gives 1922–1924.
    if (store.FileName(fact.source.file) != "communist-party-of-turkestan.txt" &&
        store.FileName(fact.source.file) != "prose.dl") {
      CHECK(HoldsDuring(fact.period, DayFromCivil(1921, 1, 1), DayFromCivil(1921, 12, 31)) ==
            Certainty::kNo);
    }
  }
  CHECK(affiliates_1923 == std::set<std::string>{"Communist Party of Bukhara",
                                                 "Communist Party of Khorezm",
                                                 "Communist Party of Turkestan"});
}

TEST_CASE("Dataset: Abdullo Rakhimbayev is one person who led two parties", "[ingest][dataset]") {
  const engine::Store& store = Dataset().store;
  const engine::EntityId person = Id(store, "Abdullo Rakhimbayev");
  CHECK(store.EntityKind(person) == "person");
  const auto leads = store.FindRelation("leads");
  REQUIRE(leads.has_value());
  std::set<std::string> orgs;
  for (engine::FactId id = 0; id < store.FactCount(); ++id) {
    const engine::FactView fact = store.Fact(id);
    if (fact.relation == *leads && store.Canonical(fact.subject) == person) {
      orgs.insert(std::string(store.EntityName(store.Canonical(fact.object))));
    }
  }
  CHECK(orgs ==
        std::set<std::string>{"Communist Party of Bukhara", "Communist Party of Turkestan"});
}

TEST_CASE("Dataset: titles, kinds, lifespans and aliases in any script", "[ingest][dataset]") {
  const engine::Store& store = Dataset().store;
  const engine::EntityId bukhara = Id(store, "Communist Party of Bukhara");
  CHECK(store.EntityKind(bukhara) == "party");
  REQUIRE(store.Lifespan(bukhara) != nullptr);
  CHECK(store.Lifespan(bukhara)->ToIso() == "1918-09..1924-10-27");
  CHECK(Id(store, "Бухарская коммунистическая партия") == bukhara);
  CHECK(Id(store, "حزب کمونیست بخارا") == bukhara);
  CHECK(Id(store, "buxoro kommunistik  partiyasi") == bukhara);
  CHECK(Id(store, "Түркстан коммунисттик партиясы") == Id(store, "Communist Party of Turkestan"));
  CHECK(store.EntityKind(Id(store, "Soviet Union")) == "state");
}

TEST_CASE("Dataset: nothing skipped silently", "[ingest][dataset]") {
  const LoadReport& report = Dataset().report;
  CHECK(report.files == 4);  // three articles and prose.dl
  bool membership_warned = false;
  bool sources_warned = false;
  for (const Diagnostic& d : report.diagnostics) {
    INFO(d.ToString());
    if (d.severity == Severity::kError) {
      FAIL("the bundled dataset loads without errors");
    }
    membership_warned =
        membership_warned ||
        (d.location.file == "communist-party-of-turkestan.txt" && d.location.line == 23);
    sources_warned = sources_warned || d.location.file == "SOURCES.md";
  }
  CHECK(membership_warned);
  CHECK(sources_warned);
}
