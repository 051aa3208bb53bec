// Folding of aggregate groups.
#include "query/aggregates.hpp"

#include "query/temporal.hpp"

#include <algorithm>

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

std::uint64_t HashValues(const ValueId* values, std::size_t width) {
  std::uint64_t h = 0x9e3779b97f4a7c15ULL;
  for (std::size_t i = 0; i < width; ++i) {
    h ^= values[i] + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
    h *= 0xff51afd7ed558ccdULL;
  }
  return h ^ (h >> 29);
}

}  // namespace

std::uint32_t AggregateCollector::FlatSet::FindOrAdd(const ValueId* key, bool* added) {
  if ((std::size_t{count} + 1) * 2 > table.size()) {
    // Grow to keep at most half the table used, and place every id again.
    const std::size_t slots = std::max<std::size_t>(64, table.size() * 2);
    table.clear();
    table.resize(slots, Slot{});
    for (std::uint32_t id = 0; id < count; ++id) {
      std::size_t at = hashes[id] & (table.size() - 1);
      while (table[at].id != kNone) at = (at + 1) & (table.size() - 1);
      table[at] = Slot{id, static_cast<std::uint32_t>(hashes[id] >> 32)};
    }
  }
  const std::uint64_t hash = HashValues(key, width);
  const auto tag = static_cast<std::uint32_t>(hash >> 32);
  std::size_t at = hash & (table.size() - 1);
  while (table[at].id != kNone) {
    if (table[at].tag == tag) {
      const ValueId* other = At(table[at].id);
      std::size_t i = 0;
      while (i < width && key[i] == other[i]) ++i;
      if (i == width) {
        *added = false;
        return table[at].id;
      }
    }
    at = (at + 1) & (table.size() - 1);
  }
  const std::uint32_t id = count++;
  table[at] = Slot{id, tag};
  values.Append(key, key + width);
  hashes.push_back(hash);
  *added = true;
  return id;
}

bool AggregateCollector::Less(const FlatSet& set, std::uint32_t a, std::uint32_t b) const {
  return std::lexicographical_compare(set.At(a), set.At(a) + set.width, set.At(b),
                                      set.At(b) + set.width);
}

void AggregateCollector::Add(std::span<const ValueId> slots, std::span<const ValueId> constants,
                             Certainty certainty, std::span<const Ref> refs) {
  if (bindings_.count == 0) {
    bindings_.width = slots.size();
    groups_.width = 0;
    for (const AggregateKind kind : rule_.aggregates) groups_.width += kind == AggregateKind::kNone;
  }
  bool added = false;
  const std::uint32_t binding = bindings_.FindOrAdd(slots.data(), &added);
  if (added) {
    key_.clear();
    for (std::size_t i = 0; i < rule_.head_args.size(); ++i) {
      if (rule_.aggregates[i] == AggregateKind::kNone) {
        key_.push_back(OperandValue(rule_.head_args[i], slots, constants));
      }
    }
    bool new_group = false;
    group_of_.push_back(groups_.FindOrAdd(key_.data(), &new_group));
    certainty_.push_back(certainty);
    first_run_.push_back(kNone);
    last_run_.push_back(kNone);
  } else {
    certainty_[binding] = std::max(certainty_[binding], certainty);
  }
  if (refs.empty()) return;
  // Another way to the same binding adds its refs after the ones before.
  const auto run = static_cast<std::uint32_t>(runs_.size());
  runs_.push_back(RefRun{static_cast<std::uint32_t>(refs_.size()),
                         static_cast<std::uint32_t>(refs.size()), kNone});
  refs_.insert(refs_.end(), refs.begin(), refs.end());
  if (first_run_[binding] == kNone) {
    first_run_[binding] = run;
  } else {
    runs_[last_run_[binding]].next = run;
  }
  last_run_[binding] = run;
}

