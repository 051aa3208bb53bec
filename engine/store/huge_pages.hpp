// Transparent huge pages for large, freshly allocated arrays: the store's
// columns and a query's large answers.
//
// Large columns and the name table are hundreds of MB: with 4 KiB pages,
// faulting them in and missing the TLB on random probes cost a visible part
// of loading and opening. An answer of tens of MB (a closure's rows and
// their sources) is fresh memory on every run: its 4 KiB faults were half
// of the closure's time. Where the kernel gives huge pages on request
// (transparent_hugepage = madvise), ask before the first touch; where the
// memory was touched before the asking (reused heap), collapse it once built.
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

//! A transparent huge page: 2 MiB on x86-64, and on arm64 with 4 KiB pages.
inline constexpr std::size_t kHugePageBytes = std::size_t{2} << 20;

//! A hint for [data, data + bytes), memory the caller owns and has not yet
//! touched; only the 2 MiB-aligned interior is advised, and failure changes
//! nothing.
inline void AdviseHugePages([[maybe_unused]] void* data, [[maybe_unused]] std::size_t bytes) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  constexpr std::uintptr_t kHuge = kHugePageBytes;
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

//! Arrays from this size on are worth collapsing (CollapseIntoHugePages):
//! a smaller one would pull in more of its neighbours' memory than its own.
inline constexpr std::size_t kCollapseFrom = std::size_t{512} << 10;

//! Moves [data, data + bytes), memory already written, onto huge pages now
//! (MADV_COLLAPSE, Linux 6.1 on), and returns how many bytes of the 2 MiB
//! pages it touches are on huge pages after. For arrays whose advice came
//! too late: glibc serves a new block from heap pages that a freed block
//! touched, and the kernel gives huge pages only at a first touch.
//!
//! Every 2 MiB page the range touches is collapsed, its ends too: lookups
//! miss as often in a column's first and last MiB as in its middle, and at
//! a million facts half the columns are a few MB. The ends hold other
//! memory of the process; collapsing changes none of its bytes, but gives
//! pages to any it had not touched, hence kCollapseFrom. Where the kernel
//! cannot (no THP, older than 6.1, no free huge page, an end outside the
//! mapping) the memory stays as it was.
inline std::size_t CollapseIntoHugePages([[maybe_unused]] const void* data,
                                         [[maybe_unused]] std::size_t bytes) {
#if defined(__linux__) && (defined(MADV_COLLAPSE) || defined(__x86_64__) || defined(__aarch64__))
#if defined(MADV_COLLAPSE)
  constexpr int kCollapse = MADV_COLLAPSE;
#else
  constexpr int kCollapse = 25;  // its number there, for headers older than the kernel
#endif
  constexpr std::uintptr_t kHuge = kHugePageBytes;
  if (bytes < kCollapseFrom) return 0;
  const auto begin = reinterpret_cast<std::uintptr_t>(data);
  const std::uintptr_t first = begin & ~(kHuge - 1);
  const std::uintptr_t last = (begin + bytes + kHuge - 1) & ~(kHuge - 1);
  // A page at a time: one page the kernel refuses (EINVAL for an end that
  // crosses into another mapping, ENOMEM, EAGAIN) must not stop the others.
  // A page already huge costs a walk; a kernel without MADV_COLLAPSE, an
  // EINVAL per page, a few hundred system calls at 10M facts.
  std::size_t collapsed = 0;
  for (std::uintptr_t page = first; page < last; page += kHuge) {
    if (madvise(reinterpret_cast<void*>(page), kHuge, kCollapse) == 0) collapsed += kHuge;
  }
  return collapsed;
#else
  return 0;
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
