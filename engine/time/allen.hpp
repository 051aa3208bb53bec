// Allen's 13 interval relations over vague periods, each answered as certain
// (holds in every world), possible (in some world) or no. A world picks one
// start and one end day for each period, within its bounds, start <= end.
#pragma once

#include <annals/time.hpp>

#include <cstdint>
#include <optional>
#include <string_view>

namespace annals::engine {

//! Closed day semantics: a period [S, E] covers the days S..E, so "meets" is
//! E1 + 1 == S2 and "before" leaves at least one day between.
enum class AllenRelation : std::uint8_t {
  kBefore,        //!< E1 + 1 <  S2
  kMeets,         //!< E1 + 1 == S2
  kOverlaps,      //!< S1 <  S2 <= E1 < E2
  kStarts,        //!< S1 == S2, E1 < E2
  kDuring,        //!< S2 <  S1, E1 < E2
  kFinishes,      //!< S2 <  S1, E1 == E2
  kEquals,        //!< S1 == S2, E1 == E2
  kAfter,         //!< inverse of before
  kMetBy,         //!< inverse of meets
  kOverlappedBy,  //!< inverse of overlaps
  kStartedBy,     //!< inverse of starts
  kContains,      //!< inverse of during
  kFinishedBy,    //!< inverse of finishes
};

inline constexpr int kAllenRelationCount = 13;

//! "before", "meets", ..., "met_by", "overlapped_by", "started_by", "contains",
//! "finished_by": the snake_case names a query uses.
[[nodiscard]] const char* AllenRelationName(AllenRelation relation);
[[nodiscard]] std::optional<AllenRelation> AllenRelationFromName(std::string_view name);
//! r(a, b) == Inverse(r)(b, a).
[[nodiscard]] AllenRelation Inverse(AllenRelation relation);

//! Whether `relation(a, b)` holds in every world, in some, or in none. O(1).
//! A period with no world at all (only a hand-built, malformed one) gives kNo.
[[nodiscard]] Certainty Allen(AllenRelation relation, const Period& a, const Period& b);

//! Whether a and b share at least one day (S1 <= E2 and S2 <= E1): the union
//! of overlaps, starts, during, finishes, equals and their inverses.
[[nodiscard]] Certainty Intersects(const Period& a, const Period& b);

}  // namespace annals::engine
