// The evaluator. A body runs as nested loops, one per plan step, over
// interned values; each complete binding goes to a sink (a derived relation's
// candidates, an aggregate's groups, or the answer's rows).
#include "query/evaluator.hpp"

#include "engine/store/memory_bytes.hpp"
#include "query/aggregates.hpp"
#include "query/analysis/arity.hpp"
#include "query/builtins.hpp"
#include "query/closure.hpp"
#include "query/derivation.hpp"
#include "query/derived_table.hpp"
#include "query/diagnostic.hpp"
#include "query/edge_graph.hpp"
#include "query/planner.hpp"
#include "query/point_lookup.hpp"
#include "query/run_clock.hpp"
#include "query/temporal.hpp"
#include "query/value_pool.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <memory>
#include <optional>
#include <tuple>
#include <unordered_map>

namespace annals::query {

namespace {

// Derived pieces beyond this are a runaway program, not an answer.
constexpr std::size_t kMaxDerivedPieces = 50'000'000;
constexpr std::size_t kMaxExplanationLines = 200;
constexpr int kMaxExplanationDepth = 24;
// An answer's rows are made this many at a time, so that their entity names
// are looked up together (Store::EntityNames overlaps their memory loads;
// one by one, each name of a large answer is two cache misses in a row).
constexpr std::size_t kRowsPerNameLookup = 256;

// One binding in progress.
struct Frame {
  std::vector<ValueId> slots;
  Period validity;         // meaningful when `sequenced`
  bool sequenced = false;  // some literal's period limits the row
  // When `sequenced`: the one reading the validity is, so that a rule
  // passing it on unchanged passes its identity on too; none once two
  // readings are intersected.
  PeriodSource period_source = kNoPeriodSource;
  Certainty certainty = Certainty::kCertain;
  std::vector<Ref> refs;
};

// What a binding's time clause asks of a fact's (or piece's) period.
enum class TimeMode : std::uint8_t {
  kSequenced,  // no '@': intersect with the row's validity
  kWindow,     // '@ WHEN': holds during [lo, hi]; sequenced
  kDuring,     // '@ D' (D a bound date): holds during [lo, hi]; not sequenced
  kExact,      // '@ T' with T a known period: written the same
  kBind,       // '@ T' unknown: bind T
  kAny,        // '@ _'
};

// A stored relation grouped by subject (or object): entity ids are dense,
// so a counting sort gives each entity its facts as one contiguous run, with
// the possible days of each fact to filter by window without a lookup.
struct JoinIndex {
  struct Entry {
    engine::FactId id;
    engine::EntityId other;  // the object (grouped by subject) or the subject
    Period period;
  };
  std::vector<std::uint32_t> offsets;  // entity -> first entry; entity + 1 -> end
  std::vector<Entry> entries;
};

struct TimeSpec {
  TimeMode mode = TimeMode::kSequenced;
  Day lo = kMinDay;  // the window facts must hold during (kWindow, kDuring)
  Day hi = kMaxDay;
  Day scan_lo = kMinDay;  // the window to look facts up in: narrower when
  Day scan_hi = kMaxDay;  // the row's validity or a period built-in bounds it
  ValueId exact = kNullValue;
  bool ok = true;  // false: the known @ value is not a date or period
};

// A stored atom's lookup: the store calls back per fact. The callback is
// made once per plan step (capturing only this and the step), so a probe
// costs no allocation; the step's state lives in calls_.
struct StoredCall {
  const query::Step* step = nullptr;
  const CheckedLiteral* literal = nullptr;
  bool subject_known = false;
  bool object_known = false;
  ValueId subject = kNullValue;
  ValueId object = kNullValue;
  TimeSpec spec;
  engine::FactVisitor visit;
  const JoinIndex* join = nullptr;  // built on the step's first probe
  // The reading this step's current match sequenced into the row, for any
  // atom step (none for other steps): kept per step, so the earlier steps'
  // readings are calls_[0 .. index) without a list to grow and shrink.
  PeriodSource sequenced = kNoPeriodSource;
};

class QuerySink;

// An answer's sort keys and row-making buffers (see AnswerInto).
struct AnswerScratch {
  // The validities are copied out beside the positions, so that the sort
  // reads one small array (a day's snapshot has tens of thousands of rows);
  // the position, compared last, keeps the order stable.
  struct TimeKey {
    Period validity;
    std::uint32_t index;
    bool always;
  };
  std::vector<std::uint32_t> order;
  std::vector<std::uint32_t> pieces;  // a shown table: the live pieces of the answer
  std::vector<ValueId> cells;         // and their shown columns, unless as stored
  std::vector<TimeKey> keys;
  std::vector<Ref> refs;
  std::vector<Ref> leaves;
  std::vector<std::string> steps;
  std::vector<engine::EntityId> entities;
  std::vector<std::string_view> names;

  [[nodiscard]] std::size_t CapacityBytes() const {
    using engine::VectorBytes;
    return VectorBytes(order) + VectorBytes(pieces) + VectorBytes(cells) + VectorBytes(keys) +
           VectorBytes(refs) + VectorBytes(leaves) + VectorBytes(steps) + VectorBytes(entities) +
           VectorBytes(names);
  }
};

class Sink {
 public:
  virtual ~Sink() = default;
  virtual void Emit(const Frame& frame) = 0;
};

// The closure whose search alone answers `program`
// (AnswersFromClosureSearch), if there is one.
std::optional<ClosureShape> ClosureAnswerOf(const CheckedProgram& program) {
  if (program.strata.size() != 1) return std::nullopt;
  const std::optional<ClosureShape> shape = MatchClosure(program, program.strata.front());
  if (!shape || !shape->fixed_constant) return std::nullopt;
  const std::optional<ShownTable> shown = ShownTableOf(program.query);
  if (!shown || shown->relation != shape->relation) return std::nullopt;
  const std::uint32_t start_column = shape->forward ? 0 : 1;
  const std::vector<std::pair<std::uint32_t, std::uint32_t>> given{
      {start_column, *shape->fixed_constant}};
  if (shown->given != given || shown->columns != std::vector<std::uint32_t>{1 - start_column}) {
    return std::nullopt;
  }
  return shape;
}

class EvaluatorImpl {
 public:
  EvaluatorImpl(const CheckedProgram& program, const engine::Store& store, std::string_view text,
                const PlansAhead* plans_ahead)
      : program_(program),
        store_(store),
        text_(text),
        plans_ahead_(plans_ahead),
        pool_(store),
        always_(Period::Always()),
        source_writer_(store),
        answer_(program.columns) {
    if (const std::optional<PointLookupShape> shape = PointLookup::ShapeOf(program)) {
      point_lookup_ = std::make_unique<PointLookup>(program, store, *shape);
    }
    shown_table_ = ShownTableOf(program.query);
    // The program does not change between runs, nor which strata are closures.
    for (const Stratum& stratum : program.strata) {
      closure_shapes_.push_back(MatchClosure(program, stratum));
    }
    closure_answer_ = ClosureAnswerOf(program);
  }
  ~EvaluatorImpl();
  EvaluatorImpl(const EvaluatorImpl&) = delete;
  EvaluatorImpl& operator=(const EvaluatorImpl&) = delete;

  //! May be called again: each run starts from an empty state, but in the
  //! memory the runs before grew.
  QueryResult Run(const EvaluatorOptions& options, ParamView params, QueryResult* recycled);
  //! The answers for every parameter set, in one result (see Evaluator::RunBatch).
  QueryResult RunBatch(const EvaluatorOptions& options, std::span<const ParamView> sets,
                       std::vector<std::size_t>* set_ends);
  //! The bytes a run leaves held for the next one.
  [[nodiscard]] std::size_t CapacityBytes() const;

  //! The answer `fill(out, sources)` writes into the builder kept between
  //! runs, in the memory of `recycled` when given; a run that throws leaves
  //! nothing in it for the next.
  template <class Fill>
  QueryResult BuildAnswer(Fill&& fill, QueryResult* recycled = nullptr);
  //! RunBatch's answer, set by set.
  void AnswerEachSet(std::span<const ParamView> sets, std::vector<std::size_t>* set_ends,
                     QueryResultBuilder& out, SourceWriter& sources);

  // A body run's buffers, lent for the run and given back after, so that a
  // rule run again reuses them.
  struct BodyBuffers {
    std::vector<ValueId> slots;
    std::vector<Ref> refs;
    std::vector<StoredCall> calls;
  };
  BodyBuffers TakeBodyBuffers();
  void GiveBodyBuffers(BodyBuffers buffers) { spare_bodies_.push_back(std::move(buffers)); }

  // ---- used by body runs and sinks
  [[nodiscard]] const CheckedProgram& program() const { return program_; }
  [[nodiscard]] const engine::Store& store() const { return store_; }
  ValuePool& pool() { return pool_; }
  [[nodiscard]] ValueId ConstantValue(std::uint32_t index) const { return constants_[index]; }
  [[nodiscard]] const std::vector<ValueId>& constants() const { return constants_; }
  [[nodiscard]] const VagueDate* DateReading(std::uint32_t index) const {
    return constant_dates_[index] ? &*constant_dates_[index] : nullptr;
  }
  [[nodiscard]] ValueId ConstantText(std::uint32_t index) const { return constant_text_[index]; }
  [[nodiscard]] std::pair<Day, Day> Window(const TimeClause& when) const;
  [[nodiscard]] Period WindowPeriod(const TimeClause& when) const;
  [[nodiscard]] ValueId AlwaysValue() { return pool_.OfPeriod(always_); }
  [[nodiscard]] const Period& Always() const { return always_; }
  DerivedTable& Table(std::uint32_t relation) { return tables_[relation]; }
  [[nodiscard]] bool tracks_provenance() const {
    return options_->query.sources || options_->query.explain;
  }
  const JoinIndex& JoinIndexOf(engine::RelationId relation, bool by_subject);
  const EdgeGraph& EdgeGraphOf(engine::RelationId relation, bool forward);

  void Tick() { clock_.Tick(); }
  [[noreturn]] void Fail(ErrorCode code, std::string message, TextPos pos) const {
    throw MakeQueryError(code, std::move(message), text_, pos);
  }

  // Candidate buffer of the current round.
  void AddCandidate(std::uint32_t relation, std::uint32_t rule, std::span<const ValueId> values,
                    const PieceCandidate& piece, std::span<const Ref> refs);

 private:
  struct Candidate {
    std::uint32_t relation;
    std::uint32_t rule;
    std::size_t values_at;
    std::size_t refs_at;
    std::size_t ref_count;
    PieceCandidate piece;
  };

  void ResolveConstants();
  ValueId ResolveParam(const Constant& constant, std::uint32_t index);
  // `may_search`: false when a closure's search already gave up this run.
  void EvaluateStratum(std::size_t stratum_index, bool may_search);
  void SearchClosure(const ClosureShape& shape);
  // The same, recording each pair's derivations for its sources. False,
  // with nothing kept, when a pair has more derivations than the arena keeps
  // (kMaxAlternatives): which the rounds keep depends on their order, so the
  // stratum is then left to them.
  bool SearchClosureWithSources(const ClosureShape& shape);
  // One search of SearchClosureWithSources, from node `start_node` (entity
  // `start`); `edges_of(node, edge)` calls edge(fact, next node, next
  // entity) for each edge out of `node`. It runs from the end the step
  // keeps, one edge at a time toward the end it extends, so that each pair
  // found rests on the pair found one edge before it, as the step rule's
  // derivations do. The pairs found, their derivations in the arena, are
  // left in search_finished_ in postorder. False when one has more
  // derivations than the arena keeps.
  template <class EdgesOf>
  bool SearchWithSourcesFrom(const ClosureShape& shape, std::uint32_t start_node,
                             engine::EntityId start, ReachedSet& seen, EdgesOf&& edges_of);
  // SearchClosure's search from one entity, along the store's adjacency:
  // what it reaches is left in search_queue_, nearest first.
  void SearchOneStart(const ClosureShape& shape, engine::EntityId start);
  // SearchClosureWithSources' search from one entity, along the store's
  // adjacency.
  bool SearchOneStartWithSources(const ClosureShape& shape, engine::EntityId start);
  // The pairs of search_finished_, from `start`, into the closure's table.
  void KeepFoundPairs(const ClosureShape& shape, engine::EntityId start);
  // The answer of a program that is one closure from one start and a query
  // showing the closure's other end (AnswersFromClosureSearch): the search's
  // pairs, in the order the table would hold them, written straight into
  // the answer instead of into the table and read back. False, with nothing
  // written or kept, when the search with sources gave up: the rounds answer.
  bool AnswerClosureFromSearch(const ClosureShape& shape, QueryResultBuilder& out,
                               SourceWriter& sources);
  // Throws once a program has derived more than kMaxDerivedPieces pieces
  // into one table.
  void CheckDerivedSize(std::size_t pieces) const;
  void RunRule(std::uint32_t rule_index, int delta_literal);
  const RulePlan& PlanFor(std::uint32_t rule_index, int delta_literal);
  void MergeCandidates();
  [[nodiscard]] SizeHints Sizes();
  // Sets what a run reads; the run's state starts empty.
  void BeginRun(const EvaluatorOptions& options);
  // The answer for the current parameters, appended to `out`.
  void AnswerInto(QueryResultBuilder& out, SourceWriter& sources);
  // The same, by the general evaluator (rules, strata, the answer's sort).
  void AnswerGenerally(QueryResultBuilder& out, SourceWriter& sources);
  // The answer of a query that shows one derived table (ShownTableOf).
  void AnswerFromTable(const ShownTable& shown, QueryResultBuilder& out, SourceWriter& sources);
  // Orders `rows` (SinkRows or PieceRows) and appends them to `out`.
  template <class Rows>
  void MakeAnswer(const Rows& rows, QueryResultBuilder& out, SourceWriter& sources);
  void Explain(std::span<const Ref> refs, int depth, std::vector<std::string>& lines);
  std::string FactText(engine::FactId fact);
  std::string ValueSyntax(ValueId value);

