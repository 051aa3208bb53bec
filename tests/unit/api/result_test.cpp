// QueryResult and its builder: rows as views into column arrays, each row
// finding exactly its own cells, sources and explanation steps.
#include <annals/result.hpp>
#include <annals/time.hpp>
#include <annals/value.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <span>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace {

using annals::Certainty;
using annals::Period;
using annals::QueryResult;
using annals::QueryResultBuilder;
using annals::Row;
using annals::Value;

static_assert(std::random_access_iterator<QueryResult::Iterator>);
static_assert(std::random_access_iterator<annals::Sources::iterator>);

const std::string kLongName(40, 'x');  // held out of place, shared by copies

QueryResult TwoRows(bool truncated) {
  QueryResultBuilder builder({"P", "Role"});
  builder.AddCell(Value::Entity("Saidulla Tursunkhodzhayev"));
  builder.AddCell(Value::String("Chairman"));
  builder.AddSource("communist-party-of-bukhara.txt", 28);
  builder.EndRow(Certainty::kCertain, Period::Parse("1921-02-23..1921-07-03"));
  builder.AddCell(Value::Entity(kLongName));
  builder.RepeatCellAbove();
  builder.AddStep("leads(P, O) from a.txt:1");
  builder.AddStep("  more");
  builder.EndRow(Certainty::kPossible, Period::Parse("1922"));
  return builder.Finish(truncated);
}

TEST_CASE("QueryResult finds columns by name", "[api][result]") {
  const QueryResult result = TwoRows(true);
  CHECK(result.columns() == std::vector<std::string>{"P", "Role"});
  CHECK(result.ColumnIndex("P") == 0);
  CHECK(result.ColumnIndex("Role") == 1);
  CHECK(result.ColumnIndex("p") == -1);
  CHECK(result.size() == 2);
  CHECK_FALSE(result.empty());
  CHECK(result.truncated());
  CHECK_FALSE(TwoRows(false).truncated());
  const QueryResult empty;
  CHECK(empty.empty());
  CHECK_FALSE(empty.truncated());
  CHECK(empty.ColumnIndex("P") == -1);
  CHECK(empty.begin() == empty.end());
}

TEST_CASE("Each row sees its own cells, sources and steps", "[api][result]") {
  const QueryResult result = TwoRows(false);
  const Row first = result[0];
  REQUIRE(first.values.size() == 2);
  CHECK(first.values[0].text() == "Saidulla Tursunkhodzhayev");
  CHECK(first.values.at(1).text() == "Chairman");
  CHECK(first.certainty == Certainty::kCertain);
  CHECK(first.validity == Period::Parse("1921-02-23..1921-07-03"));
  REQUIRE(first.sources.size() == 1);
  CHECK(first.sources[0].ToString() == "communist-party-of-bukhara.txt:28");
  CHECK(first.explanation.empty());

  const Row second = result[1];
  CHECK(second.values[0].text() == kLongName);
  CHECK(second.values[1].text() == "Chairman");  // repeats the cell above it
  CHECK(second.certainty == Certainty::kPossible);
  CHECK(second.validity == Period::Parse("1922"));
  CHECK(second.sources.empty());
  CHECK(std::vector<std::string>(second.explanation.begin(), second.explanation.end()) ==
        std::vector<std::string>{"leads(P, O) from a.txt:1", "  more"});
}

TEST_CASE("Bounds are checked where asked", "[api][result]") {
  const QueryResult result = TwoRows(false);
  CHECK_THROWS_AS(result.at(2), std::out_of_range);
  CHECK(result.at(1).values.at(0).text() == kLongName);
  CHECK_THROWS_AS(result[0].values.at(2), std::out_of_range);
}

TEST_CASE("Rows walk like a random-access range", "[api][result]") {
  const QueryResult result = TwoRows(false);
  std::vector<std::string> names;
  for (const Row& row : result) names.emplace_back(row.values[0].text());
  CHECK(names == std::vector<std::string>{"Saidulla Tursunkhodzhayev", kLongName});
  CHECK(result.begin() + 2 == result.end());
  CHECK(std::distance(result.begin(), result.end()) == 2);
  CHECK(result.end() - 1 > result.begin());
  CHECK(result.begin()[1].certainty == Certainty::kPossible);
  CHECK(result.begin()->values[1].text() == "Chairman");
  auto it = result.end();
  --it;
  CHECK((it--)->sources.empty());
  CHECK(it == result.begin());
  CHECK(std::count_if(result.begin(), result.end(),
                      [](const Row& row) { return !row.sources.empty(); }) == 1);
}