void AggregateCollector::Finish(const EmitFn& emit,
                                const std::function<void(const Operand&, ValueId)>& fail) const {
  // The groups in order of their values, and each group's bindings in order
  // of theirs: a sum adds in that order, and min/max keep the first of equals.
  std::vector<std::uint32_t> group_order(groups_.count);
  for (std::uint32_t g = 0; g < groups_.count; ++g) group_order[g] = g;
  std::sort(group_order.begin(), group_order.end(),
            [&](std::uint32_t a, std::uint32_t b) { return Less(groups_, a, b); });
  std::vector<std::uint32_t> group_begin(std::size_t{groups_.count} + 1, 0);
  for (const std::uint32_t g : group_of_) ++group_begin[g + 1];
  for (std::uint32_t g = 0; g < groups_.count; ++g) group_begin[g + 1] += group_begin[g];
  std::vector<std::uint32_t> by_group(bindings_.count);
  {
    std::vector<std::uint32_t> at(group_begin.begin(), group_begin.end() - 1);
    for (std::uint32_t b = 0; b < bindings_.count; ++b) by_group[at[group_of_[b]]++] = b;
  }

  std::vector<ValueId> head(rule_.head_args.size());
  std::vector<Ref> refs;
  std::vector<ValueId> distinct;
  const auto append_refs = [&](std::uint32_t binding) {
    for (std::uint32_t r = first_run_[binding]; r != kNone; r = runs_[r].next) {
      const auto begin = refs_.begin() + runs_[r].begin;
      refs.insert(refs.end(), begin, begin + runs_[r].count);
    }
  };
  for (const std::uint32_t group : group_order) {
    const auto first = by_group.begin() + group_begin[group];
    const auto last = by_group.begin() + group_begin[group + 1];
    std::sort(first, last, [&](std::uint32_t a, std::uint32_t b) { return Less(bindings_, a, b); });
    const std::span<const std::uint32_t> bindings(&*first, static_cast<std::size_t>(last - first));
    const auto slot_value = [&](std::uint32_t binding, std::uint32_t slot) {
      return bindings_.At(binding)[slot];
    };
    Certainty certainty = Certainty::kCertain;
    std::size_t plain = 0;
    refs.clear();
    bool refs_from_all = false;
    for (std::size_t i = 0; i < rule_.head_args.size(); ++i) {
      const AggregateKind kind = rule_.aggregates[i];
      if (kind == AggregateKind::kNone) {
        head[i] = groups_.At(group)[plain++];
        continue;
      }
      const std::uint32_t slot = rule_.head_args[i].index;
      switch (kind) {
        case AggregateKind::kCount: {
          distinct.clear();
          for (const std::uint32_t binding : bindings) {
            distinct.push_back(slot_value(binding, slot));
            certainty = std::min(certainty, certainty_[binding]);
          }
          std::sort(distinct.begin(), distinct.end());
          const auto unique = std::unique(distinct.begin(), distinct.end()) - distinct.begin();
          head[i] = pool_.Number(static_cast<double>(unique));
          refs_from_all = true;
          break;
        }
        case AggregateKind::kSum: {
          double total = 0;
          for (const std::uint32_t binding : bindings) {
            const ValueId value = slot_value(binding, slot);
            if (TagOf(value) != ValueTag::kNumber) fail(rule_.head_args[i], value);
            total += pool_.NumberOf(value);
            certainty = std::min(certainty, certainty_[binding]);
          }
          head[i] = pool_.Number(total);
          refs_from_all = true;
          break;
        }
        case AggregateKind::kMin:
        case AggregateKind::kMax: {
          const bool least = kind == AggregateKind::kMin;
          ValueId best = slot_value(bindings.front(), slot);
          for (const std::uint32_t binding : bindings) {
            const ValueId value = slot_value(binding, slot);
            const int order = pool_.Compare(value, best);
            if (least ? order < 0 : order > 0) best = value;
          }
          for (const std::uint32_t binding : bindings) {
            const ValueId value = slot_value(binding, slot);
            certainty = std::min(certainty, certainty_[binding]);
            if (value == best) {
              append_refs(binding);
            } else if (!CertainlyOrdered(pool_, best, value, least)) {
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
      for (const std::uint32_t binding : bindings) append_refs(binding);
    }
    emit(head, certainty, refs);
  }
}

}  // namespace annals::query
