// Provenance bookkeeping.
#include "query/derivation.hpp"

#include <algorithm>
#include <string>

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
  bool direct = true;
  for (const Ref& ref : refs) direct &= ref.kind != Ref::Kind::kDerivation;
  if (direct) {  // the common case: a row over stored facts only
    leaves->insert(leaves->end(), refs.begin(), refs.end());
    return;
  }
  // Derivations form a graph (merged pieces point at older pieces,
  // alternatives at each other): visit each once.
  if (seen_.size() < derivations_.size()) seen_.resize(derivations_.size(), 0);
  if (++walk_ == 0) {
    std::fill(seen_.begin(), seen_.end(), 0);
    walk_ = 1;
  }
  work_.assign(refs.begin(), refs.end());
  while (!work_.empty()) {
    const Ref ref = work_.back();
    work_.pop_back();
    if (ref.kind != Ref::Kind::kDerivation) {
      leaves->push_back(ref);
      continue;
    }
    if (seen_[ref.id] == walk_) continue;
    seen_[ref.id] = walk_;
    const std::span<const Ref> children = RefsOf(ref.id);
    work_.insert(work_.end(), children.begin(), children.end());
    if (derivations_[ref.id].next_alternative != kNoDerivation) {
      work_.push_back(Ref{Ref::Kind::kDerivation, derivations_[ref.id].next_alternative});
    }
  }
}

std::uint32_t SourceWriter::AnswerFile(engine::FileId file) {
  std::uint32_t* slot = nullptr;
  if (file < kFilesInPlace) {
    slot = &first_files_[file];
  } else {
    const std::size_t at = file - kFilesInPlace;
    if (at >= more_files_.size()) more_files_.resize(at + 1, kNoFile);
    slot = &more_files_[at];
  }
  std::uint32_t& index = *slot;
  if (index == kNoFile) index = answer_.AddFile(store_.FileName(file));
  return index;
}

void SourceWriter::AddSourcesOf(const std::vector<Ref>& leaves) {
  const auto source_of = [&](const Ref& leaf) {
    return leaf.kind == Ref::Kind::kFact ? store_.FactSource(leaf.id)
                                         : store_.LifespanSource(leaf.id);
  };
  if (leaves.size() == 1) {  // the common case: one fact behind the row
    const engine::SourceRef source = source_of(leaves.front());
    answer_.AddSource(AnswerFile(source.file), source.line);
    return;
  }
  // Sort and deduplicate as integers; order files by name only when there
  // are several.
  scratch_.clear();
  for (const Ref& leaf : leaves) {
    const engine::SourceRef source = source_of(leaf);
    scratch_.emplace_back(source.file, source.line);
  }
  std::sort(scratch_.begin(), scratch_.end());
  scratch_.erase(std::unique(scratch_.begin(), scratch_.end()), scratch_.end());
  if (!scratch_.empty() && scratch_.front().first != scratch_.back().first) {
    std::stable_sort(scratch_.begin(), scratch_.end(), [&](const auto& x, const auto& y) {
      return x.first != y.first && store_.FileName(x.first) < store_.FileName(y.first);
    });
  }
  for (const auto& [file, line] : scratch_) answer_.AddSource(AnswerFile(file), line);
}

}  // namespace annals::query
