// What the process holds in memory, from /proc/self/status, for the
// bytes-per-fact figures of the benchmarks.
#pragma once

#include <cstddef>

namespace annals::bench {

//! Resident set size now (VmRSS), in bytes; 0 where /proc is unavailable.
[[nodiscard]] std::size_t CurrentRssBytes();
//! Peak resident set size (VmHWM), in bytes; 0 where /proc is unavailable.
[[nodiscard]] std::size_t PeakRssBytes();
//! Resets the peak to the current RSS (Linux >= 4.0, /proc/self/clear_refs),
//! so that one phase's peak can be measured; false when not supported.
bool ResetPeakRss();

}  // namespace annals::bench
