// The ISO 8601 / EDTF text of days and vague dates, written into a buffer on
// the stack. Rendering an answer writes two of them per row (its validity's
// ends), and building each from std::string parts, as before 0.3.18, cost
// more than the point lookup that found the row.
#pragma once

#include <annals/time.hpp>

#include <array>
#include <cstddef>
#include <string_view>

namespace annals::engine {

//! Text of at most kCapacity characters; view() is valid while it lives.
class IsoText {
 public:
  //! "[" + two days + ".." + "]", each day as long as the widest Day allows
  //! ("-5877641-06-23": 14 characters).
  static constexpr std::size_t kCapacity = 40;

  [[nodiscard]] std::string_view view() const { return {chars_.data(), size_}; }

  void Append(std::string_view text);
  void Append(char c) { chars_[size_++] = c; }
  //! The year as ISO writes it: at least four digits, "-" before the
  //! negative ones ("1921", "0800", "-0044").
  void AppendYear(long long year);
  //! "1921-06-15".
  void AppendDay(Day day);

 private:
  std::array<char, kCapacity> chars_{};
  std::size_t size_ = 0;
};

//! "1921-06-15".
[[nodiscard]] IsoText IsoOfDay(Day day);
//! The vague date at the precision it was written in ("1921-06", "1921-38",
//! "[1921-03-01..1921-04-15]", "" for an open end, "?" for an unknown one):
//! what VagueDate::ToIso returns.
[[nodiscard]] IsoText IsoOfDate(const VagueDate& date);

}  // namespace annals::engine
