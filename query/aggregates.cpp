// Folding of aggregate groups.
#include "query/aggregates.hpp"

#include "query/temporal.hpp"

#include <algorithm>
#include <set>

namespace annals::query {

namespace {

ValueId OperandValue(const Operand& operand, std::span<const ValueId> slots,
                     std::span<const ValueId> constants) {
  switch (operand.kind) {
    case Operand::Kind::kVariable:
      return slots[operand.index];
    case Operand::Kind::kConstant:
      return constants[operand.index];
    case Operand::Kind::kAnonymous:
      break;
  }
  return kNullValue;
}

// Is `chosen` certainly <= `other` (or >= for max)?
bool CertainlyOrdered(const ValuePool& pool, ValueId chosen, ValueId other, bool least) {
  const ValueTag tag = TagOf(chosen);
  if (tag != TagOf(other) || (tag != ValueTag::kDate && tag != ValueTag::kPeriod)) return true;
  const VagueDate a = tag == ValueTag::kDate ? pool.DateOf(chosen) : pool.PeriodOf(chosen).start;
  const VagueDate b = tag == ValueTag::kDate ? pool.DateOf(other) : pool.PeriodOf(other).start;
  return (least ? DateLessEqual(a, b) : DateLessEqual(b, a)) == Certainty::kCertain;
}

}  // namespace

void AggregateCollector::Add(std::span<const ValueId> slots, std::span<const ValueId> constants,
                             Certainty certainty, std::span<const Ref> refs) {
  Key group;
  for (std::size_t i = 0; i < rule_.head_args.size(); ++i) {
    if (rule_.aggregates[i] == AggregateKind::kNone) {
      group.push_back(OperandValue(rule_.head_args[i], slots, constants));
    }
  }
  Binding& binding = groups_[group][Key(slots.begin(), slots.end())];
  binding.certainty = std::max(binding.certainty, certainty);
  binding.refs.insert(binding.refs.end(), refs.begin(), refs.end());
}

void AggregateCollector::Finish(const EmitFn& emit,
                                const std::function<void(const Operand&, ValueId)>& fail) const {
  std::vector<ValueId> head(rule_.head_args.size());
  std::vector<Ref> refs;
  for (const auto& [group, bindings] : groups_) {
    Certainty certainty = Certainty::kCertain;
    std::size_t plain = 0;
    refs.clear();
    bool refs_from_all = false;
    for (std::size_t i = 0; i < rule_.head_args.size(); ++i) {
      const AggregateKind kind = rule_.aggregates[i];
      if (kind == AggregateKind::kNone) {
        head[i] = group[plain++];
        continue;
      }
      const std::uint32_t slot = rule_.head_args[i].index;
      switch (kind) {
        case AggregateKind::kCount: {
          std::set<ValueId> distinct;
          for (const auto& [slots, binding] : bindings) {
            distinct.insert(slots[slot]);
            certainty = std::min(certainty, binding.certainty);
          }
          head[i] = pool_.Number(static_cast<double>(distinct.size()));
          refs_from_all = true;
          break;
        }
        case AggregateKind::kSum: {
          double total = 0;
          for (const auto& [slots, binding] : bindings) {
            if (TagOf(slots[slot]) != ValueTag::kNumber) fail(rule_.head_args[i], slots[slot]);
            total += pool_.NumberOf(slots[slot]);
            certainty = std::min(certainty, binding.certainty);
          }
          head[i] = pool_.Number(total);
          refs_from_all = true;
          break;
        }
        case AggregateKind::kMin:
        case AggregateKind::kMax: {
          const bool least = kind == AggregateKind::kMin;
          ValueId best = bindings.begin()->first[slot];
          for (const auto& [slots, binding] : bindings) {
            const int order = pool_.Compare(slots[slot], best);
            if (least ? order < 0 : order > 0) best = slots[slot];
          }
          for (const auto& [slots, binding] : bindings) {
            certainty = std::min(certainty, binding.certainty);
            if (slots[slot] == best) {
              refs.insert(refs.end(), binding.refs.begin(), binding.refs.end());
            } else if (!CertainlyOrdered(pool_, best, slots[slot], least)) {
              certainty = std::min(certainty, Certainty::kPossible);
            }
          }
          head[i] = best;
          break;
        }
        case AggregateKind::kNone:
          break;
      }
    }
    if (refs_from_all) {
      refs.clear();
      for (const auto& [slots, binding] : bindings) {
        refs.insert(refs.end(), binding.refs.begin(), binding.refs.end());
      }
    }
    emit(head, certainty, refs);
  }
}

}  // namespace annals::query
