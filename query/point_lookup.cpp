#include "query/point_lookup.hpp"

#include "engine/store/memory_bytes.hpp"
#include "query/temporal.hpp"
#include "query/value_pool.hpp"

#include <algorithm>
#include <tuple>

namespace annals::query {
namespace {

constexpr std::uint32_t kNone = 0xFFFFFFFFu;
// Groups of hits with one validity up to this size are merged pairwise.
constexpr std::size_t kSmallGroup = 8;

auto PeriodKey(const Period& p) {
  return std::make_tuple(p.start.lo, p.start.hi, p.start.form, p.end.lo, p.end.hi, p.end.form);
}

}  // namespace

void PointLookup::SortHits(std::span<Hit> hits) {
  const auto earlier = [](const Hit& a, const Hit& b) {
    return ComparePeriods(a.validity, b.validity) < 0;
  };
  // A lookup finds a few facts, and a day a few starts: std::stable_sort
  // would allocate its buffer for them each time, an insertion sort (stable
  // too) does not.
  constexpr std::size_t kInsertionSortUpTo = 32;
  if (hits.size() > kInsertionSortUpTo) {
    std::stable_sort(hits.begin(), hits.end(), earlier);
    return;
  }
  for (std::size_t i = 1; i < hits.size(); ++i) {
    if (!earlier(hits[i], hits[i - 1])) continue;
    const Hit hit = hits[i];
    std::size_t j = i;
    for (; j > 0 && earlier(hit, hits[j - 1]); --j) hits[j] = hits[j - 1];
    hits[j] = hit;
  }
}

std::optional<PointLookupShape> PointLookup::ShapeOf(const CheckedProgram& program) {
  const std::size_t columns = program.query.head_args.size();
  if (!program.rules.empty() || !program.strata.empty() || program.query.body.size() != 1 ||
      (columns != 1 && columns != 2)) {
    return std::nullopt;
  }
  const CheckedLiteral& atom = program.query.body.front();
  if (atom.kind != CheckedLiteral::Kind::kAtom || atom.negated ||
      atom.relation != RelationKind::kStored || atom.args.size() != 2) {
    return std::nullopt;
  }
  const auto is_column = [&](const Operand& arg, std::size_t column) {
    return arg.kind == Operand::Kind::kVariable &&
           SameOperand(arg, program.query.head_args[column]);
  };
  const auto is_given = [&](const Operand& arg) {
    if (arg.kind != Operand::Kind::kConstant) return false;
    const Constant& constant = program.constants[arg.index];
    return constant.role == ConstantRole::kEntity &&
           (constant.kind == Constant::Kind::kText || constant.kind == Constant::Kind::kParam);
  };
  PointLookupShape shape;
  shape.relation = atom.stored;
  if (columns == 2) {
    if (!is_column(atom.args[0], 0) || !is_column(atom.args[1], 1)) return std::nullopt;
    shape.neither_given = true;
  } else if (is_given(atom.args[0]) && is_column(atom.args[1], 0)) {
    shape.given_is_subject = true;
    shape.given = atom.args[0].index;
  } else if (is_column(atom.args[0], 0) && is_given(atom.args[1])) {
    shape.given = atom.args[1].index;
  } else {
    return std::nullopt;
  }
  shape.when = atom.when;
  std::size_t constants_read = shape.neither_given ? 0 : 1;
  if (atom.when.kind == TimeClause::Kind::kWindow) {
    for (const TimeClause::Side* side : {&atom.when.from, &atom.when.to}) {
      if (side->kind != TimeClause::Side::Kind::kConstant) continue;
      if (program.constants[side->constant].role != ConstantRole::kDate) return std::nullopt;
      if (side == &atom.when.to && atom.when.from.kind == TimeClause::Side::Kind::kConstant &&
          atom.when.from.constant == side->constant) {
        continue;  // a point: one constant for both sides
      }
      ++constants_read;
    }
  } else if (atom.when.kind != TimeClause::Kind::kNone &&
             atom.when.kind != TimeClause::Kind::kAnonymous) {
    return std::nullopt;
  }
  // Every constant is read here, so every parameter error is the general
  // path's to report.
  if (program.constants.size() != constants_read) return std::nullopt;
  return shape;
}

PointLookup::PointLookup(const CheckedProgram& program, const engine::Store& store,
                         const PointLookupShape& shape)
    : program_(program), store_(store), shape_(shape), columns_(shape.neither_given ? 2 : 1) {
  readers_ = Readers();
  // Made once: a std::function made per run would allocate.
  visit_ = [this](std::size_t lookup, engine::FactId id) {
    return Visit(lookup_sets_[lookup], id);
  };
  visit_one_ = [this](engine::FactId id) { return Visit(visiting_set_, id); };
}

bool PointLookup::Visit(std::uint32_t set, engine::FactId id) {
  set_in_progress_ = set;
  clock_->Tick();
  Looked& looked = looked_[set];
  // Sets are visited in order, so each set's hits are one stretch of hits_.
  if (!looked.visited) {
    looked.hits_begin = looked.hits_end = static_cast<std::uint32_t>(hits_.size());
  }
  looked.visited = true;
  const engine::FactEndsAndPeriod fact = store_.EndsAndPeriod(id);
  const Certainty holds = shape_.when.kind == TimeClause::Kind::kWindow
                              ? HoldsDuring(fact.period, looked.lo, looked.hi)
                              : Certainty::kCertain;
  if (holds == Certainty::kNo) return true;
  Hit hit;
  // `@ _` leaves the fact's period out of the row: every row holds always.
  hit.validity = shape_.when.kind == TimeClause::Kind::kAnonymous ? always_ : fact.period;
  if (shape_.neither_given) {
    hit.cells = {fact.subject, fact.object};
  } else {
    hit.cells[0] = shape_.given_is_subject ? fact.object : fact.subject;
  }
  hit.fact = id;
  hit.certainty = holds;
  hits_.push_back(hit);
  looked.hits_end = static_cast<std::uint32_t>(hits_.size());
  return true;
}

PointLookup::SetReaders PointLookup::Readers() const {
  const auto reader_of = [&](std::uint32_t constant) {
    const Constant& c = program_.constants[constant];
    return c.kind == Constant::Kind::kParam ? ParamReader(c.text) : ParamReader();
  };
  const auto side_of = [&](const TimeClause::Side& side, bool upper) {
    SideReader reader;
    if (shape_.when.kind != TimeClause::Kind::kWindow ||
        side.kind != TimeClause::Side::Kind::kConstant) {
      return reader;
    }
    const Constant& constant = program_.constants[side.constant];
    const TimeClause::Side& from = shape_.when.from;
    if (constant.kind == Constant::Kind::kParam && upper &&
        from.kind == TimeClause::Side::Kind::kConstant && from.constant == side.constant) {
      reader.mode = SideReader::Mode::kFromsDate;
    } else if (constant.kind == Constant::Kind::kParam) {
      reader.mode = SideReader::Mode::kParam;
      reader.param = ParamReader(constant.text);
    } else if (constant.has_date) {
      reader.mode = SideReader::Mode::kFixed;
      reader.fixed = upper ? constant.date.hi : constant.date.lo;
    }
    return reader;
  };
  SetReaders readers;
  if (!shape_.neither_given) readers.given = reader_of(shape_.given);
  readers.from = side_of(shape_.when.from, false);
  readers.to = side_of(shape_.when.to, true);
  return readers;
}

bool PointLookup::GivenName(const ParamView& params, ParamReader& reader,
                            std::string_view* name) const {
  const Value* given = reader.In(params);
  if (given == nullptr ||
      (given->kind() != ValueKind::kEntity && given->kind() != ValueKind::kString)) {
    return false;
  }
  *name = given->text();
  return true;
}

namespace {

// The date `given` gives a window's side: a date as it is, a number as its
// year, a text read as a date expression, a period as the days it spans;
// false for other kinds.
bool DateGiven(const Value& given, VagueDate* date) {
  switch (given.kind()) {
    case ValueKind::kDate:
      *date = given.date();
      return true;
    case ValueKind::kNumber: {
      const std::optional<VagueDate> year = YearAsDate(given.number());
      if (year) *date = *year;
      return year.has_value();
    }
    case ValueKind::kEntity:
    case ValueKind::kString:
      return VagueDate::TryParse(given.text(), date, nullptr);
    case ValueKind::kPeriod:
      *date = WindowSideOf(given.period());
      return true;
    case ValueKind::kNull:
      break;
  }
  return false;
}

}  // namespace

bool PointLookup::Window(const ParamView& params, SetReaders& readers, Day* lo, Day* hi) const {
  // Called once per set of a batch: the common sides (open, fixed, a date
  // parameter) take no call.
  VagueDate from_date;  // the lower side's parameter, once read
  const auto bound = [&](SideReader& side, bool upper, Day* out) {
    switch (side.mode) {
      case SideReader::Mode::kOpen:
        return true;
      case SideReader::Mode::kFixed:
        *out = side.fixed;
        return true;
      case SideReader::Mode::kFromsDate:
        *out = from_date.hi;
        return true;
      case SideReader::Mode::kParam:
        break;
    }
    const Value* given = side.param.In(params);
    if (given == nullptr) return false;
    VagueDate date;
    if (given->kind() == ValueKind::kDate) {
      date = given->date();
    } else if (!DateGiven(*given, &date)) {
      return false;
    }
    *out = upper ? date.hi : date.lo;
    if (!upper) from_date = date;
    return true;
  };
  Day from = kMinDay;
  Day to = kMaxDay;
  // A window that ends before it starts is an error, which the general
  // evaluator reports: unsettled here.
  const bool read = bound(readers.from, false, &from) && bound(readers.to, true, &to) && from <= to;
  *lo = read ? from : kMinDay;
  *hi = read ? to : kMaxDay;
  return read;
}

void PointLookup::MergeRows(std::size_t begin, std::size_t end) {
  const auto merge = [&](std::uint32_t into, std::uint32_t hit) {
    Hit& row = hits_[into];
    row.certainty = std::max(row.certainty, hits_[hit].certainty);
    hits_[hit].row = into;
  };
  if (end - begin <= kSmallGroup) {
    for (std::size_t i = begin; i < end; ++i) {
      for (std::size_t j = begin; j < i; ++j) {
        if (hits_[j].row == j && hits_[j].cells == hits_[i].cells &&
            hits_[j].validity == hits_[i].validity) {
          merge(static_cast<std::uint32_t>(j), static_cast<std::uint32_t>(i));
          break;
        }
      }
    }
  } else {
    // Many facts of one validity (undated facts share theirs): sort the
    // group by (entity, period, position) so that each row's hits are
    // adjacent, the first of them found first.
    by_entity_.clear();
    for (std::size_t i = begin; i < end; ++i) by_entity_.push_back(static_cast<std::uint32_t>(i));
    std::sort(by_entity_.begin(), by_entity_.end(), [&](std::uint32_t a, std::uint32_t b) {
      const Hit& x = hits_[a];
      const Hit& y = hits_[b];
      if (x.cells != y.cells) return x.cells < y.cells;
      if (!(x.validity == y.validity)) return PeriodKey(x.validity) < PeriodKey(y.validity);
      return a < b;
    });
    for (std::size_t k = 1; k < by_entity_.size(); ++k) {
      const Hit& previous = hits_[by_entity_[k - 1]];
      const Hit& hit = hits_[by_entity_[k]];
      if (hit.cells == previous.cells && hit.validity == previous.validity) {
        merge(previous.row, by_entity_[k]);
      }
    }
  }
}

bool PointLookup::AnswerInto(ParamView params, const QueryOptions& options, RunClock& clock,
                             QueryResultBuilder& out, SourceWriter& sources) {
  // Look for one set, without the group's lists: one Execute is the common
  // case, and has nothing to overlap its loads with.
  looked_.assign(1, Looked{});
  clock_ = &clock;
  if (options.explain) return false;
  Looked& looked = looked_[0];
  SetReaders readers = readers_;
  if (!Window(params, readers, &looked.lo, &looked.hi)) return false;
  if (!shape_.neither_given) {
    const Constant& given = program_.constants[shape_.given];
    if (given.kind == Constant::Kind::kText) {
      if (!given.entity) return false;
      looked.given = *given.entity;
    } else {
      std::string_view name;
      if (!GivenName(params, readers.given, &name)) return false;
      const std::optional<engine::EntityId> found = store_.FindEntity(name);
      if (!found) return false;
      looked.given = *found;  // canonical, as FindEntity gives it
    }
  }
  looked.settled = true;
  hits_.clear();
  FindFacts(0);
  MakeAllRows(options.row_limit);
  if (!Settled(0)) return false;
  AppendAnswer(0, options, out, sources);
  return true;
}

void PointLookup::FindFacts(std::uint32_t set) {
  const Looked& looked = looked_[set];
  visiting_set_ = set;
  if (shape_.neither_given) {
    store_.FactsDuring(shape_.relation, looked.lo, looked.hi, visit_one_);
  } else if (shape_.given_is_subject) {
    store_.FactsOfSubjectDuring(shape_.relation, looked.given, looked.lo, looked.hi, visit_one_);
  } else {
    store_.FactsOfObjectDuring(shape_.relation, looked.given, looked.lo, looked.hi, visit_one_);
  }
}

void PointLookup::Look(std::span<const ParamView> sets, const QueryOptions& options,
                       RunClock& clock) {
  looked_.assign(sets.size(), Looked{});
  clock_ = &clock;
  if (options.explain) return;
  hits_.clear();
  // A copy per call: the sets' tables are all alive for it (see ParamReader).
  SetReaders readers = readers_;
  if (shape_.neither_given) {
    for (std::uint32_t k = 0; k < sets.size(); ++k) {
      Looked& looked = looked_[k];
      if (!Window(sets[k], readers, &looked.lo, &looked.hi)) continue;
      looked.settled = true;
      FindFacts(k);
    }
    MakeAllRows(options.row_limit);
    return;
  }
  const Constant& given = program_.constants[shape_.given];
  given_names_.clear();
  given_name_sets_.clear();
  for (std::uint32_t k = 0; k < sets.size(); ++k) {
    Looked& looked = looked_[k];
    if (!Window(sets[k], readers, &looked.lo, &looked.hi)) continue;
    if (given.kind == Constant::Kind::kText) {
      if (!given.entity) continue;
      looked.given = *given.entity;
      looked.settled = true;
      continue;
    }
    std::string_view name;
    if (!GivenName(sets[k], readers.given, &name)) continue;
    given_names_.push_back(name);
    given_name_sets_.push_back(k);
  }
  found_.resize(given_names_.size());
  store_.FindEachEntity(given_names_, found_);
  for (std::size_t i = 0; i < found_.size(); ++i) {
    if (!found_[i]) continue;
    Looked& looked = looked_[given_name_sets_[i]];
    looked.given = *found_[i];
    looked.settled = true;
  }

  lookups_.clear();
  lookup_sets_.clear();
  for (std::uint32_t k = 0; k < sets.size(); ++k) {
    const Looked& looked = looked_[k];
    if (!looked.settled) continue;
    lookups_.push_back({looked.given, looked.lo, looked.hi});
    lookup_sets_.push_back(k);
  }
  store_.FactsOfEachDuring(shape_.relation, shape_.given_is_subject, lookups_, visit_);
  MakeAllRows(options.row_limit);
}

void PointLookup::MakeAllRows(std::size_t row_limit) {
  entities_.clear();
  for (Looked& looked : looked_) {
    if (!looked.settled) continue;
    if (!MakeRows(looked, row_limit)) {
      looked.settled = false;
      continue;
    }
    if (shape_.neither_given) continue;  // AppendAnswer looks them up (FindNames)
    looked.names_begin = static_cast<std::uint32_t>(entities_.size());
    for (std::uint32_t i = looked.hits_begin; i < looked.hits_end; ++i) {
      if (hits_[i].row == i) entities_.push_back(hits_[i].cells[0]);
    }
  }
  names_.resize(entities_.size());
  store_.EntityNames(entities_, names_);
}

std::uint32_t PointLookup::FindNames(std::uint32_t from, std::uint32_t end) {
  constexpr std::uint32_t kChunk = 256;
  const std::uint32_t chunk_end = end - from > kChunk ? from + kChunk : end;
  entities_.clear();
  for (std::uint32_t i = from; i < chunk_end; ++i) {
    if (hits_[i].row != i) continue;
    for (std::size_t c = 0; c < columns_; ++c) entities_.push_back(hits_[i].cells[c]);
  }
  names_.resize(entities_.size());
  store_.EntityNames(entities_, names_);
  return chunk_end;
}

bool PointLookup::MakeRows(const Looked& looked, std::size_t row_limit) {
  const std::size_t first = looked.hits_begin;
  const std::size_t end = looked.hits_end;
  if (end - first <= 1) {  // most lookups: no hit, or one, a row of its own
    if (end > first) {
      Hit& hit = hits_[first];
      hit.row = hit.last = static_cast<std::uint32_t>(first);
      hit.next = kNone;
      hit.contributions = 1;
    }
    return end - first <= row_limit;
  }
  const auto hits = std::span<Hit>(hits_).subspan(first, end - first);
  // Rows in the evaluator's order: by validity, ties in the order found.
  // The indexes report facts in order of their earliest start, so usually
  // only hits that start on one day need ordering among themselves. Facts
  // added since the last Finalize come after, in the order added; then the
  // whole is sorted.
  const auto starts_before = [](const Hit& a, const Hit& b) {
    return a.validity.start.lo < b.validity.start.lo;
  };
  if (std::is_sorted(hits.begin(), hits.end(), starts_before)) {
    for (std::size_t begin = 0; begin < hits.size();) {
      std::size_t same_day = begin + 1;
      while (same_day < hits.size() && !starts_before(hits[begin], hits[same_day])) ++same_day;
      if (same_day - begin > 1) SortHits(hits.subspan(begin, same_day - begin));
      begin = same_day;
    }
  } else {
    SortHits(hits);
  }
  for (std::size_t i = first; i < end; ++i) hits_[i].row = static_cast<std::uint32_t>(i);
  for (std::size_t begin = first; begin < end;) {
    std::size_t group_end = begin + 1;
    while (group_end < end &&
           ComparePeriods(hits_[begin].validity, hits_[group_end].validity) == 0) {
      ++group_end;
    }
    if (group_end - begin > 1) MergeRows(begin, group_end);
    begin = group_end;
  }
  // Each row's hits as a list, first found first, for its sources.
  std::size_t rows = 0;
  for (std::size_t i = first; i < end; ++i) {
    Hit& hit = hits_[i];
    hit.next = kNone;
    if (hit.row == i) {
      ++rows;
      hit.contributions = 1;
      hit.last = static_cast<std::uint32_t>(i);
      continue;
    }
    Hit& row = hits_[hit.row];
    if (row.contributions >= kMaxContributions) continue;
    ++row.contributions;
    hits_[row.last].next = static_cast<std::uint32_t>(i);
    row.last = static_cast<std::uint32_t>(i);
  }
  return rows <= row_limit;
}

void PointLookup::AppendAnswer(std::size_t k, const QueryOptions& options, QueryResultBuilder& out,
                               SourceWriter& sources) {
  const Looked& looked = looked_[k];
  if (out.size() == 0) {
    std::size_t rows = 0;
    for (std::uint32_t i = looked.hits_begin; i < looked.hits_end; ++i) rows += hits_[i].row == i;
    out.Reserve(rows);
  }
  std::size_t next_name = looked.names_begin;
  const Hit* above = nullptr;
  // A snapshot's names are looked up a chunk of rows at a time, just before
  // the rows are written: looked up all at once, the text of the first
  // would have left the cache by the time it is copied into its cell.
  std::uint32_t named_up_to = shape_.neither_given ? looked.hits_begin : looked.hits_end;
  for (std::uint32_t i = looked.hits_begin; i < looked.hits_end; ++i) {
    if (i == named_up_to) {
      named_up_to = FindNames(i, looked.hits_end);
      next_name = 0;
    }
    const Hit& row = hits_[i];
    if (row.row != i) continue;
    // A name repeating the row above shares its text, as in the evaluator.
    for (std::size_t c = 0; c < columns_; ++c) {
      if (above != nullptr && above->cells[c] == row.cells[c]) {
        out.RepeatCellAbove();
      } else {
        out.AddCell(Value::Entity(names_[next_name]));
      }
      ++next_name;
    }
    above = &row;
    if (options.sources) {
      leaves_.clear();
      for (std::uint32_t h = i; h != kNone; h = hits_[h].next) {
        leaves_.push_back(Ref{Ref::Kind::kFact, hits_[h].fact});
      }
      sources.AddSourcesOf(leaves_);
    }
    out.EndRow(row.certainty, row.validity);
  }
}

std::size_t PointLookup::CapacityBytes() const {
  using engine::VectorBytes;
  return VectorBytes(looked_) + VectorBytes(given_names_) + VectorBytes(given_name_sets_) +
         VectorBytes(found_) + VectorBytes(lookups_) + VectorBytes(lookup_sets_) +
         VectorBytes(hits_) + VectorBytes(by_entity_) + VectorBytes(entities_) +
         VectorBytes(names_) + VectorBytes(leaves_);
}

}  // namespace annals::query
