// A run's time-out. Reading the clock at every step of work would cost more
// than most steps, so it is read once every 1024.
#pragma once

#include <annals/error.hpp>

#include <chrono>
#include <cstddef>
#include <string>

namespace annals::query {

class RunClock {
 public:
  //! Starts a run; a zero time-out means none.
  void Start(std::chrono::milliseconds timeout) {
    timeout_ = timeout;
    ticks_ = 0;
    if (timeout.count() > 0) deadline_ = std::chrono::steady_clock::now() + timeout;
  }

  //! One step of work. Throws Error(kLimit) once the time-out has passed.
  void Tick() {
    if ((++ticks_ & 0x3FFu) != 0 || timeout_.count() <= 0) return;
    if (std::chrono::steady_clock::now() > deadline_) {
      throw Error(ErrorCode::kLimit, "the query ran longer than its time-out of " +
                                         std::to_string(timeout_.count()) +
                                         " ms; narrow it or raise the time-out");
    }
  }

 private:
  std::chrono::milliseconds timeout_{0};
  std::size_t ticks_ = 0;
  std::chrono::steady_clock::time_point deadline_;
};

}  // namespace annals::query
