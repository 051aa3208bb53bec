// Provenance bookkeeping.
#include "query/derivation.hpp"

#include <algorithm>
#include <string>
#include <tuple>
#include <unordered_set>

namespace annals::query {

std::uint32_t DerivationArena::Add(std::uint32_t rule, std::uint32_t relation,
                                   std::span<const Ref> refs) {
  Derivation d;
  d.rule = rule;
  d.relation = relation;
  d.first_ref = static_cast<std::uint32_t>(refs_.size());
  d.ref_count = static_cast<std::uint32_t>(refs.size());
  refs_.insert(refs_.end(), refs.begin(), refs.end());
  derivations_.push_back(d);
  return static_cast<std::uint32_t>(derivations_.size() - 1);
}

void DerivationArena::AddAlternative(std::uint32_t first, std::uint32_t rule,
                                     std::span<const Ref> refs) {
  if (derivations_[first].alternatives >= kMaxAlternatives) return;
  const std::uint32_t added = Add(rule, derivations_[first].relation, refs);
  Derivation& head = derivations_[first];
  derivations_[added].piece = head.piece;
  derivations_[added].next_alternative = head.next_alternative;
  head.next_alternative = added;
  ++head.alternatives;
}

void DerivationArena::CollectLeaves(std::span<const Ref> refs, std::vector<Ref>* leaves) const {
  // Derivations form a DAG (a merged piece points at older pieces); visit
  // each once so shared sub-derivations cost nothing extra.
  std::unordered_set<std::uint32_t> seen;
  std::vector<Ref> work(refs.begin(), refs.end());
  while (!work.empty()) {
    const Ref ref = work.back();
    work.pop_back();
    if (ref.kind != Ref::Kind::kDerivation) {
      leaves->push_back(ref);
      continue;
    }
    if (!seen.insert(ref.id).second) continue;
    const std::span<const Ref> children = RefsOf(ref.id);
    work.insert(work.end(), children.begin(), children.end());
    if (derivations_[ref.id].next_alternative != kNoDerivation) {
      work.push_back(Ref{Ref::Kind::kDerivation, derivations_[ref.id].next_alternative});
    }
  }
}

std::vector<SourceLocation> SourcesOf(const engine::Store& store, const std::vector<Ref>& leaves) {
  std::vector<std::pair<engine::FileId, std::uint32_t>> refs;
  refs.reserve(leaves.size());
  for (const Ref& leaf : leaves) {
    const engine::SourceRef source =
        leaf.kind == Ref::Kind::kFact ? store.Fact(leaf.id).source : store.LifespanSource(leaf.id);
    refs.emplace_back(source.file, source.line);
  }
  std::vector<SourceLocation> out;
  out.reserve(refs.size());
  for (const auto& [file, line] : refs) {
    out.push_back(SourceLocation{std::string(store.FileName(file)), line, 0});
  }
  std::sort(out.begin(), out.end(), [](const SourceLocation& a, const SourceLocation& b) {
    return std::tie(a.file, a.line) < std::tie(b.file, b.line);
  });
  out.erase(std::unique(out.begin(), out.end(),
                        [](const SourceLocation& a, const SourceLocation& b) {
                          return a.file == b.file && a.line == b.line;
                        }),
            out.end());
  return out;
}

}  // namespace annals::query
