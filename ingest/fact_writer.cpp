// FactWriter: keeps the conventions every reader must share in one place
// (kind never overwritten, empty attributes left out, diagnostics named by
// the reader's source name).
#include "ingest/fact_writer.hpp"

#include "engine/store/name_match.hpp"
#include "ingest/text_util.hpp"

#include <utility>

namespace annals::ingest {

FactWriter::FactWriter(engine::Store& store, std::string_view source_name, LoadReport& report)
    : store_(store),
      source_name_(source_name),
      file_(store.InternFile(source_name)),
      report_(report) {}

void FactWriter::Error(std::uint32_t line, std::uint32_t column, std::string message) {
  ++errors_;
  report_.diagnostics.push_back(
      {Severity::kError, SourceLocation{source_name_, line, column}, std::move(message)});
}

void FactWriter::Warning(std::uint32_t line, std::uint32_t column, std::string message) {
  report_.diagnostics.push_back(
      {Severity::kWarning, SourceLocation{source_name_, line, column}, std::move(message)});
}

engine::EntityId FactWriter::Entity(std::string_view name, std::string_view kind) {
  const engine::EntityId id = store_.InternEntity(name);
  if (!kind.empty() && store_.EntityKind(id).empty()) store_.SetKind(id, kind);
  return id;
}

engine::RelationId FactWriter::Relation(std::string_view name) {
  return store_.InternRelation(name);
}

engine::FactId FactWriter::Fact(engine::RelationId relation, engine::EntityId subject,
                                engine::EntityId object, const Period& period, std::uint32_t line,
                                std::initializer_list<AttrInput> attributes) {
  return Fact(relation, subject, object, period, At(line),
              std::span<const AttrInput>(attributes.begin(), attributes.size()));
}

engine::FactId FactWriter::Fact(engine::RelationId relation, engine::EntityId subject,
                                engine::EntityId object, const Period& period,
                                engine::SourceRef source, std::span<const AttrInput> attributes) {
  scratch_.clear();
  for (const AttrInput& input : attributes) {
    // An empty value is left out; so is an entity that names nothing, which
    // the store could not intern.
    if (input.is_entity ? engine::IsBlankName(input.text) : Trim(input.text).empty()) continue;
    engine::Attribute attribute;
    attribute.column = store_.InternAttributeColumn(relation, input.column);
    if (input.is_entity) {
      attribute.value.kind = engine::AttrValue::Kind::kEntity;
      attribute.value.id = store_.InternEntity(input.text);
    } else {
      attribute.value.kind = engine::AttrValue::Kind::kString;
      attribute.value.id = store_.InternString(input.text);
    }
    scratch_.push_back(attribute);
  }
  return store_.AddFact(relation, subject, object, period, source, scratch_);
}

VagueDate UnknownDate() {
  VagueDate date;
  date.form = DateForm::kUnknown;
  return date;
}

VagueDate OpenDate() {
  VagueDate date;
  date.form = DateForm::kOpen;
  return date;
}

bool ParseDateOrOpen(std::string_view text, VagueDate* out, std::string* error) {
  text = Trim(text);
  if (text.empty()) {
    *out = OpenDate();
    return true;
  }
  return VagueDate::TryParse(text, out, error);
}

}  // namespace annals::ingest
