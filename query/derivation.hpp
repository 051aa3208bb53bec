// Provenance of answers: every derived piece and answer row points at what it
// was derived from (stored facts, lifespans, other derivations), so sources
// and explanations are computed only for the rows the user sees.
#pragma once

#include <annals/error.hpp>
#include <annals/result.hpp>

#include "engine/store/memory_bytes.hpp"
#include "engine/store/store.hpp"

#include <array>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

namespace annals::query {

struct Ref {
  enum class Kind : std::uint8_t { kFact, kLifespan, kDerivation };
  Kind kind = Kind::kFact;
  std::uint32_t id = 0;  //!< FactId, EntityId, or derivation index
  friend bool operator==(const Ref&, const Ref&) = default;
};

inline constexpr std::uint32_t kMergedRule = 0xFFFFFFFFu;  //!< pieces coalesced into one
inline constexpr std::uint32_t kNoPiece = 0xFFFFFFFFu;

//! Derivations of one answer row whose sources it lists: a row found in
//! very many ways (a join whose columns are all hidden, say) keeps the
//! sources of the first ones, so memory stays bounded by rows, not ways.
inline constexpr std::uint32_t kMaxContributions = 256;

inline constexpr std::uint32_t kNoDerivation = 0xFFFFFFFFu;
//! Alternative derivations kept per piece: enough to list the sources of a
//! fact reached along a few paths, bounded so closures stay linear.
inline constexpr std::uint32_t kMaxAlternatives = 8;

struct Derivation {
  std::uint32_t rule = 0;      //!< rule index, or kMergedRule
  std::uint32_t relation = 0;  //!< derived relation
  std::uint32_t piece = kNoPiece;
  std::uint32_t first_ref = 0;
  std::uint32_t ref_count = 0;
  //! Another derivation of the same piece (same tuple, same period), or
  //! kNoDerivation. Chained from the piece's first derivation.
  std::uint32_t next_alternative = kNoDerivation;
  std::uint32_t alternatives = 0;  //!< on the first derivation: how many are chained
};

class DerivationArena {
 public:
  std::uint32_t Add(std::uint32_t rule, std::uint32_t relation, std::span<const Ref> refs);
  //! Records another derivation of the piece whose first derivation is
  //! `first`, unless it already has kMaxAlternatives.
  void AddAlternative(std::uint32_t first, std::uint32_t rule, std::span<const Ref> refs);
  [[nodiscard]] const Derivation& Get(std::uint32_t id) const { return derivations_[id]; }
  void SetPiece(std::uint32_t id, std::uint32_t piece) { derivations_[id].piece = piece; }
  [[nodiscard]] std::span<const Ref> RefsOf(std::uint32_t id) const {
    const Derivation& d = derivations_[id];
    return {refs_.data() + d.first_ref, d.ref_count};
  }
  [[nodiscard]] std::size_t size() const { return derivations_.size(); }
  //! Forgets the derivations from `count` on (a search that gave up),
  //! keeping the memory.
  void TruncateTo(std::size_t count) {
    if (count >= derivations_.size()) return;
    refs_.resize(derivations_[count].first_ref);
    derivations_.resize(count);
  }
  //! Forgets every derivation (a new answer starts), keeping the memory.
  void Clear() {
    derivations_.clear();
    refs_.clear();
  }
  //! Bytes the arena holds.
  [[nodiscard]] std::size_t CapacityBytes() const {
    using engine::VectorBytes;
    return VectorBytes(derivations_) + VectorBytes(refs_) + VectorBytes(work_) + VectorBytes(seen_);
  }

  //! The stored facts and lifespans behind `refs` (through every recorded
  //! derivation, alternatives included), each once. Not thread-safe: uses
  //! the arena's scratch marks.
  void CollectLeaves(std::span<const Ref> refs, std::vector<Ref>* leaves) const;

 private:
  // Growing in place (GrowingArray): a closure with sources records a
  // derivation per pair, millions in one query.
  engine::GrowingArray<Derivation> derivations_;
  engine::GrowingArray<Ref> refs_;
  // Visit marks for CollectLeaves: derivation -> the walk that last saw it.
  mutable engine::GrowingArray<std::uint32_t> seen_;
  mutable std::uint32_t walk_ = 0;
  mutable std::vector<std::uint32_t> work_;  // derivations to visit
};

//! Writes the sources of an answer's rows: file:line of each leaf behind a
//! row, sorted by file then line, without duplicates. It remembers which
//! store files the answer already holds, and keeps its working space from
//! row to row and from answer to answer: an evaluator keeps one, so that a
//! prepared query run again does not allocate it anew.
class SourceWriter {
 public:
  explicit SourceWriter(const engine::Store& store) : store_(store) {}
  //! Starts on a new answer, which the rows written from now on go to.
  void Begin(QueryResultBuilder& answer);
  //! Adds the sources of `leaves` to the row `answer` is building.
  void AddSourcesOf(std::span<const Ref> leaves);
  //! Adds the sources behind `refs`, through the derivations of `arena`, to
  //! the row `answer` is building, and returns where the row's sources
  //! start, for QueryResultBuilder::EndRow: before those it added when it
  //! shares an earlier row's. `leaves` is working space.
  [[nodiscard]] std::size_t AddSourcesBehind(std::span<const Ref> refs,
                                             const DerivationArena& arena,
                                             std::vector<Ref>* leaves);
  //! Forgets which rows listed the sources of which derivations: to be
  //! called whenever the arena is cleared.
  void ForgetDerivations() { rows_of_derivations_.clear(); }
  //! Bytes of working space the writer holds.
  [[nodiscard]] std::size_t CapacityBytes() const;

