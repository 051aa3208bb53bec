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

std::optional<PointLookupShape> PointLookup::ShapeOf(const CheckedProgram& program) {
  if (!program.rules.empty() || !program.strata.empty() || program.query.body.size() != 1 ||
      program.query.head_args.size() != 1) {
    return std::nullopt;
  }
  const CheckedLiteral& atom = program.query.body.front();
  if (atom.kind != CheckedLiteral::Kind::kAtom || atom.negated ||
      atom.relation != RelationKind::kStored || atom.args.size() != 2) {
    return std::nullopt;
  }
  const Operand& column = program.query.head_args.front();
  const auto is_column = [&](const Operand& arg) {
    return arg.kind == Operand::Kind::kVariable && SameOperand(arg, column);
  };
  const auto is_given = [&](const Operand& arg) {
    if (arg.kind != Operand::Kind::kConstant) return false;
    const Constant& constant = program.constants[arg.index];
    return constant.role == ConstantRole::kEntity &&
           (constant.kind == Constant::Kind::kText || constant.kind == Constant::Kind::kParam);
  };
  PointLookupShape shape;
  shape.relation = atom.stored;
  if (is_given(atom.args[0]) && is_column(atom.args[1])) {
    shape.given_is_subject = true;
    shape.given = atom.args[0].index;
  } else if (is_column(atom.args[0]) && is_given(atom.args[1])) {
    shape.given = atom.args[1].index;
  } else {
    return std::nullopt;
  }
  shape.when = atom.when;
  std::size_t constants_read = 1;
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
    : program_(program), store_(store), shape_(shape) {
  visit_ = [this](engine::FactId id) {
    clock_->Tick();
    const engine::FactView fact = store_.Fact(id);
    const bool window = shape_.when.kind == TimeClause::Kind::kWindow;
    const Certainty holds = window ? HoldsDuring(fact.period, lo_, hi_) : Certainty::kCertain;
    if (holds == Certainty::kNo) return true;
    Hit hit;
    // `@ _` leaves the fact's period out of the row: every row holds always.
    hit.validity = shape_.when.kind == TimeClause::Kind::kAnonymous ? always_ : fact.period;
    hit.other = shape_.given_is_subject ? fact.object : fact.subject;
    hit.fact = id;
    hit.certainty = holds;
    hits_.push_back(hit);
    return true;
  };
}

std::optional<engine::EntityId> PointLookup::GivenEntity(const ParamValues& params) const {
  const Constant& constant = program_.constants[shape_.given];
  if (constant.kind == Constant::Kind::kText) return constant.entity;
  const Value* given = FindParam(params, constant.text);
  if (given == nullptr ||
      (given->kind() != ValueKind::kEntity && given->kind() != ValueKind::kString)) {
    return std::nullopt;
  }
  const std::optional<engine::EntityId> found = store_.FindEntity(given->text());
  if (!found) return std::nullopt;
  return store_.Canonical(*found);
}

bool PointLookup::Window(const ParamValues& params, Day* lo, Day* hi) const {
  *lo = kMinDay;
  *hi = kMaxDay;
  if (shape_.when.kind != TimeClause::Kind::kWindow) return true;
  // The side's date, or nothing when the side leaves the window open.
  const auto date_of = [&](const TimeClause::Side& side, std::optional<VagueDate>* date) {
    if (side.kind != TimeClause::Side::Kind::kConstant) return true;
    const Constant& constant = program_.constants[side.constant];
    if (constant.kind != Constant::Kind::kParam) {
      if (constant.has_date) *date = constant.date;
      return true;
    }
    const Value* given = FindParam(params, constant.text);
    if (given == nullptr) return false;
    switch (given->kind()) {
      case ValueKind::kDate:
        *date = given->date();
        return true;
      case ValueKind::kNumber:
        *date = YearAsDate(given->number());
        return date->has_value();
      case ValueKind::kEntity:
      case ValueKind::kString: {
        VagueDate parsed;
        if (!VagueDate::TryParse(given->text(), &parsed, nullptr)) return false;
        *date = parsed;
        return true;
      }
      case ValueKind::kNull:
      case ValueKind::kPeriod:
        break;
    }
    return false;
  };
  std::optional<VagueDate> from;
  std::optional<VagueDate> to;
  if (!date_of(shape_.when.from, &from) || !date_of(shape_.when.to, &to)) return false;
  if (from) *lo = from->lo;
  if (to) *hi = to->hi;
  return true;
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
        if (hits_[j].row == j && hits_[j].other == hits_[i].other &&
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
      if (x.other != y.other) return x.other < y.other;
      if (!(x.validity == y.validity)) return PeriodKey(x.validity) < PeriodKey(y.validity);
      return a < b;
    });
    for (std::size_t k = 1; k < by_entity_.size(); ++k) {
      const Hit& previous = hits_[by_entity_[k - 1]];
      const Hit& hit = hits_[by_entity_[k]];
      if (hit.other == previous.other && hit.validity == previous.validity) {
        merge(previous.row, by_entity_[k]);
      }
    }
  }
}

