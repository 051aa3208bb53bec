// Snapshots: a saved and reopened store answers exactly like the original;
// truncated, bit-flipped or foreign files are refused with Error(kData); and
// a changed file whose checksums were made to match again opens only into a
// store whose every id names something.
#include "engine/store/snapshot.hpp"

#include <annals/error.hpp>

#include "engine/store/store.hpp"
#include "engine/store/store_impl.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "scratch_dir.hpp"

namespace annals::engine {
namespace {

namespace fs = std::filesystem;

Period Days(Day start_lo, Day start_hi, Day end_lo, Day end_hi, DateForm form = DateForm::kDay) {
  return Period{VagueDate{start_lo, start_hi, form}, VagueDate{end_lo, end_hi, form}};
}

// Everything a store can hold: aliases in several scripts, kinds, lifespans,
// merges, attributes of each kind, open and unknown ends, several files, and
// enough facts around a few entities for long adjacency runs.
void Fill(Store& store, int facts) {
  const RelationId leads = store.InternRelation("leads");
  const RelationId located = store.InternRelation("located_in");
  const RelationId custom = store.InternRelation("member_of");
  const std::uint32_t seats = store.InternAttributeColumn(custom, "seats");
  const EntityId party = store.InternEntity("Communist Party of Bukhara");
  const EntityId khorezm = store.InternEntity("Khorezm People's Soviet Republic");
  const EntityId rcp = store.InternEntity("Russian Communist Party (Bolsheviks)");
  const EntityId rcp_short = store.InternEntity("RCP(b)");
  store.AddAlias(khorezm, "Хорезмская Народная Советская Республика");
  store.AddAlias(khorezm, "جمهوری شوروی خلق خوارزم");
  store.AddAlias(rcp_short, "РКП(б)");
  store.SetKind(party, "party");
  store.SetKind(khorezm, "state");
  const FileId f1 = store.InternFile("communist-party-of-bukhara.txt");
  const FileId f2 = store.InternFile("leaders.tsv");
  store.SetLifespan(khorezm, Days(-17780, -17780, -16900, -16900), SourceRef{f1, 4});
  store.SetLifespan(party,
                    Period{VagueDate{-18262, -17898, DateForm::kYear},
                           VagueDate{kMaxDay, kMaxDay, DateForm::kOpen}},
                    SourceRef{f1, 2});
  store.Merge(rcp, rcp_short);
  std::mt19937 rng(99);
  for (int i = 0; i < facts; ++i) {
    const EntityId person = store.InternEntity("Person " + std::to_string(rng() % 300));
    const EntityId org =
        i % 3 == 0 ? party : store.InternEntity("Org " + std::to_string(rng() % 20));
    const Day start = static_cast<Day>(rng() % 20000) - 20000;
    Period period = Days(start, start, start + 100, start + 100 + static_cast<Day>(rng() % 40));
    if (i % 11 == 0) period.end = VagueDate{kMaxDay, kMaxDay, DateForm::kOpen};
    if (i % 13 == 0) period.start = VagueDate{kMinDay, start, DateForm::kUnknown};
    if (i % 17 == 0) period.end = VagueDate{start, kMaxDay, DateForm::kUnknown};
    if (i % 19 == 0) {
      // Every form, with spans either side of the 11 bits beside it.
      const Day spans[] = {0, 2046, 2047, 3652};
      const auto form =
          static_cast<DateForm>((i / 19) % (static_cast<int>(DateForm::kUnknown) + 1));
      period.start = VagueDate{start - spans[(i / 19) % 4], start, form};
    }
    const SourceRef source{i % 5 == 0 ? f1 : f2,
                           static_cast<std::uint32_t>(i % 5 == 0 ? 7 : i + 2)};
    if (i % 7 == 0) {
      Attribute role;
      role.column = 0;
      role.value.kind = AttrValue::Kind::kString;
      role.value.id = store.InternString(i % 2 == 0 ? "Chairman" : "Secretary");
      Attribute deputy;
      deputy.column = 1;
      deputy.value.kind = AttrValue::Kind::kEntity;
      deputy.value.id = rcp_short;
      const Attribute both[] = {role, deputy};
      store.AddFact(leads, person, org, period, source, both);
    } else if (i % 7 == 1) {
      Attribute count;
      count.column = seats;
      count.value.kind = AttrValue::Kind::kNumber;
      count.value.number = 0.5 * i;
      store.AddFact(custom, person, rcp_short, period, source, {&count, 1});
    } else {
      store.AddFact(i % 4 == 0 ? located : leads, person, org, period, source);
    }
  }
  store.Finalize();
}

std::vector<FactId> Lookup(const Store& store, int kind, RelationId r, EntityId e, Day lo, Day hi) {
  std::vector<FactId> out;
  const FactVisitor visit = [&](FactId f) {
    out.push_back(f);
    return true;
  };
  if (kind == 0) store.FactsDuring(r, lo, hi, visit);
  if (kind == 1) store.FactsOfSubjectDuring(r, e, lo, hi, visit);
  if (kind == 2) store.FactsOfObjectDuring(r, e, lo, hi, visit);
  return out;
}

void CheckSame(const Store& a, const Store& b) {
  REQUIRE(a.FactCount() == b.FactCount());
  REQUIRE(a.EntityCount() == b.EntityCount());
  REQUIRE(a.RelationCount() == b.RelationCount());
  CHECK(b.IsFinalized());
  for (RelationId r = 0; r < a.RelationCount(); ++r) {
    CHECK(a.Schema(r).name == b.Schema(r).name);
    CHECK(a.Schema(r).attribute_columns == b.Schema(r).attribute_columns);
    CHECK(a.FactCount(r) == b.FactCount(r));
    CHECK(b.FindRelation(a.Schema(r).name) == r);
  }
  for (EntityId e = 0; e < a.EntityCount(); ++e) {
    INFO("entity " << e);
    CHECK(a.EntityName(e) == b.EntityName(e));
    CHECK(a.EntityKind(e) == b.EntityKind(e));
    CHECK(a.Canonical(e) == b.Canonical(e));
    CHECK(a.EntityAliases(e) == b.EntityAliases(e));
    CHECK((a.Lifespan(e) == nullptr) == (b.Lifespan(e) == nullptr));
    if (a.Lifespan(e) != nullptr && b.Lifespan(e) != nullptr) {
      CHECK(*a.Lifespan(e) == *b.Lifespan(e));
      CHECK(a.LifespanSource(e).file == b.LifespanSource(e).file);
      CHECK(a.LifespanSource(e).line == b.LifespanSource(e).line);
    }
    CHECK(b.FindEntity(a.EntityName(e)) == a.FindEntity(a.EntityName(e)));
    for (const std::string_view alias : a.EntityAliases(e)) {
      CHECK(b.FindEntity(alias) == a.FindEntity(alias));
    }
  }
  for (FactId f = 0; f < a.FactCount(); ++f) {
    INFO("fact " << f);
    const FactView x = a.Fact(f);
    const FactView y = b.Fact(f);
    CHECK(x.relation == y.relation);
    CHECK(x.subject == y.subject);
    CHECK(x.object == y.object);
    CHECK(x.period == y.period);
    CHECK(x.source.file == y.source.file);
    CHECK(x.source.line == y.source.line);
    CHECK(a.FileName(x.source.file) == b.FileName(y.source.file));
    REQUIRE(x.attributes.size() == y.attributes.size());
    for (std::size_t i = 0; i < x.attributes.size(); ++i) {
      const AttrValue& u = x.attributes[i].value;
      const AttrValue& v = y.attributes[i].value;
      CHECK(x.attributes[i].column == y.attributes[i].column);
      CHECK(u.kind == v.kind);
      CHECK(u.id == v.id);
      CHECK(u.number == v.number);
      if (u.kind == AttrValue::Kind::kString) CHECK(a.String(u.id) == b.String(v.id));
    }
  }
  std::mt19937 rng(5);
  for (int q = 0; q < 300; ++q) {
    const auto r = static_cast<RelationId>(rng() % a.RelationCount());
    const auto e = static_cast<EntityId>(rng() % a.EntityCount());
    const Day lo = static_cast<Day>(rng() % 24000) - 22000;
    const Day hi = lo + static_cast<Day>(rng() % 400);
    for (int kind = 0; kind < 3; ++kind) {
      CHECK(Lookup(a, kind, r, e, lo, hi) == Lookup(b, kind, r, e, lo, hi));
    }
  }
  CHECK(b.NearestEntityNames("bukhra", 2) == a.NearestEntityNames("bukhra", 2));
}

// Whether the store's columns use the file's pages (SnapshotAccess::kMap)
// rather than memory of their own.
bool UsesMappedFile(const Store& store) {
  const Store::Impl& impl = store.Internals();
  return impl.fact_days.get_allocator() != ColumnAllocator<PackedDays>() &&
         impl.by_start.get_allocator() != ColumnAllocator<FactId>() &&
         impl.entity_name_arena.get_allocator() != ColumnAllocator<char>();
}

const char* AccessName(SnapshotAccess access) {
  return access == SnapshotAccess::kMap ? "mapped" : "read";
}

TEST_CASE("A snapshot reopens as the same store", "[engine][store][snapshot]") {
  const SnapshotAccess access = GENERATE(SnapshotAccess::kMap, SnapshotAccess::kRead);
  INFO(AccessName(access));
  ScratchDir dir("annals-snapshot-test");
  Store store;
  Fill(store, 3000);
  const std::string path = dir.File("big.annals");
  SaveSnapshot(store, path);
  const std::string saved = ReadAll(path);
  const Store reopened = OpenSnapshot(path, access);
  CHECK(UsesMappedFile(reopened) == (access == SnapshotAccess::kMap));
  CheckSame(store, reopened);
  // Its temporary is gone: the directory holds the snapshot alone.
  CHECK(std::distance(fs::directory_iterator(fs::path(path).parent_path()),
                      fs::directory_iterator()) == 1);

  // The reopened store takes more facts and finalizes again like any other.
  Store again = OpenSnapshot(path, access);
  const RelationId leads = *again.FindRelation("leads");
  const EntityId who = again.InternEntity("Newcomer");
  const FactId added = again.AddFact(leads, who, again.Canonical(0), Days(5, 5, 6, 6), SourceRef{});
  again.Finalize();
  CHECK(Lookup(again, 1, leads, who, 0, 10) == std::vector<FactId>{added});
  // Writing the reopened store again gives the same bytes (deterministic).
  const std::string copy = dir.File("copy.annals");
  SaveSnapshot(reopened, copy);
  CHECK(ReadAll(copy) == saved);

  // A merge rewrites every fact's subject and object in place: in mapped
  // columns that writes to the mapping, which must never reach the file.
  Store merged = OpenSnapshot(path, access);
  const EntityId party = *merged.FindEntity("Communist Party of Bukhara");
  const EntityId khorezm = *merged.FindEntity("Khorezm People's Soviet Republic");
  merged.Merge(khorezm, party);
  merged.Finalize();
  CHECK(merged.Canonical(party) == khorezm);
  CHECK(merged.FactCount() == store.FactCount());
  const std::vector<FactId> party_facts = Lookup(store, 2, leads, party, kMinDay, kMaxDay);
  REQUIRE(!party_facts.empty());
  CHECK(Lookup(merged, 2, leads, khorezm, kMinDay, kMaxDay) == party_facts);
  CHECK(ReadAll(path) == saved);
  CheckSame(store, OpenSnapshot(path, access));

  // Saving over the file a store was opened from replaces it by rename:
  // the open stores keep the bytes they had.
  SaveSnapshot(merged, path);
  CHECK(ReadAll(path) != saved);
  CheckSame(store, reopened);
  CHECK(OpenSnapshot(path, access).Canonical(party) == khorezm);
}

TEST_CASE("A save writes through a temporary of its own", "[engine][store][snapshot]") {
  // Two saves to one path once shared the name path.tmp, truncating each
  // other's file; a file of that name is none of a save's business.
  ScratchDir dir("annals-snapshot-temp-test");
  Store store;
  Fill(store, 10);
  const std::string path = dir.File("s.annals");
  { std::ofstream(path + ".tmp") << "someone else's"; }
  SaveSnapshot(store, path);
  SaveSnapshot(store, path);
  CHECK(ReadAll(path + ".tmp") == "someone else's");
  CHECK(std::distance(fs::directory_iterator(dir.File("")), fs::directory_iterator()) == 2);
  CheckSame(store, OpenSnapshot(path, SnapshotAccess::kRead));
}

TEST_CASE("An empty store round-trips", "[engine][store][snapshot]") {
  ScratchDir dir("annals-snapshot-test");
  Store store;
  store.Finalize();
  SaveSnapshot(store, dir.File("empty.annals"));
  const Store reopened = OpenSnapshot(dir.File("empty.annals"));
  CHECK(reopened.FactCount() == 0);
  CHECK(reopened.EntityCount() == 0);
  CHECK(reopened.IsFinalized());
}

TEST_CASE("Only a finalized store is saved", "[engine][store][snapshot]") {
  ScratchDir dir("annals-snapshot-test");
  Store store;
  store.InternRelation("leads");
  store.InternEntity("A");
  store.AddFact(0, 0, 0, Days(1, 1, 2, 2), SourceRef{});
  try {
    SaveSnapshot(store, dir.File("x.annals"));
    FAIL("expected an error");
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::kInvalidArgument);
  }
}

Error OpenError(const std::string& path, SnapshotAccess access) {
  try {
    (void)OpenSnapshot(path, access);
  } catch (const Error& e) {
    return e;
  }
  FAIL("the snapshot was accepted");
  return Error(ErrorCode::kInternal, "");
}

// The bytes of `store`'s snapshot.
std::string SnapshotBytes(const Store& store, const ScratchDir& dir) {
  const std::string path = dir.File("good.annals");
  SaveSnapshot(store, path);
  return ReadAll(path);
}

TEST_CASE("Damaged snapshots are refused with a clear error", "[engine][store][snapshot]") {
  const SnapshotAccess access = GENERATE(SnapshotAccess::kMap, SnapshotAccess::kRead);
  INFO(AccessName(access));
  ScratchDir dir("annals-snapshot-test");
  Store store;
  Fill(store, 12);
  const std::string good = SnapshotBytes(store, dir);
  REQUIRE(good.size() > 64);
  const std::string bad = dir.File("bad.annals");

  SECTION("a missing file") {
    const Error e = OpenError(dir.File("missing.annals"), access);
    CHECK(e.code() == ErrorCode::kData);
    CHECK_THAT(e.message(), Catch::Contains("cannot open"));
  }
  SECTION("not a snapshot") {
    WriteAll(bad, "leads(\"A\", \"B\") @ 1921.\n" + std::string(100, ' '));
    const Error e = OpenError(bad, access);
    CHECK(e.code() == ErrorCode::kData);
    CHECK_THAT(e.message(), Catch::Contains("not an Annals snapshot"));
  }
  SECTION("another format version, older or newer") {
    for (const std::uint32_t version : {kSnapshotVersion - 1, kSnapshotVersion + 1}) {
      std::string bytes = good;
      bytes[8] = static_cast<char>(version);  // the version field follows the 8-byte magic
      WriteAll(bad, bytes);
      const Error e = OpenError(bad, access);
      CHECK(e.code() == ErrorCode::kData);
      CHECK_THAT(e.message(),
                 Catch::Contains("version " + std::to_string(version) + ", this build reads " +
                                 std::to_string(kSnapshotVersion)));
    }
  }
  SECTION("truncated at every byte") {
    for (std::size_t size = 0; size < good.size(); ++size) {
      WriteAll(bad, good.substr(0, size));
      const Error e = OpenError(bad, access);
      INFO("size " << size << ": " << e.message());
      REQUIRE(e.code() == ErrorCode::kData);
      REQUIRE_THAT(e.message(), Catch::Contains("truncated: expected"));
    }
    const Error e = OpenError(bad, access);
    CHECK_THAT(e.message(), Catch::Contains("expected " + std::to_string(good.size()) +
                                            " bytes, found " + std::to_string(good.size() - 1)));
  }
  SECTION("trailing bytes") {
    WriteAll(bad, good + "x");
    CHECK(OpenError(bad, access).code() == ErrorCode::kData);
  }
  SECTION("a flipped bit anywhere") {
    for (std::size_t at = 0; at < good.size(); ++at) {
      std::string bytes = good;
      bytes[at] = static_cast<char>(bytes[at] ^ (1 << (at % 8)));
      WriteAll(bad, bytes);
      const Error e = OpenError(bad, access);
      INFO("byte " << at << ": " << e.message());
      REQUIRE(e.code() == ErrorCode::kData);
    }
  }
}

// Follows every id a store holds to what it names, and runs every kind of
// lookup: after an open that let a broken id through, this throws or trips
// the sanitizers, as a user's query would.
void ReadEverything(const Store& store) {
  for (EntityId e = 0; e < store.EntityCount(); ++e) {
    (void)store.FindEntity(store.EntityName(e));
    (void)store.EntityKind(e);
    for (const std::string_view alias : store.EntityAliases(e)) (void)store.FindEntity(alias);
    if (store.Lifespan(e) != nullptr) (void)store.FileName(store.LifespanSource(e).file);
  }
  for (FactId f = 0; f < store.FactCount(); ++f) {
    const FactView fact = store.Fact(f);
    (void)store.FileName(fact.source.file);
    (void)store.EntityName(fact.subject);
    (void)store.EntityName(fact.object);
    for (const Attribute& attribute : fact.attributes) {
      if (attribute.value.kind == AttrValue::Kind::kString) (void)store.String(attribute.value.id);
      if (attribute.value.kind == AttrValue::Kind::kEntity) {
        (void)store.EntityName(attribute.value.id);
      }
    }
  }
  for (RelationId r = 0; r < store.RelationCount(); ++r) {
    (void)Lookup(store, 0, r, 0, kMinDay, kMaxDay);
    (void)Lookup(store, 0, r, 0, -10000, -10000);
    for (EntityId e = 0; e < store.EntityCount(); ++e) {
      for (const int kind : {1, 2}) (void)Lookup(store, kind, r, e, -10000, -9000);
    }
  }
}

// Where section `id` lies in a snapshot's bytes, read from its section table
// (a 64-byte header, then 32 bytes a section: id, element size, offset,
// count, checksum).
std::size_t SectionOffset(const std::string& bytes, std::uint32_t id) {
  std::uint32_t sections = 0;
  std::memcpy(&sections, bytes.data() + 24, 4);
  for (std::uint32_t i = 0; i < sections; ++i) {
    const char* entry = bytes.data() + 64 + 32 * i;
    std::uint32_t entry_id = 0;
    std::uint64_t offset = 0;
    std::memcpy(&entry_id, entry, 4);
    std::memcpy(&offset, entry + 8, 8);
    if (entry_id == id) return offset;
  }
  FAIL("no section " << id);
  return 0;
}

void SetWord(std::string& bytes, std::size_t at, std::uint32_t value) {
  REQUIRE(at + 4 <= bytes.size());
  std::memcpy(bytes.data() + at, &value, 4);
}

TEST_CASE("A changed snapshot with matching checksums opens whole or not at all",
          "[engine][store][snapshot]") {
  // A checksum is no defence against a file made to pass it: what opens
  // must still be safe to read.
  const SnapshotAccess access = GENERATE(SnapshotAccess::kMap, SnapshotAccess::kRead);
  INFO(AccessName(access));
  ScratchDir dir("annals-snapshot-test");
  Store store;
  // Enough facts for one long run with its own index and for wide periods,
  // so that the sweep below changes those sections too.
  Fill(store, 120);
  REQUIRE(!store.Internals().in_runs.empty());
  REQUIRE(!store.Internals().wide_days.empty());
  const std::string good = SnapshotBytes(store, dir);
  const std::string bad = dir.File("bad.annals");
  // Section ids and layouts as the format fixes them (snapshot.cpp).
  constexpr std::uint32_t kLifespans = 15;  // 8 words an entity; its source's file is word 6
  constexpr std::uint32_t kSources = 28;    // runs of {first fact, file, first line, step}

  SECTION("recomputing a good file's checksums changes nothing") {
    CHECK(WithChecksumsRecomputed(good) == good);
  }
  SECTION("a fact citing a file the store does not have") {
    std::string bytes = good;
    SetWord(bytes, SectionOffset(bytes, kSources) + 4, 1000);
    WriteAll(bad, WithChecksumsRecomputed(bytes));
    const Error e = OpenError(bad, access);
    CHECK(e.code() == ErrorCode::kData);
    CHECK_THAT(e.message(), Catch::Contains("damaged (sources)"));
  }
  SECTION("a lifespan citing a file the store does not have") {
    std::string bytes = good;
    SetWord(bytes, SectionOffset(bytes, kLifespans) + 6 * 4, 1000);
    WriteAll(bad, WithChecksumsRecomputed(bytes));
    const Error e = OpenError(bad, access);
    CHECK(e.code() == ErrorCode::kData);
    CHECK_THAT(e.message(), Catch::Contains("damaged (lifespan sources)"));
  }
  SECTION("a flipped bit anywhere") {
    std::size_t opened = 0;
    for (std::size_t at = 0; at < good.size(); ++at) {
      std::string bytes = good;
      bytes[at] = static_cast<char>(bytes[at] ^ (1 << (at % 8)));
      WriteAll(bad, WithChecksumsRecomputed(bytes));
      INFO("byte " << at);
      try {
        const Store reopened = OpenSnapshot(bad, access);
        ++opened;
        REQUIRE_NOTHROW(ReadEverything(reopened));
      } catch (const Error& e) {
        INFO(e.message());
        REQUIRE(e.code() == ErrorCode::kData);
      }
    }
    // Flips the checks cannot tell from data (a day, a line, a name's
    // letter) open: the sweep reached past the checks, not only into them.
    CHECK(opened > 0);
  }
}

}  // namespace
}  // namespace annals::engine