  const CheckedProgram& program_;
  const engine::Store& store_;
  std::string_view text_;
  const EvaluatorOptions* options_ = nullptr;  // the current run's
  ParamView params_;                           // the current set's, in a batch
  const PlansAhead* plans_ahead_;              // made when the query was prepared, or null
  ValuePool pool_;
  Period always_;
  std::vector<ValueId> constants_;
  std::vector<ValueId> constant_text_;  // text constants as strings (attribute matching)
  std::vector<std::optional<VagueDate>> constant_dates_;
  std::vector<DerivedTable> tables_;
  std::unordered_map<std::uint64_t, JoinIndex> join_indexes_;
  std::unordered_map<std::uint64_t, EdgeGraph> edge_graphs_;
  std::unordered_map<std::uint64_t, RulePlan> plans_;
  std::optional<SizeHints> sizes_;
  DerivationArena arena_;
  std::vector<Candidate> candidates_;
  std::vector<ValueId> candidate_values_;
  std::vector<Ref> candidate_refs_;
  RunClock clock_;
  std::unique_ptr<PointLookup> point_lookup_;  // when the program is one
  std::optional<ShownTable> shown_table_;      // when the query shows one derived relation
  std::vector<std::optional<ClosureShape>> closure_shapes_;  // per stratum: a closure's
  std::optional<ClosureShape> closure_answer_;               // AnswersFromClosureSearch's closure

  // Working memory that outlives a run, so that a prepared query run again
  // allocates little: most of a small answer's cost was its allocations.
  std::vector<BodyBuffers> spare_bodies_;
  std::size_t bodies_made_ = 0;
  std::unique_ptr<QuerySink> query_sink_;
  AnswerScratch answer_scratch_;
  SourceWriter source_writer_;
  // The builder of each run's answer. Made once, it costs a run one copy of
  // the column names (Finish leaves it ready for the next answer) instead of
  // two, and their allocations were a tenth of a small lookup's instructions.
  QueryResultBuilder answer_;
  bool answer_dropped_ = false;  // by a run that threw: answer_ has no columns
  std::vector<engine::EntityId> search_queue_;
  std::vector<engine::EntityId> search_found_;
  std::vector<engine::FactId> search_facts_;  // the facts behind search_found_
  // A search with sources, depth first: the edges still to follow out of
  // each node on the path, and the path itself.
  struct PendingEdge {
    engine::FactId fact;
    std::uint32_t node;
    engine::EntityId entity;
  };
  struct PathStep {
    engine::EntityId entity;
    std::uint32_t head;  // the derivation of the pair that reached it; kNoDerivation at the start
    std::size_t first;   // its edges in search_pending_, from here
    std::size_t next;    // the next one to follow
  };
  // A pair found, kept until its search ends: the search's pairs go into
  // the table in reverse postorder.
  struct FoundPair {
    engine::EntityId entity;
    std::uint32_t head;
  };
  std::vector<PendingEdge> search_pending_;
  std::vector<PathStep> search_path_;
  std::vector<FoundPair> search_finished_;
  ReachedSet search_seen_{0, /*dense=*/false};
  std::vector<bool> in_stratum_;
  std::vector<std::uint32_t> stratum_rules_;
};

// ---------------------------------------------------------------- body runs

class BodyRun {
 public:
  BodyRun(EvaluatorImpl& ev, const CheckedRule& rule, const RulePlan& plan, Sink& sink)
      : ev_(ev),
        rule_(rule),
        plan_(plan),
        sink_(sink),
        pool_(ev.pool()),
        store_(ev.store()),
        track_(ev.tracks_provenance()) {
    EvaluatorImpl::BodyBuffers buffers = ev.TakeBodyBuffers();
    frame_.slots = std::move(buffers.slots);
    frame_.refs = std::move(buffers.refs);
    calls_ = std::move(buffers.calls);
    frame_.slots.assign(rule.variables.size(), kNullValue);
    frame_.refs.clear();
    // A binding holds about one ref per literal: reserved once, not grown.
    if (track_) frame_.refs.reserve(rule.body.size() + 1);
    calls_.resize(plan.steps.size());
    for (std::size_t i = 0; i < calls_.size(); ++i) {
      calls_[i] = StoredCall{};
      calls_[i].visit = [this, i](engine::FactId id) { return VisitStoredFact(i, id); };
    }
  }
  ~BodyRun() {
    ev_.GiveBodyBuffers({std::move(frame_.slots), std::move(frame_.refs), std::move(calls_)});
  }
  BodyRun(const BodyRun&) = delete;
  BodyRun& operator=(const BodyRun&) = delete;

  void Go() { Step(0); }

 private:
  struct Saved {
    Period validity;
    bool sequenced;
    PeriodSource period_source;
    Certainty certainty;
    std::size_t refs;
  };
  Saved Save() const {
    return Saved{frame_.validity, frame_.sequenced, frame_.period_source, frame_.certainty,
                 frame_.refs.size()};
  }
  void Restore(const Saved& saved) {
    frame_.validity = saved.validity;
    frame_.sequenced = saved.sequenced;
    frame_.period_source = saved.period_source;
    frame_.certainty = saved.certainty;
    frame_.refs.resize(saved.refs);
  }

  [[nodiscard]] ValueId Value(const Operand& operand) const {
    switch (operand.kind) {
      case Operand::Kind::kConstant:
        return ev_.ConstantValue(operand.index);
      case Operand::Kind::kVariable:
        return frame_.slots[operand.index];
      case Operand::Kind::kAnonymous:
        break;
    }
    return kNullValue;
  }

  // Narrows the row by a sequenced period, the reading `source`, matched at
  // step `index`; false when they cannot overlap.
  bool Sequence(const Period& period, PeriodSource source, std::size_t index) {
    calls_[index].sequenced = source;
    if (!frame_.sequenced) {
      frame_.validity = period;
      frame_.sequenced = true;
      frame_.period_source = source;
      return true;
    }
    // A reading already in the row: in every world the validity lies within
    // it, so it narrows nothing and is no less sure to share a day with it.
    // Intersecting it again as if it were independent would turn a certain
    // row possible (leads(P, O), leads(P, O) on a "1920s" term). Only the
    // same reading counts: two facts written alike are two unknowns.
    for (std::size_t i = 0; i < index; ++i) {
      if (calls_[i].sequenced == source) return true;
    }
    frame_.period_source = kNoPeriodSource;
    Period meet;
    Certainty overlap = Certainty::kNo;
    IntersectPeriods(frame_.validity, period, &meet, &overlap);
    if (overlap == Certainty::kNo) return false;
    frame_.validity = meet;
    frame_.certainty = std::min(frame_.certainty, overlap);
    return true;
  }

  // Binds `slot` to `value`, or checks it when this match already bound it.
  bool BindOrCheck(std::uint32_t slot, ValueId value) {
    for (std::size_t i = 0; i < bound_here_count_; ++i) {
      if (bound_here_[i] == slot) return frame_.slots[slot] == value;
    }
    if (bound_here_count_ < bound_here_.size()) bound_here_[bound_here_count_++] = slot;
    frame_.slots[slot] = value;
    return true;
  }

  // Matches one argument of a data atom against a cell.
  bool MatchArg(const Operand& operand, bool known, ValueId cell, bool attribute) {
    if (operand.kind == Operand::Kind::kAnonymous) return true;
    if (!known) return BindOrCheck(operand.index, cell);
    const ValueId want = Value(operand);
    if (want == cell) return true;
    // A quoted constant in an attribute column also matches attribute text.
    return attribute && operand.kind == Operand::Kind::kConstant &&
           ev_.ConstantText(operand.index) == cell;
  }

  TimeSpec TimeFor(const Step& step, const CheckedLiteral& literal) {
    TimeSpec spec;
    const TimeClause& when = literal.when;
    switch (when.kind) {
      case TimeClause::Kind::kNone:
        spec.mode = TimeMode::kSequenced;
        break;
      case TimeClause::Kind::kAnonymous:
        spec.mode = TimeMode::kAny;
        break;
      case TimeClause::Kind::kWindow:
        spec.mode = TimeMode::kWindow;
        std::tie(spec.lo, spec.hi) = ev_.Window(when);
        break;
      case TimeClause::Kind::kVariable: {
        if (!step.when_known) {
          spec.mode = TimeMode::kBind;
          if (step.window_literal >= 0) {
            const CheckedLiteral& other = rule_.body[static_cast<std::size_t>(step.window_literal)];
            const std::optional<Period> bound =
                AsPeriod(pool_, Value(other.args[static_cast<std::size_t>(step.window_operand)]));
            if (bound) {
              std::tie(spec.lo, spec.hi) =
                  OtherPeriodWindow(other.builtin, step.window_operand, *bound);
            }
          }
          break;
        }
        const ValueId known = frame_.slots[when.variable];
        if (TagOf(known) == ValueTag::kPeriod) {
          spec.mode = TimeMode::kExact;
          spec.exact = known;
          const Period& period = pool_.PeriodOf(known);
          spec.lo = period.start.lo;
          spec.hi = period.end.hi;
        } else if (const std::optional<VagueDate> date = AsDate(pool_, known)) {
          // Like `@ T`, a variable hands the time to the query: the date
          // (or a year, or a date's text, as a written constant reads)
          // filters, but the fact's period must not narrow the row, or a
          // later sequenced atom would be intersected with it.
          spec.mode = TimeMode::kDuring;
          spec.lo = date->lo;
          spec.hi = date->hi;
        } else {
          spec.ok = false;
        }
        break;
      }
    }
    spec.scan_lo = spec.lo;
    spec.scan_hi = spec.hi;
    // A fact written exactly as T starts as T does and holds on T's first
    // possible day: RunStored looks up the facts starting that day, and an
    // entity's facts are looked up on that day alone.
    if (spec.mode == TimeMode::kExact) spec.scan_hi = spec.scan_lo;
    // A sequenced fact must share a possible day with the row's validity.
    if ((spec.mode == TimeMode::kSequenced || spec.mode == TimeMode::kWindow) && frame_.sequenced) {
      spec.scan_lo = std::max(spec.scan_lo, frame_.validity.start.lo);
      spec.scan_hi = std::min(spec.scan_hi, frame_.validity.end.hi);
    }
    return spec;
  }

  // Applies a time spec to a matched period; false when it does not match.
  // `period` null means "always".
  // `source` is the reading `period` is; `index` the step matching it.
  bool ApplyTime(const TimeSpec& spec, const CheckedLiteral& literal, const Period* period,
                 PeriodSource source, std::size_t index) {
    calls_[index].sequenced = kNoPeriodSource;
    switch (spec.mode) {
      case TimeMode::kSequenced:
        return period == nullptr || Sequence(*period, source, index);
      case TimeMode::kWindow: {
        if (period == nullptr) return true;
        const Certainty holds = HoldsDuring(*period, spec.lo, spec.hi);
        if (holds == Certainty::kNo) return false;
        frame_.certainty = std::min(frame_.certainty, holds);
        return Sequence(*period, source, index);
      }
      case TimeMode::kDuring: {
        if (period == nullptr) return true;
        const Certainty holds = HoldsDuring(*period, spec.lo, spec.hi);
        if (holds == Certainty::kNo) return false;
        frame_.certainty = std::min(frame_.certainty, holds);
        return true;
      }
      case TimeMode::kExact:
        // Written the same is what makes two periods one value in the pool:
        // compared directly, a candidate's period is not interned.
        return (period == nullptr ? ev_.Always() : *period) == pool_.PeriodOf(spec.exact);
      case TimeMode::kBind:
        return BindOrCheck(literal.when.variable,
                           period == nullptr ? ev_.AlwaysValue() : pool_.OfPeriod(*period));
      case TimeMode::kAny:
        return true;
    }
    return false;
  }

  void Step(std::size_t index) {
    ev_.Tick();
    if (index == plan_.steps.size()) {
      sink_.Emit(frame_);
      return;
    }
    const query::Step& step = plan_.steps[index];
    const CheckedLiteral& literal = rule_.body[step.literal];
    if (literal.kind == CheckedLiteral::Kind::kComparison) {
      RunComparison(index, step, literal);
      return;
    }
    if (literal.negated && literal.relation != RelationKind::kBuiltin) {
      RunNegation(index, step, literal);
      return;
    }
    switch (literal.relation) {
      case RelationKind::kBuiltin:
        RunBuiltin(index, step, literal);
        return;
      case RelationKind::kStored:
        RunStored(index, step, literal);
        return;
      case RelationKind::kDerived:
        RunDerived(index, step, literal);
        return;
      case RelationKind::kExists:
        RunExists(index, step, literal);
        return;
    }
  }

