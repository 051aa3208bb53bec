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
  // alternatives at each other): visit each once. Leaves go straight out,
  // and a derivation is marked when queued, so the queue holds each once.
  if (seen_.size() < derivations_.size()) seen_.resize(derivations_.size(), 0);
  if (++walk_ == 0) {
    std::fill(seen_.begin(), seen_.end(), 0);
    walk_ = 1;
  }
  work_.clear();
  const auto take = [&](const Ref& ref) {
    if (ref.kind != Ref::Kind::kDerivation) {
      leaves->push_back(ref);
    } else if (seen_[ref.id] != walk_) {
      seen_[ref.id] = walk_;
      work_.push_back(ref.id);
    }
  };
  for (const Ref& ref : refs) take(ref);
  while (!work_.empty()) {
    const Derivation& derivation = derivations_[work_.back()];
    work_.pop_back();
    const Ref* children = refs_.data() + derivation.first_ref;
    for (std::uint32_t i = 0; i < derivation.ref_count; ++i) take(children[i]);
    if (derivation.next_alternative != kNoDerivation) {
      take(Ref{Ref::Kind::kDerivation, derivation.next_alternative});
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
  if (leaves.empty()) return;  // a fact written in the program cites no file
  if (leaves.size() == 1) {    // the common case: one fact behind the row
    const engine::SourceRef source = source_of(leaves.front());
    answer_.AddSource(AnswerFile(source.file), source.line);
    return;
  }
  // Sort and deduplicate as integers; order files by name only when there
  // are several.
  scratch_.clear();
  for (const Ref& leaf : leaves) {
    const engine::SourceRef source = source_of(leaf);
    scratch_.push_back(std::uint64_t{source.file} << 32 | source.line);
  }
  std::sort(scratch_.begin(), scratch_.end());
  scratch_.erase(std::unique(scratch_.begin(), scratch_.end()), scratch_.end());
  const auto file_of = [](std::uint64_t source) {
    return static_cast<engine::FileId>(source >> 32);
  };
  if (file_of(scratch_.front()) != file_of(scratch_.back())) {
    std::stable_sort(scratch_.begin(), scratch_.end(), [&](std::uint64_t x, std::uint64_t y) {
      return file_of(x) != file_of(y) && store_.FileName(file_of(x)) < store_.FileName(file_of(y));
    });
  }
  // Sorted, a row's sources of one file come together: its answer index is
  // looked up once per run of them.
  engine::FileId file = file_of(scratch_.front());
  std::uint32_t answer_file = AnswerFile(file);
  for (const std::uint64_t source : scratch_) {
    if (file_of(source) != file) {
      file = file_of(source);
      answer_file = AnswerFile(file);
    }
    answer_.AddSource(answer_file, static_cast<std::uint32_t>(source));
  }
}

}  // namespace annals::query
