// What the kernel records about the mapping and the page holding an address,
// read from /proc: for tests of memory that asks for huge pages.
#pragma once

#if defined(__linux__)

#include "engine/store/huge_pages.hpp"

#include <cstddef>
#include <cstdint>
#include <fcntl.h>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <sys/utsname.h>
#include <unistd.h>

namespace annals::engine {

inline bool KernelHasTransparentHugePages() {
  return std::ifstream("/sys/kernel/mm/transparent_hugepage/enabled").good();
}

//! Whether madvise(MADV_COLLAPSE) should work here: Linux 6.1 or later, with
//! transparent huge pages not switched off.
inline bool KernelCanCollapse() {
  std::string enabled;
  std::getline(std::ifstream("/sys/kernel/mm/transparent_hugepage/enabled"), enabled);
  if (enabled.empty() || enabled.find("[never]") != std::string::npos) return false;
  utsname name{};
  if (uname(&name) != 0) return false;
  int major = 0;
  int minor = 0;
  char dot = 0;
  std::istringstream release(name.release);
  release >> major >> dot >> minor;
  return major > 6 || (major == 6 && minor >= 1);
}

//! The line starting with `field` of the mapping holding `address`, from
//! /proc/self/smaps; empty when there is none.
inline std::string SmapsLineAt(const void* address, const std::string& field) {
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
    if (inside && line.rfind(field, 0) == 0) return line;
  }
  return {};
}

//! The VmFlags of the mapping holding `address`.
inline std::string VmFlagsAt(const void* address) { return SmapsLineAt(address, "VmFlags:"); }

//! The bytes of the mapping holding `address` that lie on transparent huge
//! pages ("AnonHugePages: N kB").
inline std::size_t AnonHugeBytesAt(const void* address) {
  std::istringstream fields(SmapsLineAt(address, "AnonHugePages:"));
  std::string name;
  std::size_t kib = 0;
  fields >> name >> kib;
  return kib << 10;
}

//! The 8-byte entry at `index` of a /proc table of pages or frames; read
//! with pread because those files refuse reads that are not whole entries,
//! as a buffered stream's are.
inline std::optional<std::uint64_t> ProcEntry(const char* path, std::uint64_t index) {
  const int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  std::uint64_t entry = 0;
  const ssize_t got = pread(fd, &entry, sizeof entry, static_cast<off_t>(index * sizeof entry));
  close(fd);
  if (got != static_cast<ssize_t>(sizeof entry)) return std::nullopt;
  return entry;
}

//! Whether the page holding `address` is part of a transparent huge page:
//! its frame number from /proc/self/pagemap, that frame's KPF_THP flag from
//! /proc/kpageflags. nullopt where this process may not read frame numbers
//! (they need CAP_SYS_ADMIN) or the page is not in memory.
inline std::optional<bool> OnTransparentHugePage(const void* address) {
  constexpr std::uint64_t kPresent = std::uint64_t{1} << 63;
  constexpr std::uint64_t kFrameMask = (std::uint64_t{1} << 55) - 1;
  constexpr unsigned kThpFlag = 22;  // KPF_THP
  // pagemap has an entry per base page, which is not 4 KiB everywhere.
  const auto page_bytes = static_cast<std::uintptr_t>(sysconf(_SC_PAGESIZE));
  const auto page = reinterpret_cast<std::uintptr_t>(address) / page_bytes;
  const std::optional<std::uint64_t> entry = ProcEntry("/proc/self/pagemap", page);
  if (!entry || (*entry & kPresent) == 0 || (*entry & kFrameMask) == 0) return std::nullopt;
  const std::optional<std::uint64_t> flags = ProcEntry("/proc/kpageflags", *entry & kFrameMask);
  if (!flags) return std::nullopt;
  return (*flags >> kThpFlag & 1) != 0;
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
  constexpr std::uintptr_t kHuge = kHugePageBytes;
  const auto begin = reinterpret_cast<std::uintptr_t>(data);
  return reinterpret_cast<const void*>((begin + kHuge - 1) & ~(kHuge - 1));
}

}  // namespace annals::engine

#endif
