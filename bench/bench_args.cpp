#include "bench_args.hpp"

#include <charconv>

namespace annals::bench {

std::optional<std::uint64_t> ParseCount(std::string_view text) {
  std::uint64_t multiplier = 1;
  if (!text.empty()) {
    const char suffix = text.back();
    if (suffix == 'k' || suffix == 'K') multiplier = 1000;
    if (suffix == 'm' || suffix == 'M') multiplier = 1000000;
    if (multiplier != 1) text.remove_suffix(1);
  }
  std::uint64_t value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  if (value > UINT64_MAX / multiplier) return std::nullopt;
  return value * multiplier;
}

}  // namespace annals::bench
