// Semantic analysis on a small store: relation and entity resolution,
// safety, and stratification (order of strata, recursion, cycles through
// negation or aggregation).
#include <annals/error.hpp>

#include "engine/text/edit_distance.hpp"
#include "query/analysis/analyzer.hpp"
#include "query/analysis/arity.hpp"
#include "query/parser.hpp"

#include <catch2/catch.hpp>

#include <string>

#include "tests/unit/query/query_fixture.hpp"

namespace annals::query {
namespace {

CheckedProgram Check(const engine::Store& store, const std::string& text) {
  return Analyze(ParseQueryText(text), store, text);
}

ErrorCode CodeOf(const engine::Store& store, const std::string& text) {
  try {
    (void)Check(store, text);
  } catch (const Error& error) {
    return error.code();
  }
  FAIL("no error for: " << text);
  return ErrorCode::kInternal;
}

std::string MessageOf(const engine::Store& store, const std::string& text) {
  try {
    (void)Check(store, text);
  } catch (const Error& error) {
    return error.message();
  }
  return "(no error)";
}

std::vector<std::vector<std::string>> StrataNames(const CheckedProgram& program) {
  std::vector<std::vector<std::string>> names;
  for (const Stratum& stratum : program.strata) {
    std::vector<std::string> group;
    for (const std::uint32_t relation : stratum.relations) {
      group.push_back(program.derived[relation].name);
    }
    std::sort(group.begin(), group.end());
    names.push_back(group);
  }
  return names;
}

TEST_CASE("constants resolve to entities through aliases", "[query][analysis]") {
  testing::Fixture fixture;
  const CheckedProgram program = Check(fixture.store(), "?- leads(P, \"cpb\") @ 1921.");
  REQUIRE(program.constants.size() == 2);
  REQUIRE(program.constants[0].entity.has_value());
  CHECK(fixture.store().EntityName(*program.constants[0].entity) == "Communist Party of Bukhara");
  CHECK(program.constants[1].has_date);
  CHECK(program.columns == std::vector<std::string>{"P"});
}

TEST_CASE("each error class gets its code", "[query][analysis]") {
  testing::Fixture fixture;
  const engine::Store& store = fixture.store();
  CHECK(CodeOf(store, "?- lead(P, O).") == ErrorCode::kUnknownRelation);
  CHECK(CodeOf(store, "?- leads(P, \"Bukhara\").") == ErrorCode::kUnknownEntity);
  CHECK(CodeOf(store, "?- leads(P, O, R, N, X).") == ErrorCode::kArity);
  CHECK(CodeOf(store, "?- leads(P, O), X != P.") == ErrorCode::kUnsafeVariable);
  CHECK(CodeOf(store, "p(X) :- leads(X, _), !p(X).\n?- p(X).") == ErrorCode::kNotStratifiable);
  CHECK(CodeOf(store, "?- leads(P, O) @ 1921-13.") == ErrorCode::kSyntax);
  CHECK(MessageOf(store, "?- lead(P, O).").find("did you mean \"leads\"?") != std::string::npos);
  INFO(MessageOf(store, "?- leads(P, \"Bukhara\")."));
  CHECK(MessageOf(store, "?- leads(P, \"Bukhara\").")
            .find("did you mean \"Communist Party of Bukhara\"") != std::string::npos);
}

TEST_CASE("an unknown relation's message lists a few known ones, not thousands",
          "[query][analysis]") {
  engine::Store store;
  for (int i = 0; i < 40; ++i) store.InternRelation("relation_" + std::to_string(100 + i));
  const std::string message = MessageOf(store, "?- leader(P, O).");
  CHECK(message.find("relation_100, ") != std::string::npos);
  CHECK(message.find("relation_139") == std::string::npos);
  // 40 stored relations and exists(entity), 30 of them listed.
  CHECK(message.find(", and 11 more") != std::string::npos);
}

TEST_CASE("safety: what binds a variable", "[query][analysis]") {
  testing::Fixture fixture;
  const engine::Store& store = fixture.store();
  // Bound by a positive atom, by @ T, by start/end of a bound period, by = of a bound value.
  CHECK_NOTHROW(Check(store, "?- leads(P, O) @ T, start(T, D), E = D, E < 1922."));
  CHECK_NOTHROW(Check(store, "?- X = \"Communist Party of Bukhara\", leads(P, X)."));
  CHECK_NOTHROW(Check(store, "?- leads(P, O), !leads(P, _) @ 1919."));
  CHECK(CodeOf(store, "?- leads(P, O), !leads(Q, O).") == ErrorCode::kUnsafeVariable);
  CHECK(CodeOf(store, "?- leads(P, O) @ T, end(T2, D).") == ErrorCode::kUnsafeVariable);
  CHECK(CodeOf(store, "r(X, Y) :- leads(X, _).\n?- r(X, Y).") == ErrorCode::kUnsafeVariable);
  CHECK(CodeOf(store, "r(X) @ T :- leads(X, _).\n?- r(X).") == ErrorCode::kUnsafeVariable);
  CHECK(CodeOf(store, "?- X < 3.") == ErrorCode::kUnsafeVariable);
}

TEST_CASE("stratification orders dependencies first and marks recursion", "[query][analysis]") {
  testing::Fixture fixture;
  const CheckedProgram program = Check(fixture.store(),
                                       "top(X) :- mid(X), !low(X).\n"
                                       "mid(X) :- low(X).\n"
                                       "mid(X) :- mid(Y), succeeds(X, Y) @ _.\n"
                                       "low(X) :- leads(X, _).\n"
                                       "unused(X) :- leads(X, _).\n"
                                       "?- top(X).");
  CHECK(StrataNames(program) == std::vector<std::vector<std::string>>{{"low"}, {"mid"}, {"top"}});
  REQUIRE(program.strata.size() == 3);
  CHECK(!program.strata[0].recursive);
  CHECK(program.strata[1].recursive);
  CHECK(!program.strata[2].recursive);
}

TEST_CASE("mutual recursion is one stratum", "[query][analysis]") {
  testing::Fixture fixture;
  const CheckedProgram program = Check(fixture.store(),
                                       "odd(X, Y) :- dissolved_into(X, Y) @ _.\n"
                                       "odd(X, Z) :- even(X, Y), dissolved_into(Y, Z) @ _.\n"
                                       "even(X, Z) :- odd(X, Y), dissolved_into(Y, Z) @ _.\n"
                                       "n(X, count(Z)) :- even(X, Z).\n"
                                       "?- n(X, N).");
  CHECK(StrataNames(program) == std::vector<std::vector<std::string>>{{"even", "odd"}, {"n"}});
  CHECK(program.strata[0].recursive);
}

TEST_CASE("negation or aggregation through recursion names the cycle", "[query][analysis]") {
  testing::Fixture fixture;
  const engine::Store& store = fixture.store();
  const std::string message = MessageOf(store,
                                        "a(X) :- leads(X, _), !b(X).\n"
                                        "b(X) :- c(X).\n"
                                        "c(X) :- a(X).\n"
                                        "?- a(X).");
  CHECK(message.find("a -> !b -> c -> a") != std::string::npos);
  CHECK(MessageOf(store, "n(O, count(P)) :- leads(P, O), n(O, _).\n?- n(O, N).")
            .find("n -> aggregate of n") != std::string::npos);
  // A cycle the query does not reach is still an error in the text given.
  CHECK(CodeOf(store, "p(X) :- leads(X, _), !p(X).\nq(X) :- leads(X, _).\n?- q(X).") ==
        ErrorCode::kNotStratifiable);
}

TEST_CASE("edit distance", "[query][analysis]") {
  const auto distance = [](std::string_view a, std::string_view b, std::size_t cutoff = 10) {
    return engine::BoundedEditDistance(a, b, cutoff);
  };
  CHECK(distance("lead", "leads") == 1);
  CHECK(distance("", "abc") == 3);
  CHECK(distance("kitten", "sitting") == 3);
  // Past the cutoff, only that it is past: by length alone, or row by row.
  CHECK(distance("a", "abcdef", 2) == 3);
  CHECK(distance("abcdef", "uvwxyz", 2) == 3);
  CHECK(distance("sitting", "kitten", 3) == 3);
}

}  // namespace
}  // namespace annals::query
