// Typed cells of a query answer.
#pragma once

#include <annals/export.hpp>
#include <annals/time.hpp>

#include <cstdint>
#include <string>

namespace annals {

//! The type of a Value.
enum class ValueKind : std::uint8_t { kNull, kEntity, kString, kNumber, kDate, kPeriod };

//! One cell: an entity (by display name), a string, a number, a vague date or
//! a period. Cheap to copy.
class ANNALS_API Value {
 public:
  //! A null cell (ValueKind::kNull).
  Value() = default;
  //! An entity, by its display name.
  [[nodiscard]] static Value Entity(std::string name);
  //! A string that names no entity (e.g. a role, "Chairman").
  [[nodiscard]] static Value String(std::string text);
  //! A number (counts and sums of aggregates, numeric constants).
  [[nodiscard]] static Value Number(double number);
  //! A vague date (e.g. bound by start(T, D)).
  [[nodiscard]] static Value Date(VagueDate date);
  //! A validity period (e.g. bound by `atom @ T`).
  [[nodiscard]] static Value OfPeriod(Period period);

  //! Which of the typed accessors below is meaningful.
  [[nodiscard]] ValueKind kind() const { return kind_; }
  //! True for a null cell.
  [[nodiscard]] bool is_null() const { return kind_ == ValueKind::kNull; }
  //! Entity display name or string text; "" for other kinds.
  [[nodiscard]] const std::string& text() const { return text_; }
  //! The number of a kNumber cell; 0 for other kinds.
  [[nodiscard]] double number() const { return number_; }
  //! The date of a kDate cell.
  [[nodiscard]] const VagueDate& date() const { return period_.start; }
  //! The period of a kPeriod cell (a kDate cell: that date to itself).
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
