// The relation catalog and arity checks.
#include "query/analysis/arity.hpp"

#include "engine/text/edit_distance.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace annals::query {

namespace {

struct BuiltinEntry {
  const char* name;
  Builtin builtin;
};

constexpr std::array<BuiltinEntry, 16> kBuiltins{{
    {"before", Builtin::kBefore},
    {"after", Builtin::kAfter},
    {"meets", Builtin::kMeets},
    {"met_by", Builtin::kMetBy},
    {"overlaps", Builtin::kOverlaps},
    {"overlapped_by", Builtin::kOverlappedBy},
    {"starts", Builtin::kStarts},
    {"started_by", Builtin::kStartedBy},
    {"during", Builtin::kDuring},
    {"contains", Builtin::kContains},
    {"finishes", Builtin::kFinishes},
    {"finished_by", Builtin::kFinishedBy},
    {"equals", Builtin::kEquals},
    {"intersects", Builtin::kIntersects},
    {"start", Builtin::kStart},
    {"end", Builtin::kEnd},
}};

// Column names of the built-in schemas (the store names only attribute columns).
std::pair<const char*, const char*> SubjectObjectNames(std::string_view relation) {
  if (relation == "leads") return {"person", "org"};
  if (relation == "succeeds") return {"new", "old"};
  return {"subject", "object"};
}

std::string Plural(std::size_t n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

}  // namespace

std::optional<Builtin> BuiltinByName(std::string_view name) {
  for (const BuiltinEntry& entry : kBuiltins) {
    if (name == entry.name) return entry.builtin;
  }
  return std::nullopt;
}

const char* BuiltinName(Builtin builtin) {
  for (const BuiltinEntry& entry : kBuiltins) {
    if (entry.builtin == builtin) return entry.name;
  }
  return "?";
}

bool IsAllen(Builtin builtin) {
  return builtin != Builtin::kIntersects && builtin != Builtin::kStart && builtin != Builtin::kEnd;
}

std::string DidYouMeanEntity(const engine::Store& store, std::string_view text) {
  // The store suggests names and aliases; several may name one entity.
  std::vector<std::string> names;
  for (const std::string& near : store.NearestEntityNames(text, 6)) {
    const std::optional<engine::EntityId> entity = store.FindEntity(near);
    std::string name = entity ? std::string(store.EntityName(store.Canonical(*entity))) : near;
    if (std::find(names.begin(), names.end(), name) == names.end())
      names.push_back(std::move(name));
    if (names.size() == 3) break;
  }
  if (names.empty()) return "; no entity has a similar name";
  std::string out = "; did you mean ";
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " or " : ", ";
    out += "\"" + names[i] + "\"";
  }
  return out + "?";
}

Catalog::Catalog(const engine::Store& store, const std::vector<DerivedInfo>& derived)
    : store_(store), derived_(derived) {
  for (std::uint32_t i = 0; i < derived_.size(); ++i) derived_by_name_.emplace(derived_[i].name, i);
}

std::optional<RelationRef> Catalog::Find(std::string_view name) const {
  RelationRef ref;
  if (name == "exists") {
    ref.kind = RelationKind::kExists;
    return ref;
  }
  if (const std::optional<Builtin> builtin = BuiltinByName(name)) {
    ref.kind = RelationKind::kBuiltin;
    ref.builtin = *builtin;
    return ref;
  }
  const auto derived = derived_by_name_.find(std::string(name));
  if (derived != derived_by_name_.end()) {
    ref.kind = RelationKind::kDerived;
    ref.derived = derived->second;
    return ref;
  }
  if (const std::optional<engine::RelationId> stored = store_.FindRelation(name)) {
    ref.kind = RelationKind::kStored;
    ref.stored = *stored;
    return ref;
  }
  return std::nullopt;
}

std::vector<std::string> Catalog::DataRelationNames() const {
  std::vector<std::string> names;
  for (engine::RelationId id = 0; id < store_.RelationCount(); ++id) {
    names.push_back(store_.Schema(id).name);
  }
  for (const DerivedInfo& info : derived_) names.push_back(info.name);
  names.emplace_back("exists");
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

std::pair<std::size_t, std::size_t> Catalog::Arity(const RelationRef& relation) const {
  switch (relation.kind) {
    case RelationKind::kStored: {
      const std::size_t columns = 2 + store_.Schema(relation.stored).attribute_columns.size();
      return {2, columns};
    }
    case RelationKind::kDerived: {
      const std::size_t arity = derived_[relation.derived].arity;
      return {arity, arity};
    }
    case RelationKind::kExists:
      return {1, 1};
    case RelationKind::kBuiltin:
      return {2, 2};
  }
  return {0, 0};
}

std::string Catalog::Signature(const RelationRef& relation) const {
  switch (relation.kind) {
    case RelationKind::kStored: {
      const engine::RelationSchema& schema = store_.Schema(relation.stored);
      const auto [subject, object] = SubjectObjectNames(schema.name);
      std::string text = schema.name + "(" + subject + ", " + object;
      for (const std::string& column : schema.attribute_columns) text += ", " + column;
      return text + ")";
    }
    case RelationKind::kDerived: {
      const DerivedInfo& info = derived_[relation.derived];
      return "as its first rule at line " + std::to_string(info.pos.line) + " defines it";
    }
    case RelationKind::kExists:
      return "exists(entity)";
    case RelationKind::kBuiltin: {
      const std::string name = BuiltinName(relation.builtin);
      if (relation.builtin == Builtin::kStart || relation.builtin == Builtin::kEnd) {
        return name + "(period, date)";
      }
      return name + "(period, period)";
    }
  }
  return "";
}

RelationRef ResolveAtom(const Catalog& catalog, const Atom& atom, const ErrorContext& context) {
  const std::optional<RelationRef> found = catalog.Find(atom.name);
  if (!found) {
    const std::vector<std::string> known = catalog.DataRelationNames();
    std::string message = "unknown relation \"" + atom.name + "\"";
    std::string best;
    std::size_t best_distance = 3;  // only close misspellings are worth suggesting
    for (const std::string& name : known) {
      const std::size_t distance =
          engine::BoundedEditDistance(std::string_view(atom.name), std::string_view(name), 2);
      if (distance < best_distance) {
        best_distance = distance;
        best = name;
      }
    }
    if (!best.empty()) message += "; did you mean \"" + best + "\"?";
    message += best.empty() ? "; known relations: " : " Known relations: ";
    // A store may hold thousands of relations; a message is read by a person.
    constexpr std::size_t kListed = 30;
    for (std::size_t i = 0; i < known.size() && i < kListed; ++i) {
      if (i > 0) message += ", ";
      message += known[i];
    }
    if (known.size() > kListed)
      message += ", and " + std::to_string(known.size() - kListed) + " more";
    context.Fail(ErrorCode::kUnknownRelation, std::move(message), atom.pos);
  }
  const auto [least, most] = catalog.Arity(*found);
  const std::size_t given = atom.args.size();
  if (given < least || given > most) {
    std::string expected =
        least == most ? Plural(least, "argument")
                      : std::to_string(least) + " to " + std::to_string(most) + " arguments";
    std::string message = atom.name + " takes " + expected + " (" + catalog.Signature(*found) +
                          "), found " + std::to_string(given);
    context.Fail(ErrorCode::kArity, std::move(message), atom.pos);
  }
  return *found;
}

}  // namespace annals::query
