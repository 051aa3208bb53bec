// Typed cells of a query answer.
#pragma once

#include <annals/export.hpp>
#include <annals/time.hpp>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace annals {

//! The type of a Value.
enum class ValueKind : std::uint8_t { kNull, kEntity, kString, kNumber, kDate, kPeriod };

//! One cell: an entity (by display name), a string, a number, a vague date or
//! a period. 32 bytes and cheap to copy: a name of up to 24 bytes is held in
//! the cell itself (no allocation: most names of people and places); a longer
//! one is stored once, reference-counted, and shared by the copies of the
//! cell (and by the cells below it in an answer's column that repeat it).
class ANNALS_API Value {
 public:
  //! A null cell (ValueKind::kNull).
  Value() noexcept {}
  Value(const Value& other) noexcept
      : kind_(other.kind_), in_place_size_(other.in_place_size_), payload_(other.payload_) {
    Retain();
  }
  Value(Value&& other) noexcept
      : kind_(other.kind_), in_place_size_(other.in_place_size_), payload_(other.payload_) {
    other.kind_ = ValueKind::kNull;
  }
  Value& operator=(const Value& other) noexcept {
    Value copy(other);
    Swap(copy);
    return *this;
  }
  Value& operator=(Value&& other) noexcept {
    Value moved(std::move(other));
    Swap(moved);
    return *this;
  }
  ~Value() { Release(); }

  //! An entity, by its display name.
  [[nodiscard]] static Value Entity(std::string_view name);
  //! A string that names no entity (e.g. a role, "Chairman").
  [[nodiscard]] static Value String(std::string_view text);
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
  //! Entity display name or string text; "" for other kinds. Valid while
  //! this Value lives unchanged: a short text is held in the Value itself,
  //! so moving the Value (as a growing vector does) or assigning to it ends
  //! the view. Cells of a QueryResult never move.
  [[nodiscard]] std::string_view text() const {
    if (!HasText()) return {};
    return in_place_size_ != kSharedText
               ? std::string_view(payload_.chars, in_place_size_)
               : std::string_view(payload_.text->chars(), payload_.text->size);
  }
  //! The number of a kNumber cell; 0 for other kinds.
  [[nodiscard]] double number() const { return kind_ == ValueKind::kNumber ? payload_.number : 0; }
  //! The date of a kDate cell (a kPeriod cell: its start).
  [[nodiscard]] const VagueDate& date() const { return period().start; }
  //! The period of a kPeriod cell (a kDate cell: that date to itself).
  [[nodiscard]] const Period& period() const;

  //! How the cell prints in a table: names as they are, whole numbers without
  //! a decimal point, dates and periods in their text form.
  [[nodiscard]] std::string ToText() const;
  //! As ToText, but dates and periods in ISO/EDTF form.
  [[nodiscard]] std::string ToIso() const;

  //! Same kind and same content.
  friend ANNALS_API bool operator==(const Value& a, const Value& b);

 private:
  // Reference-counted, immutable text; the characters follow the header in
  // the same allocation.
  struct SharedText {
    std::atomic<std::uint32_t> references;
    std::uint32_t size;
    [[nodiscard]] const char* chars() const { return reinterpret_cast<const char*>(this + 1); }
  };
  // Texts up to this size live in the payload: an answer of a million rows
  // then makes no allocation per name (and frees none).
  static constexpr std::size_t kInPlaceCapacity = 24;
  static constexpr std::uint8_t kSharedText = 0xFF;  // in_place_size_ of a shared text
  union Payload {
    Payload() noexcept : number(0) {}
    SharedText* text;
    double number;
    Period period;
    char chars[kInPlaceCapacity];
  };

  [[nodiscard]] bool HasText() const {
    return kind_ == ValueKind::kEntity || kind_ == ValueKind::kString;
  }
  [[nodiscard]] bool SharesText() const { return HasText() && in_place_size_ == kSharedText; }
  void Retain() const noexcept {
    if (SharesText()) payload_.text->references.fetch_add(1, std::memory_order_relaxed);
  }
  void Release() noexcept {
    if (SharesText() && payload_.text->references.fetch_sub(1, std::memory_order_acq_rel) == 1) {
      Free(payload_.text);
    }
  }
  void Swap(Value& other) noexcept {
    std::swap(kind_, other.kind_);
    std::swap(in_place_size_, other.in_place_size_);
    std::swap(payload_, other.payload_);
  }
  [[nodiscard]] static Value WithText(ValueKind kind, std::string_view text);
  static void Free(SharedText* text) noexcept;

  ValueKind kind_ = ValueKind::kNull;
  std::uint8_t in_place_size_ = 0;  // a text's size when held in place, else kSharedText
  Payload payload_;
};

}  // namespace annals
