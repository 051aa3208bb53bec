// The run clock alone: an interrupt after a run started ends it at the next
// check (every 1024th tick), and one before it started does not.
#include "query/run_clock.hpp"

#include <annals/error.hpp>

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>

namespace annals::query {
namespace {

constexpr int kTicksPerCheck = 1024;

// Ticks until the clock throws, at most `ticks` times: the code it threw.
std::optional<ErrorCode> TickUntilThrown(RunClock& clock, int ticks, int* ticked) {
  *ticked = 0;
  try {
    for (; *ticked < ticks; ++*ticked) clock.Tick();
  } catch (const Error& error) {
    ++*ticked;  // the tick that threw
    return error.code();
  }
  return std::nullopt;
}

TEST_CASE("run clock: an interrupt during a run ends it at the next check", "[query][run_clock]") {
  std::atomic<std::uint32_t> interrupts{0};
  RunClock clock;
  clock.Start(std::chrono::milliseconds(0), interrupts, interrupts.load());
  interrupts.fetch_add(1);
  int ticked = 0;
  const std::optional<ErrorCode> thrown = TickUntilThrown(clock, 4 * kTicksPerCheck, &ticked);
  REQUIRE(thrown.has_value());
  CHECK(*thrown == ErrorCode::kInterrupted);
  CHECK(ticked == kTicksPerCheck);
}

TEST_CASE("run clock: an interrupt before the run started does not end it", "[query][run_clock]") {
  std::atomic<std::uint32_t> interrupts{0};
  interrupts.fetch_add(1);
  RunClock clock;
  clock.Start(std::chrono::milliseconds(0), interrupts, interrupts.load());
  int ticked = 0;
  CHECK_FALSE(TickUntilThrown(clock, 4 * kTicksPerCheck, &ticked).has_value());

  // The next run compares with the count at its own start.
  clock.Start(std::chrono::milliseconds(0), interrupts, interrupts.load());
  interrupts.fetch_add(1);
  const std::optional<ErrorCode> thrown = TickUntilThrown(clock, 4 * kTicksPerCheck, &ticked);
  REQUIRE(thrown.has_value());
  CHECK(*thrown == ErrorCode::kInterrupted);
}

TEST_CASE("run clock: the count seen when the call began is what counts", "[query][run_clock]") {
  // An interrupt between the caller's call and the run's Start (while it
  // waited for the lock, or was parsed) reaches the run.
  std::atomic<std::uint32_t> interrupts{0};
  const std::uint32_t seen_when_called = interrupts.load();
  interrupts.fetch_add(1);
  RunClock clock;
  clock.Start(std::chrono::milliseconds(0), interrupts, seen_when_called);
  int ticked = 0;
  const std::optional<ErrorCode> thrown = TickUntilThrown(clock, 4 * kTicksPerCheck, &ticked);
  REQUIRE(thrown.has_value());
  CHECK(*thrown == ErrorCode::kInterrupted);
}

TEST_CASE("run clock: an interrupt ends a run that has a time-out too", "[query][run_clock]") {
  std::atomic<std::uint32_t> interrupts{0};
  RunClock clock;
  clock.Start(std::chrono::hours(1), interrupts, interrupts.load());
  interrupts.fetch_add(1);
  int ticked = 0;
  const std::optional<ErrorCode> thrown = TickUntilThrown(clock, 4 * kTicksPerCheck, &ticked);
  REQUIRE(thrown.has_value());
  CHECK(*thrown == ErrorCode::kInterrupted);
}

}  // namespace
}  // namespace annals::query
