// Brute force for the time-model property tests: a "world" picks a start and
// an end day for a period within its bounds, start <= end. Certain means "in
// every world", possible "in some world".
#pragma once

#include <annals/time.hpp>

#include <algorithm>
#include <random>
#include <vector>

namespace annals::testing {

struct World {
  Day s = 0;
  Day e = 0;
};

inline std::vector<World> Worlds(const Period& p) {
  std::vector<World> worlds;
  for (Day s = p.start.lo; s <= p.start.hi; ++s) {
    for (Day e = std::max(s, p.end.lo); e <= p.end.hi; ++e) worlds.push_back(World{s, e});
  }
  return worlds;
}

//! A period with the given raw bounds, as a hand-built (not Make-tightened) value.
inline Period Box(Day s_lo, Day s_hi, Day e_lo, Day e_hi) {
  return Period{VagueDate{s_lo, s_hi, DateForm::kSpan}, VagueDate{e_lo, e_hi, DateForm::kSpan}};
}

//! Every box with bounds in [0, max_day] that has at least one world.
inline std::vector<Period> AllBoxes(Day max_day) {
  std::vector<Period> boxes;
  for (Day a = 0; a <= max_day; ++a)
    for (Day b = a; b <= max_day; ++b)
      for (Day c = 0; c <= max_day; ++c)
        for (Day d = c; d <= max_day; ++d)
          if (a <= d) boxes.push_back(Box(a, b, c, d));
  return boxes;
}

//! A random feasible box within [0, max_day], each bound range at most `width` wide.
inline Period RandomBox(std::mt19937& rng, Day max_day, Day width) {
  std::uniform_int_distribution<Day> day(0, max_day);
  std::uniform_int_distribution<Day> span(0, width);
  while (true) {
    const Day a = day(rng);
    const Day b = std::min<Day>(max_day, a + span(rng));
    const Day c = day(rng);
    const Day d = std::min<Day>(max_day, c + span(rng));
    if (a <= d) return Box(a, b, c, d);
  }
}

inline Certainty Grade(bool all, bool any) {
  if (all) return Certainty::kCertain;
  return any ? Certainty::kPossible : Certainty::kNo;
}

}  // namespace annals::testing
