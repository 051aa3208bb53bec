// Wiki residue cleaning, table-row splitting, role names and kind inference.
#include "ingest/entity_kind.hpp"
#include "ingest/name_list.hpp"
#include "ingest/role_name.hpp"
#include "ingest/text_util.hpp"
#include "ingest/utf8.hpp"
#include "ingest/wiki_text.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

using namespace annals::ingest;

TEST_CASE("CleanWikiText resolves links, drops footnotes and refs", "[ingest]") {
  std::vector<WikiLink> links;
  CHECK(CleanWikiText("[[Ivan Petrov (politician)|I. Petrov]][1]", LinkText::kTarget, &links) ==
        "Ivan Petrov");
  REQUIRE(links.size() == 1);
  CHECK(links[0].target == "Ivan Petrov");
  CHECK(links[0].shown == "I. Petrov");
  CHECK(CleanWikiText("[[Ivan Petrov (politician)|I. Petrov]]", LinkText::kShown) == "I. Petrov");
  CHECK(CleanWikiText("[[Zarvania]] party[note 2][a]  text", LinkText::kShown) ==
        "Zarvania party text");
  CHECK(CleanWikiText("x<ref name=\"a\">Smith, p. 4</ref> y<ref name=b/>", LinkText::kShown) ==
        "x y");
  CHECK(CleanWikiText("'''Bold''' and ''italic'' and it's", LinkText::kShown) ==
        "Bold and italic and it's");
  CHECK(CleanWikiText("1920&ndash;1922&nbsp;x", LinkText::kShown) ==
        "1920\xE2\x80\x93"
        "1922 x");
  // Brackets that are not footnotes stay.
  CHECK(CleanWikiText("[sic] text [the party]", LinkText::kShown) == "[sic] text [the party]");
  CHECK(CleanWikiText("[citation needed]", LinkText::kShown).empty());
}

TEST_CASE("StripDisambiguator keeps name parentheses that start with a capital", "[ingest]") {
  CHECK(StripDisambiguator("Abdullo Rakhimbayev (politician)") == "Abdullo Rakhimbayev");
  CHECK(StripDisambiguator("Zarvan Social Democrats (1905)") == "Zarvan Social Democrats");
  CHECK(StripDisambiguator("Russian Communist Party (Bolsheviks)") ==
        "Russian Communist Party (Bolsheviks)");
}

TEST_CASE("SplitTableRow never splits inside [[...]]", "[ingest]") {
  const auto cells = SplitTableRow("| 1923 | [[Ivan Petrov (politician)|I. Petrov]] | x |");
  REQUIRE(cells.size() == 3);
  CHECK(Trim(cells[1].raw) == "[[Ivan Petrov (politician)|I. Petrov]]");
  CHECK(SplitTableRow("| a | | |").size() == 3);
  CHECK(SplitTableRow("| a | b").size() == 2);
  CHECK(SplitTableRow("| {{flag|RU}} | b |").size() == 2);
  CHECK_FALSE(SplitTableRow("| {{flag|RU}} | b |")[0].unclosed_markup);
}

TEST_CASE("SplitTableRow: a '[[' or '{{' the row never closes splits nothing", "[ingest]") {
  const auto cells = SplitTableRow("| [[Ann Smith | 1920 | {{circa 1921 |");
  REQUIRE(cells.size() == 3);
  CHECK(Trim(cells[0].raw) == "[[Ann Smith");
  CHECK(cells[0].unclosed_markup);
  CHECK_FALSE(cells[1].unclosed_markup);
  CHECK(cells[2].unclosed_markup);
  // Closed on the row, a link still holds its '|' (and is no unclosed one).
  const auto closed = SplitTableRow("| [[A|B | 1920 ]] | x |");
  REQUIRE(closed.size() == 2);
  CHECK_FALSE(closed[0].unclosed_markup);
}

TEST_CASE("RoleFromSubheader singularises the head noun", "[ingest]") {
  CHECK(RoleFromSubheader("Chairmen of the Communist Party of Bukhara") == "Chairman");
  CHECK(RoleFromSubheader("Executive Secretaries of the Communist Party of Khorezm") ==
        "Executive Secretary");
  CHECK(RoleFromSubheader("First Secretaries") == "First Secretary");
  CHECK(RoleFromSubheader("Presidents") == "President");
  CHECK(RoleFromSubheader("Chairpersons (1990–1991)") == "Chairperson");
  CHECK(RoleFromSubheader("General Secretary") == "General Secretary");
  CHECK(SingularWord("Congresses") == "Congress");
  CHECK(SingularWord("Status") == "Status");
  CHECK(SingularWord("Chairwomen") == "Chairwoman");
}

