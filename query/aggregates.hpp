// Aggregates in rule heads: `n(O, count(P)) :- leads(P, O).` Groups the
// body's bindings by the head's plain arguments and folds each group.
//   count(X)  the number of distinct values of X in the group
//   sum(X)    the sum of X over the distinct bindings of the body's variables
//   min(X), max(X)  the least / greatest X (dates and periods chronologically,
//             periods by start; names alphabetically)
// A result is certain only when every binding it rests on is certain and, for
// min/max over vague dates, the chosen one is certainly the least/greatest.
#pragma once

#include <annals/time.hpp>

#include "engine/store/growing_array.hpp"
#include "query/analysis/checked_program.hpp"
#include "query/derivation.hpp"
#include "query/value_pool.hpp"

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

namespace annals::query {

class AggregateCollector {
 public:
  AggregateCollector(const CheckedRule& rule, ValuePool& pool) : rule_(rule), pool_(pool) {}

  //! One body binding: `slots` are the rule's variable values.
  void Add(std::span<const ValueId> slots, std::span<const ValueId> constants, Certainty certainty,
           std::span<const Ref> refs);

  using EmitFn = std::function<void(std::span<const ValueId> head, Certainty certainty,
                                    std::span<const Ref> refs)>;
  //! Folds every group and emits one head tuple per group, groups in order of
  //! their values (ValueIds, compared left to right) and each group's
  //! bindings in order of theirs. Throws kInvalidArgument (via `fail`) when
  //! sum() meets a value that is not a number.
  void Finish(const EmitFn& emit, const std::function<void(const Operand&, ValueId)>& fail) const;

 private:
  static constexpr std::uint32_t kNone = 0xFFFFFFFFu;
  // A run of one binding's refs in refs_, and the next run of the same
  // binding (a binding found again appends its refs).
  struct RefRun {
    std::uint32_t begin = 0;
    std::uint32_t count = 0;
    std::uint32_t next = kNone;
  };
  // Open addressing over ids into `values` (`width` values each): the
  // distinct bindings (all slots) or the distinct groups (the head's plain
  // values). Flat arrays: a body can have millions of bindings. A slot keeps
  // the high half of its key's hash, so that a probe (and a rehash, from
  // `hashes`) reads a key's values only when the hashes agree.
  struct FlatSet {
    struct Slot {
      std::uint32_t id = kNone;
      std::uint32_t tag = 0;
    };
    std::size_t width = 0;
    engine::GrowingArray<ValueId> values;
    engine::GrowingArray<std::uint64_t> hashes;  // by id
    engine::GrowingArray<Slot> table;
    std::uint32_t count = 0;
    [[nodiscard]] const ValueId* At(std::uint32_t id) const { return values.data() + id * width; }
    //! The id of `key` (`width` values), added when new; `added` says which.
    std::uint32_t FindOrAdd(const ValueId* key, bool* added);
  };

  [[nodiscard]] bool Less(const FlatSet& set, std::uint32_t a, std::uint32_t b) const;

  const CheckedRule& rule_;
  ValuePool& pool_;
  FlatSet bindings_;  // binding id -> its slots
  FlatSet groups_;    // group id -> the head's plain values
  // By binding id, in arrays that grow in place (GrowingArray): its group,
  // its best certainty, its first and last RefRun (kNone: no refs).
  engine::GrowingArray<std::uint32_t> group_of_;
  engine::GrowingArray<Certainty> certainty_;
  engine::GrowingArray<std::uint32_t> first_run_;
  engine::GrowingArray<std::uint32_t> last_run_;
  std::vector<RefRun> runs_;
  std::vector<Ref> refs_;
  std::vector<ValueId> key_;  // scratch: the group of the binding being added
};

}  // namespace annals::query
