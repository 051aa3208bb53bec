// LoadReport: counting and summarising what a load did.
#include <annals/database.hpp>

#include <string>

namespace annals {

namespace {

std::string Count(std::size_t n, const char* singular, const char* plural) {
  return std::to_string(n) + " " + (n == 1 ? singular : plural);
}

}  // namespace

std::size_t LoadReport::errors() const {
  std::size_t n = 0;
  for (const Diagnostic& d : diagnostics) n += d.severity == Severity::kError ? 1 : 0;
  return n;
}

std::size_t LoadReport::warnings() const { return diagnostics.size() - errors(); }

std::string LoadReport::Summary() const {
  return "loaded " + Count(files, "file", "files") + ": " + Count(entities, "entity", "entities") +
         ", " + Count(facts, "fact", "facts") + "; " + Count(errors(), "error", "errors") + ", " +
         Count(warnings(), "warning", "warnings");
}

void LoadReport::Append(const LoadReport& other) {
  files += other.files;
  entities += other.entities;
  facts += other.facts;
  diagnostics.insert(diagnostics.end(), other.diagnostics.begin(), other.diagnostics.end());
}

}  // namespace annals
