// An array of trivially copyable elements that grows without copying.
//
// Why not std::vector: a vector grows by allocating a block twice the size,
// copying into it and freeing the old one, so an array that ends at N bytes
// has touched about 2N to 4N bytes of fresh memory on the way. For the
// evaluator's large per-query arrays (a closure's millions of tuples) every
// fresh page is a page fault, and on our benchmark host faults were half of
// the closure's time. A large block (4 MiB on) is therefore a mapping of
// the array's own, grown by mremap: the kernel moves its pages rather than
// copying them, so growing touches each page once, and the block is advised
// huge pages, so the pages not touched yet come 2 MiB at a fault. (glibc's
// realloc remaps too, but only blocks it mapped itself; after a process
// frees a large block, glibc serves blocks up to that size, at most 32 MiB,
// from its heap, and realloc copies those on every growth.) A small block,
// and every block where mremap is missing, grows with realloc.
#pragma once

#include "engine/store/huge_pages.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <new>
#include <type_traits>
#include <utility>

#if defined(__linux__)
#include <sys/mman.h>
#endif

// Large blocks are mappings of their own where the kernel can grow one
// (mremap), except under AddressSanitizer: it watches malloc's blocks, not
// mappings, and reads past a large array's end must be caught too.
#if defined(__SANITIZE_ADDRESS__)
#define ANNALS_UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ANNALS_UNDER_ASAN 1
#endif
#endif
#if defined(__linux__) && defined(MREMAP_MAYMOVE) && !defined(ANNALS_UNDER_ASAN)
#define ANNALS_GROWING_ARRAY_MAPS 1
#endif

namespace annals::engine {

template <class T>
class GrowingArray {
  static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>,
                "realloc moves elements by their bytes");
  static_assert(alignof(T) <= alignof(std::max_align_t), "malloc's alignment must do");

 public:
  using value_type = T;
  using iterator = T*;
  using const_iterator = const T*;

  GrowingArray() = default;
  GrowingArray(const GrowingArray& other) { Append(other.begin(), other.end()); }
  GrowingArray(GrowingArray&& other) noexcept
      : data_(std::exchange(other.data_, nullptr)),
        size_(std::exchange(other.size_, 0)),
        capacity_(std::exchange(other.capacity_, 0)) {}
  GrowingArray& operator=(GrowingArray other) noexcept {
    swap(other);
    return *this;
  }
  ~GrowingArray() { Release(); }

  void swap(GrowingArray& other) noexcept {
    std::swap(data_, other.data_);
    std::swap(size_, other.size_);
    std::swap(capacity_, other.capacity_);
  }

  [[nodiscard]] std::size_t size() const { return size_; }
  [[nodiscard]] std::size_t capacity() const { return capacity_; }
  [[nodiscard]] bool empty() const { return size_ == 0; }
  [[nodiscard]] T* data() { return data_; }
  [[nodiscard]] const T* data() const { return data_; }
  [[nodiscard]] T* begin() { return data_; }
  [[nodiscard]] T* end() { return data_ + size_; }
  [[nodiscard]] const T* begin() const { return data_; }
  [[nodiscard]] const T* end() const { return data_ + size_; }
  [[nodiscard]] T& operator[](std::size_t i) { return data_[i]; }
  [[nodiscard]] const T& operator[](std::size_t i) const { return data_[i]; }
  [[nodiscard]] T& back() { return data_[size_ - 1]; }

  //! Keeps the memory, as std::vector::clear does.
  void clear() { size_ = 0; }
  void erase(T* first, T* last) {
    if (first == last) return;  // also an empty array's: memmove must not see its null
    std::memmove(first, last, static_cast<std::size_t>(end() - last) * sizeof(T));
    size_ -= static_cast<std::size_t>(last - first);
  }

  //! Drops elements past `count`, or appends copies of `value` up to it.
  void resize(std::size_t count, T value = T{}) {
    if (count > capacity_) Reallocate(Grown(count));
    std::fill(data_ + std::min(size_, count), data_ + count, value);
    size_ = count;
  }
  void reserve(std::size_t count) {
    if (count > capacity_) Reallocate(count);
  }
  // By value: `value` may be an element of this array, which growing moves.
  void push_back(T value) {
    if (size_ == capacity_) Reallocate(Grown(size_ + 1));
    data_[size_++] = value;
  }
  //! Appends [first, last), which may lie in this array.
  void Append(const T* first, const T* last) {
    const auto count = static_cast<std::size_t>(last - first);
    if (count == 0) return;
    if (size_ + count > capacity_) {
      // Growing may move the array, and with it a range that lies in it.
      // (Pointer comparisons across arrays are unspecified; std::less is not.)
      const bool inside =
          !std::less<const T*>()(first, data_) && std::less<const T*>()(first, data_ + size_);
      const std::size_t offset = inside ? static_cast<std::size_t>(first - data_) : 0;
      Reallocate(Grown(size_ + count));
      if (inside) first = data_ + offset;
    }
    std::memcpy(data_ + size_, first, count * sizeof(T));
    size_ += count;
  }

 private:
  [[nodiscard]] std::size_t Grown(std::size_t needed) const {
    constexpr std::size_t kFirst = 16;
    return std::max({needed, capacity_ * 2, kFirst});
  }
#if defined(ANNALS_GROWING_ARRAY_MAPS)
  // Below 4 MiB a block holds at most one whole huge page, and malloc's
  // heap, reused from run to run, serves it better than fresh pages: a
  // closure over 300k facts without sources took 5.8 ms from the heap, 7.3
  // with mappings from 1 MiB on, 6.5 from 4 MiB on (best of 50).
  static constexpr std::size_t kMapFrom = std::size_t{4} << 20;
#else
  static constexpr std::size_t kMapFrom = SIZE_MAX;
#endif
  // Whether a block of `capacity` elements is a mapping of its own: decided
  // by the capacity alone, which only grows, so a block never goes back to
  // malloc's. A moved-from or swapped array takes its capacity along.
  [[nodiscard]] static bool Mapped(std::size_t capacity) {
    return capacity * sizeof(T) >= kMapFrom;
  }

  // Grows the block to `count` elements (count > capacity_).
  void Reallocate(std::size_t count) {
    if (count > SIZE_MAX / sizeof(T)) throw std::bad_alloc();
    const std::size_t bytes = count * sizeof(T);
    void* grown = nullptr;
#if defined(ANNALS_GROWING_ARRAY_MAPS)
    if (Mapped(capacity_)) {
      grown = mremap(data_, capacity_ * sizeof(T), bytes, MREMAP_MAYMOVE);
      if (grown == MAP_FAILED) throw std::bad_alloc();
    } else if (Mapped(count)) {
      grown = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      if (grown == MAP_FAILED) throw std::bad_alloc();
      AdviseHugePagesOnMapping(grown, bytes);  // before the elements move in
      if (size_ > 0) std::memcpy(grown, data_, size_ * sizeof(T));
      std::free(data_);
    }
#endif
    if (grown == nullptr) {
      grown = std::realloc(data_, bytes);
      if (grown == nullptr) throw std::bad_alloc();
    }
    data_ = static_cast<T*>(grown);
    capacity_ = count;
  }

  void Release() noexcept {
#if defined(ANNALS_GROWING_ARRAY_MAPS)
    if (Mapped(capacity_)) {
      munmap(data_, capacity_ * sizeof(T));
      return;
    }
#endif
    std::free(data_);
  }

  T* data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

}  // namespace annals::engine