TEST_CASE("Cells compare pairwise", "[api][result]") {
  QueryResultBuilder builder({"A", "B"});
  for (int i = 0; i < 3; ++i) {
    builder.AddCell(Value::Number(1));
    builder.AddCell(Value::Entity(i == 2 ? "other" : kLongName));
    builder.EndRow(Certainty::kCertain, Period());
  }
  const QueryResult result = builder.Finish();
  CHECK(result[0].values == result[1].values);
  CHECK_FALSE(result[1].values == result[2].values);
  CHECK_FALSE(result[0].values == annals::Cells(result[0].values.data(), 1));
}

TEST_CASE("Views stay valid when the result moves", "[api][result]") {
  QueryResult original = TwoRows(false);
  const Row before = original[1];
  const Row first_before = original[0];
  const QueryResult moved = std::move(original);
  CHECK(before.values[0].text() == kLongName);
  CHECK(before.explanation.size() == 2);
  CHECK(first_before.sources[0].file == "communist-party-of-bukhara.txt");
  CHECK(moved[1].values[0].text() == kLongName);
}

TEST_CASE("Sources hold each file once and give locations on access", "[api][result]") {
  QueryResultBuilder builder({});
  const std::uint32_t a = builder.AddFile("a.dl");
  CHECK(builder.AddFile("a.dl") == a);
  const std::string long_path = "/srv/archives/" + std::string(60, 'p') + ".txt";
  builder.AddSource(long_path, 7, 3);
  builder.AddSource(a, 2);
  CHECK(builder.AddFile(long_path) != a);
  CHECK_THROWS_AS(builder.AddSource(std::uint32_t{9}, 1), std::logic_error);  // no such file
  builder.EndRow(Certainty::kCertain, Period());
  builder.AddSource("a.dl", 5);
  builder.EndRow(Certainty::kCertain, Period());
  const QueryResult result = builder.Finish();

  const annals::Sources first = result[0].sources;
  REQUIRE(first.size() == 2);
  CHECK(first[0].file == long_path);
  CHECK(first[0].line == 7);
  CHECK(first[0].column == 3);
  CHECK(first.file(1) == "a.dl");
  CHECK(first.at(1).ToString() == "a.dl:2");
  CHECK_THROWS_AS(first.at(2), std::out_of_range);
  std::vector<std::string> printed;
  for (const annals::SourceLocation& source : first) printed.push_back(source.ToString());
  CHECK(printed == std::vector<std::string>{long_path + ":7:3", "a.dl:2"});
  CHECK(first.begin()->line == 7);
  CHECK(first.end() - first.begin() == 2);
  REQUIRE(result[1].sources.size() == 1);
  CHECK(result[1].sources[0].ToString() == "a.dl:5");

  // After Finish the files start over: index 0 is whatever comes first.
  CHECK(builder.AddFile("z.tsv") == 0);
}

TEST_CASE("The builder shows the sources added so far, as stored", "[api][result]") {
  QueryResultBuilder builder({});
  CHECK(builder.SourcesAdded().empty());
  const std::uint32_t b = builder.AddFile("b.dl");
  const std::uint32_t a = builder.AddFile("a.dl");
  builder.AddSource(b, 4);
  builder.EndRow(Certainty::kCertain, Period());
  builder.AddSource(a, 9, 2);  // of the row not yet ended
  const auto added = builder.SourcesAdded();
  REQUIRE(added.size() == 2);
  CHECK(added[0].file == b);
  CHECK(added[0].line == 4);
  CHECK(added[1].file == a);
  CHECK(added[1].line == 9);
  CHECK(added[1].column == 2);
  builder.EndRow(Certainty::kCertain, Period());
  (void)builder.Finish();
  CHECK(builder.SourcesAdded().empty());  // the next answer starts with none
}

