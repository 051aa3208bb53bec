// Interning of query values.
#include "query/value_pool.hpp"

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

std::size_t ValuePool::PeriodKeyHash::operator()(const PeriodKey& k) const {
  std::size_t h = std::hash<Day>()(k.a);
  h = Mix(h, static_cast<std::size_t>(k.b));
  h = Mix(h, static_cast<std::size_t>(k.c));
  h = Mix(h, static_cast<std::size_t>(k.d));
  return Mix(h, static_cast<std::size_t>(k.fa) * 31u + static_cast<std::size_t>(k.fb));
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
  const auto [it, inserted] = date_ids_.emplace(DateKey{date.lo, date.hi, date.form},
                                                static_cast<std::uint32_t>(dates_.size()));
  if (inserted) dates_.push_back(date);
  return MakeValue(ValueTag::kDate, it->second);
}

ValueId ValuePool::OfPeriod(const Period& period) {
  const PeriodKey key{period.start.lo, period.start.hi,   period.end.lo,
                      period.end.hi,   period.start.form, period.end.form};
  const auto [it, inserted] = period_ids_.emplace(key, static_cast<std::uint32_t>(periods_.size()));
  if (inserted) periods_.push_back(period);
  return MakeValue(ValueTag::kPeriod, it->second);
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
      return Value::Entity(std::string(store_.EntityName(PayloadOf(value))));
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