  void Continue(std::size_t index, Certainty certainty) {
    const Saved saved = Save();
    frame_.certainty = std::min(frame_.certainty, certainty);
    Step(index + 1);
    Restore(saved);
  }

  [[nodiscard]] Certainty TestComparison(const CheckedLiteral& literal) const {
    const Comparand lhs{Value(literal.lhs), literal.lhs.kind == Operand::Kind::kConstant
                                                ? ev_.DateReading(literal.lhs.index)
                                                : nullptr};
    const Comparand rhs{Value(literal.rhs), literal.rhs.kind == Operand::Kind::kConstant
                                                ? ev_.DateReading(literal.rhs.index)
                                                : nullptr};
    return Compare(pool_, literal.op, lhs, rhs);
  }

  // Whether a comparison planned right after the atom of step `index`
  // already fails on the arguments the atom bound (`A != B` after
  // leads(P, B) in a self-join, where most candidates fail it): tested
  // before the match's period work. Only a sure "no" counts; the comparison
  // still runs as its own step. Dates and periods are left to that step:
  // their comparisons are vague, and the atom's `@ T` is not bound yet.
  [[nodiscard]] bool FailsNextFilters(std::size_t index, const CheckedLiteral& atom) const {
    const bool binds_when =
        atom.when.kind == TimeClause::Kind::kVariable && !plan_.steps[index].when_known;
    const auto usable = [&](const Operand& operand) {
      if (operand.kind == Operand::Kind::kAnonymous) return false;
      if (operand.kind == Operand::Kind::kVariable && binds_when &&
          operand.index == atom.when.variable) {
        return false;
      }
      const ValueTag tag = TagOf(Value(operand));
      return tag != ValueTag::kDate && tag != ValueTag::kPeriod;
    };
    for (std::size_t next = index + 1; next < plan_.steps.size(); ++next) {
      const query::Step& step = plan_.steps[next];
      const CheckedLiteral& literal = rule_.body[step.literal];
      if (literal.kind != CheckedLiteral::Kind::kComparison || step.assigns != 0 ||
          !usable(literal.lhs) || !usable(literal.rhs)) {
        return false;
      }
      if (TestComparison(literal) == Certainty::kNo) return true;
    }
    return false;
  }

  void RunComparison(std::size_t index, const query::Step& step, const CheckedLiteral& literal) {
    if (step.assigns == 1) {
      frame_.slots[literal.lhs.index] = Value(literal.rhs);
      Step(index + 1);
      return;
    }
    if (step.assigns == 2) {
      frame_.slots[literal.rhs.index] = Value(literal.lhs);
      Step(index + 1);
      return;
    }
    const Certainty holds = TestComparison(literal);
    if (holds != Certainty::kNo) Continue(index, holds);
  }

  void RunBuiltin(std::size_t index, const query::Step& step, const CheckedLiteral& literal) {
    if (literal.builtin == Builtin::kStart || literal.builtin == Builtin::kEnd) {
      const std::optional<Period> period = AsPeriod(pool_, Value(literal.args[0]));
      if (!period) return;
      // As written: Make's tightening would print and compare "c. 1921" ending
      // a period from 1921-06-15 as "c. 1922".
      const ValueId date = pool_.Date(literal.builtin == Builtin::kStart ? period->WrittenStart()
                                                                         : period->WrittenEnd());
      if (step.assigns == 1) {
        frame_.slots[literal.args[1].index] = date;
        Step(index + 1);
        return;
      }
      const bool same = Value(literal.args[1]) == date;
      if (same != literal.negated) Step(index + 1);
      return;
    }
    const Operand& lhs = literal.args[0];
    const Operand& rhs = literal.args[1];
    // The same variable on both sides is one reading, not two independent
    // ones that happen to be written alike.
    Certainty holds = lhs.kind == Operand::Kind::kVariable && SameOperand(lhs, rhs)
                          ? PeriodRelationToItself(pool_, literal.builtin, Value(lhs))
                          : PeriodRelation(pool_, literal.builtin, Value(lhs), Value(rhs));
    if (literal.negated) holds = Negate(holds);
    if (holds != Certainty::kNo) Continue(index, holds);
  }

  // A fact found by the store for call `index`: an atom without attribute
  // columns reads only its ends and period, which spares the loads of the
  // rest (as the join index's entries do below).
  bool VisitStoredFact(std::size_t index, engine::FactId id) {
    const CheckedLiteral& literal = *calls_[index].literal;
    if (literal.args.size() > 2) return VisitFact(index, store_.Fact(id));
    const engine::FactEndsAndPeriod ends = store_.EndsAndPeriod(id);
    return VisitEndsAndPeriod(index, literal, id, ends.subject, ends.object, ends.period);
  }

  // VisitFact for an atom without attribute columns, from the part of the
  // fact it reads; the view's source and attributes stay empty.
  bool VisitEndsAndPeriod(std::size_t index, const CheckedLiteral& literal, engine::FactId id,
                          engine::EntityId subject, engine::EntityId object, const Period& period) {
    engine::FactView fact;
    fact.id = id;
    fact.relation = literal.stored;
    fact.subject = subject;
    fact.object = object;
    fact.period = period;
    return VisitFact(index, fact);
  }

  // Visits the facts of one key's group of a join index that meet [lo, hi].
  void VisitJoinGroup(std::size_t index, const CheckedLiteral& literal, const JoinIndex& join,
                      bool by_subject, engine::EntityId key, Day lo, Day hi) {
    const bool needs_attributes = literal.args.size() > 2;
    for (std::uint32_t e = join.offsets[key]; e < join.offsets[key + 1]; ++e) {
      const JoinIndex::Entry& entry = join.entries[e];
      if (entry.period.start.lo > hi || entry.period.end.hi < lo) continue;
      if (needs_attributes) {
        VisitFact(index, store_.Fact(entry.id));
        continue;
      }
      // Everything the atom needs is in the entry: no store access.
      VisitEndsAndPeriod(index, literal, entry.id, by_subject ? key : entry.other,
                         by_subject ? entry.other : key, entry.period);
    }
  }

  void RunStored(std::size_t index, const query::Step& step, const CheckedLiteral& literal) {
    StoredCall& call = calls_[index];
    call.step = &step;
    call.literal = &literal;
    call.subject_known = step.arg_known[0];
    call.object_known = step.arg_known[1];
    call.subject = call.subject_known ? Value(literal.args[0]) : kNullValue;
    call.object = call.object_known ? Value(literal.args[1]) : kNullValue;
    if ((call.subject_known && TagOf(call.subject) != ValueTag::kEntity) ||
        (call.object_known && TagOf(call.object) != ValueTag::kEntity)) {
      return;
    }
    call.spec = TimeFor(step, literal);
    if (!call.spec.ok || call.spec.scan_lo > call.spec.scan_hi) return;
    const Day lo = call.spec.scan_lo;
    const Day hi = call.spec.scan_hi;
    if (step.join_index && (call.subject_known || call.object_known)) {
      // Many probes expected: one grouping of the relation by the key column
      // beats as many index searches.
      const bool by_subject = call.subject_known;
      if (call.join == nullptr) call.join = &ev_.JoinIndexOf(literal.stored, by_subject);
      const JoinIndex& join = *call.join;
      const engine::EntityId key = PayloadOf(by_subject ? call.subject : call.object);
      if (key + 1 >= join.offsets.size()) return;
      VisitJoinGroup(index, literal, join, by_subject, key, lo, hi);
      return;
    }
    if (step.scan_grouped != 0 && !call.subject_known && !call.object_known) {
      const bool by_subject = step.scan_grouped == 1;
      if (call.join == nullptr) call.join = &ev_.JoinIndexOf(literal.stored, by_subject);
      const JoinIndex& join = *call.join;
      for (std::uint32_t key = 0; key + 1 < join.offsets.size(); ++key) {
        VisitJoinGroup(index, literal, join, by_subject, key, lo, hi);
      }
      return;
    }
    if (call.subject_known) {
      store_.FactsOfSubjectDuring(literal.stored, PayloadOf(call.subject), lo, hi, call.visit);
    } else if (call.object_known) {
      store_.FactsOfObjectDuring(literal.stored, PayloadOf(call.object), lo, hi, call.visit);
    } else if (call.spec.mode == TimeMode::kExact) {
      // `@ T` with T known: only a fact starting as T does can be written so.
      store_.FactsStartingDuring(literal.stored, lo, hi, call.visit);
    } else {
      store_.FactsDuring(literal.stored, lo, hi, call.visit);
    }
  }

  bool VisitFact(std::size_t index, const engine::FactView& fact) {
    ev_.Tick();
    const StoredCall& call = calls_[index];
    const CheckedLiteral& literal = *call.literal;
    const engine::FactId id = fact.id;
    if (call.subject_known && fact.subject != PayloadOf(call.subject)) return true;
    if (call.object_known && fact.object != PayloadOf(call.object)) return true;
    bound_here_count_ = 0;
    if (!MatchArg(literal.args[0], call.subject_known, ValuePool::Entity(fact.subject), false) ||
        !MatchArg(literal.args[1], call.object_known, ValuePool::Entity(fact.object), false)) {
      return true;
    }
    for (std::size_t i = 2; i < literal.args.size(); ++i) {
      if (literal.args[i].kind == Operand::Kind::kAnonymous) continue;
      ValueId cell = kNullValue;
      for (const engine::Attribute& attribute : fact.attributes) {
        if (attribute.column == i - 2) cell = pool_.Attribute(attribute.value);
      }
      if (!MatchArg(literal.args[i], call.step->arg_known[i], cell, true)) return true;
    }
    if (FailsNextFilters(index, literal)) return true;
    const Saved saved = Save();
    if (ApplyTime(call.spec, literal, &fact.period, FactPeriodSource(id), index)) {
      if (track_) frame_.refs.push_back(Ref{Ref::Kind::kFact, id});
      Step(index + 1);
    }
    Restore(saved);
    return true;
  }

  // One piece of a derived tuple against the atom.
  void TryPiece(std::size_t index, const query::Step& step, const CheckedLiteral& literal,
                const TimeSpec& spec, const DerivedTable& table, std::uint32_t piece_id) {
    const Piece& piece = table.GetPiece(piece_id);
    const Period* period = table.PeriodOf(piece);
    // `@ T` bound here, narrowed by a period built-in (see TimeFor): a piece
    // outside the window cannot pass it, so its period is not interned.
    if (spec.mode == TimeMode::kBind && period != nullptr &&
        (period->start.lo > spec.scan_hi || period->end.hi < spec.scan_lo)) {
      return;
    }
    const ValueId* tuple = table.Tuple(piece.tuple);
    bound_here_count_ = 0;
    for (std::size_t i = 0; i < literal.args.size(); ++i) {
      if (!MatchArg(literal.args[i], step.arg_known[i], tuple[i], false)) return;
    }
    const Saved saved = Save();
    frame_.certainty = std::min(frame_.certainty, piece.certainty);
    const PeriodSource source =
        period != nullptr ? table.SourceOf(literal.derived, piece_id) : kNoPeriodSource;
    if (ApplyTime(spec, literal, period, source, index)) {
      if (track_) frame_.refs.push_back(Ref{Ref::Kind::kDerivation, piece.derivation});
      Step(index + 1);
    }
    Restore(saved);
  }

  void RunDerived(std::size_t index, const query::Step& step, const CheckedLiteral& literal) {
    DerivedTable& table = ev_.Table(literal.derived);
    const TimeSpec spec = TimeFor(step, literal);
    if (!spec.ok) return;
    if (step.access == Step::Access::kDelta) {
      for (const std::uint32_t piece : table.Delta()) {
        TryPiece(index, step, literal, spec, table, piece);
      }
      return;
    }
    auto each_piece = [&](std::uint32_t tuple) {
      for (std::uint32_t p = table.FirstPiece(tuple); p != kNoIndex; p = table.GetPiece(p).next) {
        TryPiece(index, step, literal, spec, table, p);
      }
    };
    if (step.access == Step::Access::kByColumns) {
      // The key lives on the stack for usual arities: this runs once per
      // probe, and in a join that is once per row of the step before.
      constexpr std::size_t kStackArity = 8;
      std::array<ValueId, kStackArity> small_key;
      std::vector<ValueId> large_key;
      ValueId* key = small_key.data();
      if (table.arity() > kStackArity) {
        large_key.resize(table.arity());
        key = large_key.data();
      }
      std::fill_n(key, table.arity(), kNullValue);
      for (std::size_t i = 0; i < literal.args.size(); ++i) {
        if (step.arg_known[i]) key[i] = Value(literal.args[i]);
      }
      for (const std::uint32_t tuple : table.Lookup(step.key_mask, key)) each_piece(tuple);
      return;
    }
    const std::size_t count = table.TupleCount();
    for (std::uint32_t tuple = 0; tuple < count; ++tuple) each_piece(tuple);
  }

