// Transitive closures of a stored relation, answered by search instead of
// semi-naive rounds. The stratum
//   r(X, Y) :- e(X, Y) @ _.
//   r(X, Z) :- r(X, Y) @ _, e(Y, Z) @ _.      (or: e(X, Y) @ _, r(Y, Z) @ _)
// holds exactly the pairs (a, b) joined by a path of e facts, each always and
// certainly (`@ _` reads no period). A search per start finds them with one
// visit per reachable entity, where the rounds build, hash and merge a
// candidate per path: breadth first (SearchFrom, below). Asked for sources,
// the search records each pair's derivations as the rounds would (a pair
// reached along several edges gets one per edge), so its rows list the same
// sources; it then runs depth first and answers each pair after the pairs
// one edge shorter it rests on (the evaluator's SearchClosureWithSources).
// Asked for explanations, the evaluator takes the rounds.
#pragma once

#include "engine/store/memory_bytes.hpp"
#include "engine/store/store.hpp"
#include "query/analysis/checked_program.hpp"

#include <cstdint>
#include <optional>
#include <vector>

namespace annals::query {

struct ClosureShape {
  std::uint32_t relation = 0;    //!< the derived relation r
  engine::RelationId edges = 0;  //!< the stored relation e
  //! Searches run along e from subject to object (true) or back from object
  //! to subject (false, for a constant end column in the right-linear form).
  bool forward = true;
  //! The constant in the end column the searches start from (column 0
  //! forward, 1 backward) after SpecializeQuery; none: start from every entity.
  std::optional<std::uint32_t> fixed_constant;
  std::uint32_t base_rule = 0;  //!< rule index of r(X, Y) :- e(X, Y) @ _.
  std::uint32_t step_rule = 0;  //!< rule index of the recursive rule
  //! The step extends a path at its end, r(A, Z) :- r(A, Y), e(Y, Z)
  //! (true), or at its start, r(X, B) :- e(X, Y), r(Y, B) (false): what a
  //! pair's derivation rests on, the pair one edge shorter at that side.
  bool left_linear = true;
};

//! The closure `stratum` computes, when it is one of the forms above (with a
//! constant in place of the argument the rules pass through, as
//! SpecializeQuery writes them); nothing otherwise.
[[nodiscard]] std::optional<ClosureShape> MatchClosure(const CheckedProgram& program,
                                                       const Stratum& stratum);

//! The entities one search has reached: dense marks over all entities for
//! searches from every start (reset per start by a new stamp), or a small
//! open-addressing set for a single start, which should not pay for a
//! store-sized array.
class ReachedSet {
 public:
  ReachedSet(std::size_t entity_count, bool dense);
  //! Forgets every entity: the next search starts afresh.
  void Clear();
  //! True when `entity` was not reached before (and now is).
  bool Insert(engine::EntityId entity);
  //! As Insert, also keeping `*value` for a new `entity`; for one reached
  //! before, sets `*value` to what was kept.
  bool InsertOrGet(engine::EntityId entity, std::uint32_t* value);
  //! Bytes the set holds.
  [[nodiscard]] std::size_t CapacityBytes() const {
    return engine::VectorBytes(marks_) + engine::VectorBytes(slots_) + engine::VectorBytes(values_);
  }

 private:
  void GrowSparse();

  bool dense_;
  std::uint32_t stamp_ = 1;
  std::vector<std::uint32_t> marks_;     // dense: entity -> stamp of the search that reached it
  std::vector<engine::EntityId> slots_;  // sparse
  // InsertOrGet's values: per entity (dense), per slot (sparse); made on
  // first use, as most searches keep none.
  std::vector<std::uint32_t> values_;
  std::size_t sparse_count_ = 0;
};

//! Calls `reached(b)` once for every entity b reachable from `start` in one or
//! more steps of `neighbours(entity, visit)`, nearest first. `start` itself
//! is reported only when a cycle leads back to it.
template <typename Neighbours, typename Reached>
void SearchFrom(engine::EntityId start, Neighbours&& neighbours, Reached&& reached,
                ReachedSet& seen, std::vector<engine::EntityId>& queue) {
  seen.Clear();
  queue.clear();
  auto visit = [&](engine::EntityId next) {
    if (!seen.Insert(next)) return;
    queue.push_back(next);
    reached(next);
  };
  neighbours(start, visit);
  for (std::size_t head = 0; head < queue.size(); ++head) neighbours(queue[head], visit);
}

}  // namespace annals::query
