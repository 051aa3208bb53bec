// The certain/possible rule for a period and a query window: against brute
// force on small ranges, and on the real date forms of the sample articles.
#include <annals/time.hpp>

#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "worlds.hpp"

namespace {

using annals::Certainty;
using annals::Day;
using annals::HoldsDuring;
using annals::Period;
using annals::VagueDate;

Certainty BruteHoldsDuring(const Period& p, Day w_lo, Day w_hi) {
  bool all = true;
  bool any = false;
  for (const annals::testing::World& w : annals::testing::Worlds(p)) {
    const bool holds = w.s <= w_hi && w.e >= w_lo;  // shares a day with the window
    all = all && holds;
    any = any || holds;
  }
  return annals::testing::Grade(all, any);
}

TEST_CASE("HoldsDuring matches brute force for every period and window within 0..5",
          "[time][holds]") {
  const std::vector<Period> boxes = annals::testing::AllBoxes(5);
  std::size_t checked = 0;
  int wrong = 0;
  for (const Period& box : boxes) {
    const Period p = Period::Make(box.start, box.end);
    for (Day w_lo = 0; w_lo <= 5; ++w_lo) {
      for (Day w_hi = w_lo; w_hi <= 5; ++w_hi) {
        if (HoldsDuring(p, w_lo, w_hi) != BruteHoldsDuring(p, w_lo, w_hi)) ++wrong;
        ++checked;
      }
    }
  }
  CHECK(wrong == 0);
  CHECK(checked == boxes.size() * 21);  // 21 windows within 0..5
}

TEST_CASE("HoldsDuring with open and unknown ends", "[time][holds]") {
  const auto window = [](const char* text) { return VagueDate::Parse(text); };
  const auto holds = [&](const char* period, const char* at) {
    const VagueDate w = window(at);
    return HoldsDuring(Period::Parse(period), w.lo, w.hi);
  };
  CHECK(holds("1921-06-15..present", "2024") == Certainty::kCertain);
  CHECK(holds("1921-06-15..present", "1921-06-14") == Certainty::kNo);
  CHECK(holds("1921-06-15..", "1921-06") == Certainty::kCertain);
  // Whatever the start, the end falls in 1920 and the fact holds on that day.
  CHECK(holds("..1920", "1920") == Certainty::kCertain);
  CHECK(holds("..1920", "1920-06") == Certainty::kPossible);
  CHECK(holds("..1920", "1900") == Certainty::kPossible);
  CHECK(holds("..1920-01-01", "1920-01-01") == Certainty::kCertain);
  CHECK(holds("..1920", "1921") == Certainty::kNo);
  CHECK(holds("1921..?", "1921") == Certainty::kCertain);
  CHECK(holds("1921..?", "1950") == Certainty::kPossible);
  CHECK(holds("1921..?", "1920") == Certainty::kNo);
  CHECK(holds("always", "-9999-01-01") == Certainty::kCertain);
  CHECK(holds("always", "1921-06") == Certainty::kCertain);
  // An empty window has no day to hold on.
  CHECK(HoldsDuring(Period::Always(), 10, 9) == Certainty::kNo);
}

// A leader row of a sample article, with the dates exactly as written.
struct Leader {
  std::string name;
  Period period;
};

std::vector<std::string> Cells(const std::string& line) {
  std::vector<std::string> cells;
  std::stringstream stream(line);
  std::string cell;
  std::getline(stream, cell, '|');  // before the first bar
  while (std::getline(stream, cell, '|')) {
    const auto first = cell.find_first_not_of(' ');
    const auto last = cell.find_last_not_of(' ');
    cells.push_back(first == std::string::npos ? "" : cell.substr(first, last - first + 1));
  }
  return cells;
}

// Reads the "| Name | Took office | Left office |" table of an article: every
// date cell must read, and each row becomes a period.
std::map<std::string, Period> LeaderTable(const std::string& article) {
  std::ifstream in(std::string(ANNALS_SOURCE_DIR) + "/datasets/central-asia-1918-1924/" + article);
  REQUIRE(in.good());
  std::map<std::string, Period> leaders;
  bool in_table = false;
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("| Name | Took office | Left office", 0) == 0) {
      in_table = true;
      continue;
    }
    if (!in_table || line.rfind("| ", 0) != 0) continue;
    const std::vector<std::string> cells = Cells(line);
    if (cells.size() < 3 || cells[1].empty()) continue;  // a section heading row
    INFO(article << ": " << line);
    const VagueDate took = VagueDate::Parse(cells[1]);
    const VagueDate left = VagueDate::Parse(cells[2]);
    leaders.emplace(cells[0], Period::Make(took, left));
  }
  return leaders;
}

// Names of the leaders holding office during `at`, with their certainty.
std::map<std::string, Certainty> During(const std::map<std::string, Period>& leaders,
                                        const char* at) {
  const VagueDate window = VagueDate::Parse(at);
  std::map<std::string, Certainty> answer;
  for (const auto& [name, period] : leaders) {
    const Certainty c = HoldsDuring(period, window.lo, window.hi);
    if (c != Certainty::kNo) answer.emplace(name, c);
  }
  return answer;
}

using Answer = std::map<std::string, Certainty>;
constexpr Certainty kCertain = Certainty::kCertain;
constexpr Certainty kPossible = Certainty::kPossible;

