// Transparent huge pages for large, freshly allocated arrays of the store.
//
// Large columns and the name table are hundreds of MB: with 4 KiB pages,
// faulting them in and missing the TLB on random probes cost a visible part
// of loading and opening. Where the kernel gives huge pages on request
// (transparent_hugepage = madvise), ask before the first touch.
#pragma once

#include <cstddef>
#include <cstdint>
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

}  // namespace annals::engine
