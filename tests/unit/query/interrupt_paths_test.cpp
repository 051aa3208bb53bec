// Every way the evaluator answers checks for an interrupt: a run that an
// interrupt reaches throws Error(kInterrupted), whichever path answers it
// (the point lookup's short path, alone and in a batch; the general
// evaluator's body runs; closure searches, from one start and from all; the
// semi-naive rounds; shown tables; aggregates). Without threads: the store
// is interrupted after the count a run compares with was read, as when
// Database::Interrupt comes while a query is parsed. Each run visits well
// over the 1024 steps between checks, so a path that never ticks answers
// instead of throwing. The evaluator that threw then answers as a fresh one.
#include <annals/error.hpp>
#include <annals/time.hpp>
#include <annals/value.hpp>

#include "query/evaluator.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "tests/unit/query/run_outcome.hpp"

namespace annals::query {
namespace {

using testing::Catch;
using testing::Checked;
using testing::Outcome;

// Facts enough for several checks on every path: the run clock checks once
// every 1024 steps.
constexpr int kLongChain = 3000;  // edge(n0, n1) ... and hub(h, m0) ...
constexpr int kShortChain = 60;   // link(l0, l1) ...: its closure from every start is 1,830 pairs

// From "h" the hub's closure reaches every m at one step: many pairs, each
// with one source (a chain's pairs would cite every edge before them).
constexpr const char* kHubClosure =
    "tc(X, Y) :- hub(X, Y) @ _.\ntc(X, Z) :- tc(X, Y), hub(Y, Z) @ _.\n";
constexpr const char* kLinkClosure =
    "tc(X, Y) :- link(X, Y) @ _.\ntc(X, Z) :- tc(X, Y), link(Y, Z) @ _.\n";

struct InterruptGraph {
  engine::Store store;

  InterruptGraph() {
    const engine::FileId file = store.InternFile("interrupt.dl");
    const Period period = Period::Make(VagueDate::InYear(1900), VagueDate::InYear(1950));
    std::uint32_t line = 0;
    const auto add = [&](std::string_view relation, const std::string& subject,
                         const std::string& object) {
      store.AddFact(store.InternRelation(relation), store.InternEntity(subject),
                    store.InternEntity(object), period, engine::SourceRef{file, ++line});
    };
    for (int i = 0; i < kLongChain; ++i) {
      add("edge", "n" + std::to_string(i), "n" + std::to_string(i + 1));
      add("hub", "h", "m" + std::to_string(i));
    }
    for (int i = 0; i < kShortChain; ++i) {
      add("link", "l" + std::to_string(i), "l" + std::to_string(i + 1));
    }
    store.Finalize();
  }
};

using Adjust = std::function<void(EvaluatorOptions&)>;

struct PathCase {
  PathCase(std::string case_name, std::string query, Adjust adjust_options = nullptr,
           ParamValues values = {})
      : name(std::move(case_name)),
        text(std::move(query)),
        adjust(std::move(adjust_options)),
        params(std::move(values)) {}

  std::string name;
  std::string text;
  Adjust adjust;  // the options' test hooks, when not the defaults
  ParamValues params;
};

std::vector<PathCase> Cases() {
  const std::string hub_closure = kHubClosure;
  const std::string link_closure = kLinkClosure;
  return {
      {"point lookup, one end given", "?- hub(\"h\", Y)."},
      {"point lookup, a parameter", "?- hub($org, Y).", nullptr, {{"org", Value::String("h")}}},
      {"point lookup, neither end given", "?- edge(X, Y)."},
      {"point lookup turned off", "?- hub(\"h\", Y).",
       [](EvaluatorOptions& o) { o.point_lookup = false; }},
      {"a join", "?- edge(X, Y), edge(Y, Z)."},
      {"a negation", "?- hub(\"h\", Y), !edge(Y, _) @ _."},
      {"closure from one start, answered from the search", hub_closure + "?- tc(\"h\", Y)."},
      {"closure from one start without sources", hub_closure + "?- tc(\"h\", Y).",
       [](EvaluatorOptions& o) { o.query.sources = false; }},
      {"closure from one start into its table", hub_closure + "?- tc(\"h\", Y).",
       [](EvaluatorOptions& o) { o.closure_answer = false; }},
      {"closure from every start", link_closure + "?- tc(X, Y)."},
      {"closure from every start without sources", link_closure + "?- tc(X, Y).",
       [](EvaluatorOptions& o) { o.query.sources = false; }},
      {"closure by semi-naive rounds", link_closure + "?- tc(X, Y).",
       [](EvaluatorOptions& o) { o.closure_search = false; }},
      {"shown table through a body run", link_closure + "?- tc(X, Y).",
       [](EvaluatorOptions& o) { o.shown_table = false; }},
      {"a derived relation over periods", "r(X, Y) :- edge(X, Y).\n?- r(X, Y)."},
      {"an aggregate", link_closure + "from(X, count(Y)) :- tc(X, Y).\n?- from(X, N)."},
      {"explained rows", "?- hub(\"h\", Y).", [](EvaluatorOptions& o) { o.query.explain = true; }},
  };
}

TEST_CASE("interrupt: every path of the evaluator stops", "[query][interrupt]") {
  const InterruptGraph graph;
  const engine::Store& store = graph.store;
  for (const PathCase& path : Cases()) {
    INFO(path.name << ": " << path.text);
    const Checked checked(store, path.text);
    Evaluator evaluator(checked.program, store, checked.text, &checked.plans);
    EvaluatorOptions options;
    if (path.adjust) path.adjust(options);
    // An interrupt after the call began: the run stops.
    options.interrupts_seen = store.InterruptCount().load();
    store.Interrupt();
    const Outcome interrupted = Catch([&] { return evaluator.Run(options, path.params); });
    CHECK(interrupted.error == ErrorCode::kInterrupted);
    // One before: the run answers, as a fresh evaluator does.
    options.interrupts_seen.reset();
    const Outcome answered = Catch([&] { return evaluator.Run(options, path.params); });
    CHECK_FALSE(answered.error.has_value());
    CHECK_FALSE(answered.lines.empty());
    CHECK(answered == Catch([&] {
            return Evaluate(checked.program, store, checked.text, options, path.params,
                            &checked.plans);
          }));
  }
}

TEST_CASE("interrupt: a batch stops, naming the set it was in", "[query][interrupt]") {
  const InterruptGraph graph;
  const engine::Store& store = graph.store;
  for (const bool point_lookup : {true, false}) {
    INFO("point lookup " << point_lookup);
    const Checked checked(store, "?- hub($org, Y).");
    Evaluator evaluator(checked.program, store, checked.text, &checked.plans);
    const std::vector<ParamValues> sets(3, ParamValues{{"org", Value::String("h")}});
    const std::vector<ParamView> views(sets.begin(), sets.end());
    std::vector<std::size_t> set_ends;
    EvaluatorOptions options;
    options.point_lookup = point_lookup;
    options.interrupts_seen = store.InterruptCount().load();
    store.Interrupt();
    try {
      (void)evaluator.RunBatch(options, views, &set_ends);
      FAIL("the batch was not interrupted");
    } catch (const Error& error) {
      CHECK(error.code() == ErrorCode::kInterrupted);
      CHECK(error.message().find("parameter set ") != std::string::npos);
    }
    options.interrupts_seen.reset();
    const QueryResult answered = evaluator.RunBatch(options, views, &set_ends);
    CHECK(set_ends.size() == sets.size());
    CHECK(answered.size() == sets.size() * kLongChain);
  }
}

}  // namespace
}  // namespace annals::query
