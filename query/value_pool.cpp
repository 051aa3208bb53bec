// Interning of query values.
#include "query/value_pool.hpp"

#include "engine/store/memory_bytes.hpp"
#include "query/release_map.hpp"

#include <functional>

namespace annals::query {

namespace {

std::size_t Mix(std::size_t seed, std::size_t value) {
  return seed ^ (value + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2));
}

template <typename T>
int ThreeWay(const T& a, const T& b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}

}  // namespace

std::uint64_t HashPeriod(const Period& p) {
  std::uint64_t h = 0x9e3779b97f4a7c15ULL;
  for (const std::int64_t part :
       {std::int64_t{p.start.lo}, std::int64_t{p.start.hi}, std::int64_t{p.end.lo},
        std::int64_t{p.end.hi},
        std::int64_t{static_cast<int>(p.start.form) * 64 + static_cast<int>(p.end.form)}}) {
    h = (h ^ static_cast<std::uint64_t>(part)) * 0xff51afd7ed558ccdULL;
    h ^= h >> 29;
  }
  return h;
}

std::size_t ValuePool::DateKeyHash::operator()(const DateKey& k) const {
  return Mix(Mix(std::hash<Day>()(k.lo), static_cast<std::size_t>(k.hi)),
             static_cast<std::size_t>(k.form));
}

ValueId ValuePool::String(std::string_view text, bool from_store) {
  std::string key = engine::Store::NormalizeName(text);
  const auto [it, inserted] =
      string_ids_.emplace(std::move(key), static_cast<std::uint32_t>(strings_.size()));
  if (inserted) {
    strings_.emplace_back(text);
    string_from_store_.push_back(from_store);
  } else if (from_store && !string_from_store_[it->second]) {
    strings_[it->second] = std::string(text);
    string_from_store_[it->second] = true;
  }
  return MakeValue(ValueTag::kString, it->second);
}

ValueId ValuePool::StoreString(std::uint32_t store_string_id) {
  const auto found = store_strings_.find(store_string_id);
  if (found != store_strings_.end()) return found->second;
  const ValueId value = String(store_.String(store_string_id), /*from_store=*/true);
  store_strings_.emplace(store_string_id, value);
  return value;
}

ValueId ValuePool::Number(double number) {
  if (number == 0) number = 0;  // one id for -0 and +0
  const auto [it, inserted] =
      number_ids_.emplace(number, static_cast<std::uint32_t>(numbers_.size()));
  if (inserted) numbers_.push_back(number);
  return MakeValue(ValueTag::kNumber, it->second);
}

ValueId ValuePool::Date(const VagueDate& date) {
  // A query usually holds a date or two: a look along the list is quicker
  // than a hash map's node and buckets. The map takes over past a few.
  constexpr std::size_t kFewDates = 8;
  if (dates_.size() < kFewDates) {
    for (std::uint32_t i = 0; i < dates_.size(); ++i) {
      const VagueDate& known = dates_[i];
      if (known.lo == date.lo && known.hi == date.hi && known.form == date.form) {
        return MakeValue(ValueTag::kDate, i);
      }
    }
    if (dates_.empty()) dates_.reserve(kFewDates);
    dates_.push_back(date);
    return MakeValue(ValueTag::kDate, static_cast<std::uint32_t>(dates_.size() - 1));
  }
  if (date_ids_.empty()) {
    for (std::uint32_t i = 0; i < dates_.size(); ++i) {
      date_ids_.emplace(DateKey{dates_[i].lo, dates_[i].hi, dates_[i].form}, i);
    }
  }
  const auto [it, inserted] = date_ids_.emplace(DateKey{date.lo, date.hi, date.form},
                                                static_cast<std::uint32_t>(dates_.size()));
  if (inserted) dates_.push_back(date);
  return MakeValue(ValueTag::kDate, it->second);
}

void ValuePool::Clear() {
  strings_.clear();
  string_from_store_.clear();
  ReleaseMap(string_ids_);
  ReleaseMap(store_strings_);
  numbers_.clear();
  ReleaseMap(number_ids_);
  dates_.clear();
  ReleaseMap(date_ids_);
  periods_.clear();
  period_slots_.clear();  // the next period sizes the table afresh, in the memory kept
}