TEST_CASE("leaders of the Communist Party of Bukhara", "[time][holds][sample]") {
  const auto leaders = LeaderTable("communist-party-of-bukhara.txt");
  REQUIRE(leaders.size() == 7);
  // mid-1921 is May-August 1921: both terms certainly include a day of it.
  CHECK(During(leaders, "mid-1921") ==
        Answer{{"Saidulla Tursunkhodzhayev", kCertain}, {"Abdurashid Mukamilov", kCertain}});
  // Saidzhanov took office in "1922": maybe after March.
  CHECK(During(leaders, "1922-03") == Answer{{"Mukhtar Saidzhanov", kPossible}});
  CHECK(During(leaders, "1923-12") ==
        Answer{{"Abdullo Rakhimbayev", kCertain}, {"Akhmetbek Mavlyanbekov", kCertain}});
  CHECK(During(leaders, "1923-12-01") ==
        Answer{{"Abdullo Rakhimbayev", kCertain}, {"Akhmetbek Mavlyanbekov", kPossible}});
  CHECK(During(leaders, "1923-06-15") == Answer{{"Mukhtar Saidzhanov", kPossible}});
  // Both held office on 6 October 1920 (inclusive days).
  CHECK(During(leaders, "6 October 1920") ==
        Answer{{"Nadzhib Khusainov", kCertain}, {"Aslamkhodzha Umarkhodzhayev", kCertain}});
  CHECK(During(leaders, "4 July 1921").empty());  // between two terms
  CHECK(During(leaders, "1918").empty());
}

TEST_CASE("leaders of the Communist Party of Khorezm", "[time][holds][sample]") {
  const auto leaders = LeaderTable("communist-party-of-khorezm.txt");
  REQUIRE(leaders.size() == 9);
  // "December 1920" ends one term and starts the next: on 15 December either
  // may have been in office.
  CHECK(During(leaders, "1920-12-15") ==
        Answer{{"Mulla Dzhumaniyaz Sultanmuradov", kPossible}, {"Makhmud Musayev", kPossible}});
  CHECK(During(leaders, "1920-12") ==
        Answer{{"Mulla Dzhumaniyaz Sultanmuradov", kCertain}, {"Makhmud Musayev", kCertain}});
  CHECK(During(leaders, "1920-11-30") == Answer{{"Mulla Dzhumaniyaz Sultanmuradov", kCertain}});
  CHECK(During(leaders, "1921-01") == Answer{{"Makhmud Musayev", kCertain}});
  CHECK(During(leaders, "29 May 1921") ==
        Answer{{"Makhmud Musayev", kCertain}, {"Mukhamedzhan Tazetdinov", kCertain}});
  CHECK(During(leaders, "summer 1924") ==
        Answer{{"Karimzhan Adinaev", kCertain}, {"Iskhak Khansuvarov", kCertain}});
}

TEST_CASE("the infobox leaders of the Communist Party of Turkestan", "[time][holds][sample]") {
  // "Leader: Pyotr Kobozev (1919), Nazir Turiakylov (1920–1922), Abdullo
  // Rakhimbayev (1920–1921, 1922), Ferdinand Svetlov (1923–1924)"
  std::ifstream in(std::string(ANNALS_SOURCE_DIR) +
                   "/datasets/central-asia-1918-1924/communist-party-of-turkestan.txt");
  std::stringstream text;
  text << in.rdbuf();
  const std::string article = text.str();
  const auto terms = [&](const std::string& name) {
    const std::string key = name + " (";
    const auto at = article.find(key);
    REQUIRE(at != std::string::npos);
    const auto begin = at + key.size();
    return Period::ParseList(article.substr(begin, article.find(')', begin) - begin));
  };
  const std::vector<Period> kobozev = terms("Pyotr Kobozev");
  const std::vector<Period> turiakylov = terms("Nazir Turiakylov");
  const std::vector<Period> rakhimbayev = terms("Abdullo Rakhimbayev");
  REQUIRE(kobozev.size() == 1);
  REQUIRE(turiakylov.size() == 1);
  REQUIRE(rakhimbayev.size() == 2);
  const VagueDate june_1921 = VagueDate::Parse("June 1921");
  CHECK(HoldsDuring(turiakylov[0], june_1921.lo, june_1921.hi) == kCertain);
  CHECK(HoldsDuring(rakhimbayev[0], june_1921.lo, june_1921.hi) == kPossible);
  CHECK(HoldsDuring(rakhimbayev[1], june_1921.lo, june_1921.hi) == Certainty::kNo);
  // "1919" as a whole period: in office at some time that year.
  const VagueDate y1919 = VagueDate::Parse("1919");
  const VagueDate june_1919 = VagueDate::Parse("1919-06");
  CHECK(HoldsDuring(kobozev[0], y1919.lo, y1919.hi) == kCertain);
  CHECK(HoldsDuring(kobozev[0], june_1919.lo, june_1919.hi) == kPossible);
}

TEST_CASE("every date of the sample infoboxes and text reads", "[time][sample]") {
  // As written in the three articles.
  for (const char* date : {"September 1918", "27 October 1924", "4 April 1920", "June 1918",
                           "February 1924", "26 April 1920", "the spring of 1924", "summer of 1920",
                           "August 23, 1920", "February 1, 1922", "1922"}) {
    INFO(date);
    VagueDate out;
    std::string error;
    CHECK(VagueDate::TryParse(date, &out, &error));
  }
  CHECK(Period::Parse("16\xE2\x80\x93"
                      "18 August 1920")
            .ToIso() == "1920-08-16..1920-08-18");
  CHECK(Period::Parse("1922\xE2\x80\x93"
                      "1924")
            .ToIso() == "1922..1924");
  CHECK(Period::Parse("June\xE2\x80\x93"
                      "August 1920")
            .ToIso() == "1920-06..1920-08");
  CHECK(Period::Parse("mid\xE2\x80\x93late 1921").ToIso() == "1921-38..1921-39");
}

}  // namespace
