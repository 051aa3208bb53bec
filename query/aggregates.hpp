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

#include "query/analysis/checked_program.hpp"
#include "query/derivation.hpp"
#include "query/value_pool.hpp"

#include <functional>
#include <map>
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
  //! Folds every group and emits one head tuple per group. Throws kInvalidArgument
  //! (via `fail`) when sum() meets a value that is not a number.
  void Finish(const EmitFn& emit, const std::function<void(const Operand&, ValueId)>& fail) const;

 private:
  struct Binding {
    Certainty certainty = Certainty::kNo;
    std::vector<Ref> refs;
  };
  using Key = std::vector<ValueId>;

  const CheckedRule& rule_;
  ValuePool& pool_;
  // group key (head's plain values) -> binding (all slots) -> its best certainty and refs
  std::map<Key, std::map<Key, Binding>> groups_;
};

}  // namespace annals::query
