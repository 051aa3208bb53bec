// Value: the typed cells of query answers, and how they print.
#include <annals/value.hpp>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <string>
#include <system_error>
#include <utility>

namespace annals {

namespace {

std::string FormatNumber(double number) {
  // Whole numbers print without a decimal point ("9424", not "9424.0"); the
  // rest print in the shortest form that reads back as the same double.
  constexpr double kExactIntegers = 9007199254740992.0;  // 2^53
  if (std::isfinite(number) && std::trunc(number) == number && std::fabs(number) < kExactIntegers) {
    return std::to_string(static_cast<std::int64_t>(number));
  }
  char buffer[64];
  const auto [end, code] = std::to_chars(buffer, buffer + sizeof(buffer), number);
  if (code != std::errc()) return std::to_string(number);
  return std::string(buffer, end);
}

}  // namespace

Value Value::Entity(std::string name) {
  Value value;
  value.kind_ = ValueKind::kEntity;
  value.text_ = std::move(name);
  return value;
}

Value Value::String(std::string text) {
  Value value;
  value.kind_ = ValueKind::kString;
  value.text_ = std::move(text);
  return value;
}

Value Value::Number(double number) {
  Value value;
  value.kind_ = ValueKind::kNumber;
  value.number_ = number;
  return value;
}

Value Value::Date(VagueDate date) {
  Value value;
  value.kind_ = ValueKind::kDate;
  value.period_.start = date;
  value.period_.end = date;
  return value;
}

Value Value::OfPeriod(Period period) {
  Value value;
  value.kind_ = ValueKind::kPeriod;
  value.period_ = period;
  return value;
}

std::string Value::ToText() const {
  switch (kind_) {
    case ValueKind::kNull:
      return "";
    case ValueKind::kEntity:
    case ValueKind::kString:
      return text_;
    case ValueKind::kNumber:
      return FormatNumber(number_);
    case ValueKind::kDate:
      return period_.start.ToText();
    case ValueKind::kPeriod:
      return period_.ToText();
  }
  return "";
}

std::string Value::ToIso() const {
  switch (kind_) {
    case ValueKind::kDate:
      return period_.start.ToIso();
    case ValueKind::kPeriod:
      return period_.ToIso();
    case ValueKind::kNull:
    case ValueKind::kEntity:
    case ValueKind::kString:
    case ValueKind::kNumber:
      break;
  }
  return ToText();
}

}  // namespace annals
