// What the kernel records about the mapping holding an address, read from
// /proc/self/smaps: for tests of memory that asks for huge pages.
#pragma once

#if defined(__linux__)

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>

namespace annals::engine {

inline bool KernelHasTransparentHugePages() {
  return std::ifstream("/sys/kernel/mm/transparent_hugepage/enabled").good();
}

//! The VmFlags of the mapping holding `address`, from /proc/self/smaps.
inline std::string VmFlagsAt(const void* address) {
  const auto at = reinterpret_cast<std::uintptr_t>(address);
  std::ifstream smaps("/proc/self/smaps");
  std::string line;
  bool inside = false;
  while (std::getline(smaps, line)) {
    std::uintptr_t begin = 0;
    std::uintptr_t end = 0;
    char dash = 0;
    std::istringstream range(line);
    // A mapping's first line starts "begin-end " in hex; its fields do not.
    if (range >> std::hex >> begin >> dash >> end && dash == '-') {
      inside = begin <= at && at < end;
      continue;
    }
    if (inside && line.rfind("VmFlags:", 0) == 0) return line;
  }
  return {};
}

//! madvise(MADV_HUGEPAGE) shows as "hg" among the mapping's VmFlags.
inline bool AdvisedHuge(const void* address) {
  std::istringstream flags(VmFlagsAt(address));
  std::string flag;
  while (flags >> flag) {
    if (flag == "hg") return true;
  }
  return false;
}

//! The first 2 MiB boundary at or after `data`.
inline const void* InteriorHugePage(const void* data) {
  constexpr std::uintptr_t kHuge = std::uintptr_t{2} << 20;
  const auto begin = reinterpret_cast<std::uintptr_t>(data);
  return reinterpret_cast<const void*>((begin + kHuge - 1) & ~(kHuge - 1));
}

}  // namespace annals::engine

#endif