TEST_CASE("A row's sources can be added in bulk, an earlier row's among them", "[api][result]") {
  QueryResultBuilder builder({});
  const std::uint32_t a = builder.AddFile("a.dl");
  const std::uint32_t b = builder.AddFile("b.dl");
  const std::vector<annals::detail::SourceEntry> first = {{a, 3, 0}, {b, 1, 7}};
  builder.AddSources(first);
  builder.EndRow(Certainty::kCertain, Period());
  // The row above's sources, given by where they lie in the answer, and
  // enough more rows of them to make the answer's array move.
  for (int row = 0; row < 40; ++row) {
    builder.AddSources(builder.SourcesAdded().subspan(0, 2));
    builder.AddSource(a, static_cast<std::uint32_t>(100 + row));
    builder.EndRow(Certainty::kCertain, Period());
  }
  // A file not added: nothing of the span goes in.
  const std::vector<annals::detail::SourceEntry> unknown = {{a, 5, 0}, {b + 1, 1, 0}};
  CHECK_THROWS_AS(builder.AddSources(unknown), std::logic_error);
  builder.AddSources({});
  builder.EndRow(Certainty::kCertain, Period());
  const QueryResult result = builder.Finish();
  REQUIRE(result.size() == 42);
  REQUIRE(result[0].sources.size() == 2);
  CHECK(result[0].sources[0].ToString() == "a.dl:3");
  CHECK(result[0].sources[1].ToString() == "b.dl:1:7");
  for (std::size_t row = 1; row <= 40; ++row) {
    INFO("row " << row);
    REQUIRE(result[row].sources.size() == 3);
    CHECK(result[row].sources[0].ToString() == "a.dl:3");
    CHECK(result[row].sources[1].ToString() == "b.dl:1:7");
    CHECK(result[row].sources[2].ToString() == "a.dl:" + std::to_string(99 + row));
  }
  CHECK(result[41].sources.empty());
}

TEST_CASE("A row can share the sources that end just before its own", "[api][result]") {
  QueryResultBuilder builder({"Y"});
  const std::uint32_t a = builder.AddFile("a.dl");
  // A chain: each row is the one before it and one more source.
  builder.AddCell(Value::Entity("B"));
  builder.AddSource(a, 10);
  builder.EndRow(Certainty::kCertain, Period(), 0);
  builder.AddCell(Value::Entity("C"));
  builder.AddSource(a, 11);
  builder.EndRow(Certainty::kCertain, Period(), 0);
  builder.AddCell(Value::Entity("D"));
  builder.AddSource(a, 12);
  builder.EndRow(Certainty::kCertain, Period(), 1);  // shares only the second
  CHECK(builder.SourcesAdded().size() == 3);         // shared, not copied
  // A row after a sharing one starts where that one ended.
  builder.AddCell(Value::Entity("E"));
  builder.AddSource(a, 20);
  builder.EndRow(Certainty::kPossible, Period());
  // A row sharing without adding any of its own.
  builder.AddCell(Value::Entity("F"));
  builder.EndRow(Certainty::kCertain, Period(), 2);
  // Past the row's own first source: refused, and the row stays open.
  builder.AddCell(Value::Entity("G"));
  builder.AddSource(a, 30);
  CHECK_THROWS_AS(builder.EndRow(Certainty::kCertain, Period(), 5), std::logic_error);
  builder.EndRow(Certainty::kCertain, Period(), 4);
  const QueryResult result = builder.Finish();
  REQUIRE(result.size() == 6);
  const auto lines = [&](std::size_t row) {
    std::vector<std::uint32_t> got;
    for (const annals::SourceLocation& source : result[row].sources) got.push_back(source.line);
    return got;
  };
  CHECK(lines(0) == std::vector<std::uint32_t>{10});
  CHECK(lines(1) == std::vector<std::uint32_t>{10, 11});
  CHECK(lines(2) == std::vector<std::uint32_t>{11, 12});
  CHECK(lines(3) == std::vector<std::uint32_t>{20});
  CHECK(lines(4) == std::vector<std::uint32_t>{12, 20});
  CHECK(lines(5) == std::vector<std::uint32_t>{30});
  CHECK(result[3].certainty == Certainty::kPossible);
}

TEST_CASE("A span of the answer's own sources must lie within them", "[api][result]") {
  QueryResultBuilder builder({});
  builder.Reserve(4);  // so that the span below stays within the array's memory
  const std::uint32_t a = builder.AddFile("a.dl");
  builder.AddSource(a, 1);
  builder.AddSource(a, 2);
  const std::span<const annals::detail::SourceEntry> added = builder.SourcesAdded();
  // Begun in the answer's sources, ending past them: refused, nothing added.
  CHECK_THROWS_AS(builder.AddSources({added.data() + 1, 2}), std::logic_error);
  builder.AddSources(builder.SourcesAdded().subspan(1, 1));
  builder.EndRow(Certainty::kCertain, Period());
  const QueryResult result = builder.Finish();
  REQUIRE(result[0].sources.size() == 3);
  CHECK(result[0].sources[2].ToString() == "a.dl:2");
}

