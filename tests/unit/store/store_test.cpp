// The store's entity, relation and fact bookkeeping: names in any script,
// aliases, same_as merges, kept duplicates and contradictions, attributes.
#include "engine/store/store.hpp"

#include <annals/error.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace annals::engine {
namespace {

Period Days(Day start_lo, Day start_hi, Day end_lo, Day end_hi) {
  return Period{VagueDate{start_lo, start_hi, DateForm::kSpan},
                VagueDate{end_lo, end_hi, DateForm::kSpan}};
}

TEST_CASE("Entity names are looked up ignoring case and white space", "[engine][store]") {
  Store store;
  const EntityId party = store.InternEntity("Communist Party of Bukhara");
  CHECK(store.InternEntity("communist  party of BUKHARA") == party);
  CHECK(store.FindEntity("  Communist\tParty\nof Bukhara ") == party);
  CHECK(store.FindEntity("COMMUNIST PARTY OF BUKHARA") == party);
  CHECK_FALSE(store.FindEntity("Communist Party of Khiva").has_value());
  CHECK_FALSE(store.FindEntity("CommunistParty of Bukhara").has_value());  // spaces still separate
  CHECK(store.EntityName(party) == "Communist Party of Bukhara");          // kept as first written
  CHECK(store.EntityCount() == 1);
}

TEST_CASE("Normalised names fold case in Latin, Cyrillic and Greek scripts", "[engine][store]") {
  CHECK(Store::NormalizeName("  Khorezm\u00A0 People’s   Republic ") ==
        "khorezm people's republic");
  CHECK(Store::NormalizeName("ХОРЕЗМСКАЯ Народная") == "хорезмская народная");
  CHECK(Store::NormalizeName("ЁЛКА Ђ") == "ёлка ђ");
  CHECK(Store::NormalizeName("ÉCOLE ÀÖØÞ") == "école àöøþ");
  CHECK(Store::NormalizeName("ŁÓDŹ ŽIŽEK") == "łódź žižek");
  CHECK(Store::NormalizeName("ΑΘΗΝΑ") == "αθηνα");
  CHECK(Store::NormalizeName("Mid–Asia") == "mid-asia");
  CHECK(Store::NormalizeName(" \t\n") == "");
  // Arabic script has no case: kept as written, spaces still collapse.
  CHECK(Store::NormalizeName("حزب   شیوعی") == "حزب شیوعی");
  // Not UTF-8: bytes are kept, lookups still exact.
  const std::string broken = std::string("AB\xFF\xC3") + "C";
  CHECK(Store::NormalizeName(broken) == std::string("ab\xFF\xC3") + "c");
}

TEST_CASE("Names that read alike have one key, however their characters are written",
          "[engine][store]") {
  const auto same = [](std::string_view a, std::string_view b) {
    INFO(a << " / " << b);
    CHECK(Store::NormalizeName(a) == Store::NormalizeName(b));
  };
  same("\u00C9cole", "E\u0301cole");                       // precomposed or decomposed (NFD text)
  same("\u0419\u043E\u043B", "\u0418\u0306\u043E\u043B");  // Cyrillic short i, decomposed
  same("a\u0323\u0302", "a\u0302\u0323");                  // two marks in either order
  same("\u1EAD", "a\u0302\u0323");                         // and their precomposed letter
  same("\uFF22\uFF55\uFF4B\uFF48\uFF41\uFF52\uFF41", "Bukhara");  // full-width letters
  same("\uFB01rst", "first");                                     // a ligature
  same("STRASSE", "Stra\u00DFe");                                 // full case folding
  same("Xo\u02BBjayev", "Xo'jayev");                              // Uzbek Latin's apostrophes...
  same("Xo\u2018jayev", "Xo'jayev");
  same("Xo\u00B4jayev", "Xo'jayev");
  same("Bukha\u00ADra", "Bukhara");      // a soft hyphen is dropped
  same("\u1112\u1161\u11AB", "\uD55C");  // Hangul jamo compose
  same("\u0130stanbul", "istanbul");
  same("\u0391\u0398\u0397\u039D\u0391", "\u03B1\u03B8\u03B7\u03BD\u03B1");
  // Keys read as text: composed, lower case.
  CHECK(Store::NormalizeName("E\u0301COLE") == "\u00E9cole");
  // Different letters stay different.
  CHECK(Store::NormalizeName("\u00E9") != Store::NormalizeName("e"));
  CHECK(Store::NormalizeName("\u0439") != Store::NormalizeName("\u0438"));
  // A spacing accent does not become a space and a mark.
  CHECK(Store::NormalizeName("a\u00A8b").find(' ') == std::string::npos);
}

TEST_CASE("A key is its own key", "[engine][store]") {
  // Lookups normalise text that may already be a key (a value pool, an
  // alias stored as typed): normalising twice must change nothing, for every
  // code point alone, after a letter and before a mark.
  std::size_t checked = 0;
  for (char32_t cp = 1; cp < 0x110000; ++cp) {
    if (cp >= 0xD800 && cp <= 0xDFFF) continue;
    std::string one;
    if (cp < 0x80) {
      one = std::string(1, static_cast<char>(cp));
    } else if (cp < 0x800) {
      one = {static_cast<char>(0xC0 | (cp >> 6)), static_cast<char>(0x80 | (cp & 0x3F))};
    } else if (cp < 0x10000) {
      one = {static_cast<char>(0xE0 | (cp >> 12)), static_cast<char>(0x80 | ((cp >> 6) & 0x3F)),
             static_cast<char>(0x80 | (cp & 0x3F))};
    } else {
      one = {static_cast<char>(0xF0 | (cp >> 18)), static_cast<char>(0x80 | ((cp >> 12) & 0x3F)),
             static_cast<char>(0x80 | ((cp >> 6) & 0x3F)), static_cast<char>(0x80 | (cp & 0x3F))};
    }
    for (const std::string& name : {one, "a" + one + "\u0301"}) {
      const std::string key = Store::NormalizeName(name);
      if (Store::NormalizeName(key) != key) {
        FAIL_CHECK("U+" << std::hex << static_cast<std::uint32_t>(cp) << ": key '" << key
                        << "' normalises to '" << Store::NormalizeName(key) << "'");
      }
      ++checked;
    }
  }
  CHECK(checked > 2'000'000);
}

TEST_CASE("Aliases in any script find their entity", "[engine][store]") {
  Store store;
  const EntityId khorezm = store.InternEntity("Khorezm People's Soviet Republic");
  const EntityId bukhara = store.InternEntity("Bukharan People's Soviet Republic");
  store.AddAlias(khorezm, "Хорезмская Народная Советская Республика");
  store.AddAlias(khorezm, "جمهوری شوروی خلق خوارزم");
  store.AddAlias(khorezm, "Khorezmian PSR");
  store.AddAlias(khorezm, "khorezmian   psr");  // same key: not added twice
  CHECK(store.FindEntity("хорезмская народная советская республика") == khorezm);
  CHECK(store.FindEntity("جمهوری  شوروی خلق خوارزم") == khorezm);
  CHECK(store.FindEntity("KHOREZMIAN PSR") == khorezm);
  CHECK(store.InternEntity("Khorezmian PSR") == khorezm);
  CHECK(store.EntityAliases(khorezm).size() == 3);
  CHECK(store.EntityAliases(bukhara).empty());
  CHECK(store.EntityCount() == 2);

  // An alias shared by two entities: both are found; an own name wins.
  const EntityId city = store.InternEntity("Bukhara");
  store.AddAlias(bukhara, "Bukhara");
  CHECK(store.FindEntity("bukhara") == city);
  const std::vector<EntityId> both = store.FindEntities("BUKHARA");
  CHECK(both == std::vector<EntityId>{bukhara, city});

  CHECK_THROWS_AS(store.InternEntity("   "), Error);
  CHECK_THROWS_AS(store.AddAlias(99, "x"), Error);
}

TEST_CASE("Kinds and lifespans are kept per entity", "[engine][store]") {
  Store store;
  const EntityId state = store.InternEntity("Khorezm SSR");
  const EntityId person = store.InternEntity("Nadzhib Khusainov");
  store.SetKind(state, "state");
  store.SetKind(person, "person");
  const FileId file = store.InternFile("communist-party-of-khorezm.txt");
  store.SetLifespan(state, Days(100, 100, 200, 230), SourceRef{file, 7});
  CHECK(store.EntityKind(state) == "state");
  CHECK(store.EntityKind(person) == "person");
  REQUIRE(store.Lifespan(state) != nullptr);
  CHECK(*store.Lifespan(state) == Days(100, 100, 200, 230));
  CHECK(store.LifespanSource(state).line == 7);
  CHECK(store.FileName(store.LifespanSource(state).file) == "communist-party-of-khorezm.txt");
  CHECK(store.Lifespan(person) == nullptr);
  CHECK(store.EntityKind(store.InternEntity("Somebody")) == "");
}

TEST_CASE("Duplicate and contradicting facts are both kept with their sources", "[engine][store]") {
  Store store;
  const RelationId leads = store.InternRelation("leads");
  const EntityId a = store.InternEntity("A");
  const EntityId b = store.InternEntity("B");
  const FileId f1 = store.InternFile("one.txt");
  const FileId f2 = store.InternFile("two.txt");
  const FactId x = store.AddFact(leads, a, b, Days(10, 10, 20, 20), SourceRef{f1, 3});
  const FactId y = store.AddFact(leads, a, b, Days(10, 10, 20, 20), SourceRef{f2, 9});
  const FactId z = store.AddFact(leads, a, b, Days(12, 12, 30, 30), SourceRef{f1, 4});
  CHECK(x != y);
  CHECK(store.FactCount() == 3);
  CHECK(store.FactCount(leads) == 3);
  CHECK(store.Fact(x).source.file == f1);
  CHECK(store.Fact(x).source.line == 3);
  CHECK(store.Fact(y).source.file == f2);
  CHECK(store.Fact(y).source.line == 9);
  CHECK(store.Fact(z).source.file == f1);
  CHECK(store.Fact(z).period == Days(12, 12, 30, 30));
  store.Finalize();
  std::vector<FactId> seen;
  store.FactsOfObjectDuring(leads, b, 15, 15, [&](FactId f) {
    seen.push_back(f);
    return true;
  });
  std::sort(seen.begin(), seen.end());
  CHECK(seen == std::vector<FactId>{x, y, z});
}

TEST_CASE("Facts keep their period forms and attributes", "[engine][store]") {
  Store store;
  const RelationId leads = store.InternRelation("leads");
  CHECK(store.Schema(leads).attribute_columns == std::vector<std::string>{"role", "note"});
  const RelationId located = store.InternRelation("located_in");
  CHECK(store.Schema(located).attribute_columns.empty());
  CHECK(store.InternAttributeColumn(located, "since") == 0);
  CHECK(store.InternAttributeColumn(located, "since") == 0);
  CHECK(store.InternAttributeColumn(leads, "note") == 1);
  CHECK(store.FindRelation("leads") == leads);
  CHECK_FALSE(store.FindRelation("lead").has_value());

  const EntityId p = store.InternEntity("Person");
  const EntityId o = store.InternEntity("Org");
  const Period period{VagueDate{0, 30, DateForm::kMonth}, VagueDate{365, 729, DateForm::kYear}};
  const FactId plain = store.AddFact(located, o, p, period, SourceRef{});
  Attribute role;
  role.column = 0;
  role.value.kind = AttrValue::Kind::kString;
  role.value.id = store.InternString("Chairman");
  Attribute deputy;
  deputy.column = 1;
  deputy.value.kind = AttrValue::Kind::kEntity;
  deputy.value.id = o;
  const Attribute both[] = {role, deputy};
  const FactId rich = store.AddFact(leads, p, o, period, SourceRef{}, both);
  const FactId after = store.AddFact(leads, p, o, period, SourceRef{});

  CHECK(store.Fact(plain).attributes.empty());
  const FactView view = store.Fact(rich);
  CHECK(view.period == period);
  CHECK(view.period.start.form == DateForm::kMonth);
  CHECK(view.period.end.form == DateForm::kYear);
  REQUIRE(view.attributes.size() == 2);
  CHECK(store.String(view.attributes[0].value.id) == "Chairman");
  CHECK(view.attributes[1].value.kind == AttrValue::Kind::kEntity);
  CHECK(view.attributes[1].value.id == o);
  CHECK(store.Fact(after).attributes.empty());

  Attribute undeclared;
  undeclared.column = 5;
  CHECK_THROWS_AS(store.AddFact(leads, p, o, period, SourceRef{}, {&undeclared, 1}), Error);
  CHECK_THROWS_AS(store.AddFact(leads, p, 42, period, SourceRef{}), Error);
  CHECK_THROWS_AS(store.AddFact(leads, p, o, Days(50, 50, 10, 10), SourceRef{}), Error);
  CHECK_THROWS_AS(store.Fact(99), Error);
  CHECK(store.FactCount() == 3);  // rejected facts left nothing behind
}

// A fact's days keep each end's form beside its span in 16 bits, and spans
// too wide for that in a side table: every form, at every span either side
// of the limit, on either end, must come back as it went in.
TEST_CASE("Every date form and span comes back as it went in", "[engine][store]") {
  Store store;
  const RelationId edge = store.InternRelation("edge");
  const EntityId a = store.InternEntity("a");
  const EntityId b = store.InternEntity("b");
  const Day spans[] = {0, 1, 30, 365, 2046, 2047, 2048, 3652, 36524, 70'000};
  std::vector<Period> added;
  for (int f = 0; f <= static_cast<int>(DateForm::kUnknown); ++f) {
    const auto form = static_cast<DateForm>(f);
    for (const Day span : spans) {
      const Day day = static_cast<Day>(added.size()) * 40 - 20'000;
      // The span on the start, then on the end, with a plain day on the other.
      added.push_back(
          Period{VagueDate{day - span, day, form}, VagueDate{day, day, DateForm::kDay}});
      added.push_back(
          Period{VagueDate{day, day, DateForm::kMonth}, VagueDate{day, day + span, form}});
    }
  }
  for (const Period& period : added) store.AddFact(edge, a, b, period, SourceRef{});
  const auto check_all = [&] {
    for (FactId id = 0; id < added.size(); ++id) {
      INFO("fact " << id);
      const Period got = store.Fact(id).period;
      CHECK(got == added[id]);
      CHECK(got.start.form == added[id].start.form);
      CHECK(got.end.form == added[id].end.form);
    }
  };
  check_all();
  store.Finalize();
  check_all();
}

// EndsAndPeriod reads fewer columns than Fact: what it does read must be the
// same, for spans that fit the packed days and spans that do not, forms of
// every kind, and ends merged away before and after a Finalize.
TEST_CASE("A fact's ends and period read alone are those of its whole view", "[engine][store]") {
  Store store;
  const RelationId edge = store.InternRelation("edge");
  std::vector<EntityId> ids;
  for (int i = 0; i < 12; ++i) ids.push_back(store.InternEntity("e" + std::to_string(i)));
  const DateForm forms[] = {DateForm::kDay, DateForm::kMonth, DateForm::kYear, DateForm::kSpan};
  const Day spans[] = {0, 30, 364, 70'000};  // the last past the packed 11 bits
  std::uint32_t step = 0;
  const auto add_facts = [&](int count) {
    for (int i = 0; i < count; ++i, ++step) {
      const Day start_lo = static_cast<Day>((step * 7919) % 40'000) - 20'000;
      const Day start_hi = start_lo + spans[step % 4];
      const Day end_lo = start_hi + static_cast<Day>(step % 500);
      const Day end_hi = end_lo + spans[(step / 4) % 4];
      const Period period{VagueDate{start_lo, start_hi, forms[step % 4]},
                          VagueDate{end_lo, end_hi, forms[(step / 3) % 4]}};
      store.AddFact(edge, ids[step % ids.size()], ids[(step * 5 + 1) % ids.size()], period,
                    SourceRef{});
    }
  };
  const auto check_every_fact = [&] {
    for (FactId f = 0; f < store.FactCount(); ++f) {
      INFO("fact " << f);
      const FactView view = store.Fact(f);
      const FactEndsAndPeriod alone = store.EndsAndPeriod(f);
      CHECK(alone.subject == view.subject);
      CHECK(alone.object == view.object);
      CHECK(alone.period == view.period);
      CHECK(alone.period.start.form == view.period.start.form);
      CHECK(alone.period.end.form == view.period.end.form);
    }
  };
  add_facts(100);
  store.Finalize();
  store.Merge(ids[0], ids[1]);
  add_facts(50);
  check_every_fact();
  store.Finalize();
  store.Merge(ids[2], ids[3]);
  check_every_fact();
  CHECK(store.EndsAndPeriod(0).object == ids[0]);   // e1, merged into e0
  CHECK(store.EndsAndPeriod(3).subject == ids[2]);  // e3, merged into e2
  CHECK_THROWS_AS(store.EndsAndPeriod(static_cast<FactId>(store.FactCount())), Error);
}

TEST_CASE("Other ends are those of the facts a lookup visits, in its order", "[engine][store]") {
  Store store;
  const RelationId edge = store.InternRelation("edge");
  const RelationId other = store.InternRelation("other");
  std::vector<EntityId> ids;
  for (int i = 0; i < 9; ++i) ids.push_back(store.InternEntity("e" + std::to_string(i)));
  std::uint32_t step = 0;
  const auto add_facts = [&](int count) {
    for (int i = 0; i < count; ++i, ++step) {
      // Entity 0 gets a long run (past one block of the run's day arrays).
      const EntityId subject = step % 3 == 0 ? ids[0] : ids[(step * 7) % ids.size()];
      const auto start = static_cast<Day>((step * 7919) % 3'000);
      store.AddFact(step % 4 == 0 ? other : edge, subject, ids[(step * 5 + 1) % ids.size()],
                    Days(start, start, start + static_cast<Day>(step % 200), start + 250),
                    SourceRef{});
    }
  };
  std::size_t ends_compared = 0;
  const auto check_every_lookup = [&] {
    for (const bool by_subject : {true, false}) {
      for (const EntityId entity : ids) {
        for (const auto& [lo, hi] : {std::pair<Day, Day>{0, 10'000}, {500, 800}, {2'000, 2'000}}) {
          INFO("entity " << entity << (by_subject ? " as subject" : " as object") << ", [" << lo
                         << ", " << hi << "]");
          std::vector<EntityId> expected;
          const FactVisitor note = [&](FactId f) {
            const FactEndsAndPeriod fact = store.EndsAndPeriod(f);
            expected.push_back(by_subject ? fact.object : fact.subject);
            return true;
          };
          if (by_subject) {
            store.FactsOfSubjectDuring(edge, entity, lo, hi, note);
          } else {
            store.FactsOfObjectDuring(edge, entity, lo, hi, note);
          }
          std::vector<EntityId> got{ids[8]};  // appended to, not replaced
          store.OtherEndsDuring(edge, by_subject, entity, lo, hi, &got);
          // With the facts' ids beside: the same ends, each beside its fact.
          std::vector<EntityId> got_beside;
          std::vector<FactId> facts;
          store.OtherEndsDuring(edge, by_subject, entity, lo, hi, &got_beside, &facts);
          REQUIRE(facts.size() == got_beside.size());
          for (std::size_t i = 0; i < facts.size(); ++i) {
            const FactEndsAndPeriod fact = store.EndsAndPeriod(facts[i]);
            CHECK((by_subject ? fact.subject : fact.object) == store.Canonical(entity));
            CHECK((by_subject ? fact.object : fact.subject) == got_beside[i]);
          }
          CHECK(got_beside == expected);
          expected.insert(expected.begin(), ids[8]);
          CHECK(got == expected);
          ends_compared += expected.size() - 1;
        }
      }
    }
  };
  add_facts(300);
  store.Finalize();
  check_every_lookup();
  add_facts(60);  // not indexed yet: found by the tail scan
  check_every_lookup();
  store.Merge(ids[0], ids[1]);  // vertex lists stale: found by the relation's index
  check_every_lookup();
  store.Finalize();
  check_every_lookup();
  CHECK(ends_compared > 1000);
  std::vector<EntityId> none;
  store.OtherEndsDuring(edge, true, ids[0], 10, 5, &none);  // an empty window
  CHECK(none.empty());
  CHECK_THROWS_AS(
      store.OtherEndsDuring(edge, true, static_cast<EntityId>(store.EntityCount()), 0, 1, &none),
      Error);
}

TEST_CASE("same_as merges report the kept entity everywhere", "[engine][store]") {
  Store store;
  const RelationId affiliated = store.InternRelation("affiliated_with");
  const EntityId rcp = store.InternEntity("Russian Communist Party (Bolsheviks)");
  const EntityId short_name = store.InternEntity("RCP(b)");
  const EntityId cpb = store.InternEntity("Communist Party of Bukhara");
  store.AddAlias(short_name, "РКП(б)");
  store.SetKind(short_name, "party");
  const FactId before = store.AddFact(affiliated, cpb, short_name, Days(5, 5, 9, 9), SourceRef{});
  store.Finalize();
  store.Merge(rcp, short_name);
  CHECK_FALSE(store.IsFinalized());
  const FactId after = store.AddFact(affiliated, cpb, short_name, Days(7, 7, 12, 12), SourceRef{});

  CHECK(store.Canonical(short_name) == rcp);
  CHECK(store.Canonical(rcp) == rcp);
  CHECK(store.FindEntity("rcp(b)") == rcp);
  CHECK(store.FindEntity("ркп(б)") == rcp);
  CHECK(store.InternEntity("RCP(b)") == rcp);
  CHECK(store.EntityName(short_name) == "Russian Communist Party (Bolsheviks)");
  CHECK(store.EntityKind(rcp) == "party");  // filled in from the merged entity
  std::vector<std::string_view> aliases = store.EntityAliases(rcp);
  std::sort(aliases.begin(), aliases.end());
  CHECK(aliases == std::vector<std::string_view>{"RCP(b)", "РКП(б)"});
  CHECK(store.Fact(before).object == rcp);
  CHECK(store.Fact(after).object == rcp);

  // Lookups are right before and after the next Finalize().
  for (int round = 0; round < 2; ++round) {
    std::vector<FactId> seen;
    store.FactsOfObjectDuring(affiliated, short_name, 0, 100, [&](FactId f) {
      seen.push_back(f);
      return true;
    });
    std::sort(seen.begin(), seen.end());
    CHECK(seen == std::vector<FactId>{before, after});
    seen.clear();
    store.FactsOfObjectDuring(affiliated, rcp, 10, 100, [&](FactId f) {
      seen.push_back(f);
      return true;
    });
    CHECK(seen == std::vector<FactId>{after});
    store.Finalize();
    CHECK(store.IsFinalized());
  }
  // Merge chains: merging into a merged-away id reaches its root.
  const EntityId third = store.InternEntity("VKP(b)");
  store.Merge(short_name, third);
  CHECK(store.Canonical(third) == rcp);
  store.Merge(third, rcp);  // already one entity: nothing happens
  CHECK(store.Canonical(rcp) == rcp);
}

TEST_CASE("Nearest names put substring matches first", "[engine][store]") {
  Store store;
  store.InternEntity("Communist Party of Bukhara");
  store.InternEntity("Communist Party of Khorezm");
  store.InternEntity("Nadzhib Khusainov");
  const EntityId t = store.InternEntity("Turar Ryskulov");
  store.AddAlias(t, "Турар Рыскулов");
  const std::vector<std::string> bukhara = store.NearestEntityNames("bukhara", 3);
  REQUIRE(!bukhara.empty());
  CHECK(bukhara[0] == "Communist Party of Bukhara");
  const std::vector<std::string> typo = store.NearestEntityNames("Nadzhib Husainov", 3);
  REQUIRE(!typo.empty());
  CHECK(typo[0] == "Nadzhib Khusainov");
  const std::vector<std::string> cyrillic = store.NearestEntityNames("турар рыскулав", 2);
  REQUIRE(!cyrillic.empty());
  CHECK(cyrillic[0] == "Турар Рыскулов");
  CHECK(store.NearestEntityNames("zzzzzzzzzzzz", 3).empty());
  CHECK(store.NearestEntityNames("Communist Party", 1).size() == 1);
}

TEST_CASE("MemoryBytes grows with the facts held", "[engine][store]") {
  Store store;
  const std::size_t empty = store.MemoryBytes();
  const RelationId r = store.InternRelation("r");
  const EntityId a = store.InternEntity("a");
  for (int i = 0; i < 1000; ++i) store.AddFact(r, a, a, Days(i, i, i + 5, i + 5), SourceRef{});
  store.Finalize();
  CHECK(store.MemoryBytes() > empty + 1000 * 40);
}

}  // namespace
}  // namespace annals::engine

namespace annals::engine {
namespace {

TEST_CASE("Sources survive any pattern of files and lines", "[engine][store]") {
  Store store;
  const RelationId r = store.InternRelation("r");
  const EntityId a = store.InternEntity("a");
  const FileId f1 = store.InternFile("a.tsv");
  const FileId f2 = store.InternFile("b.json");
  // Runs of consecutive lines, equal lines, steps of 5, file switches, and
  // lines going backwards.
  const std::vector<SourceRef> sources = {
      {f1, 2},  {f1, 3},  {f1, 4}, {f1, 5}, {f2, 1}, {f2, 6},           {f2, 11},          {f2, 16},
      {f2, 16}, {f2, 16}, {f1, 7}, {f1, 1}, {f1, 0}, {f2, 4000000000u}, {f2, 4000000001u}, {f1, 9}};
  for (const SourceRef& source : sources) {
    store.AddFact(r, a, a, Period{VagueDate{1, 1}, VagueDate{2, 2}}, source);
  }
  store.Finalize();
  for (FactId f = 0; f < sources.size(); ++f) {
    INFO("fact " << f);
    CHECK(store.Fact(f).source.file == sources[f].file);
    CHECK(store.Fact(f).source.line == sources[f].line);
    CHECK(store.FactSource(f).file == sources[f].file);
    CHECK(store.FactSource(f).line == sources[f].line);
  }
  CHECK_THROWS_AS(store.FactSource(static_cast<FactId>(sources.size())), Error);
}

TEST_CASE("Names in bulk are the names one by one", "[engine][store]") {
  Store store;
  std::vector<EntityId> ids;
  for (int i = 0; i < 300; ++i) {
    // Names of every length around the cache line, so some straddle two.
    ids.push_back(store.InternEntity(
        "Entity " + std::string(static_cast<std::size_t>(i % 97), 'x') + std::to_string(i)));
  }
  store.Merge(ids[5], ids[250]);  // a merged-away id reads as its root
  store.Merge(ids[250], ids[17]);
  std::vector<EntityId> asked;
  for (std::size_t i = 0; i < 1000; ++i) asked.push_back(ids[(i * 7919) % ids.size()]);
  for (const std::size_t count : {std::size_t{0}, std::size_t{1}, std::size_t{9}, asked.size()}) {
    std::vector<std::string_view> names(count);
    store.EntityNames(std::span(asked.data(), count), names);
    for (std::size_t i = 0; i < count; ++i) {
      INFO("entry " << i << " of " << count);
      CHECK(names[i] == store.EntityName(asked[i]));
    }
  }
  std::vector<std::string_view> names(2);
  CHECK(store.EntityName(ids[17]) == store.EntityName(ids[5]));
  const std::vector<EntityId> with_bad = {ids[0], static_cast<EntityId>(ids.size())};
  CHECK_THROWS_AS(store.EntityNames(with_bad, names), Error);
  CHECK_THROWS_AS(store.EntityNames(std::span(asked.data(), 3), names), Error);
}

TEST_CASE("Names found in bulk are the names found one by one", "[engine][store]") {
  Store empty;
  std::vector<std::optional<EntityId>> none(3, EntityId{0});
  const std::vector<std::string_view> three = {"a", "b", "c"};
  empty.FindEachEntity(three, none);
  CHECK(none == std::vector<std::optional<EntityId>>(3));

  Store store;
  std::vector<EntityId> ids;
  for (int i = 0; i < 200; ++i) {
    ids.push_back(store.InternEntity("Party " + std::string(static_cast<std::size_t>(i % 41), 'p') +
                                     std::to_string(i)));
  }
  store.AddAlias(ids[3], "Хорезмская Партия");
  store.AddAlias(ids[4], "Shared Alias");
  store.AddAlias(ids[5], "shared   alias");  // one key, two owners: the earlier wins
  const EntityId city = store.InternEntity("Bukhara");
  store.AddAlias(ids[6], "BUKHARA");  // an own name wins over an alias
  store.Merge(ids[7], ids[8]);        // a merged-away name finds its root
  // Every kind of name: own names respelled (case, white space), aliases in
  // other scripts, shared and merged names, and names of no entity.
  std::vector<std::string> asked;
  for (int i = 0; i < 150; ++i) {
    switch (i % 6) {
      case 0:
        asked.push_back(std::string(store.EntityName(ids[static_cast<std::size_t>(i)])));
        break;
      case 1:
        asked.push_back("  PARTY\t" + std::string(static_cast<std::size_t>(i % 41), 'P') +
                        std::to_string(i) + " ");
        break;
      case 2:
        asked.push_back("no party " + std::to_string(i));
        break;
      case 3:
        asked.push_back(i % 4 == 3 ? "ХОРЕЗМСКАЯ  партия" : "Shared alias");
        break;
      case 4:
        asked.push_back(i % 4 == 0 ? "bukhara" : "party pppppppp8");  // merged away
        break;
      default:
        asked.push_back(i % 4 == 1 ? "" : "   ");
        break;
    }
  }
  std::vector<std::string_view> views(asked.begin(), asked.end());
  std::size_t found_some = 0;
  // Sizes on either side of the groups the lookups go in.
  for (const std::size_t count : {std::size_t{0}, std::size_t{1}, std::size_t{15}, std::size_t{16},
                                  std::size_t{17}, views.size()}) {
    std::vector<std::optional<EntityId>> found(count);
    store.FindEachEntity(std::span(views.data(), count), found);
    for (std::size_t i = 0; i < count; ++i) {
      INFO("name \"" << views[i] << "\", entry " << i << " of " << count);
      CHECK(found[i] == store.FindEntity(views[i]));
      found_some += found[i].has_value() ? 1 : 0;
    }
  }
  CHECK(found_some > 120);
  std::vector<std::optional<EntityId>> found(views.size());
  store.FindEachEntity(views, found);
  CHECK(found[1] == ids[1]);
  CHECK_FALSE(found[2].has_value());
  CHECK(found[9] == ids[4]);  // "Shared alias" on the earlier owner
  CHECK(found[15] == ids[3]);
  CHECK(found[4] == city);
  CHECK(found[10] == store.Canonical(ids[8]));
  CHECK_FALSE(found[5].has_value());
  CHECK_THROWS_AS(store.FindEachEntity(views, std::span(found.data(), 2)), Error);

  // Names of no entity whose hash shares its 8-bit tag with a name in their
  // probe sequence: the bulk lookup must compare the text, not trust the tag.
  std::vector<std::string> absent;
  for (int i = 0; i < 5000; ++i) absent.push_back("absent party " + std::to_string(i));
  const std::vector<std::string_view> absent_views(absent.begin(), absent.end());
  std::vector<std::optional<EntityId>> none_found(absent.size());
  store.FindEachEntity(absent_views, none_found);
  CHECK(std::count(none_found.begin(), none_found.end(), std::nullopt) ==
        static_cast<std::ptrdiff_t>(absent.size()));
}

}  // namespace
}  // namespace annals::engine
