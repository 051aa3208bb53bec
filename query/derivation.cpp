// Provenance bookkeeping.
#include "query/derivation.hpp"

#include <algorithm>
#include <iterator>
#include <string>

namespace annals::query {

std::uint32_t DerivationArena::Add(std::uint32_t rule, std::uint32_t relation,
                                   std::span<const Ref> refs) {
  Derivation d;
  d.rule = rule;
  d.relation = relation;
  d.first_ref = static_cast<std::uint32_t>(refs_.size());
  d.ref_count = static_cast<std::uint32_t>(refs.size());
  refs_.Append(refs.data(), refs.data() + refs.size());
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

void SourceWriter::Begin(QueryResultBuilder& answer) {
  answer_ = &answer;
  // The answer's file indexes are its own.
  first_files_ = NoFiles();
  more_files_.clear();
  store_files_.clear();
  file_rank_.clear();
  files_by_rank_.clear();
  ForgetDerivations();
}

std::size_t SourceWriter::CapacityBytes() const {
  using engine::VectorBytes;
  return VectorBytes(more_files_) + VectorBytes(store_files_) + VectorBytes(file_rank_) +
         VectorBytes(files_by_rank_) + VectorBytes(scratch_) + VectorBytes(rows_of_derivations_) +
         VectorBytes(extra_leaves_) + VectorBytes(other_lists_) + VectorBytes(extra_keys_) +
         VectorBytes(leaf_sources_) + VectorBytes(merged_) + VectorBytes(united_) +
         VectorBytes(extra_entries_);
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
  if (index == kNoFile) {
    index = answer_->AddFile(store_.FileName(file));
    if (store_files_.size() <= index) store_files_.resize(index + 1, kNoFile);
    store_files_[index] = file;
    RankFile(index);
  }
  return index;
}

void SourceWriter::RankFile(std::uint32_t answer_file) {
  // Put in its place among the files ranked so far, so that an answer
  // citing many files ranks each once.
  const auto place = std::lower_bound(files_by_rank_.begin(), files_by_rank_.end(), answer_file,
                                      [this](std::uint32_t a, std::uint32_t b) {
                                        return FileBefore(store_files_[a], store_files_[b]);
                                      });
  const auto rank = static_cast<std::uint32_t>(place - files_by_rank_.begin());
  files_by_rank_.insert(place, answer_file);
  if (file_rank_.size() < store_files_.size()) file_rank_.resize(store_files_.size(), kNoFile);
  for (std::uint32_t r = rank; r < files_by_rank_.size(); ++r) file_rank_[files_by_rank_[r]] = r;
}

void SourceWriter::AppendKeysOf(std::span<const Ref> leaves, std::vector<std::uint64_t>* keys) {
  // Every leaf's file first: adding one moves the ranks of those after it.
  leaf_sources_.clear();
  for (const Ref& leaf : leaves) {
    const engine::SourceRef source = SourceOf(leaf);
    leaf_sources_.push_back(detail::SourceEntry{AnswerFile(source.file), source.line, 0});
  }
  for (const detail::SourceEntry& source : leaf_sources_) keys->push_back(KeyOf(source));
}

std::uint64_t SourceWriter::KeyOf(const detail::SourceEntry& source) const {
  return std::uint64_t{file_rank_[source.file]} << 32 | source.line;
}

detail::SourceEntry SourceWriter::EntryOf(std::uint64_t key) const {
  return detail::SourceEntry{files_by_rank_[key >> 32], static_cast<std::uint32_t>(key), 0};
}

engine::SourceRef SourceWriter::SourceOf(const Ref& leaf) const {
  return leaf.kind == Ref::Kind::kFact ? store_.FactSource(leaf.id)
                                       : store_.LifespanSource(leaf.id);
}

bool SourceWriter::FileBefore(engine::FileId a, engine::FileId b) const {
  if (a == b) return false;
  const std::string_view name_a = store_.FileName(a);
  const std::string_view name_b = store_.FileName(b);
  return name_a != name_b ? name_a < name_b : a < b;
}

const SourceWriter::Listed* SourceWriter::ListedBefore(std::uint32_t derivation) const {
  if (derivation >= rows_of_derivations_.size()) return nullptr;
  const Listed& listed = rows_of_derivations_[derivation];
  return listed.first == kNotListed.first ? nullptr : &listed;
}

std::size_t SourceWriter::AddSourcesBehind(std::span<const Ref> refs, const DerivationArena& arena,
                                           std::vector<Ref>* leaves) {
  const Ref* derivation = nullptr;
  std::size_t derivations = 0;
  for (const Ref& ref : refs) {
    if (ref.kind == Ref::Kind::kDerivation) {
      derivation = &ref;
      ++derivations;
    }
  }
  // Where the row's sources start unless it shares an earlier row's.
  row_first_ = answer_->SourcesAdded().size();
  const bool from_earlier =
      derivations == 1 && ((refs.size() == 1 && AddWithoutAlternatives(derivation->id, arena)) ||
                           AddFromEarlierRow(refs, *derivation, arena));
  if (!from_earlier) {
    leaves->clear();
    arena.CollectLeaves(refs, leaves);
    AddSourcesOf(*leaves);
  }
  // Only a row of one derivation lists exactly the sources behind it.
  if (derivations != 1 || refs.size() != 1) return row_first_;
  if (rows_of_derivations_.size() <= derivation->id) {
    rows_of_derivations_.resize(std::max<std::size_t>(arena.size(), derivation->id + 1),
                                kNotListed);
  }
  const std::size_t count = answer_->SourcesAdded().size() - row_first_;
  rows_of_derivations_[derivation->id] =
      Listed{static_cast<std::uint32_t>(row_first_), static_cast<std::uint32_t>(count)};
  return row_first_;
}

bool SourceWriter::AddFromEarlierRow(std::span<const Ref> refs, const Ref& derivation,
                                     const DerivationArena& arena) {
  // The sources behind the row are those behind `derivation` and its other
  // refs (leaves). Behind a derivation are those of its own refs and of its
  // alternatives': leaves and, for a closure's step, one derivation more,
  // the pair one edge shorter, which an earlier row may have listed.
  extra_leaves_.clear();
  for (const Ref& ref : refs) {
    if (ref.kind != Ref::Kind::kDerivation) extra_leaves_.push_back(ref);
  }
  const Listed* earlier = ListedBefore(derivation.id);
  other_lists_.clear();  // listed too, their sources merged in as extras
  if (earlier == nullptr) {
    for (std::uint32_t way = derivation.id; way != kNoDerivation;
         way = arena.Get(way).next_alternative) {
      const Ref* shorter = nullptr;
      for (const Ref& ref : arena.RefsOf(way)) {
        if (ref.kind != Ref::Kind::kDerivation) {
          extra_leaves_.push_back(ref);
        } else if (shorter != nullptr) {
          return false;
        } else {
          shorter = &ref;
        }
      }
      if (shorter == nullptr) continue;  // this way is leaves only
      const Listed* listed = ListedBefore(shorter->id);
      if (listed == nullptr) return false;
      // The longest list is the base; the others' sources join the extras.
      if (earlier != nullptr && listed->count <= earlier->count) {
        other_lists_.push_back(*listed);
        continue;
      }
      if (earlier != nullptr) other_lists_.push_back(*earlier);
      earlier = listed;
    }
    if (earlier == nullptr) return false;  // leaves only: gathered as fast directly
  }
  // Every file of the earlier rows is one this writer added
  // (rows_of_derivations_ holds only rows it wrote), so it has a rank.
  extra_keys_.clear();
  AppendKeysOf(extra_leaves_, &extra_keys_);
  std::sort(extra_keys_.begin(), extra_keys_.end());
  extra_keys_.erase(std::unique(extra_keys_.begin(), extra_keys_.end()), extra_keys_.end());
  if (other_lists_.empty()) {
    SpliceInto(*earlier, extra_keys_);
    return true;
  }
  // Each list is in key order already, so their union with the extras is
  // a merge, list by list, rather than a sort of all their keys. It merges
  // the entries as they are, compared by key: a merged row (a lineage after
  // its branches meet) lists a whole path or more, and turning each list
  // into keys and the union back into entries cost more than the merges.
  const std::span<const detail::SourceEntry> added = answer_->SourcesAdded();
  std::span<const detail::SourceEntry> united = added.subspan(earlier->first, earlier->count);
  for (const Listed& other : other_lists_) {
    united = Unite(united, added.subspan(other.first, other.count));
  }
  extra_entries_.clear();
  for (const std::uint64_t key : extra_keys_) extra_entries_.push_back(EntryOf(key));
  answer_->AddSources(Unite(united, extra_entries_));
  return true;
}

std::span<const detail::SourceEntry> SourceWriter::Unite(std::span<const detail::SourceEntry> a,
                                                         std::span<const detail::SourceEntry> b) {
  if (b.empty()) return a;
  // Written to the buffer `a` is not in, which then holds the union.
  std::vector<detail::SourceEntry>& out = a.data() == merged_.data() ? united_ : merged_;
  out.resize(a.size() + b.size());
  const auto unite = [&](auto before) {
    return static_cast<std::size_t>(
        std::set_union(a.begin(), a.end(), b.begin(), b.end(), out.begin(), before) - out.begin());
  };
  // An answer citing one file, as most do, orders its sources by line alone.
  const std::size_t size =
      files_by_rank_.size() == 1
          ? unite([](const detail::SourceEntry& x, const detail::SourceEntry& y) {
              return x.line < y.line;
            })
          : unite([this](const detail::SourceEntry& x, const detail::SourceEntry& y) {
              return KeyOf(x) < KeyOf(y);
            });
  out.resize(size);
  return out;
}

bool SourceWriter::AddWithoutAlternatives(std::uint32_t derivation, const DerivationArena& arena) {
  const Derivation& way = arena.Get(derivation);
  if (way.next_alternative != kNoDerivation) return false;
  const std::span<const Ref> refs = arena.RefsOf(derivation);
  if (std::none_of(refs.begin(), refs.end(),
                   [](const Ref& ref) { return ref.kind == Ref::Kind::kDerivation; })) {
    AddSourcesOf(refs);  // a closure's first edge
    return true;
  }
  if (refs.size() != 2) return false;
  const bool shorter_first = refs[0].kind == Ref::Kind::kDerivation;
  const Ref& shorter = refs[shorter_first ? 0 : 1];
  const Ref& edge = refs[shorter_first ? 1 : 0];
  if (shorter.kind != Ref::Kind::kDerivation || edge.kind == Ref::Kind::kDerivation) return false;
  const Listed* earlier = ListedBefore(shorter.id);
  if (earlier == nullptr) return false;
  const engine::SourceRef source = SourceOf(edge);
  const std::uint64_t key = KeyOf(detail::SourceEntry{AnswerFile(source.file), source.line, 0});
  SpliceInto(*earlier, std::span<const std::uint64_t>(&key, 1));
  return true;
}

void SourceWriter::SpliceInto(Listed earlier, std::span<const std::uint64_t> extra_keys) {
  // The earlier list with the extras spliced in, by file rank and line: a
  // copy of each stretch between two new extras, so that a row one edge
  // longer than an earlier one costs two copies and a source. An extra the
  // list already holds is not added again. The row is put together here
  // and added in one call, so the earlier list, read in place, cannot move
  // while it is copied.
  const std::span<const detail::SourceEntry> added = answer_->SourcesAdded();
  const std::span<const detail::SourceEntry> listed = added.subspan(earlier.first, earlier.count);
  // The earlier list is the last thing added (its row ended just before this
  // one, which has added nothing yet), and the extras sort after all of it,
  // as a lineage's later edges, written later in a source, do: the row
  // shares that list and adds only the extras, one source instead of a copy
  // of the whole path.
  if (earlier.first + earlier.count == added.size() &&
      (listed.empty() || extra_keys.empty() || KeyOf(listed.back()) < extra_keys.front())) {
    for (const std::uint64_t key : extra_keys) {
      const detail::SourceEntry extra = EntryOf(key);
      answer_->AddSource(extra.file, extra.line);
    }
    row_first_ = earlier.first;
    return;
  }
  const auto key_below = [this](const detail::SourceEntry& source, std::uint64_t key) {
    return KeyOf(source) < key;
  };
  merged_.clear();
  auto copied = listed.begin();
  for (const std::uint64_t key : extra_keys) {
    const auto at = std::lower_bound(copied, listed.end(), key, key_below);
    if (at != listed.end() && KeyOf(*at) == key) continue;
    merged_.insert(merged_.end(), copied, at);
    merged_.push_back(EntryOf(key));
    copied = at;
  }
  merged_.insert(merged_.end(), copied, listed.end());
  answer_->AddSources(merged_);
}

void SourceWriter::AddSourcesOf(std::span<const Ref> leaves) {
  if (leaves.empty()) return;  // a fact written in the program cites no file
  if (leaves.size() == 1) {    // the common case: one fact behind the row
    const engine::SourceRef source = SourceOf(leaves.front());
    answer_->AddSource(AnswerFile(source.file), source.line);
    return;
  }
  // Sorted and deduplicated as integers, in the order of the files' ranks,
  // as a row merged from an earlier one is.
  scratch_.clear();
  AppendKeysOf(leaves, &scratch_);
  std::sort(scratch_.begin(), scratch_.end());
  scratch_.erase(std::unique(scratch_.begin(), scratch_.end()), scratch_.end());
  AddKeys(scratch_);
}

void SourceWriter::AddKeys(std::span<const std::uint64_t> keys) {
  merged_.clear();
  for (const std::uint64_t key : keys) merged_.push_back(EntryOf(key));
  answer_->AddSources(merged_);
}

}  // namespace annals::query
