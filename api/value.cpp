// Value: the typed cells of query answers, and how they print.
#include <annals/error.hpp>
#include <annals/value.hpp>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <new>
#include <string>
#include <system_error>
#include <utility>

namespace annals {

// An answer's memory is mostly cells: keep them at 32 bytes.
static_assert(sizeof(Value) == 32);

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

// Copies `size` bytes, at most 24: two fixed-size copies that may overlap
// instead of a call to memcpy, whose dispatch on the size cost more than the
// copy for the short names most cells hold.
void CopyShort(char* to, const char* from, std::size_t size) {
  if (size >= 8) {
    if (size > 16) std::memcpy(to + 8, from + 8, 8);
    std::memcpy(to, from, 8);
    std::memcpy(to + size - 8, from + size - 8, 8);
  } else if (size >= 4) {
    std::memcpy(to, from, 4);
    std::memcpy(to + size - 4, from + size - 4, 4);
  } else {
    for (std::size_t i = 0; i < size; ++i) to[i] = from[i];
  }
}

}  // namespace

Value Value::WithText(ValueKind kind, std::string_view text) {
  // Short texts in place; a longer one in one allocation: the header, then
  // the characters.
  Value value;
  value.kind_ = kind;
  if (text.size() <= kInPlaceCapacity) {
    value.in_place_size_ = static_cast<std::uint8_t>(text.size());
    CopyShort(value.payload_.chars, text.data(), text.size());
    return value;
  }
  if (text.size() > std::numeric_limits<std::uint32_t>::max()) {
    throw Error(ErrorCode::kInvalidArgument, "a text value longer than 4 GiB");
  }
  void* memory = ::operator new(sizeof(SharedText) + text.size());
  auto* shared = ::new (memory) SharedText{{1}, static_cast<std::uint32_t>(text.size())};
  std::memcpy(reinterpret_cast<char*>(shared + 1), text.data(), text.size());
  value.in_place_size_ = kSharedText;
  value.payload_.text = shared;
  return value;
}

void Value::Free(SharedText* text) noexcept {
  text->~SharedText();
  ::operator delete(text);
}

Value Value::Entity(std::string_view name) { return WithText(ValueKind::kEntity, name); }

Value Value::String(std::string_view text) { return WithText(ValueKind::kString, text); }

Value Value::Number(double number) {
  Value value;
  value.kind_ = ValueKind::kNumber;
  value.payload_.number = number;
  return value;
}

Value Value::Date(VagueDate date) {
  Value value;
  value.kind_ = ValueKind::kDate;
  value.payload_.period = Period{date, date};
  return value;
}

Value Value::OfPeriod(Period period) {
  Value value;
  value.kind_ = ValueKind::kPeriod;
  value.payload_.period = period;
  return value;
}

const Period& Value::period() const {
  static const Period kNone{};
  return kind_ == ValueKind::kDate || kind_ == ValueKind::kPeriod ? payload_.period : kNone;
}

bool operator==(const Value& a, const Value& b) {
  if (a.kind_ != b.kind_) return false;
  switch (a.kind_) {
    case ValueKind::kNull:
      return true;
    case ValueKind::kEntity:
    case ValueKind::kString:
      return (a.SharesText() && b.SharesText() && a.payload_.text == b.payload_.text) ||
             a.text() == b.text();
    case ValueKind::kNumber:
      return a.payload_.number == b.payload_.number;
    case ValueKind::kDate:
    case ValueKind::kPeriod:
      return a.payload_.period == b.payload_.period;
  }
  return false;
}

std::string Value::ToText() const {
  switch (kind_) {
    case ValueKind::kNull:
      return "";
    case ValueKind::kEntity:
    case ValueKind::kString:
      return std::string(text());
    case ValueKind::kNumber:
      return FormatNumber(payload_.number);
    case ValueKind::kDate:
      return payload_.period.start.ToText();
    case ValueKind::kPeriod:
      return payload_.period.ToText();
  }
  return "";
}

std::string Value::ToIso() const {
  switch (kind_) {
    case ValueKind::kDate:
      return payload_.period.start.ToIso();
    case ValueKind::kPeriod:
      return payload_.period.ToIso();
    case ValueKind::kNull:
    case ValueKind::kEntity:
    case ValueKind::kString:
    case ValueKind::kNumber:
      break;
  }
  return ToText();
}

}  // namespace annals
