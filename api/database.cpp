// annals::Database: the store behind a reader-writer lock. Loads and adds
// take the lock exclusively; queries share it. The store is finalized (its
// indexes built) once per batch of changes, lazily, by the first query after.
#include <annals/database.hpp>

#include "engine/store/snapshot.hpp"
#include "engine/store/store.hpp"
#include "ingest/loader.hpp"
#include "ingest/text_util.hpp"
#include "query/run.hpp"

#include <algorithm>
#include <exception>
#include <filesystem>
#include <mutex>
#include <shared_mutex>
#include <utility>

#include "api/database_impl.hpp"

namespace annals {

namespace {

bool IsSnapshotPath(const std::string& path) {
  std::error_code ec;
  const std::filesystem::path p(path);
  return p.extension() == ".annals" && std::filesystem::is_regular_file(p, ec);
}

}  // namespace

Database::Database() : impl_(std::make_unique<Impl>()) {}
Database::~Database() = default;
Database::Database(Database&&) noexcept = default;
Database& Database::operator=(Database&&) noexcept = default;

LoadReport Database::Load(const std::string& path, const LoadOptions& options) {
  std::unique_lock lock(impl_->mutex);
  if (IsSnapshotPath(path)) {
    // A snapshot is a whole store: it replaces an empty one; merging one
    // into loaded data would need a re-index that defeats its purpose.
    if (impl_->store.EntityCount() != 0 || impl_->store.FactCount() != 0) {
      throw Error(ErrorCode::kData, "cannot open snapshot '" + path +
                                        "' into a database that already holds data; open it "
                                        "first or on its own");
    }
    engine::Store opened = engine::OpenSnapshot(
        path, options.map_snapshots ? engine::SnapshotAccess::kMap : engine::SnapshotAccess::kRead);
    LoadReport report;
    report.files = 1;
    report.entities = opened.CanonicalEntityCount();
    report.facts = opened.FactCount();
    impl_->store = std::move(opened);
    ++impl_->generation;
    if (!impl_->store.IsFinalized()) impl_->store.Finalize();
    return report;
  }
  ++impl_->generation;  // even a failed load may have added part of its data
  LoadReport report = ingest::LoadPath(impl_->store, path, options);
  impl_->store.Finalize();
  return report;
}

LoadReport Database::LoadText(std::string_view text, std::string_view format,
                              std::string_view source_name, const LoadOptions& options) {
  std::unique_lock lock(impl_->mutex);
  ++impl_->generation;
  LoadReport report = ingest::LoadText(impl_->store, text, format, source_name, options);
  impl_->store.Finalize();
  return report;
}

namespace {

void RequireName(std::string_view name, const char* what) {
  if (ingest::Trim(name).empty()) {
    throw Error(ErrorCode::kInvalidArgument, std::string(what) + " name is empty");
  }
}

}  // namespace

std::string Database::AddEntity(const EntityInfo& entity) {
  RequireName(entity.name, "entity");
  for (const std::string& alias : entity.aliases) RequireName(alias, "alias");
  std::unique_lock lock(impl_->mutex);
  ++impl_->generation;
  engine::Store& store = impl_->store;
  const engine::EntityId id = store.InternEntity(entity.name);
  if (!entity.kind.empty()) store.SetKind(id, entity.kind);
  for (const std::string& alias : entity.aliases) store.AddAlias(id, alias);
  if (entity.lifespan) {
    store.SetLifespan(id, *entity.lifespan, {store.InternFile("<api>"), 0});
  }
  return std::string(store.EntityName(store.Canonical(id)));
}

void Database::AddFact(std::string_view relation, std::string_view subject, std::string_view object,
                       const Period& validity, const std::vector<FactAttribute>& attributes,
                       const SourceLocation& source) {
  if (!ingest::IsSnakeCase(relation)) {
    throw Error(ErrorCode::kInvalidArgument,
                "relation name '" + std::string(relation) +
                    "' is not snake_case (lower-case letters, digits and '_', starting with a "
                    "letter)");
  }
  RequireName(subject, "subject");
  RequireName(object, "object");
  for (const auto& [column, value] : attributes) {
    if (!ingest::IsSnakeCase(column)) {
      throw Error(ErrorCode::kInvalidArgument, "attribute name '" + column + "' is not snake_case");
    }
  }
  std::unique_lock lock(impl_->mutex);
  ++impl_->generation;
  engine::Store& store = impl_->store;
  const engine::RelationId relation_id = store.InternRelation(relation);
  const engine::EntityId subject_id = store.InternEntity(ingest::Trim(subject));
  const engine::EntityId object_id = store.InternEntity(ingest::Trim(object));
  std::vector<engine::Attribute> stored;
  for (const auto& [column, value] : attributes) {
    if (value.empty()) continue;
    engine::Attribute attribute;
    attribute.column = store.InternAttributeColumn(relation_id, column);
    // succeeds(new, old, org): the org column names an entity.
    if (relation == "succeeds" && column == "org") {
      attribute.value.kind = engine::AttrValue::Kind::kEntity;
      attribute.value.id = store.InternEntity(value);
    } else {
      attribute.value.kind = engine::AttrValue::Kind::kString;
      attribute.value.id = store.InternString(value);
    }
    stored.push_back(attribute);
  }
  const engine::SourceRef ref{store.InternFile(source.file.empty() ? "<api>" : source.file),
                              source.line};
  store.AddFact(relation_id, subject_id, object_id, validity, ref, stored);
}

QueryResult Database::Query(std::string_view text, const QueryOptions& options) const {
  const query::EvaluatorOptions run = impl_->RunOptions(options);
  return impl_->WithFinalized(
      [&](const engine::Store& store) { return query::RunQueryWith(store, text, run); });
}

void Database::Interrupt() const noexcept {
  // No lock: the queries to stop hold it shared, and a load waiting for it
  // exclusively would queue this behind them.
  if (impl_) impl_->store.Interrupt();
}

void Database::SaveSnapshot(const std::string& path) const {
  if (path.empty()) throw Error(ErrorCode::kInvalidArgument, "snapshot path is empty");
  impl_->WithFinalized([&](const engine::Store& store) {
    try {
      engine::SaveSnapshot(store, path);
    } catch (const Error&) {
      throw;
    } catch (const std::bad_alloc&) {
      throw;
    } catch (const std::exception& error) {
      // A filesystem failure the snapshot writer did not word itself.
      throw Error(ErrorCode::kData, "cannot write snapshot '" + path + "': " + error.what());
    }
  });
}

std::vector<std::string> Database::Relations() const {
  std::shared_lock lock(impl_->mutex);
  const engine::Store& store = impl_->store;
  std::vector<std::string> names;
  for (engine::RelationId r = 0; r < store.RelationCount(); ++r) {
    names.push_back(store.Schema(r).name);
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::vector<EntityInfo> Database::Entities() const {
  std::shared_lock lock(impl_->mutex);
  const engine::Store& store = impl_->store;
  std::vector<EntityInfo> entities;
  for (engine::EntityId id = 0; id < store.EntityCount(); ++id) {
    if (store.Canonical(id) != id) continue;  // merged into another by same_as
    EntityInfo info;
    info.name = std::string(store.EntityName(id));
    info.kind = std::string(store.EntityKind(id));
    for (std::string_view alias : store.EntityAliases(id)) info.aliases.emplace_back(alias);
    if (const Period* lifespan = store.Lifespan(id)) info.lifespan = *lifespan;
    entities.push_back(std::move(info));
  }
  std::sort(entities.begin(), entities.end(),
            [](const EntityInfo& a, const EntityInfo& b) { return a.name < b.name; });
  return entities;
}

std::size_t Database::EntityCount() const {
  std::shared_lock lock(impl_->mutex);
  const engine::Store& store = impl_->store;
  return store.CanonicalEntityCount();
}

std::size_t Database::FactCount() const {
  std::shared_lock lock(impl_->mutex);
  return impl_->store.FactCount();
}

std::size_t Database::FactCount(std::string_view relation) const {
  std::shared_lock lock(impl_->mutex);
  const std::optional<engine::RelationId> id = impl_->store.FindRelation(relation);
  return id ? impl_->store.FactCount(*id) : 0;
}

}  // namespace annals
