// How many bytes a container holds, for the MemoryBytes and CapacityBytes
// reports of the store and the evaluator: capacity, not size, since that is
// what the allocator gave.
#pragma once

#include "engine/store/growing_array.hpp"

#include <cstddef>
#include <vector>

namespace annals::engine {

template <class T, class Allocator>
[[nodiscard]] std::size_t VectorBytes(const std::vector<T, Allocator>& v) {
  return v.capacity() * sizeof(T);
}

template <class T>
[[nodiscard]] std::size_t VectorBytes(const GrowingArray<T>& v) {
  return v.capacity() * sizeof(T);
}

// Node-based hash maps: a node per element (value, next pointer, cached hash)
// plus the bucket array.
template <class Map>
[[nodiscard]] std::size_t MapBytes(const Map& map) {
  return map.size() * (sizeof(typename Map::value_type) + 2 * sizeof(void*)) +
         map.bucket_count() * sizeof(void*);
}

}  // namespace annals::engine
