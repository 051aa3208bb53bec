// The one path by which readers put records into the store: interns names,
// relations and attribute columns, attaches the source, and files diagnostics
// with the reader's file name. Readers parse; FactWriter writes.
#pragma once

#include <annals/database.hpp>
#include <annals/error.hpp>
#include <annals/time.hpp>

#include "engine/store/store.hpp"

#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace annals::ingest {

//! One attribute a reader wants on a fact; an empty text is left out.
struct AttrInput {
  std::string_view column;
  std::string_view text;
  bool is_entity = false;  //!< the text names an entity (succeeds.org)
};

class FactWriter {
 public:
  FactWriter(engine::Store& store, std::string_view source_name, LoadReport& report);

  [[nodiscard]] engine::Store& store() { return store_; }
  [[nodiscard]] const std::string& source_name() const { return source_name_; }
  [[nodiscard]] engine::SourceRef At(std::uint32_t line) const { return {file_, line}; }

  void Error(std::uint32_t line, std::uint32_t column, std::string message);
  void Warning(std::uint32_t line, std::uint32_t column, std::string message);
  [[nodiscard]] std::size_t ErrorCount() const { return errors_; }

  //! The entity with this name or alias (new if none); gives it `kind` when
  //! it has none yet, so an explicit or earlier kind is never overwritten.
  engine::EntityId Entity(std::string_view name, std::string_view kind = {});
  engine::RelationId Relation(std::string_view name);
  //! Adds a fact, interning attribute columns in the order given.
  engine::FactId Fact(engine::RelationId relation, engine::EntityId subject,
                      engine::EntityId object, const Period& period, std::uint32_t line,
                      std::initializer_list<AttrInput> attributes = {});
  engine::FactId Fact(engine::RelationId relation, engine::EntityId subject,
                      engine::EntityId object, const Period& period, engine::SourceRef source,
                      std::span<const AttrInput> attributes);

 private:
  engine::Store& store_;
  std::string source_name_;
  engine::FileId file_;
  LoadReport& report_;
  std::size_t errors_ = 0;
  std::vector<engine::Attribute> scratch_;
};

//! A vague date from a cell or value: empty text is an open end; otherwise
//! VagueDate::TryParse. False (with the parser's message) on bad text.
[[nodiscard]] bool ParseDateOrOpen(std::string_view text, VagueDate* out, std::string* error);

//! An end that exists but nobody knows when ("?").
[[nodiscard]] VagueDate UnknownDate();
[[nodiscard]] VagueDate OpenDate();

}  // namespace annals::ingest
