// Large arrays ask the kernel for huge pages before they are touched: a
// column on the heap, as a snapshot read into memory always did (a store
// loaded from text must not probe its columns through 4 KiB pages), and the
// per-query arrays of the evaluator and of an answer (a closure's tens of MB
// must not come 4 KiB at a fault).
#include "engine/store/huge_pages.hpp"

#include "engine/store/column.hpp"
#include "engine/store/growing_array.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

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

TEST_CASE("A GrowingArray mapped at a size that is no whole number of huge pages still grows",
          "[engine][memory]") {
  // 5.6 MB: a mapping whose end is not on a 2 MiB boundary. Advice on its
  // aligned interior only would split it, and the next growth (mremap)
  // would fail; a kernel that aligns large mappings to 2 MiB hides that
  // for sizes that are whole huge pages, as doubling from 4 MiB gives.
  GrowingArray<std::uint64_t> array;
  array.reserve(700'001);
  for (std::uint64_t i = 0; i < 2'000'000; ++i) array.push_back(i);
  REQUIRE(array.size() == 2'000'000);
  CHECK(array[700'000] == 700'000);
  CHECK(array.back() == 1'999'999);
}

TEST_CASE("A vector grown for huge pages keeps its elements in advised memory",
          "[engine][memory]") {
  std::vector<std::string> texts;
  for (int i = 0; i < 1000; ++i)
    texts.push_back("a text longer than fits in place, " + std::to_string(i));
  const std::vector<std::string> before = texts;
  GrowIntoHugePages(texts, 200'000);  // 6 MiB of strings
  CHECK(texts == before);
  CHECK(texts.capacity() >= 200'000);
  if (KernelHasTransparentHugePages()) CHECK(AdvisedHuge(InteriorHugePage(texts.data())));

  SECTION("with room enough it stays where it is") {
    const std::string* data = texts.data();
    GrowIntoHugePages(texts, texts.capacity());
    CHECK(texts.data() == data);
  }
  SECTION("past twice its capacity it grows to what is needed") {
    GrowIntoHugePages(texts, 5 * texts.capacity());
    CHECK(texts.capacity() >= 5 * before.size());
    CHECK(texts == before);
  }
  SECTION("when the room cannot be had it is left as it was") {
    CHECK_THROWS_AS(GrowIntoHugePages(texts, texts.max_size() + 1), std::length_error);
    CHECK(texts == before);
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
