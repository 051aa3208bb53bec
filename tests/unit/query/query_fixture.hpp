// A tiny in-memory store for query unit tests: the Bukhara and Khorezm party
// leaders with their real date forms, successions, a dissolution chain, and
// a person who led two parties. Built through the Store API only, so the
// query tests need no reader.
#pragma once

#include <annals/time.hpp>

#include "engine/store/store.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace annals::query::testing {

class Fixture {
 public:
  Fixture() {
    file_ = store_.InternFile("fixture.dl");
    Entity("Communist Party of Bukhara", "party", {"CPB", "Bukharan Communist Party"});
    Entity("Communist Party of Khorezm", "party", {"Khorezm Communist Party"});
    Entity("Communist Party of Uzbekistan", "party", {});
    Entity("Communist Party of Turkmenistan", "party", {});
    Lifespan("Communist Party of Bukhara", "September 1918", "27 October 1924");
    Lifespan("Communist Party of Khorezm", "4 April 1920", "27 October 1924");

    Leads("Nadzhib Khusainov", "Communist Party of Bukhara", "Chairman", "27 June 1919",
          "6 October 1920");
    Leads("Aslamkhodzha Umarkhodzhayev", "Communist Party of Bukhara", "Chairman", "6 October 1920",
          "23 February 1921");
    Leads("Saidulla Tursunkhodzhayev", "Communist Party of Bukhara", "Chairman", "23 February 1921",
          "3 July 1921");
    Leads("Abdurashid Mukamilov", "Communist Party of Bukhara", "Executive Secretary",
          "5 July 1921", "10 January 1922");
    Leads("Mukhtar Saidzhanov", "Communist Party of Bukhara", "Executive Secretary", "1922",
          "June 1923");
    Leads("Abdullo Rakhimbayev", "Communist Party of Bukhara", "Executive Secretary", "4 July 1923",
          "December 1923");

    Leads("Alimdzhan Akchurin", "Communist Party of Khorezm", "Chairman", "4 April 1920",
          "3 June 1920");
    Leads("Mulla Dzhumaniyaz Sultanmuradov", "Communist Party of Khorezm", "Chairman",
          "4 June 1920", "December 1920");
    Leads("Makhmud Musayev", "Communist Party of Khorezm", "Chairman", "December 1920",
          "29 May 1921");
    Leads("Mukhamedzhan Tazetdinov", "Communist Party of Khorezm", "Executive Secretary",
          "29 May 1921", "12 November 1921");
    Leads("Abdullo Rakhimbayev", "Communist Party of Khorezm", "Executive Secretary", "1920",
          "1921");

    Succeeds("Mulla Dzhumaniyaz Sultanmuradov", "Alimdzhan Akchurin", "4 June 1920");
    Succeeds("Makhmud Musayev", "Mulla Dzhumaniyaz Sultanmuradov", "December 1920");
    Succeeds("Mukhamedzhan Tazetdinov", "Makhmud Musayev", "29 May 1921");

    Fact("dissolved_into", "Communist Party of Bukhara", "Communist Party of Uzbekistan",
         "27 October 1924", "27 October 1924");
    Fact("dissolved_into", "Communist Party of Bukhara", "Communist Party of Turkmenistan",
         "27 October 1924", "27 October 1924");
    Fact("dissolved_into", "Communist Party of Uzbekistan", "Communist Party of the USSR", "1991",
         "1991");
    store_.Finalize();
  }

  [[nodiscard]] const engine::Store& store() const { return store_; }
  engine::Store& mutable_store() { return store_; }

 private:
  void Entity(std::string_view name, std::string_view kind,
              const std::vector<std::string>& aliases) {
    const engine::EntityId id = store_.InternEntity(name);
    store_.SetKind(id, kind);
    for (const std::string& alias : aliases) store_.AddAlias(id, alias);
  }
  void Lifespan(std::string_view name, std::string_view from, std::string_view to) {
    store_.SetLifespan(store_.InternEntity(name),
                       Period::Make(VagueDate::Parse(from), VagueDate::Parse(to)),
                       engine::SourceRef{file_, ++line_});
  }
  engine::FactId Fact(std::string_view relation, std::string_view subject, std::string_view object,
                      std::string_view from, std::string_view to,
                      const std::vector<engine::Attribute>& attributes = {}) {
    return store_.AddFact(store_.InternRelation(relation), store_.InternEntity(subject),
                          store_.InternEntity(object),
                          Period::Make(VagueDate::Parse(from), VagueDate::Parse(to)),
                          engine::SourceRef{file_, ++line_}, attributes);
  }
  void Leads(std::string_view person, std::string_view org, std::string_view role,
             std::string_view from, std::string_view to) {
    const engine::RelationId leads = store_.InternRelation("leads");
    engine::Attribute attribute;
    attribute.column = store_.InternAttributeColumn(leads, "role");
    attribute.value.kind = engine::AttrValue::Kind::kString;
    attribute.value.id = store_.InternString(role);
    Fact("leads", person, org, from, to, {attribute});
  }
  void Succeeds(std::string_view successor, std::string_view predecessor, std::string_view on) {
    const engine::RelationId succeeds = store_.InternRelation("succeeds");
    engine::Attribute attribute;
    attribute.column = store_.InternAttributeColumn(succeeds, "org");
    attribute.value.kind = engine::AttrValue::Kind::kEntity;
    attribute.value.id = store_.InternEntity("Communist Party of Khorezm");
    Fact("succeeds", successor, predecessor, on, on, {attribute});
  }

  engine::Store store_;
  engine::FileId file_ = 0;
  std::uint32_t line_ = 0;
};

}  // namespace annals::query::testing