TEST_CASE("Files keep their index past the first few", "[api][result]") {
  // The first files are found by a look through them, later ones by an
  // index built when there are more: each must keep its number throughout.
  QueryResultBuilder builder({});
  std::vector<std::string> files;
  for (int i = 0; i < 30; ++i) files.push_back("file-" + std::to_string(i) + ".tsv");
  for (std::size_t i = 0; i < files.size(); ++i) CHECK(builder.AddFile(files[i]) == i);
  for (int round = 0; round < 2; ++round) {
    for (std::size_t i = 0; i < files.size(); ++i) {
      CHECK(builder.AddFile(files[i]) == i);
      builder.AddSource(files[files.size() - 1 - i], static_cast<std::uint32_t>(i));
    }
  }
  builder.EndRow(Certainty::kCertain, Period());
  const QueryResult result = builder.Finish();
  const annals::Sources sources = result[0].sources;
  REQUIRE(sources.size() == 2 * files.size());
  for (std::size_t i = 0; i < sources.size(); ++i) {
    CHECK(sources.file(i) == files[files.size() - 1 - i % files.size()]);
  }
}

TEST_CASE("A row's sources and steps are found across many rows", "[api][result]") {
  // Counts that vary row by row (0, 1, 2, 0, 1, 2, ...) and by a different
  // cycle for steps: an off-by-one in any row's offsets shows in a later row.
  QueryResultBuilder builder({"N"});
  constexpr int kRows = 1000;
  builder.Reserve(kRows / 2);  // less than needed: growing must keep it right
  for (int r = 0; r < kRows; ++r) {
    builder.AddCell(Value::Number(r));
    for (int s = 0; s < r % 3; ++s) {
      builder.AddSource("file-" + std::to_string(r) + ".txt", static_cast<std::uint32_t>(s + 1));
    }
    for (int s = 0; s < r % 4; ++s) builder.AddStep(std::to_string(r) + "/" + std::to_string(s));
    builder.EndRow(r % 2 == 0 ? Certainty::kCertain : Certainty::kPossible, Period());
  }
  const QueryResult result = builder.Finish();
  REQUIRE(result.size() == kRows);
  int r = 0;
  for (const Row& row : result) {
    CHECK(row.values.at(0).number() == r);
    CHECK(row.certainty == (r % 2 == 0 ? Certainty::kCertain : Certainty::kPossible));
    REQUIRE(row.sources.size() == static_cast<std::size_t>(r % 3));
    for (std::size_t s = 0; s < row.sources.size(); ++s) {
      CHECK(row.sources[s].file == "file-" + std::to_string(r) + ".txt");
      CHECK(row.sources[s].line == s + 1);
    }
    REQUIRE(row.explanation.size() == static_cast<std::size_t>(r % 4));
    for (std::size_t s = 0; s < row.explanation.size(); ++s) {
      CHECK(row.explanation[s] == std::to_string(r) + "/" + std::to_string(s));
    }
    ++r;
  }
}

TEST_CASE("An answer of many MB keeps every row's cells and sources", "[api][result]") {
  // Past the size from which the answer's arrays grow into memory advised
  // for huge pages (4 MiB): each row repeats the cell above and copies the
  // sources of the row above from the answer itself, as a closure's rows do,
  // while the arrays move.
  QueryResultBuilder builder({"A", "B"});
  const std::uint32_t file = builder.AddFile("big.tsv");
  constexpr std::uint32_t kRows = 300'000;
  for (std::uint32_t r = 0; r < kRows; ++r) {
    if (r == 0) {
      builder.AddCell(Value::Entity("Start"));
    } else {
      builder.RepeatCellAbove();
    }
    builder.AddCell(Value::Number(r));
    if (r > 0) {
      const std::size_t above_first = builder.SourcesAdded().size() - 2;
      builder.AddSources(builder.SourcesAdded().subspan(above_first, 1));
    } else {
      builder.AddSource(file, 1);
    }
    builder.AddSource(file, r + 2);
    builder.EndRow(Certainty::kCertain, Period());
  }
  const QueryResult result = builder.Finish();
  REQUIRE(result.size() == kRows);
  std::uint32_t wrong = 0;
  for (std::uint32_t r = 0; r < kRows; ++r) {
    const Row row = result[r];
    const bool right = row.values[0].text() == "Start" && row.values[1].number() == r &&
                       row.sources.size() == 2 && row.sources[0].line == 1 &&
                       row.sources[1].line == r + 2;
    wrong += right ? 0 : 1;
  }
  CHECK(wrong == 0);
}