TEST_CASE("InferKindFromName reads the institutional head words", "[ingest]") {
  CHECK(InferKindFromName("Communist Party of Bukhara") == "party");
  CHECK(InferKindFromName("Khorezm People's Soviet Republic") == "state");
  CHECK(InferKindFromName("Uzbek SSR") == "state");
  CHECK(InferKindFromName("Khanate of Khiva") == "state");
  CHECK(InferKindFromName("Karakalpak Autonomous Oblast") == "state");
  CHECK(InferKindFromName("Soviet Union") == "state");
  CHECK(InferKindFromName("Union of Soviet Socialist Republics") == "state");
  CHECK(InferKindFromName("All Bukhara Revolutionary Committee") == "organisation");
  CHECK(InferKindFromName("Balkan Communist Federation") == "organisation");
  CHECK(InferKindFromName("Communist Party of the Soviet Union") == "party");
  CHECK(InferKindFromName("Partisan Detachment") == "");
  CHECK(InferKindFromName("Uzbekistan") == "");
}

TEST_CASE("Named lists split at top-level commas and read trailing periods", "[ingest]") {
  const auto items = ParseNamedItems(
      "Pyotr Kobozev (1919), Nazir Turiakylov (1920–1922), Abdullo Rakhimbayev (1920–1921, "
      "1922), Ferdinand Svetlov");
  REQUIRE(items.size() == 4);
  CHECK(items[2].name == "Abdullo Rakhimbayev");
  CHECK(items[2].periods.size() == 2);
  CHECK(items[3].periods.empty());
  const auto rcp = ParseNamedItem("Russian Communist Party (Bolsheviks) (1922–1924)");
  CHECK(rcp.name == "Russian Communist Party (Bolsheviks)");
  REQUIRE(rcp.periods.size() == 1);
  CHECK(rcp.periods[0].ToIso() == "1922..1924");
  CHECK(ParseNamedItem("the Soviet Union").name == "Soviet Union");
  const auto bad = ParseNamedItem("Petar Ilić (1921–19x)");
  CHECK_FALSE(bad.period_error.empty());
  CHECK(ParseNamedItems("about 1,200,000").size() == 1);
}

TEST_CASE("Text helpers", "[ingest]") {
  CHECK(ToSnakeCase("Took office") == "took_office");
  CHECK(ToSnakeCase("isAffiliatedTo") == "is_affiliated_to");
  CHECK(ToSnakeCase("%") == "percent");
  CHECK(ToSnakeCase("#") == "number");
  CHECK(ToSnakeCase("2nd name") == "n_2nd_name");
  CHECK(IsSnakeCase("affiliated_with"));
  CHECK_FALSE(IsSnakeCase("Leads"));
  CHECK_FALSE(IsSnakeCase("_x"));
  CHECK(Trim("\xC2\xA0 x \t") == "x");
  CHECK(SplitTopLevel("a (b, c), [[d, e]]; f", ",;").size() == 3);
}

TEST_CASE("UTF-8 validation finds the first bad byte; columns count code points", "[ingest]") {
  CHECK_FALSE(FindInvalidUtf8("Бухоро \xD8\xAD\xD8\xB2\xD8\xA8").has_value());
  CHECK(FindInvalidUtf8("ab\xFF").value() == 2);
  CHECK(FindInvalidUtf8("ab\xC0\xAF").value() == 2);        // overlong '/'
  CHECK(FindInvalidUtf8("\xED\xA0\x80").value() == 0);      // surrogate
  CHECK(FindInvalidUtf8("ok \xE2\x82").value() == 3);       // truncated
  CHECK(FindInvalidUtf8("\xF4\x90\x80\x80").value() == 0);  // past U+10FFFF
  const std::string text = "line one\nБух x\n";
  const LineIndex index(text);
  const LineColumn at = index.Locate(text.find('x'));
  CHECK(at.line == 2);
  CHECK(at.column == 5);
}

TEST_CASE("LineIndex gives the same position whatever order it is asked in", "[ingest]") {
  // Lines long and short, with two- and three-byte code points, so that a
  // count resumed from the lookup before must land where a fresh count does.
  std::string text;
  for (int line = 0; line < 6; ++line) {
    for (int i = 0; i < 40 * line; ++i) text += (i % 3 == 0) ? "Б" : (i % 5 == 0 ? "€" : "a");
    text += '\n';
  }
  const auto expected = [&](std::size_t offset) {
    LineColumn at;
    for (std::size_t i = 0; i < offset; ++i) {
      if (text[i] == '\n') {
        ++at.line;
        at.column = 1;
      } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
        ++at.column;
      }
    }
    return at;
  };
  const LineIndex index(text);
  std::vector<std::size_t> offsets;
  for (std::size_t offset = 0; offset <= text.size() + 2; offset += 7) offsets.push_back(offset);
  std::vector<std::size_t> backwards(offsets.rbegin(), offsets.rend());
  offsets.insert(offsets.end(), backwards.begin(), backwards.end());
  for (std::size_t i = 0; i < 50; ++i) offsets.push_back((i * 131) % text.size());
  for (const std::size_t offset : offsets) {
    const LineColumn want = expected(std::min(offset, text.size()));
    const LineColumn got = index.Locate(offset);
    INFO("offset " << offset);
    CHECK(got.line == want.line);
    CHECK(got.column == want.column);
    CHECK(index.LineOf(offset) == want.line);
  }
}
