// No input crashes the query layer or the .dl reader: random token soups and
// random bytes either answer or fail with annals::Error (queries) or
// diagnostics (facts files). Run under ASan/UBSan in CI.
#include <annals/error.hpp>

#include "ingest/dl_reader.hpp"
#include "query/run.hpp"

#include <catch2/catch.hpp>

#include <random>
#include <string>

#include "tests/unit/query/query_fixture.hpp"

namespace annals::query {
namespace {

const char* const kPieces[] = {
    "leads",
    "succeeds",
    "dissolved_into",
    "exists",
    "before",
    "intersects",
    "start",
    "end",
    "count",
    "min",
    "chain",
    "p",
    "(",
    ")",
    ",",
    ".",
    "..",
    "@",
    ":-",
    "?-",
    "!",
    "=",
    "!=",
    "<",
    ">=",
    "P",
    "O",
    "T",
    "_",
    "_X",
    "\"Communist Party of Bukhara\"",
    "\"Bukhara\"",
    "\"mid-1921\"",
    "\"\"",
    "1921",
    "1921-06",
    "1921-13-40",
    "-3",
    "2.5",
    "$org",
    "present",
    "?",
    "%c\n",
    "\n",
    " ",
    "\"unterminated",
    "\xD0\x91",
    "\xFF",
    ".decl",
    "$",
    ":",
};

std::string Soup(std::mt19937& random, int length) {
  std::string text;
  std::uniform_int_distribution<std::size_t> pick(0, std::size(kPieces) - 1);
  for (int i = 0; i < length; ++i) {
    text += kPieces[pick(random)];
    if (random() % 3 == 0) text += ' ';
  }
  return text;
}

TEST_CASE("random query texts answer or fail with annals::Error", "[query][robustness]") {
  testing::Fixture fixture;
  std::mt19937 random(4242);
  QueryOptions options;
  options.row_limit = 1000;
  options.timeout = std::chrono::milliseconds(200);
  int answered = 0;
  int rejected = 0;
  for (int i = 0; i < 3000; ++i) {
    const std::string text = Soup(random, 1 + static_cast<int>(random() % 24));
    try {
      (void)RunQuery(fixture.store(), text, options);
      ++answered;
    } catch (const Error& error) {
      ++rejected;
      CHECK(!error.rendered().empty());
    } catch (const std::exception& other) {
      FAIL("non-annals exception " << other.what() << " for: " << text);
    }
  }
  CHECK(rejected > 0);
  // Mutations of valid queries reach the evaluator too.
  const std::string valid[] = {
      "?- leads(P, \"Communist Party of Bukhara\") @ \"mid-1921\".",
      "chain(\"Alimdzhan Akchurin\").\nchain(P) :- chain(Q), succeeds(P, Q) @ _.\n?- chain(P).",
      "n(O, count(P)) :- leads(P, O) @ _.\n?- n(O, N), N > 2.",
  };
  for (int i = 0; i < 3000; ++i) {
    std::string text = valid[static_cast<std::size_t>(i) % std::size(valid)];
    const std::size_t at = random() % text.size();
    switch (random() % 3) {
      case 0:
        text.erase(at, 1 + random() % 3);
        break;
      case 1:
        text.insert(at, kPieces[random() % std::size(kPieces)]);
        break;
      default:
        text[at] = static_cast<char>(random() % 128);
        break;
    }
    try {
      (void)RunQuery(fixture.store(), text, options);
      ++answered;
    } catch (const Error&) {
      ++rejected;
    }
  }
  CHECK(answered > 100);
}

TEST_CASE("a body too long to join on the stack is refused, not crashed on",
          "[query][robustness]") {
  testing::Fixture fixture;
  const auto body_of = [](std::size_t literals) {
    std::string text = "?- leads(P, \"Communist Party of Bukhara\")";
    for (std::size_t i = 1; i < literals; ++i) text += ", leads(P, _)";
    return text + ".";
  };
  // At the limit the join runs (and under ASan, with its larger frames).
  CHECK(RunQuery(fixture.store(), body_of(256), {}).size() > 0);
  try {
    (void)RunQuery(fixture.store(), body_of(5000), {});
    FAIL("a body of 5000 literals ran");
  } catch (const Error& error) {
    CHECK(error.code() == ErrorCode::kLimit);
    CHECK(error.message() == "a body of 5000 literals; the most is 256 (split it into rules)");
  }
  try {
    (void)RunQuery(fixture.store(), "p(P) :- " + body_of(300).substr(3) + "\n?- p(P).", {});
    FAIL("a rule body of 300 literals ran");
  } catch (const Error& error) {
    CHECK(error.code() == ErrorCode::kLimit);
  }
}

TEST_CASE("random facts files never throw and report every bad statement", "[query][robustness]") {
  std::mt19937 random(99);
  for (int i = 0; i < 1000; ++i) {
    engine::Store store;
    const std::string text = Soup(random, 1 + static_cast<int>(random() % 40));
    LoadReport report;
    REQUIRE_NOTHROW(report = ingest::ReadDatalogFacts(store, text, "random.dl"));
    for (const Diagnostic& diagnostic : report.diagnostics) {
      CHECK(diagnostic.location.file == "random.dl");
      CHECK(diagnostic.location.line >= 1);
      CHECK(!diagnostic.message.empty());
    }
  }
}

}  // namespace
}  // namespace annals::query
