// ParseVagueDate reads a plain ISO day without the grammar; these tests hold
// the shortcut to the grammar's answer (value and outcome) on every kind of
// text it might take or wrongly refuse.
#include <annals/time.hpp>

#include "engine/time/date_parser.hpp"

#include <catch2/catch.hpp>

#include <cstdio>
#include <string>
#include <vector>

namespace annals::engine {
namespace {

struct Reading {
  DateParseOutcome outcome = DateParseOutcome::kUnreadable;
  VagueDate date;
  std::string error;
};

Reading Read(std::string_view text, bool by_grammar) {
  Reading reading;
  reading.outcome = by_grammar ? ParseVagueDateByGrammar(text, &reading.date, &reading.error)
                               : ParseVagueDate(text, &reading.date, &reading.error);
  return reading;
}

void RequireSameReading(const std::string& text) {
  INFO("text: \"" << text << "\"");
  const Reading shortcut = Read(text, false);
  const Reading grammar = Read(text, true);
  REQUIRE(shortcut.outcome == grammar.outcome);
  REQUIRE(shortcut.error == grammar.error);
  if (grammar.outcome != DateParseOutcome::kOk) return;
  REQUIRE(shortcut.date.lo == grammar.date.lo);
  REQUIRE(shortcut.date.hi == grammar.date.hi);
  REQUIRE(shortcut.date.form == grammar.date.form);
}

std::string IsoText(int year, int month, int day) {
  char text[32];
  std::snprintf(text, sizeof text, "%04d-%02d-%02d", year, month, day);
  return text;
}

TEST_CASE("an ISO day reads the same with and without the grammar", "[time][date]") {
  // Every year up to 2100 and a spread of later ones; every month and the
  // days around each month's end, with months and days out of range.
  std::vector<int> years;
  for (int year = 0; year <= 2100; ++year) years.push_back(year);
  for (int year = 2101; year <= 9999; year += 37) years.push_back(year);
  years.push_back(9999);
  std::size_t read = 0;
  for (const int year : years) {
    for (int month = 0; month <= 13; ++month) {
      for (const int day : {0, 1, 15, 28, 29, 30, 31, 32, 99}) {
        const std::string text = IsoText(year, month, day);
        const Reading shortcut = Read(text, false);
        const Reading grammar = Read(text, true);
        // One REQUIRE per text would be 300,000 assertions: compare, then
        // report the first difference in full.
        if (shortcut.outcome != grammar.outcome || shortcut.error != grammar.error ||
            shortcut.date.lo != grammar.date.lo || shortcut.date.hi != grammar.date.hi ||
            shortcut.date.form != grammar.date.form) {
          RequireSameReading(text);
        }
        read += grammar.outcome == DateParseOutcome::kOk;
      }
    }
  }
  // Guards the loop itself: most of these texts are real days.
  REQUIRE(read > years.size() * 12 * 5);
}

TEST_CASE("text near an ISO day is left to the grammar", "[time][date]") {
  for (const char* text : {"1921-06-15",
                           "1921-6-15",
                           "1921-06-5",
                           "1921-06-15 ",
                           " 1921-06-15",
                           "1921/06/15",
                           "19a1-06-15",
                           "1921-0a-15",
                           "1921-06-1a",
                           "-921-06-15",
                           "+921-06-15",
                           "1921-06-##",
                           "1921-##-##",
                           "0000-01-01",
                           "1921-02-29",
                           "1920-02-29",
                           "1900-02-29",
                           "2000-02-29",
                           "1921-13-01",
                           "1921-00-10",
                           "1921-21",
                           "1921-06",
                           "1921-06-15..1921-06-16",
                           ""}) {
    RequireSameReading(text);
  }
}

TEST_CASE("the shortcut takes a valid ISO day", "[time][date]") {
  VagueDate date;
  REQUIRE(ParseVagueDate("1921-06-15", &date, nullptr) == DateParseOutcome::kOk);
  REQUIRE(date.form == DateForm::kDay);
  REQUIRE(date.lo == DayFromCivil(1921, 6, 15));
  REQUIRE(date.hi == date.lo);
  REQUIRE(ParseVagueDate("1921-02-29", &date, nullptr) == DateParseOutcome::kInvalid);
}

}  // namespace
}  // namespace annals::engine
