// Columns that adopt a mapped file's bytes: they read as the file, behave as
// ordinary vectors afterwards, and never write to the file.
#include "engine/store/column.hpp"
#include "engine/store/mapped_file.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <cstring>
#include <numeric>
#include <string>
#include <vector>

#include "scratch_dir.hpp"

namespace annals::engine {
namespace {

std::vector<std::uint32_t> Counting(std::size_t count) {
  std::vector<std::uint32_t> values(count);
  std::iota(values.begin(), values.end(), 1000u);
  return values;
}

void WriteValues(const std::string& path, const std::vector<std::uint32_t>& values) {
  WriteAll(path, std::string(reinterpret_cast<const char*>(values.data()),
                             values.size() * sizeof(std::uint32_t)));
}

std::vector<std::uint32_t> ReadValues(const std::string& path) {
  const std::string bytes = ReadAll(path);
  std::vector<std::uint32_t> values(bytes.size() / sizeof(std::uint32_t));
  std::memcpy(values.data(), bytes.data(), values.size() * sizeof(std::uint32_t));
  return values;
}

std::uint32_t* At(const std::shared_ptr<const MappedFile>& file, std::size_t element) {
  return reinterpret_cast<std::uint32_t*>(file->data()) + element;
}

TEST_CASE("A file that cannot be mapped gives no mapping", "[engine][store][snapshot]") {
  ScratchDir dir("annals-column-test");
  CHECK(MappedFile::Map(dir.File("missing")) == nullptr);
  WriteValues(dir.File("empty"), {});
  CHECK(MappedFile::Map(dir.File("empty")) == nullptr);
}

TEST_CASE("An adopted column reads the mapped bytes in place", "[engine][store][snapshot]") {
  ScratchDir dir("annals-column-test");
  const std::string path = dir.File("values");
  const std::vector<std::uint32_t> values = Counting(5000);
  WriteValues(path, values);
  const auto file = MappedFile::Map(path);
#if defined(__unix__) || defined(__APPLE__)
  REQUIRE(file != nullptr);
#else
  if (file == nullptr) return;  // no mmap here: snapshots are read instead
#endif
  REQUIRE(file->size() == values.size() * sizeof(std::uint32_t));

  // Elements 100 .. 4099: a section that starts inside the file.
  Column<std::uint32_t> column = AdoptColumn(file, At(file, 100), 4000);
  CHECK(column.data() == At(file, 100));
  CHECK(column.size() == 4000);
  CHECK(column.capacity() == 4000);
  CHECK(std::vector<std::uint32_t>(column.begin(), column.end()) ==
        std::vector<std::uint32_t>(values.begin() + 100, values.begin() + 4100));

  SECTION("writes stay in memory") {
    column[0] = 7;
    column[3999] = 9;
    CHECK(column[0] == 7);
    CHECK(*At(file, 100) == 7);  // the mapping is the column
    CHECK(ReadValues(path) == values);
  }
  SECTION("growing moves the column to the heap") {
    column.push_back(42);
    CHECK(column.data() != At(file, 100));
    CHECK(column.size() == 4001);
    CHECK(column[0] == 1100);
    CHECK(column.back() == 42);
    CHECK(ReadValues(path) == values);
  }
  SECTION("a copy is a heap copy, and the original stays adopted") {
    const Column<std::uint32_t> copy = column;
    CHECK(copy.data() != column.data());
    CHECK(copy == column);
    CHECK(copy.get_allocator() == ColumnAllocator<std::uint32_t>());
    CHECK(column.get_allocator() != ColumnAllocator<std::uint32_t>());
  }
  SECTION("moving and swapping carry the mapping with the elements") {
    Column<std::uint32_t> moved = std::move(column);
    CHECK(moved.data() == At(file, 100));
    Column<std::uint32_t> other{1, 2, 3};
    other.swap(moved);
    CHECK(other.data() == At(file, 100));
    CHECK(moved == Column<std::uint32_t>{1, 2, 3});
    other = Column<std::uint32_t>{4, 5};  // gives the mapped elements up
    CHECK(other.size() == 2);
  }
#if defined(__linux__)  // elsewhere MADV_DONTNEED may keep private copies
  SECTION("released pages read the file again") {
    column[0] = 7;  // this page was copied on write; Release drops the copy
    file->Release(0, file->size());
    CHECK(std::vector<std::uint32_t>(column.begin(), column.end()) ==
          std::vector<std::uint32_t>(values.begin() + 100, values.begin() + 4100));
  }
#endif
}

TEST_CASE("An empty adopted column is an ordinary empty vector", "[engine][store][snapshot]") {
  ScratchDir dir("annals-column-test");
  WriteValues(dir.File("one"), {1});
  const auto file = MappedFile::Map(dir.File("one"));
  if (file == nullptr) return;
  const Column<std::uint32_t> column = AdoptColumn(file, At(file, 0), 0);
  CHECK(column.empty());
  CHECK(column.get_allocator() == ColumnAllocator<std::uint32_t>());
}

}  // namespace
}  // namespace annals::engine