std::size_t ValuePool::CapacityBytes() const {
  // The hash maps' nodes are freed by Clear, so only the vectors count.
  using engine::VectorBytes;
  return VectorBytes(strings_) + VectorBytes(numbers_) + VectorBytes(dates_) +
         VectorBytes(periods_) + VectorBytes(period_slots_);
}

void ValuePool::GrowPeriodSlots() {
  period_slots_.assign(period_slots_.empty() ? 64 : period_slots_.size() * 2, 0xFFFFFFFFu);
  const std::size_t mask = period_slots_.size() - 1;
  for (std::uint32_t i = 0; i < periods_.size(); ++i) {
    std::size_t at = HashPeriod(periods_[i]) & mask;
    while (period_slots_[at] != 0xFFFFFFFFu) at = (at + 1) & mask;
    period_slots_[at] = i;
  }
}

ValueId ValuePool::OfPeriod(const Period& period) {
  if ((periods_.size() + 1) * 2 > period_slots_.size()) GrowPeriodSlots();
  const std::size_t mask = period_slots_.size() - 1;
  std::size_t at = HashPeriod(period) & mask;
  while (period_slots_[at] != 0xFFFFFFFFu) {
    if (periods_[period_slots_[at]] == period)
      return MakeValue(ValueTag::kPeriod, period_slots_[at]);
    at = (at + 1) & mask;
  }
  const auto id = static_cast<std::uint32_t>(periods_.size());
  period_slots_[at] = id;
  periods_.push_back(period);
  return MakeValue(ValueTag::kPeriod, id);
}

ValueId ValuePool::Attribute(const engine::AttrValue& value) {
  switch (value.kind) {
    case engine::AttrValue::Kind::kEntity:
      return Entity(store_.Canonical(value.id));
    case engine::AttrValue::Kind::kString:
      return StoreString(value.id);
    case engine::AttrValue::Kind::kNumber:
      return Number(value.number);
    case engine::AttrValue::Kind::kNone:
      break;
  }
  return kNullValue;
}

Value ValuePool::ToValue(ValueId value) const {
  switch (TagOf(value)) {
    case ValueTag::kEntity:
      return Value::Entity(store_.EntityName(PayloadOf(value)));
    case ValueTag::kString:
      return Value::String(StringText(value));
    case ValueTag::kNumber:
      return Value::Number(NumberOf(value));
    case ValueTag::kDate:
      return Value::Date(DateOf(value));
    case ValueTag::kPeriod:
      return Value::OfPeriod(PeriodOf(value));
    case ValueTag::kNull:
      break;
  }
  return Value();
}

std::string ValuePool::ToText(ValueId value) const { return ToValue(value).ToText(); }

int CompareDates(const VagueDate& a, const VagueDate& b) {
  if (a.lo != b.lo) return ThreeWay(a.lo, b.lo);
  if (a.hi != b.hi) return ThreeWay(a.hi, b.hi);
  return ThreeWay(static_cast<int>(a.form), static_cast<int>(b.form));
}

int ComparePeriods(const Period& a, const Period& b) {
  const int by_start = CompareDates(a.start, b.start);
  return by_start != 0 ? by_start : CompareDates(a.end, b.end);
}

int ValuePool::Compare(ValueId a, ValueId b) const {
  if (a == b) return 0;
  const ValueTag ta = TagOf(a);
  const ValueTag tb = TagOf(b);
  if (ta != tb) return ThreeWay(static_cast<int>(ta), static_cast<int>(tb));
  switch (ta) {
    case ValueTag::kEntity: {
      const int by_name = store_.EntityName(PayloadOf(a)).compare(store_.EntityName(PayloadOf(b)));
      return by_name != 0 ? (by_name < 0 ? -1 : 1) : ThreeWay(PayloadOf(a), PayloadOf(b));
    }
    case ValueTag::kString: {
      const int by_text = StringText(a).compare(StringText(b));
      return by_text != 0 ? (by_text < 0 ? -1 : 1) : ThreeWay(PayloadOf(a), PayloadOf(b));
    }
    case ValueTag::kNumber:
      return ThreeWay(NumberOf(a), NumberOf(b));
    case ValueTag::kDate:
      return CompareDates(DateOf(a), DateOf(b));
    case ValueTag::kPeriod:
      return ComparePeriods(PeriodOf(a), PeriodOf(b));
    case ValueTag::kNull:
      break;
  }
  return 0;
}

}  // namespace annals::query