 private:
  //! Where the answer lists the sources behind one derivation.
  struct Listed {
    std::uint32_t first = 0;
    std::uint32_t count = 0;
  };
  static constexpr Listed kNotListed{0xFFFFFFFFu, 0};

  [[nodiscard]] std::uint32_t AnswerFile(engine::FileId file);
  //! Ranks a file just added to the answer among those added before.
  void RankFile(std::uint32_t answer_file);
  //! Appends the key (see file_rank_) of each leaf's source, adding its
  //! file to the answer when it is new.
  void AppendKeysOf(std::span<const Ref> leaves, std::vector<std::uint64_t>* keys);
  //! A source as one integer, in the order of FileBefore, then line.
  [[nodiscard]] std::uint64_t KeyOf(const detail::SourceEntry& source) const;
  //! The source a key stands for.
  [[nodiscard]] detail::SourceEntry EntryOf(std::uint64_t key) const;
  //! Adds the sources that `keys` (sorted, distinct) stand for, in one call.
  void AddKeys(std::span<const std::uint64_t> keys);
  [[nodiscard]] engine::SourceRef SourceOf(const Ref& leaf) const;
  //! The sources behind `derivation`, if an earlier row listed exactly them.
  [[nodiscard]] const Listed* ListedBefore(std::uint32_t derivation) const;
  //! Writes the row's sources as those an earlier row listed plus a few of
  //! its own (or, for a derivation with alternatives, as the union of what
  //! earlier rows listed for each), when its refs allow that; false, having
  //! written nothing, otherwise.
  bool AddFromEarlierRow(std::span<const Ref> refs, const Ref& derivation,
                         const DerivationArena& arena);
  //! AddFromEarlierRow's common cases without its working lists: a
  //! derivation without alternatives over leaves only (a closure's first
  //! edge), or over one edge and a shorter row listed before (each step
  //! after it); false, having written nothing, for any other derivation.
  bool AddWithoutAlternatives(std::uint32_t derivation, const DerivationArena& arena);
  //! The union of `a` and `b` (each sorted by key, distinct): `a` itself
  //! when `b` is empty, else written to merged_ or united_, whichever `a`
  //! does not lie in, and valid until the next call.
  [[nodiscard]] std::span<const detail::SourceEntry> Unite(std::span<const detail::SourceEntry> a,
                                                           std::span<const detail::SourceEntry> b);
  //! Writes `earlier`'s sources with `extra_keys` (sorted, distinct) among
  //! them, each once; or, when the row can share `earlier`'s sources, only
  //! the extras, moving row_first_ back to where `earlier` starts.
  void SpliceInto(Listed earlier, std::span<const std::uint64_t> extra_keys);
  //! The order of a row's files: by name, then as the store numbers them.
  //! Both ways of writing a row's sources use it, so a list copied from an
  //! earlier row and one gathered afresh come out in the same order.
  [[nodiscard]] bool FileBefore(engine::FileId a, engine::FileId b) const;

  const engine::Store& store_;
  QueryResultBuilder* answer_ = nullptr;  // the answer begun last
  std::size_t row_first_ = 0;             // where the sources of the row being written start
  // The answer's index of each store file, kNoFile until used; the first
  // few files in place, as most answers cite one or two and a small answer
  // should not allocate for this.
  static constexpr std::uint32_t kNoFile = 0xFFFFFFFFu;
  static constexpr std::size_t kFilesInPlace = 8;
  static constexpr std::array<std::uint32_t, kFilesInPlace> NoFiles() {
    std::array<std::uint32_t, kFilesInPlace> none{};
    none.fill(kNoFile);
    return none;
  }
  std::array<std::uint32_t, kFilesInPlace> first_files_ = NoFiles();
  std::vector<std::uint32_t> more_files_;  // store files from kFilesInPlace on
  // And back: the store file of each answer file this writer added.
  std::vector<engine::FileId> store_files_;
  // A row's sources as keys (see file_rank_): sorted and compared as integers.
  std::vector<std::uint64_t> scratch_;
  // A closure's row lists the sources of the row one edge shorter and one
  // more: found here, they are copied, not gathered again through every
  // derivation and sorted (a path of n edges would cost n^2 overall).
  engine::GrowingArray<Listed> rows_of_derivations_;  // by derivation
  // Each answer file's place in the order of FileBefore, and back, so that
  // a source compares as one integer: rank << 32 | line.
  std::vector<std::uint32_t> file_rank_;
  std::vector<std::uint32_t> files_by_rank_;
  std::vector<Ref> extra_leaves_;
  std::vector<Listed> other_lists_;
  std::vector<std::uint64_t> extra_keys_;
  std::vector<detail::SourceEntry> leaf_sources_;  // AppendKeysOf's
  std::vector<detail::SourceEntry> merged_;
  // Unite's other buffer (it alternates with merged_), and a row's extras
  // as entries.
  std::vector<detail::SourceEntry> united_;
  std::vector<detail::SourceEntry> extra_entries_;
};

}  // namespace annals::query
