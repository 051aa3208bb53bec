// Value cells: how they print, compare, and hold their texts.
#include <annals/time.hpp>
#include <annals/value.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace {

using annals::Period;
using annals::VagueDate;
using annals::Value;
using annals::ValueKind;

TEST_CASE("values print as names, numbers, dates and periods", "[time][value]") {
  CHECK(Value().is_null());
  CHECK(Value().ToText().empty());
  CHECK(Value::Entity("Communist Party of Bukhara").ToText() == "Communist Party of Bukhara");
  CHECK(Value::Entity("X").kind() == ValueKind::kEntity);
  CHECK(Value::String("Chairman").ToText() == "Chairman");
  CHECK(Value::String("Chairman").text() == "Chairman");
  CHECK(Value::Number(9424).ToText() == "9424");
  CHECK(Value::Number(-3).ToText() == "-3");
  CHECK(Value::Number(-0.0).ToText() == "0");
  CHECK(Value::Number(49.7).ToText() == "49.7");
  CHECK(Value::Number(0.1).ToText() == "0.1");
  CHECK(Value::Number(1e20).ToText() == "1e+20");
  CHECK(Value::Number(std::numeric_limits<double>::infinity()).ToText() == "inf");
  CHECK(Value::Number(std::nan("")).ToText() == "nan");
  CHECK(Value::Number(49.7).number() == 49.7);

  const Value mid = Value::Date(VagueDate::Parse("mid-1921"));
  CHECK(mid.kind() == ValueKind::kDate);
  CHECK(mid.ToText() == "mid-1921");
  CHECK(mid.ToIso() == "1921-38");
  CHECK(mid.date() == VagueDate::Parse("1921-38"));

  const Value term = Value::OfPeriod(Period::Parse("23 February 1921 \xE2\x80\x93 3 July 1921"));
  CHECK(term.kind() == ValueKind::kPeriod);
  CHECK(term.ToIso() == "1921-02-23..1921-07-03");
  CHECK(term.ToText() == "1921-02-23 \xE2\x80\x93 1921-07-03");
  CHECK(Value::Entity("a") == Value::Entity("a"));
  CHECK_FALSE(Value::Entity("a") == Value::String("a"));
  CHECK(Value::Entity("Bukhara").ToIso() == "Bukhara");
}

TEST_CASE("values keep value semantics while sharing their text", "[time][value]") {
  std::vector<Value> cells;
  {
    const std::string name(40, 'n');  // past any small-string buffer
    Value original = Value::Entity(name);
    cells.assign(1000, original);  // copies share the one text
  }                                // the original is gone; its copies keep the text alive
  for (const Value& cell : cells) CHECK(cell.text() == std::string(40, 'n'));

  Value moved_from = cells[0];
  const Value moved_to = std::move(moved_from);
  CHECK(moved_to.text() == std::string(40, 'n'));
  CHECK(moved_from.is_null());  // NOLINT(bugprone-use-after-move): the state is specified

  Value target = Value::Number(7);
  target = cells[1];
  CHECK(target == cells[1]);
  const Value& same = target;  // through a reference, so that compilers do not flag it
  target = same;               // self-assignment keeps the text
  CHECK(target.text() == std::string(40, 'n'));
  target = Value::OfPeriod(Period::Parse("1920..1921"));
  CHECK(target.kind() == ValueKind::kPeriod);
  CHECK(target.text().empty());
  CHECK(target.number() == 0);

  // Equality is by content, not by which allocation holds the text.
  CHECK(Value::Entity("a") == Value::Entity(std::string("a")));
  CHECK_FALSE(Value::Entity("a") == Value::Entity("b"));
  CHECK(Value::String("") == Value::String(""));
  CHECK_FALSE(Value::String("") == Value());
  CHECK(Value::Number(2) == Value::Number(2));
  CHECK_FALSE(Value::Number(2) == Value::Number(3));
  CHECK_FALSE(Value::Date(VagueDate::Parse("1921")) ==
              Value::OfPeriod(Period::Parse("1921")));  // same days, different kinds
  CHECK(Value::Number(1).period() == Period{});
  CHECK(Value::Entity("x").text().size() == 1);
}

TEST_CASE("short texts are held in the value, longer ones shared", "[time][value]") {
  // Either side of the in-place capacity (24 bytes), and the empty text.
  for (const std::size_t size : {0, 1, 23, 24, 25, 40}) {
    INFO("size " << size);
    const std::string text(size, 'q');
    std::vector<Value> cells;
    {
      Value original = Value::String(text);
      CHECK(original.text() == text);
      cells.assign(3, original);
      Value moved_to = std::move(original);
      CHECK(moved_to.text() == text);
      CHECK(original.is_null());  // NOLINT(bugprone-use-after-move): the state is specified
      cells.push_back(std::move(moved_to));
    }
    for (const Value& cell : cells) {
      CHECK(cell.kind() == ValueKind::kString);
      CHECK(cell.text() == text);
      CHECK(cell == Value::String(text));
      CHECK_FALSE(cell == Value::Entity(text));
      CHECK_FALSE(cell == Value::String(text + "r"));
    }
    Value target = Value::Entity(std::string(40, 'n'));
    target = cells[0];  // a shared text released, this one copied or shared
    CHECK(target.text() == text);
    const Value& same = target;
    target = same;  // self-assignment
    CHECK(target.text() == text);
    target = Value::Number(1);
    CHECK(target.text().empty());
    CHECK(cells[0].text() == text);
  }
  // Every length a value holds in place, with bytes that differ, so that a
  // byte copied to the wrong place or left out shows.
  for (std::size_t size = 0; size <= 26; ++size) {
    INFO("size " << size);
    std::string text;
    for (std::size_t i = 0; i < size; ++i) text.push_back(static_cast<char>('a' + i));
    CHECK(Value::Entity(text).text() == text);
    CHECK(Value::String(text).text() == text);
  }
  // The bytes are copied, not referred to.
  std::string source = "Person 1234567";
  const Value person = Value::Entity(source);
  source.assign(source.size(), '#');
  CHECK(person.text() == "Person 1234567");
}

}  // namespace
