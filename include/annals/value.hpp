// Typed cells of a query answer.
#pragma once

#include <annals/export.hpp>
#include <annals/time.hpp>

#include <cstdint>
#include <string>

namespace annals {

enum class ValueKind : std::uint8_t { kNull, kEntity, kString, kNumber, kDate, kPeriod };

//! One cell: an entity (by display name), a string, a number, a vague date or
//! a period. Cheap to copy.
class ANNALS_API Value {
 public:
  Value() = default;
  [[nodiscard]] static Value Entity(std::string name);
  [[nodiscard]] static Value String(std::string text);
  [[nodiscard]] static Value Number(double number);
  [[nodiscard]] static Value Date(VagueDate date);
  [[nodiscard]] static Value OfPeriod(Period period);

  [[nodiscard]] ValueKind kind() const { return kind_; }
  [[nodiscard]] bool is_null() const { return kind_ == ValueKind::kNull; }
  //! Entity display name or string text; "" for other kinds.
  [[nodiscard]] const std::string& text() const { return text_; }
  [[nodiscard]] double number() const { return number_; }
  [[nodiscard]] const VagueDate& date() const { return period_.start; }
  [[nodiscard]] const Period& period() const { return period_; }

  //! How the cell prints in a table: names as they are, whole numbers without
  //! a decimal point, dates and periods in their text form.
  [[nodiscard]] std::string ToText() const;
  //! As ToText, but dates and periods in ISO/EDTF form.
  [[nodiscard]] std::string ToIso() const;

  friend bool operator==(const Value&, const Value&) = default;

 private:
  ValueKind kind_ = ValueKind::kNull;
  std::string text_;
  double number_ = 0;
  Period period_{};
};

}  // namespace annals
