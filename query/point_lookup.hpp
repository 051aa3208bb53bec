// The short path for the commonest queries: one stored relation, read at a
// date or window, or over all time (sequenced or `@ _`), with either one end
// given (a name, or an entity $parameter) and the other end the one answer
// column, or neither end given and both ends the answer's two columns, in
// the atom's order (a snapshot of the relation):
//
//   ?- leads(P, $org) @ $day.      ?- leads("Faizulla Khodzhayev", O).
//   ?- leads(P, O) @ $day.
//
// The general evaluator answers them with all of its machinery on every run:
// every constant interned in the value pool, a body run with its frame, a
// sink with a duplicate table, a sort. Here the rows come straight from the
// store's indexes (adjacency for a given end, the relation's interval tree
// for a snapshot). The answers are the evaluator's, row for row (values,
// certainty, validity, order, sources): tests/unit/query/
// point_lookup_test.cpp compares the two on random stores and parameters.
#pragma once

#include <annals/database.hpp>
#include <annals/result.hpp>

#include "engine/store/store.hpp"
#include "query/analysis/checked_program.hpp"
#include "query/derivation.hpp"
#include "query/evaluator.hpp"
#include "query/run_clock.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace annals::query {

//! What makes a program a point lookup.
struct PointLookupShape {
  engine::RelationId relation = 0;
  bool neither_given = false;     //!< both ends are columns: subject, then object
  bool given_is_subject = false;  //!< else the object is given (with one end given)
  std::uint32_t given = 0;        //!< the given end's constant (with one end given)
  TimeClause when;                //!< kNone (all time), kAnonymous (`@ _`) or kWindow
};

class PointLookup {
 public:
  //! The shape of `program` when it is a point lookup, else nothing.
  [[nodiscard]] static std::optional<PointLookupShape> ShapeOf(const CheckedProgram& program);

  //! The program and store must outlive the lookup, unchanged.
  PointLookup(const CheckedProgram& program, const engine::Store& store,
              const PointLookupShape& shape);
  PointLookup(const PointLookup&) = delete;
  PointLookup& operator=(const PointLookup&) = delete;

  //! Appends the answer for `params` to `out`, as the evaluator would.
  //! Returns false, with `out` untouched, when this path does not settle the
  //! answer: explanations asked for, a parameter missing or of a kind it does
  //! not read, a name that is no entity, more rows than the row limit. The
  //! general evaluator then answers, or reports the error, as it always has.
  [[nodiscard]] bool AnswerInto(ParamView params, const QueryOptions& options, RunClock& clock,
                                QueryResultBuilder& out, SourceWriter& sources);

  //! Finds the answers for all of `sets` together, for Settled and
  //! AppendAnswer: a batch's lookups then wait for memory side by side
  //! (Store::FindEachEntity, Store::FactsOfEachDuring) instead of in turn.
  //! What the sets view must outlive the calls that read them. The clock is ticked per
  //! fact visited; when it throws, SetInProgress() is the set being looked up.
  void Look(std::span<const ParamView> sets, const QueryOptions& options, RunClock& clock);
  //! How many sets to give one Look: a group of lookups overlaps their
  //! memory loads; a snapshot has nothing to overlap, and its hits, kept
  //! until its answer is written, are many, so it is looked at alone.
  [[nodiscard]] std::size_t SetsPerLook() const { return shape_.neither_given ? 1 : 64; }
  //! Whether Look settled the answer of its set `k` (see AnswerInto).
  [[nodiscard]] bool Settled(std::size_t k) const { return looked_[k].settled; }
  //! The set whose facts Look was visiting last.
  [[nodiscard]] std::size_t SetInProgress() const { return set_in_progress_; }
  //! Appends the answer Look settled for its set `k` to `out`.
  void AppendAnswer(std::size_t k, const QueryOptions& options, QueryResultBuilder& out,
                    SourceWriter& sources);

  //! The bytes kept for the next run.
  [[nodiscard]] std::size_t CapacityBytes() const;