  void RunExists(std::size_t index, const query::Step& step, const CheckedLiteral& literal) {
    const TimeSpec spec = TimeFor(step, literal);
    if (!spec.ok) return;
    auto try_entity = [&](engine::EntityId entity) {
      const Period* lifespan = store_.Lifespan(entity);
      const Period unknown = UnknownPeriod();
      bound_here_count_ = 0;
      if (!MatchArg(literal.args[0], step.arg_known[0], ValuePool::Entity(entity), false)) return;
      const Saved saved = Save();
      if (ApplyTime(spec, literal, lifespan != nullptr ? lifespan : &unknown,
                    LifespanPeriodSource(entity), index)) {
        if (lifespan != nullptr && track_) {
          frame_.refs.push_back(Ref{Ref::Kind::kLifespan, entity});
        }
        Step(index + 1);
      }
      Restore(saved);
    };
    if (step.arg_known[0]) {
      const ValueId known = Value(literal.args[0]);
      if (TagOf(known) == ValueTag::kEntity) try_entity(PayloadOf(known));
      return;
    }
    const std::size_t count = store_.EntityCount();
    for (engine::EntityId entity = 0; entity < count; ++entity) {
      ev_.Tick();
      if (store_.Canonical(entity) == entity) try_entity(entity);
    }
  }

  // How surely a stored fact / derived piece / lifespan holding over `period`
  // (null: always) defeats the negated literal with this time spec.
  Certainty Defeats(const TimeSpec& spec, const Period* period) const {
    switch (spec.mode) {
      case TimeMode::kAny:
        return Certainty::kCertain;
      case TimeMode::kExact:
        return (period == nullptr ? ev_.Always() : *period) == pool_.PeriodOf(spec.exact)
                   ? Certainty::kCertain
                   : Certainty::kNo;
      case TimeMode::kWindow:
      case TimeMode::kDuring:
        return period == nullptr ? Certainty::kCertain : HoldsDuring(*period, spec.lo, spec.hi);
      case TimeMode::kSequenced: {
        if (period == nullptr || !frame_.sequenced) return Certainty::kCertain;
        // Certain when it certainly holds on a day the row certainly holds.
        const Period& row = frame_.validity;
        if (row.start.hi <= row.end.lo &&
            HoldsDuring(*period, row.start.hi, row.end.lo) == Certainty::kCertain) {
          return Certainty::kCertain;
        }
        return HoldsDuring(*period, row.start.lo, row.end.hi) == Certainty::kNo
                   ? Certainty::kNo
                   : Certainty::kPossible;
      }
      case TimeMode::kBind:
        break;
    }
    return Certainty::kNo;
  }

  void RunNegation(std::size_t index, const query::Step& step, const CheckedLiteral& literal) {
    TimeSpec spec = TimeFor(step, literal);
    if (!spec.ok) return;
    if (spec.mode == TimeMode::kSequenced && frame_.sequenced) {
      spec.lo = frame_.validity.start.lo;
      spec.hi = frame_.validity.end.hi;
    }
    Certainty defeated = Certainty::kNo;
    auto consider = [&](Certainty c) {
      defeated = std::max(defeated, c);
      return defeated != Certainty::kCertain;  // keep looking unless settled
    };
    auto args_match = [&](auto cell_of) {
      for (std::size_t i = 0; i < literal.args.size(); ++i) {
        const Operand& arg = literal.args[i];
        if (arg.kind == Operand::Kind::kAnonymous) continue;
        const ValueId cell = cell_of(i);
        if (cell == Value(arg)) continue;
        if (arg.kind == Operand::Kind::kConstant && ev_.ConstantText(arg.index) == cell) continue;
        return false;
      }
      return true;
    };
    switch (literal.relation) {
      case RelationKind::kStored: {
        const ValueId subject =
            literal.args[0].kind == Operand::Kind::kAnonymous ? kNullValue : Value(literal.args[0]);
        const ValueId object =
            literal.args[1].kind == Operand::Kind::kAnonymous ? kNullValue : Value(literal.args[1]);
        auto visit = [&](engine::FactId id) {
          ev_.Tick();
          const engine::FactView fact = store_.Fact(id);
          const bool match = args_match([&](std::size_t i) -> ValueId {
            if (i == 0) return ValuePool::Entity(fact.subject);
            if (i == 1) return ValuePool::Entity(fact.object);
            ValueId cell = kNullValue;
            for (const engine::Attribute& attribute : fact.attributes) {
              if (attribute.column == i - 2) cell = pool_.Attribute(attribute.value);
            }
            return cell;
          });
          return !match || consider(Defeats(spec, &fact.period));
        };
        if (TagOf(subject) == ValueTag::kEntity) {
          store_.FactsOfSubjectDuring(literal.stored, PayloadOf(subject), spec.lo, spec.hi, visit);
        } else if (TagOf(object) == ValueTag::kEntity) {
          store_.FactsOfObjectDuring(literal.stored, PayloadOf(object), spec.lo, spec.hi, visit);
        } else if (subject == kNullValue && object == kNullValue) {
          store_.FactsDuring(literal.stored, spec.lo, spec.hi, visit);
        }
        break;
      }
      case RelationKind::kDerived: {
        DerivedTable& table = ev_.Table(literal.derived);
        std::vector<ValueId> key(table.arity(), kNullValue);
        std::uint64_t mask = 0;
        for (std::size_t i = 0; i < literal.args.size() && i < 64; ++i) {
          if (literal.args[i].kind == Operand::Kind::kAnonymous) continue;
          key[i] = Value(literal.args[i]);
          mask |= std::uint64_t{1} << i;
        }
        auto each = [&](std::uint32_t tuple) {
          const ValueId* values = table.Tuple(tuple);
          if (!args_match([&](std::size_t i) { return values[i]; })) return true;
          for (std::uint32_t p = table.FirstPiece(tuple); p != kNoIndex;
               p = table.GetPiece(p).next) {
            const Piece& piece = table.GetPiece(p);
            const Certainty c = std::min(piece.certainty, Defeats(spec, table.PeriodOf(piece)));
            if (!consider(c)) return false;
          }
          return true;
        };
        if (mask != 0) {
          for (const std::uint32_t tuple : table.Lookup(mask, key.data())) {
            if (!each(tuple)) break;
          }
        } else {
          for (std::uint32_t tuple = 0; tuple < table.TupleCount(); ++tuple) {
            if (!each(tuple)) break;
          }
        }
        break;
      }
      case RelationKind::kExists: {
        auto each = [&](engine::EntityId entity) {
          const Period* lifespan = store_.Lifespan(entity);
          const Period unknown = UnknownPeriod();
          return consider(Defeats(spec, lifespan != nullptr ? lifespan : &unknown));
        };
        if (literal.args[0].kind == Operand::Kind::kAnonymous) {
          for (engine::EntityId e = 0; e < store_.EntityCount(); ++e) {
            if (store_.Canonical(e) == e && !each(e)) break;
          }
        } else {
          const ValueId known = Value(literal.args[0]);
          if (TagOf(known) == ValueTag::kEntity) each(PayloadOf(known));
        }
        break;
      }
      case RelationKind::kBuiltin:
        break;
    }
    const Certainty holds = Negate(defeated);
    if (holds != Certainty::kNo) Continue(index, holds);
  }

  EvaluatorImpl& ev_;
  const CheckedRule& rule_;
  const RulePlan& plan_;
  Sink& sink_;
  ValuePool& pool_;
  const engine::Store& store_;
  bool track_;  // keep the refs behind rows (sources, explanations)
  std::vector<StoredCall> calls_;
  Frame frame_;
  std::array<std::uint32_t, 16> bound_here_{};
  std::size_t bound_here_count_ = 0;
};

// ---------------------------------------------------------------- sinks

// Head tuples of a rule, as candidates of its relation.
class RuleSink final : public Sink {
 public:
  RuleSink(EvaluatorImpl& ev, const CheckedRule& rule, std::uint32_t rule_index)
      : ev_(ev), rule_(rule), rule_index_(rule_index), values_(rule.head_args.size()) {}

  void Emit(const Frame& frame) override {
    for (std::size_t i = 0; i < rule_.head_args.size(); ++i) {
      const Operand& arg = rule_.head_args[i];
      values_[i] = arg.kind == Operand::Kind::kConstant ? ev_.ConstantValue(arg.index)
                                                        : frame.slots[arg.index];
    }
    PieceCandidate piece;
    piece.certainty = frame.certainty;
    switch (rule_.head_when.kind) {
      case TimeClause::Kind::kNone:
        piece.always = !frame.sequenced;
        if (frame.sequenced) {
          piece.period = frame.validity;
          piece.source = frame.period_source;
        }
        break;
      case TimeClause::Kind::kAnonymous:
        piece.always = true;
        break;
      case TimeClause::Kind::kVariable: {
        const std::optional<Period> period =
            AsPeriod(ev_.pool(), frame.slots[rule_.head_when.variable]);
        if (!period) return;
        piece.period = *period;
        break;
      }
      case TimeClause::Kind::kWindow:
        piece.period = ev_.WindowPeriod(rule_.head_when);
        break;
    }
    ev_.AddCandidate(rule_.head, rule_index_, values_, piece, frame.refs);
  }

 private:
  EvaluatorImpl& ev_;
  const CheckedRule& rule_;
  std::uint32_t rule_index_;
  std::vector<ValueId> values_;
};

class AggregateSink final : public Sink {
 public:
  AggregateSink(EvaluatorImpl& ev, const CheckedRule& rule)
      : ev_(ev), collector_(rule, ev.pool()) {}
  void Emit(const Frame& frame) override {
    collector_.Add(frame.slots, ev_.constants(), frame.certainty, frame.refs);
  }
  AggregateCollector& collector() { return collector_; }

 private:
  EvaluatorImpl& ev_;
  AggregateCollector collector_;
};

// Answer rows: one per (binding, validity), with the best certainty of its
// derivations and the refs of all of them. Flat arrays and an open-addressing
// table: answers can have millions of rows.
struct AnswerRow {
  std::uint32_t values_at = 0;
  bool always = true;
  Period validity;  // when !always
  Certainty certainty = Certainty::kNo;
  std::uint32_t first_contribution = 0;
  std::uint32_t contributions = 0;
};

std::uint64_t HashRow(bool always, const Period& validity) {
  if (always) return 0x9e3779b97f4a7c15ULL;
  std::uint64_t h = 0x9e3779b97f4a7c15ULL;
  for (const std::int64_t part : {std::int64_t{validity.start.lo}, std::int64_t{validity.start.hi},
                                  std::int64_t{validity.end.lo}, std::int64_t{validity.end.hi},
                                  std::int64_t{static_cast<int>(validity.start.form) * 64 +
                                               static_cast<int>(validity.end.form)}}) {
    h = (h ^ static_cast<std::uint64_t>(part)) * 0xff51afd7ed558ccdULL;
    h ^= h >> 29;
  }
  return h;
}

// True when the query reads one derived relation, sequenced, each column a
// constant or a variable of its own, every variable an answer column: its
// rows are the live pieces of the tuples holding the constants, which are
// distinct (such tuples differ in a shown column; a tuple's pieces differ
// in validity), so the answer needs no duplicate check.
bool RowsCannotRepeat(const CheckedRule& query) {
  if (query.body.size() != 1) return false;
  const CheckedLiteral& only = query.body.front();
  if (only.kind != CheckedLiteral::Kind::kAtom || only.negated ||
      only.relation != RelationKind::kDerived || only.when.kind != TimeClause::Kind::kNone) {
    return false;
  }
  std::size_t variables = 0;
  for (std::size_t i = 0; i < only.args.size(); ++i) {
    const Operand& arg = only.args[i];
    if (arg.kind == Operand::Kind::kConstant) continue;
    if (arg.kind != Operand::Kind::kVariable) return false;
    for (std::size_t j = 0; j < i; ++j) {
      if (SameOperand(only.args[j], arg)) return false;
    }
    // Every such column must be an answer column, or rows could differ
    // only in a column the answer leaves out.
    bool shown = false;
    for (const Operand& column : query.head_args) shown |= SameOperand(column, arg);
    if (!shown) return false;
    ++variables;
  }
  return query.head_args.size() == variables;
}

[[noreturn]] void ThrowRowLimit(std::size_t row_limit) {
  throw Error(ErrorCode::kLimit, "the answer has more rows than the row limit of " +
                                     std::to_string(row_limit) +
                                     "; narrow the query or raise the limit");
}

struct Contribution {
  std::uint32_t refs_at = 0;
  std::uint32_t ref_count = 0;
  std::uint32_t next = kNoIndex;
};

class QuerySink final : public Sink {
 public:
  explicit QuerySink(const CheckedRule& query)
      : query_(query),
        width_(query.head_args.size()),
        rows_cannot_repeat_(RowsCannotRepeat(query)) {}

  //! Empties the sink for the next answer, in the memory it holds.
  void Reset(std::size_t row_limit) {
    row_limit_ = row_limit;
    values_.clear();
    rows_.clear();
    contributions_.clear();
    refs_.clear();
    std::fill(slots_.begin(), slots_.end(), Slot{});
  }
  [[nodiscard]] std::size_t CapacityBytes() const {
    using engine::VectorBytes;
    return VectorBytes(values_) + VectorBytes(rows_) + VectorBytes(contributions_) +
           VectorBytes(refs_) + VectorBytes(slots_);
  }

