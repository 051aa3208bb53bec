// Command-line number parsing shared by the benchmark programs: "20000",
// "100k", "1M", "10M" and the like, with a clear message for anything else.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace annals::bench {

//! A non-negative count with an optional k/K (x1000) or m/M (x1000000) suffix.
[[nodiscard]] std::optional<std::uint64_t> ParseCount(std::string_view text);

}  // namespace annals::bench
