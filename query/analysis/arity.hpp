// Relation names and arities: the catalog of what an atom may name (stored
// relations, rules' heads, exists, built-ins) and the checks that an atom
// names a known relation with an acceptable number of arguments.
#pragma once

#include "engine/store/store.hpp"
#include "query/analysis/checked_program.hpp"
#include "query/analysis/error_context.hpp"
#include "query/ast.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace annals::query {

struct RelationRef {
  RelationKind kind = RelationKind::kStored;
  engine::RelationId stored = 0;
  std::uint32_t derived = 0;
  Builtin builtin = Builtin::kBefore;
};

class Catalog {
 public:
  Catalog(const engine::Store& store, const std::vector<DerivedInfo>& derived);

  [[nodiscard]] std::optional<RelationRef> Find(std::string_view name) const;
  //! Every name an atom may use, sorted (built-ins apart).
  [[nodiscard]] std::vector<std::string> DataRelationNames() const;
  //! The fewest and most arguments an atom of `relation` takes.
  [[nodiscard]] std::pair<std::size_t, std::size_t> Arity(const RelationRef& relation) const;
  //! "leads(person, org, role, note)", "before(period, period)", "chain/1".
  [[nodiscard]] std::string Signature(const RelationRef& relation) const;

 private:
  const engine::Store& store_;
  const std::vector<DerivedInfo>& derived_;
  std::unordered_map<std::string, std::uint32_t> derived_by_name_;
};

//! The relation `atom` names; throws kUnknownRelation (with the nearest names)
//! or kArity, pointing at the atom.
[[nodiscard]] RelationRef ResolveAtom(const Catalog& catalog, const Atom& atom,
                                      const ErrorContext& context);

//! "; did you mean \"A\" or \"B\"?" naming the entities (by display name,
//! each once) nearest to `text`, or "; no entity has a similar name".
[[nodiscard]] std::string DidYouMeanEntity(const engine::Store& store, std::string_view text);

}  // namespace annals::query