  void Emit(const Frame& frame) override {
    if (rows_cannot_repeat_) {
      AddRow(frame);
      AddContribution(rows_.back(), frame);
      return;
    }
    std::uint64_t hash = HashRow(!frame.sequenced, frame.validity);
    for (const Operand& column : query_.head_args) {
      hash = (hash ^ frame.slots[column.index]) * 0xff51afd7ed558ccdULL;
      hash ^= hash >> 32;
    }
    if ((rows_.size() + 1) * 2 > slots_.size()) Grow();
    // The slot keeps the hash's low half: most rows that share a slot differ
    // there, which settles them without a (cache-missing) look at the row.
    const auto fingerprint = static_cast<std::uint32_t>(hash);
    std::size_t at = hash & (slots_.size() - 1);
    while (slots_[at].row != kNoIndex) {
      if (slots_[at].hash == fingerprint && Same(rows_[slots_[at].row], frame)) break;
      at = (at + 1) & (slots_.size() - 1);
    }
    std::uint32_t row_index = slots_[at].row;
    if (row_index == kNoIndex) {
      row_index = static_cast<std::uint32_t>(rows_.size());
      AddRow(frame);
      slots_[at] = Slot{row_index, fingerprint};
    }
    AddContribution(rows_[row_index], frame);
  }

  [[nodiscard]] const std::vector<AnswerRow>& rows() const { return rows_; }
  [[nodiscard]] const ValueId* Values(const AnswerRow& row) const {
    return values_.data() + row.values_at;
  }
  [[nodiscard]] std::size_t width() const { return width_; }
  //! Every ref behind `row`, over all its derivations.
  void RefsOf(const AnswerRow& row, std::vector<Ref>* out) const {
    out->clear();
    for (std::uint32_t c = row.first_contribution; c != kNoIndex; c = contributions_[c].next) {
      const Contribution& contribution = contributions_[c];
      out->insert(out->end(), refs_.begin() + contribution.refs_at,
                  refs_.begin() + contribution.refs_at + contribution.ref_count);
    }
  }

 private:
  void AddRow(const Frame& frame) {
    if (rows_.size() >= row_limit_) ThrowRowLimit(row_limit_);
    if (rows_.capacity() == 0) {
      // Most answers of a prepared lookup have a few rows: one allocation
      // each for them, not a reallocation at every doubling.
      constexpr std::size_t kFirstRows = 16;
      rows_.reserve(kFirstRows);
      values_.reserve(kFirstRows * width_);
      contributions_.reserve(kFirstRows);
    }
    AnswerRow row;
    row.values_at = static_cast<std::uint32_t>(values_.size());
    for (const Operand& column : query_.head_args) values_.push_back(frame.slots[column.index]);
    row.always = !frame.sequenced;
    if (frame.sequenced) row.validity = frame.validity;
    row.first_contribution = kNoIndex;
    rows_.push_back(row);
  }

  void AddContribution(AnswerRow& row, const Frame& frame) {
    row.certainty = std::max(row.certainty, frame.certainty);
    if (row.contributions >= kMaxContributions) return;
    ++row.contributions;
    contributions_.push_back(Contribution{static_cast<std::uint32_t>(refs_.size()),
                                          static_cast<std::uint32_t>(frame.refs.size()),
                                          row.first_contribution});
    row.first_contribution = static_cast<std::uint32_t>(contributions_.size() - 1);
    // Room for the refs of a few rows like the first.
    if (refs_.capacity() == 0) refs_.reserve(4 * frame.refs.size());
    refs_.insert(refs_.end(), frame.refs.begin(), frame.refs.end());
  }

  bool Same(const AnswerRow& row, const Frame& frame) const {
    if (row.always != !frame.sequenced || (!row.always && !(row.validity == frame.validity))) {
      return false;
    }
    const ValueId* values = values_.data() + row.values_at;
    for (std::size_t i = 0; i < width_; ++i) {
      if (values[i] != frame.slots[query_.head_args[i].index]) return false;
    }
    return true;
  }

  struct Slot {
    std::uint32_t row = kNoIndex;
    std::uint32_t hash = 0;  // the row hash's low half (slot counts stay below 2^32)
  };

  void Grow() {
    std::vector<Slot> old(slots_.empty() ? 64 : slots_.size() * 2);
    old.swap(slots_);
    for (const Slot& slot : old) {
      if (slot.row == kNoIndex) continue;
      std::size_t at = slot.hash & (slots_.size() - 1);
      while (slots_[at].row != kNoIndex) at = (at + 1) & (slots_.size() - 1);
      slots_[at] = slot;
    }
  }

  const CheckedRule& query_;
  std::size_t row_limit_ = 0;
  std::size_t width_;
  std::vector<ValueId> values_;
  std::vector<AnswerRow> rows_;
  std::vector<Contribution> contributions_;
  std::vector<Ref> refs_;
  std::vector<Slot> slots_;
  bool rows_cannot_repeat_;
};

// An answer's rows as MakeAnswer reads them, in the order they were found.
class SinkRows {
 public:
  explicit SinkRows(const QuerySink& sink) : sink_(sink), rows_(sink.rows()) {}
  [[nodiscard]] std::size_t size() const { return rows_.size(); }
  [[nodiscard]] std::size_t width() const { return sink_.width(); }
  [[nodiscard]] const ValueId* Values(std::uint32_t row) const { return sink_.Values(rows_[row]); }
  [[nodiscard]] bool Always(std::uint32_t row) const { return rows_[row].always; }
  [[nodiscard]] const Period& Validity(std::uint32_t row) const { return rows_[row].validity; }
  [[nodiscard]] Certainty CertaintyOf(std::uint32_t row) const { return rows_[row].certainty; }
  void RefsOf(std::uint32_t row, std::vector<Ref>* out) const { sink_.RefsOf(rows_[row], out); }

 private:
  const QuerySink& sink_;
  const std::vector<AnswerRow>& rows_;
};

// The live pieces of a table a query shows (ShownTableOf), in the order a
// body run scanning the table finds them, each as the row the sink would
// have made of it: the shown columns of the tuple, the piece's validity and
// certainty, and the one derivation it rests on.
class PieceRows {
 public:
  //! `cells`: each piece's shown columns, `width` apiece, or null when rows
  //! are the tuples as stored.
  PieceRows(const DerivedTable& table, const std::vector<std::uint32_t>& pieces, std::size_t width,
            const std::vector<ValueId>* cells)
      : table_(table), pieces_(pieces), width_(width), cells_(cells) {}
  [[nodiscard]] std::size_t size() const { return pieces_.size(); }
  [[nodiscard]] std::size_t width() const { return width_; }
  [[nodiscard]] const ValueId* Values(std::uint32_t row) const {
    if (cells_ != nullptr) return cells_->data() + std::size_t{row} * width_;
    return table_.Tuple(PieceOf(row).tuple);
  }
  [[nodiscard]] bool Always(std::uint32_t row) const { return PieceOf(row).always; }
  //! For a row not Always.
  [[nodiscard]] const Period& Validity(std::uint32_t row) const {
    return *table_.PeriodOf(PieceOf(row));
  }
  [[nodiscard]] Certainty CertaintyOf(std::uint32_t row) const { return PieceOf(row).certainty; }
  void RefsOf(std::uint32_t row, std::vector<Ref>* out) const {
    out->assign(1, Ref{Ref::Kind::kDerivation, PieceOf(row).derivation});
  }

