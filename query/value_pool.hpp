// Interned values of one query evaluation: every cell is a 64-bit id (a tag
// and a payload), so joins, hashing and deduplication compare integers; text
// is looked up only when the answer is written out.
#pragma once

#include <annals/time.hpp>
#include <annals/value.hpp>

#include "engine/store/store.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace annals::query {

using ValueId = std::uint64_t;

enum class ValueTag : std::uint8_t {
  kNull = 0,    //!< an attribute the fact does not have
  kEntity = 1,  //!< payload: canonical engine::EntityId
  kString = 2,  //!< payload: index into the pool's strings (equal when equal after NormalizeName)
  kNumber = 3,  //!< payload: index into the pool's numbers
  kDate = 4,    //!< payload: index into the pool's dates
  kPeriod = 5,  //!< payload: index into the pool's periods
};

inline constexpr ValueId kNullValue = 0;

[[nodiscard]] inline constexpr ValueId MakeValue(ValueTag tag, std::uint32_t payload) {
  return (static_cast<ValueId>(tag) << 32) | payload;
}
[[nodiscard]] inline constexpr ValueTag TagOf(ValueId value) {
  return static_cast<ValueTag>(value >> 32);
}
[[nodiscard]] inline constexpr std::uint32_t PayloadOf(ValueId value) {
  return static_cast<std::uint32_t>(value & 0xFFFFFFFFu);
}

class ValuePool {
 public:
  explicit ValuePool(const engine::Store& store) : store_(store) {}

  [[nodiscard]] static ValueId Entity(engine::EntityId entity) {
    return MakeValue(ValueTag::kEntity, entity);
  }
  //! Strings equal after Store::NormalizeName share one id. The display text is
  //! the store's spelling when the store has one, else the first seen.
  ValueId String(std::string_view text, bool from_store = false);
  ValueId StoreString(std::uint32_t store_string_id);
  ValueId Number(double number);
  ValueId Date(const VagueDate& date);
  ValueId OfPeriod(const Period& period);
  //! An attribute cell of a stored fact.
  ValueId Attribute(const engine::AttrValue& value);

  //! Forgets every value (ids given before mean nothing after) but keeps the
  //! memory, for an evaluator that runs again.
  void Clear();
  //! Bytes the pool holds, for deciding whether it is worth keeping.
  [[nodiscard]] std::size_t CapacityBytes() const;

  [[nodiscard]] const std::string& StringText(ValueId value) const {
    return strings_[PayloadOf(value)];
  }
  [[nodiscard]] double NumberOf(ValueId value) const { return numbers_[PayloadOf(value)]; }
  [[nodiscard]] const VagueDate& DateOf(ValueId value) const { return dates_[PayloadOf(value)]; }
  [[nodiscard]] const Period& PeriodOf(ValueId value) const { return periods_[PayloadOf(value)]; }

  //! The cell as the public API shows it.
  [[nodiscard]] Value ToValue(ValueId value) const;
  //! Short text for explanations and messages ("Communist Party of Bukhara", 1921-06).
  [[nodiscard]] std::string ToText(ValueId value) const;
  //! Total order used to sort answers: by kind, then names alphabetically,
  //! numbers numerically, dates and periods chronologically.
  [[nodiscard]] int Compare(ValueId a, ValueId b) const;

  [[nodiscard]] const engine::Store& store() const { return store_; }

 private:
  void GrowPeriodSlots();
  struct DateKey {
    Day lo, hi;
    DateForm form;
    friend bool operator==(const DateKey&, const DateKey&) = default;
  };
  struct DateKeyHash {
    std::size_t operator()(const DateKey& k) const;
  };

  const engine::Store& store_;
  std::vector<std::string> strings_;
  std::vector<bool> string_from_store_;
  std::unordered_map<std::string, std::uint32_t> string_ids_;  // by normalised text
  std::unordered_map<std::uint32_t, ValueId> store_strings_;
  std::vector<double> numbers_;
  std::unordered_map<double, std::uint32_t> number_ids_;
  std::vector<VagueDate> dates_;
  std::unordered_map<DateKey, std::uint32_t, DateKeyHash> date_ids_;
  // Periods come one per fact bound with @ T: an open-addressing table over
  // periods_ (no allocation per insert) keeps interning cheap.
  std::vector<Period> periods_;
  std::vector<std::uint32_t> period_slots_;
};

//! Chronological order of vague dates: by earliest day, then latest day.
[[nodiscard]] int CompareDates(const VagueDate& a, const VagueDate& b);
//! Chronological order of periods: by start, then end.
[[nodiscard]] int ComparePeriods(const Period& a, const Period& b);

}  // namespace annals::query