 private:
  // One fact that matched, and later the row it belongs to.
  struct Hit {
    Period validity;
    //! The answer's columns: the end not given, or both ends (then
    //! cells[1] is the object; with one column it stays 0).
    std::array<engine::EntityId, 2> cells{};
    engine::FactId fact = 0;
    Certainty certainty = Certainty::kNo;
    std::uint32_t row = 0;            //!< the hit heading this hit's row (itself for a row's first)
    std::uint32_t next = 0;           //!< the row's next hit, in the order found; kNone at the end
    std::uint32_t contributions = 0;  //!< on a row's first hit: hits counted for sources
    std::uint32_t last = 0;           //!< on a row's first hit: the last hit listed
  };

  // What Look found for one parameter set.
  struct Looked {
    bool settled = false;
    engine::EntityId given = 0;
    Day lo = kMinDay;  //!< the window [lo, hi] read at
    Day hi = kMaxDay;
    std::uint32_t hits_begin = 0;  //!< its hits, hits_[hits_begin, hits_end)
    std::uint32_t hits_end = 0;
    bool visited = false;           //!< whether any fact was visited (hits_begin is set)
    std::uint32_t names_begin = 0;  //!< a lookup's rows' names from names_[names_begin]
  };

  // One side of the window, settled once per batch: open, fixed by the
  // query's text, or read from each set's parameter. The upper side of a
  // point (`@ $day`) reads the lower side's date: one read gives both.
  struct SideReader {
    enum class Mode : std::uint8_t { kOpen, kFixed, kParam, kFromsDate };
    Mode mode = Mode::kOpen;
    Day fixed = 0;  //!< kFixed: the bound
    ParamReader param;
  };
  // The parameters a set may give: the given end, the window's sides.
  struct SetReaders {
    ParamReader given;
    SideReader from;
    SideReader to;
  };
  [[nodiscard]] SetReaders Readers() const;
  //! The given end's name when a parameter gives it; false when the
  //! parameter is missing or of a kind this path does not read.
  [[nodiscard]] bool GivenName(const ParamView& params, ParamReader& reader,
                               std::string_view* name) const;
  //! [lo, hi] to read at; false when a side's parameter is not a date here.
  [[nodiscard]] bool Window(const ParamView& params, SetReaders& readers, Day* lo, Day* hi) const;
  //! Records fact `id` found for set `set` as a hit, when it holds.
  bool Visit(std::uint32_t set, engine::FactId id);
  //! Finds set `set`'s facts, with its end given or for a snapshot.
  void FindFacts(std::uint32_t set);
  //! Sorts hits by validity, stably.
  static void SortHits(std::span<Hit> hits);
  //! Orders a set's hits into rows, as the evaluator would; false when the
  //! rows are more than the row limit.
  [[nodiscard]] bool MakeRows(const Looked& looked, std::size_t row_limit);
  //! MakeRows for every settled set (unsettling those over the limit), then,
  //! for lookups, the names of all their rows, in one Store::EntityNames call.
  void MakeAllRows(std::size_t row_limit);
  //! A snapshot's names, into names_ from 0: those of the rows among hits
  //! [from, end), up to a chunk of hits on. Returns where the chunk ends.
  std::uint32_t FindNames(std::uint32_t from, std::uint32_t end);
  //! Merges hits of one validity into rows (same entity, same period).
  void MergeRows(std::size_t begin, std::size_t end);

  const CheckedProgram& program_;
  const engine::Store& store_;
  PointLookupShape shape_;
  Period always_ = Period::Always();
  engine::Store::LookupVisitor visit_;  // Look's, reading the members below
  engine::FactVisitor visit_one_;       // FindFacts', for the set in visiting_set_
  SetReaders readers_;                  // as Readers() makes them, before any set is read
  std::uint32_t visiting_set_ = 0;
  std::size_t columns_ = 1;  // the answer's: 2 for a snapshot
  RunClock* clock_ = nullptr;
  std::size_t set_in_progress_ = 0;
  std::vector<Looked> looked_;
  std::vector<std::string_view> given_names_;   // names to find, for lookups of...
  std::vector<std::uint32_t> given_name_sets_;  // ...these sets
  std::vector<std::optional<engine::EntityId>> found_;
  std::vector<engine::Store::EndLookup> lookups_;
  std::vector<std::uint32_t> lookup_sets_;  // the set of each of lookups_
  std::vector<Hit> hits_;
  std::vector<std::uint32_t> by_entity_;  // scratch of MergeRows for large groups
  std::vector<engine::EntityId> entities_;
  std::vector<std::string_view> names_;
  std::vector<Ref> leaves_;
};

}  // namespace annals::query