 private:
  [[nodiscard]] const Piece& PieceOf(std::uint32_t row) const {
    return table_.GetPiece(pieces_[row]);
  }
  const DerivedTable& table_;
  const std::vector<std::uint32_t>& pieces_;
  std::size_t width_;
  const std::vector<ValueId>* cells_;
};

// ---------------------------------------------------------------- evaluator

std::pair<Day, Day> EvaluatorImpl::Window(const TimeClause& when) const {
  Day lo = kMinDay;
  Day hi = kMaxDay;
  if (when.from.kind == TimeClause::Side::Kind::kConstant && constant_dates_[when.from.constant]) {
    lo = constant_dates_[when.from.constant]->lo;
  }
  if (when.to.kind == TimeClause::Side::Kind::kConstant && constant_dates_[when.to.constant]) {
    hi = constant_dates_[when.to.constant]->hi;
  }
  // The analyzer refuses a written range that ends before it starts; one
  // whose sides are parameters is known only now, and must fail the same way
  // rather than answer nothing.
  if (hi < lo) {
    Fail(ErrorCode::kSyntax,
         "the range ends (" + constant_dates_[when.to.constant]->ToText() + ") before it starts (" +
             constant_dates_[when.from.constant]->ToText() + ")",
         program_.constants[when.to.constant].pos);
  }
  return {lo, hi};
}

Period EvaluatorImpl::WindowPeriod(const TimeClause& when) const {
  auto side = [&](const TimeClause::Side& s) {
    switch (s.kind) {
      case TimeClause::Side::Kind::kConstant:
        if (constant_dates_[s.constant]) return *constant_dates_[s.constant];
        break;
      case TimeClause::Side::Kind::kUnknown:
        return VagueDate{kMinDay, kMaxDay, DateForm::kUnknown};
      case TimeClause::Side::Kind::kOpen:
        break;
    }
    return VagueDate{kMinDay, kMaxDay, DateForm::kOpen};
  };
  return PeriodOf(side(when.from), side(when.to));
}

const JoinIndex& EvaluatorImpl::JoinIndexOf(engine::RelationId relation, bool by_subject) {
  const std::uint64_t key = (std::uint64_t{relation} << 1) | (by_subject ? 1u : 0u);
  const auto found = join_indexes_.find(key);
  if (found != join_indexes_.end()) return found->second;
  // Built aside and kept only when whole: a timeout (Tick) may end the
  // build, and an evaluator that is reused must not find half an index.
  JoinIndex index;
  // A counting sort in two passes over the relation, the second placing each
  // entry where it belongs: no list of (entity, entry) pairs in between,
  // which at 10M facts was 340 MB of fresh pages per query.
  index.offsets.assign(store_.EntityCount() + 1, 0);
  store_.FactsInIdOrder(relation, [&](engine::FactId id) {
    Tick();
    ++index.offsets[store_.FactEnd(id, by_subject) + 1];
    return true;
  });
  for (std::size_t i = 1; i < index.offsets.size(); ++i) index.offsets[i] += index.offsets[i - 1];
  index.entries.resize(index.offsets.back());
  // Each entity's offset serves as its cursor, and afterwards holds where the
  // next entity starts: shifting the offsets back by one restores them.
  store_.FactsInIdOrder(relation, [&](engine::FactId id) {
    Tick();
    const engine::FactEndsAndPeriod fact = store_.EndsAndPeriod(id);
    const engine::EntityId entity = by_subject ? fact.subject : fact.object;
    index.entries[index.offsets[entity]++] =
        JoinIndex::Entry{id, by_subject ? fact.object : fact.subject, fact.period};
    return true;
  });
  std::copy_backward(index.offsets.begin(), index.offsets.end() - 1, index.offsets.end());
  index.offsets[0] = 0;
  return join_indexes_.emplace(key, std::move(index)).first->second;
}

const EdgeGraph& EvaluatorImpl::EdgeGraphOf(engine::RelationId relation, bool forward) {
  const std::uint64_t key = (std::uint64_t{relation} << 1) | (forward ? 1u : 0u);
  const auto found = edge_graphs_.find(key);
  if (found != edge_graphs_.end()) return found->second;
  // Kept only when whole, as a join index is.
  EdgeGraph graph(store_, relation, forward, [this] { Tick(); });
  return edge_graphs_.emplace(key, std::move(graph)).first->second;
}

ValueId EvaluatorImpl::ResolveParam(const Constant& constant, std::uint32_t index) {
  const annals::Value* given = params_.Find(constant.text);
  if (given == nullptr) {
    Fail(ErrorCode::kInvalidArgument, "no value given for parameter $" + constant.text,
         constant.pos);
  }
  switch (given->kind()) {
    case ValueKind::kNumber:
      if (constant.role == ConstantRole::kEntity) break;
      if (constant.role == ConstantRole::kDate || constant.role == ConstantRole::kPeriod) {
        constant_dates_[index] = YearAsDate(given->number());
        if (!constant_dates_[index]) break;
        return constant.role == ConstantRole::kDate
                   ? pool_.Date(*constant_dates_[index])
                   : pool_.OfPeriod(PeriodOf(*constant_dates_[index], *constant_dates_[index]));
      }
      return pool_.Number(given->number());
    case ValueKind::kDate:
      if (constant.role == ConstantRole::kEntity) break;
      constant_dates_[index] = given->date();
      if (constant.role == ConstantRole::kPeriod) {
        return pool_.OfPeriod(PeriodOf(given->date(), given->date()));
      }
      return pool_.Date(given->date());
    case ValueKind::kPeriod:
      if (constant.window_side) {
        constant_dates_[index] = WindowSideOf(given->period());
        return pool_.Date(*constant_dates_[index]);
      }
      if (constant.role != ConstantRole::kPeriod && constant.role != ConstantRole::kValue) break;
      return pool_.OfPeriod(given->period());
    case ValueKind::kEntity:
    case ValueKind::kString: {
      const std::string_view text = given->text();
      if (constant.role == ConstantRole::kDate || constant.role == ConstantRole::kPeriod) {
        VagueDate date;
        std::string error;
        if (!VagueDate::TryParse(text, &date, &error)) {
          Fail(ErrorCode::kSyntax, "parameter $" + constant.text + ": " + error, constant.pos);
        }
        constant_dates_[index] = date;
        return constant.role == ConstantRole::kDate ? pool_.Date(date)
                                                    : pool_.OfPeriod(PeriodOf(date, date));
      }
      if (const std::optional<engine::EntityId> found = store_.FindEntity(text)) {
        // Attribute columns also match the text itself.
        if (constant.role == ConstantRole::kAttribute) constant_text_[index] = pool_.String(text);
        return ValuePool::Entity(store_.Canonical(*found));
      }
      constant_text_[index] = pool_.String(text);
      if (constant.role == ConstantRole::kEntity) {
        Fail(ErrorCode::kUnknownEntity,
             "unknown entity " + Quote(text) + " (parameter $" + constant.text + ")" +
                 DidYouMeanEntity(store_, text),
             constant.pos);
      }
      VagueDate date;
      if (VagueDate::TryParse(text, &date, nullptr)) constant_dates_[index] = date;
      return constant_text_[index];
    }
    case ValueKind::kNull:
      break;
  }
  Fail(ErrorCode::kInvalidArgument,
       "parameter $" + constant.text + " has a value of the wrong kind for where it is used",
       constant.pos);
}

void EvaluatorImpl::ResolveConstants() {
  const std::size_t n = program_.constants.size();
  constants_.assign(n, kNullValue);
  constant_text_.assign(n, kNullValue);
  constant_dates_.assign(n, std::nullopt);
  for (std::uint32_t i = 0; i < n; ++i) {
    const Constant& constant = program_.constants[i];
    if (constant.has_date) constant_dates_[i] = constant.date;
    switch (constant.kind) {
      case Constant::Kind::kText:
        constant_text_[i] = pool_.String(constant.text);
        constants_[i] = constant.entity ? ValuePool::Entity(*constant.entity) : constant_text_[i];
        break;
      case Constant::Kind::kNumber:
        constants_[i] = pool_.Number(constant.number);
        break;
      case Constant::Kind::kDate:
        if (constant.role == ConstantRole::kPeriod && constant.has_period) {
          constants_[i] = pool_.OfPeriod(constant.period);
          if (!constant.has_date) constant_dates_[i] = constant.period.start;
        } else {
          constants_[i] = pool_.Date(constant.date);
        }
        break;
      case Constant::Kind::kParam:
        constants_[i] = ResolveParam(constant, i);
        break;
    }
  }
}

void EvaluatorImpl::AddCandidate(std::uint32_t relation, std::uint32_t rule,
                                 std::span<const ValueId> values, const PieceCandidate& piece,
                                 std::span<const Ref> refs) {
  candidates_.push_back(Candidate{relation, rule, candidate_values_.size(), candidate_refs_.size(),
                                  refs.size(), piece});
  candidate_values_.insert(candidate_values_.end(), values.begin(), values.end());
  candidate_refs_.insert(candidate_refs_.end(), refs.begin(), refs.end());
}

void EvaluatorImpl::MergeCandidates() {
  for (const Candidate& candidate : candidates_) {
    Tick();
    DerivedTable& table = tables_[candidate.relation];
    table.Insert(
        candidate_values_.data() + candidate.values_at, candidate.piece, candidate.rule,
        std::span<const Ref>(candidate_refs_.data() + candidate.refs_at, candidate.ref_count),
        candidate.relation, arena_);
    CheckDerivedSize(table.PieceCount());
  }
  candidates_.clear();
  candidate_values_.clear();
  candidate_refs_.clear();
}

void EvaluatorImpl::CheckDerivedSize(std::size_t pieces) const {
  if (pieces > kMaxDerivedPieces) {
    throw Error(ErrorCode::kLimit, "the rules derived more than " +
                                       std::to_string(kMaxDerivedPieces) +
                                       " facts; the program is too large to answer");
  }
}

void EvaluatorImpl::SearchOneStart(const ClosureShape& shape, engine::EntityId start) {
  // The store's adjacency, not a grouping of the whole relation.
  auto neighbours = [&](engine::EntityId entity, auto& visit) {
    Tick();
    search_found_.clear();
    store_.OtherEndsDuring(shape.edges, shape.forward, entity, kMinDay, kMaxDay, &search_found_);
    for (const engine::EntityId next : search_found_) visit(next);
  };
  SearchFrom(
      start, neighbours, [](engine::EntityId) {}, search_seen_, search_queue_);
}

void EvaluatorImpl::SearchClosure(const ClosureShape& shape) {
  DerivedTable& table = tables_[shape.relation];
  std::vector<engine::EntityId>& queue = search_queue_;
  auto add = [&](engine::EntityId from, engine::EntityId to) {
    Tick();
    const std::array<ValueId, 2> pair{ValuePool::Entity(from), ValuePool::Entity(to)};
    table.AddDistinctAlways(pair.data());
    CheckDerivedSize(table.PieceCount());
  };
  if (shape.fixed_constant) {
    const ValueId fixed = constants_[*shape.fixed_constant];
    if (TagOf(fixed) != ValueTag::kEntity) return;
    const engine::EntityId end = PayloadOf(fixed);
    SearchOneStart(shape, end);
    for (const engine::EntityId reached : search_queue_) {
      shape.forward ? add(end, reached) : add(reached, end);
    }
    return;
  }
  // From every start: over the graph's nodes, not the store's entities.
  const EdgeGraph& graph = EdgeGraphOf(shape.edges, /*forward=*/true);
  ReachedSet seen(graph.NodeCount(), /*dense=*/true);
  auto neighbours = [&](std::uint32_t node, auto& visit) {
    for (const std::uint32_t next : graph.Targets(node)) visit(next);
  };
  for (std::uint32_t start = 0; start < graph.NodeCount(); ++start) {
    if (graph.Targets(start).empty()) continue;
    const engine::EntityId from = graph.EntityOf(start);
    SearchFrom(
        start, neighbours, [&](std::uint32_t reached) { add(from, graph.EntityOf(reached)); }, seen,
        queue);
  }
}

template <class EdgesOf>
bool EvaluatorImpl::SearchWithSourcesFrom(const ClosureShape& shape, std::uint32_t start_node,
                                          engine::EntityId start, ReachedSet& seen,
                                          EdgesOf&& edges_of) {
  std::vector<PendingEdge>& pending = search_pending_;
  std::vector<PathStep>& path = search_path_;
  std::vector<FoundPair>& finished = search_finished_;
  // Reaches search node `next_node` by `fact`, after the pair with
  // derivation `via` (kNoDerivation: from the start itself, by the base
  // rule). Returns the new pair's derivation; kNoDerivation when the node
  // was reached before (its pair gains an alternative derivation); nullopt
  // when that pair has more than the arena keeps.
  auto reach = [&](std::uint32_t next_node, engine::FactId fact,
                   std::uint32_t via) -> std::optional<std::uint32_t> {
    Tick();
    const Ref edge{Ref::Kind::kFact, fact};
    const Ref shorter{Ref::Kind::kDerivation, via};
    const std::array<Ref, 2> step_refs =
        shape.left_linear ? std::array<Ref, 2>{shorter, edge} : std::array<Ref, 2>{edge, shorter};
    const bool base = via == kNoDerivation;
    const std::span<const Ref> refs =
        base ? std::span<const Ref>(&edge, 1) : std::span<const Ref>(step_refs);
    const std::uint32_t rule = base ? shape.base_rule : shape.step_rule;
    auto head = static_cast<std::uint32_t>(arena_.size());
    if (!seen.InsertOrGet(next_node, &head)) {
      if (arena_.Get(head).alternatives >= kMaxAlternatives) return std::nullopt;
      arena_.AddAlternative(head, rule, refs);
      return kNoDerivation;
    }
    arena_.Add(rule, shape.relation, refs);
    return head;
  };
  // The search's pairs are answered in reverse postorder of a depth-first
  // search. That order puts every pair after all the pairs one edge shorter
  // that it rests on (in an acyclic graph), so each row can take the
  // sources of those rows as written; and most pairs come just after the
  // shorter pair they were first found from, whose row is then the last one
  // written and whose sources the row shares instead of copying
  // (SourceWriter). Breadth first, neither held past a lineage's first split.
  seen.Clear();
  pending.clear();
  path.clear();
  finished.clear();
  auto enter = [&](std::uint32_t node, engine::EntityId entity, std::uint32_t head) {
    const std::size_t first = pending.size();
    edges_of(node, [&](engine::FactId fact, std::uint32_t next_node, engine::EntityId next) {
      pending.push_back(PendingEdge{fact, next_node, next});
    });
    path.push_back(PathStep{entity, head, first, first});
  };
  enter(start_node, start, kNoDerivation);
  while (!path.empty()) {
    PathStep& step = path.back();
    if (step.next == pending.size()) {
      if (step.head != kNoDerivation) finished.push_back(FoundPair{step.entity, step.head});
      pending.resize(step.first);
      path.pop_back();
      continue;
    }
    const PendingEdge edge = pending[step.next++];
    const std::optional<std::uint32_t> found = reach(edge.node, edge.fact, step.head);
    if (!found) return false;
    if (*found != kNoDerivation) enter(edge.node, edge.entity, *found);
  }
  return true;
}

bool EvaluatorImpl::SearchOneStartWithSources(const ClosureShape& shape, engine::EntityId start) {
  // The store's adjacency, its entities the search's nodes.
  return SearchWithSourcesFrom(
      shape, start, start, search_seen_, [&](engine::EntityId from, auto&& edge) {
        Tick();
        search_found_.clear();
        search_facts_.clear();
        store_.OtherEndsDuring(shape.edges, shape.left_linear, from, kMinDay, kMaxDay,
                               &search_found_, &search_facts_);
        for (std::size_t i = 0; i < search_found_.size(); ++i) {
          edge(search_facts_[i], search_found_[i], search_found_[i]);
        }
      });
}

void EvaluatorImpl::KeepFoundPairs(const ClosureShape& shape, engine::EntityId start) {
  DerivedTable& table = tables_[shape.relation];
  const std::vector<FoundPair>& finished = search_finished_;
  for (auto pair = finished.rbegin(); pair != finished.rend(); ++pair) {
    const std::array<ValueId, 2> values =
        shape.left_linear
            ? std::array<ValueId, 2>{ValuePool::Entity(start), ValuePool::Entity(pair->entity)}
            : std::array<ValueId, 2>{ValuePool::Entity(pair->entity), ValuePool::Entity(start)};
    const std::uint32_t piece = table.AddDistinctAlways(values.data(), pair->head);
    for (std::uint32_t way = pair->head; way != kNoDerivation;
         way = arena_.Get(way).next_alternative) {
      arena_.SetPiece(way, piece);
    }
    CheckDerivedSize(table.PieceCount());
  }
}

bool EvaluatorImpl::SearchClosureWithSources(const ClosureShape& shape) {
  DerivedTable& table = tables_[shape.relation];
  const std::size_t derivations_before = arena_.size();
  bool kept_all = true;
  if (shape.fixed_constant) {
    const ValueId fixed = constants_[*shape.fixed_constant];
    if (TagOf(fixed) != ValueTag::kEntity) return true;
    const engine::EntityId start = PayloadOf(fixed);
    kept_all = SearchOneStartWithSources(shape, start);
    if (kept_all) KeepFoundPairs(shape, start);
  } else {
    const EdgeGraph& graph = EdgeGraphOf(shape.edges, shape.left_linear);
    ReachedSet seen(graph.NodeCount(), /*dense=*/true);
    auto edges_of = [&](std::uint32_t from, auto&& edge) {
      const std::span<const std::uint32_t> targets = graph.Targets(from);
      const std::span<const engine::FactId> facts = graph.Facts(from);
      for (std::size_t i = 0; i < targets.size(); ++i) {
        edge(facts[i], targets[i], graph.EntityOf(targets[i]));
      }
    };
    for (std::uint32_t start = 0; kept_all && start < graph.NodeCount(); ++start) {
      if (graph.Targets(start).empty()) continue;
      kept_all = SearchWithSourcesFrom(shape, start, graph.EntityOf(start), seen, edges_of);
      if (kept_all) KeepFoundPairs(shape, graph.EntityOf(start));
    }
  }
  if (!kept_all) {
    arena_.TruncateTo(derivations_before);
    table.Clear();
  }
  return kept_all;
}

bool EvaluatorImpl::AnswerClosureFromSearch(const ClosureShape& shape, QueryResultBuilder& out,
                                            SourceWriter& sources) {
  const ValueId fixed = constants_[*shape.fixed_constant];
  if (TagOf(fixed) != ValueTag::kEntity) return true;  // no pairs: the table would stay empty
  const engine::EntityId start = PayloadOf(fixed);
  const bool with_sources = options_->query.sources;
  std::size_t count = 0;
  if (with_sources) {
    const std::size_t derivations_before = arena_.size();
    if (!SearchOneStartWithSources(shape, start)) {
      arena_.TruncateTo(derivations_before);
      return false;
    }
    count = search_finished_.size();
  } else {
    SearchOneStart(shape, start);
    count = search_queue_.size();
  }
  // The table's limit, then the answer's, as AnswerFromTable would meet them.
  CheckDerivedSize(count);
  if (count > options_->query.row_limit) ThrowRowLimit(options_->query.row_limit);
  // Row k: the table's order, reverse postorder with sources (search_finished_
  // is in postorder), nearest first without.
  const auto pair_at = [&](std::size_t k) {
    return with_sources ? search_finished_[count - 1 - k]
                        : FoundPair{search_queue_[k], kNoDerivation};
  };
  if (out.size() == 0) out.Reserve(count);
  AnswerScratch& scratch = answer_scratch_;
  std::vector<engine::EntityId>& entities = scratch.entities;
  std::vector<std::string_view>& names = scratch.names;
  for (std::size_t chunk = 0; chunk < count; chunk += kRowsPerNameLookup) {
    const std::size_t chunk_end = std::min(count, chunk + kRowsPerNameLookup);
    entities.clear();
    for (std::size_t k = chunk; k < chunk_end; ++k) entities.push_back(pair_at(k).entity);
    names.resize(entities.size());
    store_.EntityNames(entities, names);
    for (std::size_t k = chunk; k < chunk_end; ++k) {
      Tick();
      out.AddCell(Value::Entity(names[k - chunk]));
      std::size_t first_source = out.SourcesAdded().size();
      if (with_sources) {
        const Ref derivation{Ref::Kind::kDerivation, pair_at(k).head};
        first_source =
            sources.AddSourcesBehind(std::span<const Ref>(&derivation, 1), arena_, &scratch.leaves);
      }
      out.EndRow(Certainty::kCertain, always_, first_source);
    }
  }
  return true;
}

SizeHints EvaluatorImpl::Sizes() {
  SizeHints hints = StoreSizes(store_);
  hints.derived_tuples = [this](std::uint32_t relation) { return tables_[relation].TupleCount(); };
  return hints;
}

const RulePlan& EvaluatorImpl::PlanFor(std::uint32_t rule_index, int delta_literal) {
  // Planned once per evaluation, when first needed: later rounds of a
  // recursion see the same shapes, and re-planning would cost more than a
  // slightly stale size estimate.
  if (plans_ahead_ != nullptr) {
    if (const RulePlan* ahead = plans_ahead_->Rule(rule_index, delta_literal)) return *ahead;
  }
  const std::uint64_t key = PlansAhead::PlanKey(rule_index, delta_literal);
  const auto found = plans_.find(key);
  if (found != plans_.end()) return found->second;
  if (!sizes_) sizes_ = Sizes();
  return plans_.emplace(key, PlanRule(program_.rules[rule_index], *sizes_, delta_literal))
      .first->second;
}

void EvaluatorImpl::RunRule(std::uint32_t rule_index, int delta_literal) {
  const CheckedRule& rule = program_.rules[rule_index];
  const RulePlan& plan = PlanFor(rule_index, delta_literal);
  if (rule.has_aggregate) {
    AggregateSink sink(*this, rule);
    BodyRun(*this, rule, plan, sink).Go();
    sink.collector().Finish(
        [&](std::span<const ValueId> head, Certainty certainty, std::span<const Ref> refs) {
          PieceCandidate piece;
          piece.always = true;
          piece.certainty = certainty;
          AddCandidate(rule.head, rule_index, head, piece, refs);
        },
        [&](const Operand& operand, ValueId value) {
          Fail(ErrorCode::kInvalidArgument,
               "sum(" + rule.variables[operand.index] + ") needs numbers, but " +
                   rule.variables[operand.index] + " is " + ValueSyntax(value),
               operand.pos);
        });
    return;
  }
  RuleSink sink(*this, rule, rule_index);
  BodyRun(*this, rule, plan, sink).Go();
}

void EvaluatorImpl::EvaluateStratum(std::size_t stratum_index, bool may_search) {
  const Stratum& stratum = program_.strata[stratum_index];
  std::vector<bool>& in_stratum = in_stratum_;
  in_stratum.assign(tables_.size(), false);
  for (const std::uint32_t relation : stratum.relations) in_stratum[relation] = true;
  std::vector<std::uint32_t>& rules = stratum_rules_;
  rules.clear();
  for (const std::uint32_t relation : stratum.relations) {
    for (const std::uint32_t rule : program_.derived[relation].rules) rules.push_back(rule);
  }
  std::sort(rules.begin(), rules.end());

  // Explanations show each derivation's steps in the order the rounds
  // found them; sources are sets, which the search records as well.
  const std::optional<ClosureShape>& closure = closure_shapes_[stratum_index];
  if (closure && may_search && options_->closure_search && !options_->query.explain) {
    bool searched = true;
    if (options_->query.sources) {
      searched = SearchClosureWithSources(*closure);
    } else {
      SearchClosure(*closure);
    }
    if (searched) {
      for (const std::uint32_t relation : stratum.relations) {
        tables_[relation].StartRound();
      }
      return;
    }
  }

  // Round 0: every rule over what is known (the stratum's own relations are empty).
  for (const std::uint32_t rule : rules) RunRule(rule, -1);
  MergeCandidates();
  auto take_deltas = [&] {
    bool any = false;
    for (const std::uint32_t relation : stratum.relations) {
      any |= tables_[relation].StartRound();
    }
    return any;
  };
  if (!stratum.recursive) {
    take_deltas();
    return;
  }
  while (take_deltas()) {
    for (const std::uint32_t rule_index : rules) {
      const CheckedRule& rule = program_.rules[rule_index];
      if (rule.has_aggregate) continue;  // reads only lower strata: done in round 0
      if (options_->naive) {
        RunRule(rule_index, -1);
        continue;
      }
      for (std::size_t i = 0; i < rule.body.size(); ++i) {
        const CheckedLiteral& literal = rule.body[i];
        if (literal.kind == CheckedLiteral::Kind::kAtom && !literal.negated &&
            literal.relation == RelationKind::kDerived && in_stratum[literal.derived]) {
          RunRule(rule_index, static_cast<int>(i));
        }
      }
    }
    MergeCandidates();
  }
}

std::string EvaluatorImpl::ValueSyntax(ValueId value) {
  switch (TagOf(value)) {
    case ValueTag::kEntity:
    case ValueTag::kString:
      return Quote(pool_.ToText(value));
    case ValueTag::kNull:
      return "_";
    default:
      return pool_.ToText(value);
  }
}

std::string EvaluatorImpl::FactText(engine::FactId id) {
  const engine::FactView fact = store_.Fact(id);
  const engine::RelationSchema& schema = store_.Schema(fact.relation);
  std::string text = schema.name + "(" + Quote(std::string(store_.EntityName(fact.subject))) +
                     ", " + Quote(std::string(store_.EntityName(fact.object)));
  std::vector<ValueId> cells(schema.attribute_columns.size(), kNullValue);
  for (const engine::Attribute& attribute : fact.attributes) {
    if (attribute.column < cells.size()) cells[attribute.column] = pool_.Attribute(attribute.value);
  }
  while (!cells.empty() && cells.back() == kNullValue) cells.pop_back();
  for (const ValueId cell : cells) text += ", " + ValueSyntax(cell);
  text += ")";
  if (!(fact.period == always_)) text += " @ " + fact.period.ToText();
  return text;
}

void EvaluatorImpl::Explain(std::span<const Ref> refs, int depth, std::vector<std::string>& lines) {
  const std::string indent(static_cast<std::size_t>(depth) * 2, ' ');
  for (const Ref& ref : refs) {
    if (lines.size() >= kMaxExplanationLines) {
      if (lines.back() != "...") lines.emplace_back("...");
      return;
    }
    switch (ref.kind) {
      case Ref::Kind::kFact: {
        const engine::SourceRef source = store_.FactSource(ref.id);
        lines.push_back(indent + FactText(ref.id) + "  [" +
                        std::string(store_.FileName(source.file)) + ":" +
                        std::to_string(source.line) + "]");
        break;
      }
      case Ref::Kind::kLifespan: {
        const engine::SourceRef source = store_.LifespanSource(ref.id);
        const Period* lifespan = store_.Lifespan(ref.id);
        lines.push_back(indent + "exists(" + Quote(std::string(store_.EntityName(ref.id))) + ")" +
                        (lifespan != nullptr ? " @ " + lifespan->ToText() : std::string()) + "  [" +
                        std::string(store_.FileName(source.file)) + ":" +
                        std::to_string(source.line) + "]");
        break;
      }
      case Ref::Kind::kDerivation: {
        const Derivation& d = arena_.Get(ref.id);
        if (d.rule == kMergedRule) {
          Explain(arena_.RefsOf(ref.id), depth, lines);
          break;
        }
        std::string head = program_.derived[d.relation].name + "(";
        if (d.piece != kNoPiece) {
          const DerivedTable& table = tables_[d.relation];
          const Piece& piece = table.GetPiece(d.piece);
          const ValueId* tuple = table.Tuple(piece.tuple);
          for (std::uint32_t i = 0; i < table.arity(); ++i) {
            if (i > 0) head += ", ";
            head += ValueSyntax(tuple[i]);
          }
          head += ")";
          if (const Period* period = table.PeriodOf(piece)) head += " @ " + period->ToText();
        } else {
          head += "...)";
        }
        lines.push_back(indent + head + "  by rule " + program_.rules[d.rule].text);
        if (depth >= kMaxExplanationDepth) {
          lines.push_back(indent + "  ...");
          break;
        }
        Explain(arena_.RefsOf(ref.id), depth + 1, lines);
        break;
      }
    }
  }
}

EvaluatorImpl::~EvaluatorImpl() = default;

EvaluatorImpl::BodyBuffers EvaluatorImpl::TakeBodyBuffers() {
  if (!spare_bodies_.empty()) {
    BodyBuffers buffers = std::move(spare_bodies_.back());
    spare_bodies_.pop_back();
    return buffers;
  }
  // Room for every buffer made to come back: giving back (in a body run's
  // destructor) must not allocate.
  spare_bodies_.reserve(++bodies_made_);
  return {};
}

std::size_t EvaluatorImpl::CapacityBytes() const {
  using engine::VectorBytes;
  std::size_t bytes =
      pool_.CapacityBytes() + answer_scratch_.CapacityBytes() + VectorBytes(search_queue_) +
      VectorBytes(search_found_) + VectorBytes(search_facts_) + VectorBytes(search_pending_) +
      VectorBytes(search_path_) + VectorBytes(search_finished_) + search_seen_.CapacityBytes();
  for (const DerivedTable& table : tables_) bytes += table.CapacityBytes();
  for (const auto& [key, join] : join_indexes_) {
    bytes += VectorBytes(join.offsets) + VectorBytes(join.entries);
  }
  for (const auto& [key, graph] : edge_graphs_) bytes += graph.CapacityBytes();
  for (const BodyBuffers& body : spare_bodies_) {
    bytes += VectorBytes(body.slots) + VectorBytes(body.refs) + VectorBytes(body.calls);
  }
  if (query_sink_) bytes += query_sink_->CapacityBytes();
  if (point_lookup_) bytes += point_lookup_->CapacityBytes();
  return bytes + arena_.CapacityBytes() + source_writer_.CapacityBytes() +
         VectorBytes(candidates_) + VectorBytes(candidate_values_) + VectorBytes(candidate_refs_);
}

void EvaluatorImpl::BeginRun(const EvaluatorOptions& options) {
  options_ = &options;
  const std::atomic<std::uint32_t>& interrupts = store_.InterruptCount();
  clock_.Start(options.query.timeout, interrupts,
               options.interrupts_seen ? *options.interrupts_seen
                                       : interrupts.load(std::memory_order_relaxed));
  // Values are a run's own: ids from the run before must not leak into it,
  // and a long-lived evaluator must not grow with every date it was asked.
  pool_.Clear();
  candidates_.clear();
  candidate_values_.clear();
  candidate_refs_.clear();
}

template <class Fill>
QueryResult EvaluatorImpl::BuildAnswer(Fill&& fill, QueryResult* recycled) {
  // Taken at once, so that the caller's answer is empty however this ends.
  QueryResult reused;
  if (recycled != nullptr) reused = std::move(*recycled);
  if (answer_dropped_) {
    answer_ = QueryResultBuilder(program_.columns);
    answer_dropped_ = false;
  }
  try {
    // Only when asked: a small lookup would feel even the checks.
    if (recycled != nullptr) answer_.ReuseMemoryOf(std::move(reused));
    source_writer_.Begin(answer_);
    fill(answer_, source_writer_);
    return answer_.Finish();  // which leaves the builder empty, with its columns
  } catch (...) {
    // What the run wrote is freed now rather than held with the evaluator
    // until its next run. No columns, so that nothing is allocated here.
    answer_ = QueryResultBuilder({});
    answer_dropped_ = true;
    throw;
  }
}

QueryResult EvaluatorImpl::Run(const EvaluatorOptions& options, ParamView params,
                               QueryResult* recycled) {
  BeginRun(options);
  params_ = params;
  return BuildAnswer(
      [&](QueryResultBuilder& out, SourceWriter& sources) { AnswerInto(out, sources); }, recycled);
}

QueryResult EvaluatorImpl::RunBatch(const EvaluatorOptions& options,
                                    std::span<const ParamView> sets,
                                    std::vector<std::size_t>* set_ends) {
  BeginRun(options);
  return BuildAnswer([&](QueryResultBuilder& out, SourceWriter& sources) {
    AnswerEachSet(sets, set_ends, out, sources);
  });
}

void EvaluatorImpl::AnswerEachSet(std::span<const ParamView> sets,
                                  std::vector<std::size_t>* set_ends, QueryResultBuilder& out,
                                  SourceWriter& sources) {
  set_ends->clear();
  set_ends->reserve(sets.size());
  // Point lookups are looked up a group of sets at a time, so that their
  // memory loads overlap; the general path answers the sets they leave.
  const bool point_lookups = point_lookup_ && options_->point_lookup;
  const std::size_t group_size = point_lookups ? point_lookup_->SetsPerLook() : 1;
  // A row a set, as a guess: grown by doubling, a 10,000-set answer took
  // about 25 allocations of 1 KB to 360 KB, and in a heap holding many freed
  // small blocks (another library's, say) each such malloc first sorts up to
  // 10,000 of them into bins: 44 ms instead of 4 for W2's batch until sorted.
  out.Reserve(sets.size());
  for (std::size_t at = 0; at < sets.size(); at += group_size) {
    const auto group = sets.subspan(at, std::min(group_size, sets.size() - at));
    if (point_lookups) {
      try {
        point_lookup_->Look(group, options_->query, clock_);
      } catch (const Error& error) {  // a time-out
        throw WithContext(error,
                          "parameter set " + std::to_string(at + point_lookup_->SetInProgress()));
      }
    }
    for (std::size_t k = 0; k < group.size(); ++k) {
      params_ = group[k];
      try {
        if (point_lookups && point_lookup_->Settled(k)) {
          point_lookup_->AppendAnswer(k, options_->query, out, sources);
        } else {
          AnswerGenerally(out, sources);
        }
      } catch (const Error& error) {
        throw WithContext(error, "parameter set " + std::to_string(at + k));
      }
      set_ends->push_back(out.size());
    }
  }
}

void EvaluatorImpl::AnswerInto(QueryResultBuilder& out, SourceWriter& sources) {
  if (point_lookup_ && options_->point_lookup &&
      point_lookup_->AnswerInto(params_, options_->query, clock_, out, sources)) {
    return;
  }
  AnswerGenerally(out, sources);
}

void EvaluatorImpl::AnswerGenerally(QueryResultBuilder& out, SourceWriter& sources) {
  // Everything an answer derives is its own: a batch's earlier parameter
  // sets must leave nothing behind but the store's join indexes.
  plans_.clear();
  sizes_.reset();
  arena_.Clear();
  sources.ForgetDerivations();
  ResolveConstants();
  if (tables_.size() == program_.derived.size()) {
    for (DerivedTable& table : tables_) table.Clear();
  } else {
    tables_.clear();
    for (const DerivedInfo& info : program_.derived) tables_.emplace_back(info.arity);
  }
  bool may_search = true;
  if (closure_answer_ && options_->closure_answer && options_->closure_search &&
      options_->shown_table && !options_->query.explain) {
    if (AnswerClosureFromSearch(*closure_answer_, out, sources)) return;
    may_search = false;  // it gave up, and would again
  }
  for (std::size_t stratum = 0; stratum < program_.strata.size(); ++stratum) {
    EvaluateStratum(stratum, may_search);
  }

  if (shown_table_ && options_->shown_table) {
    AnswerFromTable(*shown_table_, out, sources);
    return;
  }
  const CheckedRule& query = program_.query;
  std::optional<RulePlan> planned_now;
  const RulePlan* ahead =
      plans_ahead_ != nullptr && plans_ahead_->query ? &*plans_ahead_->query : nullptr;
  if (ahead == nullptr) planned_now = PlanRule(query, Sizes());
  const RulePlan& plan = ahead != nullptr ? *ahead : *planned_now;
  if (!query_sink_) query_sink_ = std::make_unique<QuerySink>(query);
  QuerySink& sink = *query_sink_;
  sink.Reset(options_->query.row_limit);
  BodyRun(*this, query, plan, sink).Go();
  MakeAnswer(SinkRows(sink), out, sources);
}

void EvaluatorImpl::AnswerFromTable(const ShownTable& shown, QueryResultBuilder& out,
                                    SourceWriter& sources) {
  const DerivedTable& table = tables_[shown.relation];
  std::vector<std::uint32_t>& pieces = answer_scratch_.pieces;
  std::vector<ValueId>& cells = answer_scratch_.cells;
  pieces.clear();
  cells.clear();
  for (std::uint32_t tuple = 0; tuple < table.TupleCount(); ++tuple) {
    Tick();
    const ValueId* values = table.Tuple(tuple);
    bool holds = true;
    for (const auto& [column, constant] : shown.given) {
      holds &= values[column] == constants_[constant];
    }
    if (!holds) continue;
    for (std::uint32_t p = table.FirstPiece(tuple); p != kNoIndex; p = table.GetPiece(p).next) {
      if (pieces.size() >= options_->query.row_limit) ThrowRowLimit(options_->query.row_limit);
      pieces.push_back(p);
      if (shown.as_stored) continue;
      for (const std::uint32_t column : shown.columns) cells.push_back(values[column]);
    }
  }
  MakeAnswer(PieceRows(table, pieces, shown.columns.size(), shown.as_stored ? nullptr : &cells),
             out, sources);
}

template <class Rows>
void EvaluatorImpl::MakeAnswer(const Rows& rows, QueryResultBuilder& out, SourceWriter& sources) {
  // Chronological order: by validity (always first), then by the columns
  // holding dates or periods; rows that tie keep the order they were found in.
  AnswerScratch& scratch = answer_scratch_;
  const std::size_t width = rows.width();
  std::vector<std::uint32_t>& order = scratch.order;
  order.resize(rows.size());
  for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  // Nothing to order by when no row has a period and no column a date.
  bool any_period = false;
  bool any_date_column = false;
  for (std::uint32_t row = 0; row < rows.size(); ++row) {
    any_period |= !rows.Always(row);
    const ValueId* values = rows.Values(row);
    for (std::size_t i = 0; i < width && !any_date_column; ++i) {
      any_date_column =
          TagOf(values[i]) == ValueTag::kDate || TagOf(values[i]) == ValueTag::kPeriod;
    }
    if (any_date_column) break;
  }
  if (any_period || any_date_column) {
    using TimeKey = AnswerScratch::TimeKey;
    std::vector<TimeKey>& keys = scratch.keys;
    keys.resize(rows.size());
    for (std::uint32_t i = 0; i < keys.size(); ++i) {
      const bool always = rows.Always(i);
      keys[i] = TimeKey{always ? Period{} : rows.Validity(i), i, always};
    }
    std::sort(keys.begin(), keys.end(), [&](const TimeKey& a, const TimeKey& b) {
      if (a.always != b.always) return a.always;
      if (!a.always) {
        const int by_time = ComparePeriods(a.validity, b.validity);
        if (by_time != 0) return by_time < 0;
      }
      if (any_date_column) {
        const ValueId* va = rows.Values(a.index);
        const ValueId* vb = rows.Values(b.index);
        for (std::size_t i = 0; i < width; ++i) {
          const ValueTag tag = TagOf(va[i]);
          if (va[i] == vb[i] || tag != TagOf(vb[i]) ||
              (tag != ValueTag::kDate && tag != ValueTag::kPeriod)) {
            continue;
          }
          const int by_value = pool_.Compare(va[i], vb[i]);
          if (by_value != 0) return by_value < 0;
        }
      }
      return a.index < b.index;
    });
    for (std::uint32_t i = 0; i < keys.size(); ++i) order[i] = keys[i].index;
  }
  // Only the first answer of a batch: an exact reserve per set would copy
  // the whole batch each time.
  if (out.size() == 0) out.Reserve(rows.size());
  std::vector<Ref>& refs = scratch.refs;
  std::vector<Ref>& leaves = scratch.leaves;
  std::vector<std::string>& steps = scratch.steps;
  std::vector<engine::EntityId>& entities = scratch.entities;
  std::vector<std::string_view>& names = scratch.names;
  const ValueId* previous = nullptr;  // the cells of the row made before
  // A cell repeating the one above (all paths from one start, a party's
  // successive leaders) shares its name rather than copying it.
  const auto repeats = [&](const ValueId* above, const ValueId* values, std::size_t i) {
    return above != nullptr && above[i] == values[i] &&
           (TagOf(values[i]) == ValueTag::kEntity || TagOf(values[i]) == ValueTag::kString);
  };
  for (std::size_t chunk = 0; chunk < order.size(); chunk += kRowsPerNameLookup) {
    const std::size_t chunk_end = std::min(order.size(), chunk + kRowsPerNameLookup);
    entities.clear();
    entities.reserve((chunk_end - chunk) * width);
    const ValueId* above = previous;
    for (std::size_t k = chunk; k < chunk_end; ++k) {
      const ValueId* values = rows.Values(order[k]);
      for (std::size_t i = 0; i < width; ++i) {
        if (TagOf(values[i]) == ValueTag::kEntity && !repeats(above, values, i)) {
          entities.push_back(PayloadOf(values[i]));
        }
      }
      above = values;
    }
    names.resize(entities.size());
    store_.EntityNames(entities, names);
    std::size_t next_name = 0;
    for (std::size_t k = chunk; k < chunk_end; ++k) {
      // A large answer, with its sources and steps, is long to write: an
      // interrupt need not wait for the last row.
      Tick();
      const std::uint32_t row = order[k];
      const ValueId* values = rows.Values(row);
      for (std::size_t i = 0; i < width; ++i) {
        if (repeats(previous, values, i)) {
          out.RepeatCellAbove();
        } else if (TagOf(values[i]) == ValueTag::kEntity) {
          out.AddCell(Value::Entity(names[next_name++]));
        } else {
          out.AddCell(pool_.ToValue(values[i]));
        }
      }
      previous = values;
      // Where the row's sources start: where it adds them, unless it shares
      // an earlier row's.
      std::size_t first_source = out.SourcesAdded().size();
      if (tracks_provenance()) {
        rows.RefsOf(row, &refs);
        if (options_->query.sources) first_source = sources.AddSourcesBehind(refs, arena_, &leaves);
        if (options_->query.explain) {
          steps.clear();
          Explain(refs, 0, steps);
          for (std::string& step : steps) out.AddStep(std::move(step));
        }
      }
      out.EndRow(rows.CertaintyOf(row), rows.Always(row) ? always_ : rows.Validity(row),
                 first_source);
    }
  }
}

}  // namespace

std::optional<ShownTable> ShownTableOf(const CheckedRule& query) {
  if (!RowsCannotRepeat(query)) return std::nullopt;
  const CheckedLiteral& only = query.body.front();
  ShownTable shown;
  shown.relation = only.derived;
  for (std::uint32_t i = 0; i < only.args.size(); ++i) {
    if (only.args[i].kind == Operand::Kind::kConstant) {
      shown.given.emplace_back(i, only.args[i].index);
    }
  }
  // RowsCannotRepeat found every answer column in the atom.
  for (const Operand& column : query.head_args) {
    std::uint32_t at = 0;
    while (!SameOperand(only.args[at], column)) ++at;
    shown.columns.push_back(at);
  }
  shown.as_stored = shown.given.empty();
  for (std::uint32_t i = 0; i < shown.columns.size() && shown.as_stored; ++i) {
    shown.as_stored = shown.columns[i] == i;
  }
  return shown;
}

bool AnswersFromClosureSearch(const CheckedProgram& program) {
  return ClosureAnswerOf(program).has_value();
}

struct Evaluator::Impl : EvaluatorImpl {
  using EvaluatorImpl::EvaluatorImpl;
};

Evaluator::Evaluator(const CheckedProgram& program, const engine::Store& store,
                     std::string_view text, const PlansAhead* plans_ahead)
    : impl_(std::make_unique<Impl>(program, store, text, plans_ahead)) {}
Evaluator::~Evaluator() = default;
Evaluator::Evaluator(Evaluator&&) noexcept = default;
Evaluator& Evaluator::operator=(Evaluator&&) noexcept = default;

QueryResult Evaluator::Run(const EvaluatorOptions& options, const ParamValues& params,
                           QueryResult* recycled) {
  return impl_->Run(options, params, recycled);
}

QueryResult Evaluator::RunBatch(const EvaluatorOptions& options, std::span<const ParamView> sets,
                                std::vector<std::size_t>* set_ends) {
  return impl_->RunBatch(options, sets, set_ends);
}

std::size_t Evaluator::CapacityBytes() const { return impl_->CapacityBytes(); }

QueryResult Evaluate(const CheckedProgram& program, const engine::Store& store,
                     std::string_view text, const EvaluatorOptions& options,
                     const ParamValues& params, const PlansAhead* plans_ahead) {
  return EvaluatorImpl(program, store, text, plans_ahead).Run(options, params, nullptr);
}

}  // namespace annals::query
