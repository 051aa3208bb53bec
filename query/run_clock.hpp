// A run's time-out and interruption. Reading the clock (or the interrupt
// count) at every step of work would cost more than most steps, so it is
// read once every 1024.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>

namespace annals::query {

class RunClock {
 public:
  //! Starts a run; a zero time-out means none. The run is interrupted once
  //! `interrupts` (engine::Store::InterruptCount) differs from
  //! `interrupts_seen`, its value when the caller's call began: an interrupt
  //! between that and this Start still reaches the run.
  void Start(std::chrono::milliseconds timeout, const std::atomic<std::uint32_t>& interrupts,
             std::uint32_t interrupts_seen) {
    timeout_ = timeout;
    ticks_ = 0;
    interrupts_ = &interrupts;
    interrupts_seen_ = interrupts_seen;
    if (timeout.count() > 0) deadline_ = std::chrono::steady_clock::now() + timeout;
  }

  //! One step of work. Throws Error(kInterrupted) once the run was
  //! interrupted, Error(kLimit) once the time-out has passed.
  void Tick() {
    if ((++ticks_ & 0x3FFu) != 0) return;
    Check();
  }

 private:
  // Out of line: Tick is inlined into the hottest loops, and only its first
  // test belongs there.
  void Check() const;

  std::chrono::milliseconds timeout_{0};
  std::size_t ticks_ = 0;
  std::chrono::steady_clock::time_point deadline_;
  const std::atomic<std::uint32_t>* interrupts_ = nullptr;  // none before the first Start
  std::uint32_t interrupts_seen_ = 0;
};

}  // namespace annals::query
