// Name keys: the fast path for simple ASCII names must give exactly the keys
// and hashes of the general normalisation, so that lookups mixing simple and
// other spellings of one name always meet.
#include "engine/store/name_match.hpp"
#include "engine/store/store.hpp"
#include "engine/store/string_pool.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace annals::engine {
namespace {

TEST_CASE("Simple names hash as their normalised key", "[engine][store]") {
  for (const std::string name : {"Person 0", "organisation 12", "RCP(b)", "A", "x-y z", "",
                                 "Khorezm People's Soviet Republic"}) {
    std::uint64_t hash = 0;
    INFO(name);
    REQUIRE(HashSimpleName(name, &hash));
    CHECK(hash == HashNameKey(Store::NormalizeName(name)));
    CHECK(SimpleNameHasKey(name, Store::NormalizeName(name)));
  }
  CHECK_FALSE(SimpleNameHasKey("Person 0", "person 1"));
  CHECK_FALSE(SimpleNameHasKey("Person 0", "person 0 "));
  // Anything the normalisation would rewrite beyond ASCII case is not simple.
  for (const std::string name : {" lead", "trail ", "two  spaces", "tab\there", "line\nbreak",
                                 "\u00C9cole", "caf\u00E9", "no\u00A0break", "bad\xFF", " "}) {
    std::uint64_t hash = 0;
    INFO(name);
    CHECK_FALSE(HashSimpleName(name, &hash));
  }
}

// The rule HashSimpleName checks eight bytes at a time, written a byte at a
// time: ASCII, no white space but ' ', no space first, last or twice in a row.
bool IsSimpleByBytes(std::string_view name) {
  for (std::size_t i = 0; i < name.size(); ++i) {
    const auto b = static_cast<unsigned char>(name[i]);
    if (b >= 0x80 || (b >= 0x09 && b <= 0x0D)) return false;
    if (b == ' ' && (i == 0 || i + 1 == name.size() || name[i + 1] == ' ')) return false;
  }
  return true;
}

TEST_CASE("The word-at-a-time check agrees with the byte rule at every length and position",
          "[engine][store]") {
  // Bytes at the edges of each class the check tells apart, so that a wrong
  // bound or a mask carried across a word's bytes shows up.
  static constexpr char kEdges[] = "aAzZ@[`{ 09\x08\x09\x0D\x0E\x7F\x80\xFF";
  const std::string kBytes = std::string(kEdges, sizeof kEdges - 1) + '\0';
  std::mt19937 rng(2026);
  std::uniform_int_distribution<std::size_t> pick(0, kBytes.size() - 1);
  std::uniform_int_distribution<int> coin(0, 3);
  std::size_t simple = 0;
  for (std::size_t length = 0; length <= 40; ++length) {
    for (int trial = 0; trial < 400; ++trial) {
      // Mostly letters, so that long names still come out simple.
      std::string name(length, 'x');
      for (char& c : name) c = coin(rng) == 0 ? kBytes[pick(rng)] : (coin(rng) ? 'q' : 'Q');
      INFO("length " << length << ", name '" << name << "'");
      std::uint64_t hash = 0;
      const bool fast = HashSimpleName(name, &hash);
      REQUIRE(fast == IsSimpleByBytes(name));
      if (!fast) continue;
      ++simple;
      std::string key = name;
      for (char& c : key) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
      }
      REQUIRE(hash == HashNameKey(key));
      REQUIRE(key == Store::NormalizeName(name));
    }
  }
  CHECK(simple > 2000);  // both outcomes were exercised at most lengths
  // A space on either side of a word boundary, and two across one.
  for (const std::string name : {"abcdefg hijklmn", "abcdefgh ijklmn", "abcdefg  hijklm"}) {
    std::uint64_t hash = 0;
    INFO(name);
    CHECK(HashSimpleName(name, &hash) == IsSimpleByBytes(name));
  }
  // Names that differ only past the eighth byte, or only in length, differ in hash.
  CHECK(HashNameKey("organisation 1") != HashNameKey("organisation 2"));
  CHECK(HashNameKey("abcdefgh") != HashNameKey(std::string("abcdefgh\0", 9)));
}

// Random spellings from pieces that the fast path takes (ASCII letters in
// both cases, single spaces) and pieces it must leave to the general path
// (tabs, runs of space, no-break space, accented capitals precomposed or
// decomposed, loose marks in either order, full-width letters, a broken byte),
// and invisible ones the key drops (byte order mark, em space, soft hyphen).
std::string RandomName(std::mt19937& rng) {
  static const std::vector<std::string> kPieces = {
      "a",       "A",      "b",      "B",      " ",      " ",      "  ",     "\t",
      "\u00A0",  "\u00C9", "\u00E9", "\xFF",   "-",      "\u2013", "\uFEFF", "\u2003",
      "E\u0301", "\u0301", "\u0323", "\u0302", "\uFF21", "\u00AD"};
  std::uniform_int_distribution<std::size_t> piece(0, kPieces.size() - 1);
  std::uniform_int_distribution<int> length(1, 5);
  std::string name;
  for (int i = length(rng); i > 0; --i) name += kPieces[piece(rng)];
  return name;
}

TEST_CASE("Interning agrees with the normalised key on random spellings", "[engine][store]") {
  std::mt19937 rng(12345);
  Store store;
  std::map<std::string, EntityId> by_key;  // normalised key -> the entity interned for it
  std::size_t simple = 0;
  for (int i = 0; i < 4000; ++i) {
    const std::string name = RandomName(rng);
    const std::string key = Store::NormalizeName(name);
    // Readers decide with IsBlankName whether to intern at all.
    CHECK(IsBlankName(name) == key.empty());
    if (key.empty()) {
      CHECK_THROWS(store.InternEntity(name));
      continue;
    }
    std::uint64_t hash = 0;
    if (HashSimpleName(name, &hash)) ++simple;
    const EntityId id = store.InternEntity(name);
    auto [it, added] = by_key.emplace(key, id);
    INFO("name '" << name << "' key '" << key << "'");
    CHECK(it->second == id);  // the same key always gives the same entity...
    CHECK(store.FindEntity(name) == id);
    if (added) CHECK(store.EntityCount() == by_key.size());  // ...and a new key a new one
  }
  CHECK(store.EntityCount() == by_key.size());
  CHECK(simple > 100);  // both paths were exercised
  CHECK(simple < 3900);
}

TEST_CASE("A name is blank when only white space the key drops is left", "[engine][store]") {
  for (const std::string name : {"", " ", "\t\r\n", "\u00A0", "\uFEFF", "\u2003 \u3000",
                                 " \uFEFF\u00A0 ", "\u200B", "\u00AD \u200D"}) {
    INFO(name);
    CHECK(IsBlankName(name));
  }
  // A broken byte, even one that starts a byte order mark, is kept by the key.
  for (const std::string name :
       {"a", " a ", "\uFEFFa", "\xEF\xBB", "\xFF", "-", "\u0301", "\u00A8"}) {
    INFO(name);
    CHECK_FALSE(IsBlankName(name));
    CHECK_FALSE(Store::NormalizeName(name).empty());
  }
}

}  // namespace
}  // namespace annals::engine
