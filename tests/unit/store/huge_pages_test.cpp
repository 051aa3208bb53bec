// Large arrays ask the kernel for huge pages before they are touched: a
// column on the heap, as a snapshot read into memory always did (a store
// loaded from text must not probe its columns through 4 KiB pages), and the
// evaluator's per-query arrays (a closure's tens of MB must not come 4 KiB
// at a fault).
#include "engine/store/column.hpp"
#include "engine/store/growing_array.hpp"

#include <catch2/catch.hpp>

#include <cstdint>

#include "tests/unit/store/vm_flags.hpp"

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace annals::engine {
namespace {

#if defined(__linux__)
TEST_CASE("A large heap column is advised for huge pages", "[engine][store]") {
  if (!KernelHasTransparentHugePages()) {
    WARN("this kernel has no transparent huge pages: nothing to advise");
    return;
  }
  Column<std::uint32_t> column;
  column.resize(std::size_t{4} << 20);  // 16 MiB
  CHECK(AdvisedHuge(InteriorHugePage(column.data())));

  SECTION("and stays advised when it grows into new memory") {
    column.resize(column.capacity() + 1);
    CHECK(AdvisedHuge(InteriorHugePage(column.data())));
  }
}

TEST_CASE("A large GrowingArray keeps growing in memory advised for huge pages",
          "[engine][memory]") {
  // 64 MiB: past the size where the array maps a block of its own, then
  // grown (remapped) several times after the advice.
  GrowingArray<std::uint64_t> array;
  constexpr std::uint64_t kCount = std::uint64_t{8} << 20;
  for (std::uint64_t i = 0; i < kCount; ++i) array.push_back(i * 3);
  REQUIRE(array.size() == kCount);
  std::uint64_t wrong = 0;
  for (std::uint64_t i = 0; i < kCount; ++i) wrong += array[i] != i * 3 ? 1 : 0;
  CHECK(wrong == 0);
#if defined(ANNALS_GROWING_ARRAY_MAPS)
  if (KernelHasTransparentHugePages()) CHECK(AdvisedHuge(InteriorHugePage(array.data())));
#endif

  SECTION("and a copy of it, and the copy's growth, keep the elements") {
    GrowingArray<std::uint64_t> copy(array);
    copy.push_back(7);
    REQUIRE(copy.size() == kCount + 1);
    CHECK(copy[kCount / 2] == kCount / 2 * 3);
    CHECK(copy.back() == 7);
  }
}

TEST_CASE("Memory nobody advised does not read as advised", "[engine][store]") {
  // The check above must be able to fail. Fresh mapped memory, not the heap,
  // whose pages an earlier column may have advised.
  if (!KernelHasTransparentHugePages()) return;
  constexpr std::size_t kBytes = std::size_t{8} << 20;
  void* fresh = mmap(nullptr, kBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  REQUIRE(fresh != MAP_FAILED);
  CHECK_FALSE(AdvisedHuge(InteriorHugePage(fresh)));
  AdviseHugePages(fresh, kBytes);
  CHECK(AdvisedHuge(InteriorHugePage(fresh)));
  munmap(fresh, kBytes);
}
#endif

}  // namespace
}  // namespace annals::engine
