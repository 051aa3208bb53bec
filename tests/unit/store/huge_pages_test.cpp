// A large column on the heap asks the kernel for huge pages before it is
// touched, as a snapshot read into memory always did: a store loaded from
// text must not probe its columns through 4 KiB pages.
#include "engine/store/column.hpp"

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
