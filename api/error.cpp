// The public error types: rendering of locations, errors and diagnostics.
#include <annals/error.hpp>

#include <utility>

#include "api/source_text.hpp"

namespace annals {

std::string SourceLocation::ToString() const {
  std::string text;
  AppendSourceText(file, line, column, &text);
  return text;
}

const char* ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kSyntax:
      return "syntax error";
    case ErrorCode::kUnknownRelation:
      return "unknown relation";
    case ErrorCode::kUnknownEntity:
      return "unknown entity";
    case ErrorCode::kUnsafeVariable:
      return "unsafe variable";
    case ErrorCode::kArity:
      return "wrong arity";
    case ErrorCode::kNotStratifiable:
      return "not stratifiable";
    case ErrorCode::kLimit:
      return "limit reached";
    case ErrorCode::kData:
      return "data error";
    case ErrorCode::kInvalidArgument:
      return "invalid argument";
    case ErrorCode::kInternal:
      return "internal error";
    case ErrorCode::kInterrupted:
      return "interrupted";
  }
  return "error";
}

namespace {

std::string RenderWithoutSource(const std::string& message, const SourceLocation& location) {
  const std::string where = location.ToString();
  return where.empty() ? "error: " + message : where + ": error: " + message;
}

}  // namespace

Error::Error(ErrorCode code, std::string message, SourceLocation location, std::string rendered)
    : std::runtime_error(rendered.empty() ? RenderWithoutSource(message, location) : rendered),
      code_(code),
      message_(std::move(message)),
      location_(std::move(location)),
      rendered_(std::runtime_error::what()) {}

std::string Diagnostic::ToString() const {
  const std::string where = location.ToString();
  const char* level = severity == Severity::kError ? "error" : "warning";
  return (where.empty() ? std::string() : where + ": ") + level + ": " + message;
}

}  // namespace annals