bool PointLookup::AnswerInto(const ParamValues& params, const QueryOptions& options,
                             RunClock& clock, QueryResultBuilder& out, SourceWriter& sources) {
  if (options.explain) return false;
  const std::optional<engine::EntityId> given = GivenEntity(params);
  if (!given) return false;
  Day lo = kMinDay;
  Day hi = kMaxDay;
  if (!Window(params, &lo, &hi)) return false;
  hits_.clear();
  if (lo <= hi) {
    lo_ = lo;
    hi_ = hi;
    clock_ = &clock;
    if (shape_.given_is_subject) {
      store_.FactsOfSubjectDuring(shape_.relation, *given, lo, hi, visit_);
    } else {
      store_.FactsOfObjectDuring(shape_.relation, *given, lo, hi, visit_);
    }
  }

  // Rows in the evaluator's order: by validity, ties in the order found.
  // A lookup finds a few facts; std::stable_sort would allocate its buffer
  // for them on every run, an insertion sort (stable too) does not.
  const auto earlier = [](const Hit& a, const Hit& b) {
    return ComparePeriods(a.validity, b.validity) < 0;
  };
  constexpr std::size_t kInsertionSortUpTo = 16;
  if (hits_.size() <= kInsertionSortUpTo) {
    for (std::size_t i = 1; i < hits_.size(); ++i) {
      const Hit hit = hits_[i];
      std::size_t j = i;
      for (; j > 0 && earlier(hit, hits_[j - 1]); --j) hits_[j] = hits_[j - 1];
      hits_[j] = hit;
    }
  } else {
    std::stable_sort(hits_.begin(), hits_.end(), earlier);
  }
  for (std::uint32_t i = 0; i < hits_.size(); ++i) hits_[i].row = i;
  for (std::size_t begin = 0; begin < hits_.size();) {
    std::size_t end = begin + 1;
    while (end < hits_.size() && ComparePeriods(hits_[begin].validity, hits_[end].validity) == 0) {
      ++end;
    }
    if (end - begin > 1) MergeRows(begin, end);
    begin = end;
  }
  // Each row's hits as a list, first found first, for its sources.
  std::size_t rows = 0;
  for (std::uint32_t i = 0; i < hits_.size(); ++i) {
    Hit& hit = hits_[i];
    hit.next = kNone;
    if (hit.row == i) {
      ++rows;
      hit.contributions = 1;
      hit.last = i;
      continue;
    }
    Hit& row = hits_[hit.row];
    if (row.contributions >= kMaxContributions) continue;
    ++row.contributions;
    hits_[row.last].next = i;
    row.last = i;
  }
  if (rows > options.row_limit) return false;

  if (out.size() == 0) out.Reserve(rows);
  entities_.clear();
  for (std::uint32_t i = 0; i < hits_.size(); ++i) {
    if (hits_[i].row == i) entities_.push_back(hits_[i].other);
  }
  names_.resize(entities_.size());
  store_.EntityNames(entities_, names_);
  std::size_t next_name = 0;
  const Hit* above = nullptr;
  for (std::uint32_t i = 0; i < hits_.size(); ++i) {
    const Hit& row = hits_[i];
    if (row.row != i) continue;
    // A name repeating the row above shares its text, as in the evaluator.
    if (above != nullptr && above->other == row.other) {
      out.RepeatCellAbove();
    } else {
      out.AddCell(Value::Entity(names_[next_name]));
    }
    ++next_name;
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
  return true;
}

std::size_t PointLookup::CapacityBytes() const {
  using engine::VectorBytes;
  return VectorBytes(hits_) + VectorBytes(by_entity_) + VectorBytes(entities_) +
         VectorBytes(names_) + VectorBytes(leaves_);
}

}  // namespace annals::query
