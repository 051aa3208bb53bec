// Transparent huge pages for large, freshly allocated arrays: the store's
// columns and a query's large answers.
//
// Large columns and the name table are hundreds of MB: with 4 KiB pages,
// faulting them in and missing the TLB on random probes cost a visible part
// of loading and opening. An answer of tens of MB (a closure's rows and
// their sources) is fresh memory on every run: its 4 KiB faults were half
// of the closure's time. Where the kernel gives huge pages on request
// (transparent_hugepage = madvise), ask before the first touch.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <vector>
#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace annals::engine {

//! A hint for [data, data + bytes), memory the caller owns and has not yet
//! touched; only the 2 MiB-aligned interior is advised, and failure changes
//! nothing.
inline void AdviseHugePages([[maybe_unused]] void* data, [[maybe_unused]] std::size_t bytes) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  constexpr std::uintptr_t kHuge = std::uintptr_t{2} << 20;
  if (bytes < 2 * kHuge) return;
  const auto begin = reinterpret_cast<std::uintptr_t>(data);
  const std::uintptr_t first = (begin + kHuge - 1) & ~(kHuge - 1);
  const std::uintptr_t last = (begin + bytes) & ~(kHuge - 1);
  if (last > first) madvise(reinterpret_cast<void*>(first), last - first, MADV_HUGEPAGE);
#endif
}

//! The same hint for a whole mapping the caller made itself (mmap), not
//! yet touched: all of it, not only its interior, because advice on a part
//! splits the mapping into several that mremap cannot grow as one. mremap
//! keeps the advice.
inline void AdviseHugePagesOnMapping([[maybe_unused]] void* mapping,
                                     [[maybe_unused]] std::size_t bytes) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  madvise(mapping, bytes, MADV_HUGEPAGE);
#endif
}

//! Grows `array` to room for at least `needed` elements (twice its capacity
//! when that is more), moving its elements into a block that was advised
//! huge pages before they moved in: a vector's own reserve would copy them
//! first and leave only the untouched rest to be advised. Leaves `array` as
//! it was when the allocation throws.
template <class T>
void GrowIntoHugePages(std::vector<T>& array, std::size_t needed) {
  if (needed <= array.capacity()) return;
  const std::size_t capacity = std::max(needed, 2 * array.capacity());
  std::vector<T> grown;
  grown.reserve(capacity);
  AdviseHugePages(grown.data(), capacity * sizeof(T));
  grown.insert(grown.end(), std::make_move_iterator(array.begin()),
               std::make_move_iterator(array.end()));
  array.swap(grown);
}

}  // namespace annals::engine
