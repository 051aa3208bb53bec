// What a workload answered, reduced to counts that both engines must agree
// on before any of their times is worth printing.
#pragma once

#include <cstdint>
#include <string>

namespace annals::bench {

struct Answer {
  std::uint64_t rows = 0;
  std::uint64_t certain = 0;   //!< rows that hold certainly (where it applies)
  std::uint64_t possible = 0;  //!< rows that hold only possibly

  Answer& operator+=(const Answer& other) {
    rows += other.rows;
    certain += other.certain;
    possible += other.possible;
    return *this;
  }
  friend bool operator==(const Answer&, const Answer&) = default;

  [[nodiscard]] std::string ToString() const {
    return std::to_string(rows) + " rows (" + std::to_string(certain) + " certain, " +
           std::to_string(possible) + " possible)";
  }
};

}  // namespace annals::bench
