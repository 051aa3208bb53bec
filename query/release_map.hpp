// Emptying a hash map that an evaluator keeps from run to run.
#pragma once

namespace annals::query {

//! Empties `map` by replacing it, not clearing it: unordered_map::clear zeroes
//! every bucket, even of an empty map, so a map a batch once grew would cost
//! a large memset at every later run. A map that was not used costs nothing
//! either way.
template <typename Map>
void ReleaseMap(Map& map) {
  if (!map.empty()) map = Map();
}

}  // namespace annals::query
