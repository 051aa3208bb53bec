#include "process_memory.hpp"

#include <cstdio>
#include <cstring>

namespace annals::bench {
namespace {

std::size_t StatusKilobytes(const char* key) {
  std::FILE* status = std::fopen("/proc/self/status", "r");
  if (status == nullptr) return 0;
  char line[256];
  std::size_t kilobytes = 0;
  const std::size_t key_length = std::strlen(key);
  while (std::fgets(line, sizeof line, status) != nullptr) {
    if (std::strncmp(line, key, key_length) == 0 && line[key_length] == ':') {
      unsigned long long value = 0;
      if (std::sscanf(line + key_length + 1, "%llu", &value) == 1) kilobytes = value;
      break;
    }
  }
  std::fclose(status);
  return kilobytes;
}

}  // namespace

std::size_t CurrentRssBytes() { return StatusKilobytes("VmRSS") * 1024; }
std::size_t PeakRssBytes() { return StatusKilobytes("VmHWM") * 1024; }

bool ResetPeakRss() {
  std::FILE* clear_refs = std::fopen("/proc/self/clear_refs", "w");
  if (clear_refs == nullptr) return false;
  const bool ok = std::fputs("5", clear_refs) >= 0;
  return std::fclose(clear_refs) == 0 && ok;
}

}  // namespace annals::bench