TEST_CASE("An answer without columns still counts its rows", "[api][result]") {
  QueryResultBuilder builder({});
  builder.AddSource("a.dl", 3);
  builder.EndRow(Certainty::kCertain, Period());
  builder.EndRow(Certainty::kPossible, Period());
  const QueryResult result = builder.Finish();
  REQUIRE(result.size() == 2);
  CHECK(result[0].values.empty());
  CHECK(result[0].sources.size() == 1);
  CHECK(result[1].sources.empty());
  CHECK(result[1].certainty == Certainty::kPossible);
}

TEST_CASE("The builder refuses malformed rows", "[api][result]") {
  QueryResultBuilder builder({"A", "B"});
  CHECK_THROWS_AS(builder.RepeatCellAbove(), std::logic_error);  // no row above yet
  builder.AddCell(Value::Number(1));
  CHECK_THROWS_AS(builder.EndRow(Certainty::kCertain, Period()), std::logic_error);
  CHECK_THROWS_AS(builder.Finish(), std::logic_error);  // a row begun, not ended
  builder.AddCell(Value::Number(2));
  builder.EndRow(Certainty::kCertain, Period());  // the refused row is completed
  builder.AddCell(Value::Number(3));
  builder.RepeatCellAbove();
  CHECK_THROWS_AS(builder.RepeatCellAbove(), std::logic_error);  // the row is full
  builder.EndRow(Certainty::kCertain, Period());
  builder.AddStep("dangling");
  CHECK_THROWS_AS(builder.Finish(), std::logic_error);
  builder.AddCell(Value::Number(4));
  builder.AddCell(Value::Number(5));
  builder.EndRow(Certainty::kCertain, Period());
  const QueryResult result = builder.Finish();
  REQUIRE(result.size() == 3);
  CHECK(result[0].values[1].number() == 2);
  CHECK(result[1].values[1].number() == 2);  // the cell above, not the one before
  CHECK(result[2].explanation.size() == 1);

  // Finish starts the builder over with the same columns.
  CHECK(builder.size() == 0);
  builder.AddCell(Value::Number(6));
  builder.AddCell(Value::Number(7));
  builder.EndRow(Certainty::kCertain, Period());
  const QueryResult again = builder.Finish();
  CHECK(again.columns() == std::vector<std::string>{"A", "B"});
  REQUIRE(again.size() == 1);
  CHECK(again[0].values[0].number() == 6);
  CHECK(result.size() == 3);  // the first answer is untouched
}

TEST_CASE("The builder writes an answer into an earlier answer's memory", "[api][result]") {
  QueryResultBuilder earlier_builder({"X"});
  for (int i = 0; i < 100; ++i) {
    earlier_builder.AddCell(Value::Number(i));
    earlier_builder.AddSource("earlier.txt", static_cast<std::uint32_t>(i));
    earlier_builder.AddStep("step");
    earlier_builder.EndRow(Certainty::kPossible, Period());
  }
  QueryResult earlier = earlier_builder.Finish();
  const Value* memory = earlier[0].values.data();

  QueryResultBuilder builder({"A", "B"});
  builder.AddCell(Value::Number(1));
  CHECK_THROWS_AS(builder.ReuseMemoryOf(std::move(earlier)), std::logic_error);  // begun
  CHECK(earlier.size() == 100);  // NOLINT(bugprone-use-after-move): refused, so untouched
  builder.AddCell(Value::Number(2));
  builder.EndRow(Certainty::kCertain, Period());
  (void)builder.Finish();

  builder.ReuseMemoryOf(std::move(earlier));
  CHECK(earlier.empty());  // NOLINT(bugprone-use-after-move)
  builder.AddCell(Value::Number(3));
  builder.AddCell(Value::Number(4));
  builder.AddSource("new.txt", 7);
  builder.EndRow(Certainty::kCertain, Period());
  const QueryResult answer = builder.Finish();
  CHECK(answer.columns() == std::vector<std::string>{"A", "B"});
  REQUIRE(answer.size() == 1);  // none of the earlier rows
  CHECK(answer[0].values.data() == memory);
  CHECK(answer[0].values[1].number() == 4);
  REQUIRE(answer[0].sources.size() == 1);
  CHECK(answer[0].sources[0].ToString() == "new.txt:7");
  CHECK(answer[0].explanation.empty());
  CHECK(answer[0].certainty == Certainty::kCertain);
}

}  // namespace
