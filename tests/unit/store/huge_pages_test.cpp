// Large arrays ask the kernel for huge pages before they are touched: a
// column on the heap, as a snapshot read into memory always did (a store
// loaded from text must not probe its columns through 4 KiB pages), and the
// per-query arrays of the evaluator and of an answer (a closure's tens of MB
// must not come 4 KiB at a fault). Where the advice came too late (heap
// memory touched before), Finalize moves the store's columns onto huge
// pages after building them.
#include "engine/store/huge_pages.hpp"

#include "engine/store/column.hpp"
#include "engine/store/growing_array.hpp"
#include "engine/store/store.hpp"
#include "engine/store/store_impl.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "tests/unit/store/vm_flags.hpp"

#if defined(__linux__)
#include <sys/mman.h>
#endif
#if defined(__GLIBC__)
#include <malloc.h>
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

//! Whether every whole huge page inside [data, data + bytes) is on a
//! transparent huge page; nullopt where frames cannot be read.
std::optional<bool> InteriorOnHugePages(const void* data, std::size_t bytes) {
  const auto* begin = static_cast<const char*>(InteriorHugePage(data));
  const auto* end = static_cast<const char*>(data) + bytes;
  for (const char* page = begin; page + kHugePageBytes <= end; page += kHugePageBytes) {
    const std::optional<bool> huge = OnTransparentHugePage(page);
    if (!huge || !*huge) return huge;
  }
  return true;
}

TEST_CASE("An array written on small pages moves onto huge pages when collapsed",
          "[engine][memory]") {
  if (!KernelCanCollapse()) {
    WARN("this kernel cannot collapse memory onto huge pages (Linux 6.1 on, THP not 'never')");
    return;
  }
  constexpr std::size_t kBytes = std::size_t{12} << 20;
  void* fresh = mmap(nullptr, kBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  REQUIRE(fresh != MAP_FAILED);
  // Small pages for certain while written, whatever the system's setting;
  // then allowed huge pages again, as the store's heap memory is.
  REQUIRE(madvise(fresh, kBytes, MADV_NOHUGEPAGE) == 0);
  auto* words = static_cast<std::uint64_t*>(fresh);
  const std::size_t count = kBytes / sizeof(std::uint64_t);
  for (std::size_t i = 0; i < count; ++i) words[i] = i * 7 + 1;
  REQUIRE(AnonHugeBytesAt(fresh) == 0);
  REQUIRE(madvise(fresh, kBytes, MADV_HUGEPAGE) == 0);

  // Huge pages 0 to 4 from the first boundary all lie in the mapping.
  const char* base = static_cast<const char*>(InteriorHugePage(fresh));
  constexpr std::size_t kKiB = 1024;
  SECTION("every huge page the array touches, its ends' too") {
    // 2.4 MiB that start in huge page 0 and end in page 1: no page whole.
    const std::size_t collapsed = CollapseIntoHugePages(base + 300 * kKiB, 2400 * kKiB);
    CHECK(collapsed == 2 * kHugePageBytes);
    CHECK(AnonHugeBytesAt(fresh) == collapsed);
    CHECK(OnTransparentHugePage(base).value_or(true));
    CHECK(OnTransparentHugePage(base + kHugePageBytes + 2000 * kKiB).value_or(true));
  }
  SECTION("but not an array too small to be worth the pages around it") {
    CHECK(CollapseIntoHugePages(base + 4 * kHugePageBytes, kCollapseFrom - 1) == 0);
    CHECK(AnonHugeBytesAt(fresh) == 0);
  }
  std::size_t wrong = 0;
  for (std::size_t i = 0; i < count; ++i) wrong += words[i] != i * 7 + 1 ? 1 : 0;
  CHECK(wrong == 0);
  munmap(fresh, kBytes);
}

TEST_CASE("Finalize moves columns built in reused heap memory onto huge pages", "[engine][store]") {
  if (!KernelCanCollapse()) {
    WARN("this kernel cannot collapse memory onto huge pages (Linux 6.1 on, THP not 'never')");
    return;
  }
#if defined(__GLIBC__)
  // What a long load leaves behind: blocks up to tens of MB come from heap
  // memory that freed blocks touched, where advice comes too late. Here the
  // heap serves every block (up to glibc's largest threshold, 32 MiB), and
  // 90 MB of it are touched and freed first. (A sanitizer's allocator
  // ignores mallopt; it maps large blocks afresh, and the check still holds.)
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
  {
    std::vector<std::vector<char>> earlier;
    for (int i = 0; i < 3; ++i) earlier.emplace_back(std::size_t{30} << 20, 1);
    CHECK(earlier.back()[12345] == 1);
  }
#endif
  Store store;
  const RelationId leads = store.InternRelation("leads");
  const FileId file = store.InternFile("leaders.tsv");
  constexpr std::uint32_t kFacts = 400'000;  // fact_days: 4.8 MB, two whole huge pages at least
  for (std::uint32_t i = 0; i < kFacts; ++i) {
    const EntityId person = store.InternEntity("Person " + std::to_string(i));
    const EntityId org = store.InternEntity("Org " + std::to_string(i % 1000));
    const auto start = static_cast<Day>(i % 50'000);
    store.AddFact(leads, person, org,
                  Period{VagueDate{start, start}, VagueDate{start + 9, start + 9}},
                  SourceRef{file, i + 1});
  }
  store.Finalize();
#if defined(__GLIBC__)
  mallopt(M_MMAP_THRESHOLD, 128 << 10);  // glibc's defaults
  mallopt(M_TRIM_THRESHOLD, 128 << 10);
#endif

  const Store::Impl& impl = store.Internals();
  const std::optional<bool> days =
      InteriorOnHugePages(impl.fact_days.data(), impl.fact_days.size() * sizeof(PackedDays));
  const std::optional<bool> names =
      InteriorOnHugePages(impl.name_slots.data(), impl.name_slots.size() * sizeof(NameRef));
  if (!days || !names) {
    WARN("this process may not read page frames (CAP_SYS_ADMIN): nothing to check");
    return;
  }
  CHECK(*days);
  CHECK(*names);
  const FactView fact = store.Fact(kFacts - 1);
  CHECK(store.EntityName(fact.subject) == "Person " + std::to_string(kFacts - 1));
  CHECK(fact.source.line == kFacts);
}
#endif

}  // namespace
}  // namespace annals::engine
