// GrowingArray: the elements survive every way it grows, shrinks and moves.
#include "engine/store/growing_array.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <numeric>
#include <vector>

namespace annals::engine {
namespace {

struct Triple {
  std::uint32_t a;
  std::uint64_t b;
  std::uint8_t c;
  friend bool operator==(const Triple&, const Triple&) = default;
};

Triple TripleAt(std::uint32_t i) {
  return Triple{i, std::uint64_t{i} * 7919, static_cast<std::uint8_t>(i)};
}

template <class T>
std::vector<T> Elements(const GrowingArray<T>& array) {
  return std::vector<T>(array.begin(), array.end());
}

TEST_CASE("GrowingArray keeps its elements through many reallocations", "[engine][memory]") {
  GrowingArray<Triple> array;
  std::vector<Triple> expected;
  // 4.8 MB: past glibc's threshold for mapping a block of its own (128 KiB),
  // where realloc remaps pages rather than copying, and past the array's
  // own (4 MiB), where it moves from malloc's block into a mapping.
  for (std::uint32_t i = 0; i < 200'000; ++i) {
    array.push_back(TripleAt(i));
    expected.push_back(TripleAt(i));
  }
  CHECK(array.size() == expected.size());
  CHECK(array.capacity() >= array.size());
  CHECK(Elements(array) == expected);
  CHECK(array.back() == expected.back());
}

TEST_CASE("GrowingArray pushes a copy of its own element while growing", "[engine][memory]") {
  GrowingArray<std::uint64_t> array;
  array.push_back(42);
  for (int i = 0; i < 14; ++i) {  // 14 doublings: past 128 KiB
    while (array.size() < array.capacity()) array.push_back(array[array.size() - 1] + 1);
    array.push_back(array[0]);  // the next push reallocates, and reads element 0
  }
  std::size_t repeats = 0;
  for (std::size_t i = 0; i < array.size(); ++i) repeats += array[i] == 42 ? 1 : 0;
  CHECK(repeats == 15);
}

TEST_CASE("GrowingArray appends, resizes and erases like a vector", "[engine][memory]") {
  GrowingArray<std::uint32_t> array;
  std::vector<std::uint32_t> expected(1000);
  std::iota(expected.begin(), expected.end(), 0u);
  array.Append(expected.data(), expected.data() + expected.size());
  CHECK(Elements(array) == expected);

  array.resize(1500, 7);
  expected.resize(1500, 7);
  CHECK(Elements(array) == expected);
  array.resize(10);
  expected.resize(10);
  CHECK(Elements(array) == expected);
  array.resize(12);  // value-initialised, as the space beyond was written before
  expected.resize(12);
  CHECK(Elements(array) == expected);

  array.erase(array.begin() + 2, array.begin() + 5);
  expected.erase(expected.begin() + 2, expected.begin() + 5);
  CHECK(Elements(array) == expected);
  array.erase(array.begin() + 4, array.end());
  expected.erase(expected.begin() + 4, expected.end());
  CHECK(Elements(array) == expected);

  GrowingArray<std::uint32_t> never_grown;  // no memory at all: erasing nothing is fine
  never_grown.erase(never_grown.begin(), never_grown.end());
  CHECK(never_grown.empty());

  const std::size_t capacity = array.capacity();
  array.clear();
  CHECK(array.empty());
  CHECK(array.capacity() == capacity);
  array.Append(expected.data(), expected.data());  // nothing
  CHECK(array.empty());
}

TEST_CASE("GrowingArray appends a range of its own while growing", "[engine][memory]") {
  GrowingArray<std::uint32_t> array;
  std::vector<std::uint32_t> expected;
  for (std::uint32_t i = 0; i < 5; ++i) {
    array.push_back(i);
    expected.push_back(i);
  }
  for (int round = 0; round < 12; ++round) {
    // The whole array appended to itself: always past its capacity at some point.
    // (Under AddressSanitizer realloc always moves: reading the old block fails.)
    array.Append(array.begin(), array.end());
    const std::vector<std::uint32_t> before = expected;
    expected.insert(expected.end(), before.begin(), before.end());
    CHECK(Elements(array) == expected);
  }
}

TEST_CASE("GrowingArray copies, moves and swaps", "[engine][memory]") {
  GrowingArray<std::uint32_t> first;
  for (std::uint32_t i = 0; i < 100; ++i) first.push_back(i);
  GrowingArray<std::uint32_t> copy(first);
  copy[0] = 99;
  CHECK(first[0] == 0);
  CHECK(copy.size() == 100);

  GrowingArray<std::uint32_t> moved(std::move(copy));
  CHECK(moved.size() == 100);
  CHECK(moved[0] == 99);

  GrowingArray<std::uint32_t> other;
  other.push_back(5);
  other.swap(moved);
  CHECK(other.size() == 100);
  CHECK(moved.size() == 1);
  CHECK(moved[0] == 5);

  moved = first;
  CHECK(Elements(moved) == Elements(first));
  first = GrowingArray<std::uint32_t>();
  CHECK(first.empty());
  CHECK(moved.size() == 100);
}

TEST_CASE("GrowingArray refuses a size whose bytes overflow", "[engine][memory]") {
  GrowingArray<std::uint64_t> array;
  CHECK_THROWS_AS(array.reserve(SIZE_MAX / 4), std::bad_alloc);
  CHECK(array.empty());
}

}  // namespace
}  // namespace annals::engine
