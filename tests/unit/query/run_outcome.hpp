// What a query run shows, as comparable text: for tests holding two ways of
// answering (a reused evaluator and a fresh one, the short path and the
// general one) to the same answers and errors.
#pragma once

#include <annals/error.hpp>
#include <annals/result.hpp>

#include "engine/store/store.hpp"
#include "query/analysis/analyzer.hpp"
#include "query/analysis/checked_program.hpp"
#include "query/parser.hpp"
#include "query/planner.hpp"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace annals::query::testing {

//! Everything an answer shows, one line per row: values, certainty,
//! validity, sources, and explanation steps on lines of their own.
inline std::vector<std::string> Lines(const QueryResult& result) {
  std::vector<std::string> lines;
  for (const Row& row : result) {
    std::string line;
    for (const Value& value : row.values) line += value.ToText() + "|";
    line += std::string(CertaintyName(row.certainty)) + "|" + row.validity.ToText();
    for (std::size_t i = 0; i < row.sources.size(); ++i) line += "|" + row.sources[i].ToString();
    for (const std::string& step : row.explanation) line += "\n  " + step;
    lines.push_back(std::move(line));
  }
  return lines;
}

//! A query text analysed and planned ahead, as a prepared query holds it.
struct Checked {
  std::string text;
  CheckedProgram program;
  PlansAhead plans;
  Checked(const engine::Store& store, std::string query)
      : text(std::move(query)),
        program(Analyze(ParseQueryText(text), store, text)),
        plans(PlanAhead(program, store)) {}
};

//! The outcome of a run: its lines, or the error's code and message.
struct Outcome {
  std::vector<std::string> lines;
  std::optional<ErrorCode> error;
  std::string message;
  bool operator==(const Outcome&) const = default;
};

template <typename Fn>
Outcome Catch(Fn&& run) {
  try {
    return Outcome{Lines(run()), std::nullopt, ""};
  } catch (const Error& error) {
    return Outcome{{}, error.code(), error.what()};
  }
}

}  // namespace annals::query::testing
