// How far apart two words are, for "did you mean" suggestions: entity names
// (counted in code points), relation names and the words of dates (bytes).
#pragma once

#include <algorithm>
#include <cstddef>
#include <string_view>
#include <vector>

namespace annals::engine {

//! Levenshtein distance between `a` and `b`, counted in elements; returns
//! any value > `cutoff` as soon as the distance is known to exceed it.
template <typename Char>
[[nodiscard]] std::size_t BoundedEditDistance(std::basic_string_view<Char> a,
                                              std::basic_string_view<Char> b, std::size_t cutoff) {
  const std::size_t length_gap = a.size() > b.size() ? a.size() - b.size() : b.size() - a.size();
  if (length_gap > cutoff) return cutoff + 1;
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    std::size_t row_min = row[0];
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({above + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
      row_min = std::min(row_min, row[j]);
    }
    if (row_min > cutoff) return cutoff + 1;
  }
  return row[b.size()];
}

}  // namespace annals::engine
