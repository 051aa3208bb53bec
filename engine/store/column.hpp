// The store's large columns: std::vector, except that a column can adopt a
// section of a mapped snapshot instead of copying it.
//
// Why adopt: a 10M-fact snapshot is 750 MB. Copied, every page of it is a
// fresh page that the kernel (or the hypervisor below it) must provide, and
// on our benchmark host that took 0.1-2 s of kernel time per open, varying
// from run to run, against about 0.15 s for the copy and all the checks. A
// mapped file's pages are the page cache's own, already there after
// `annals build` or any recent open.
//
// An adopted column is still an ordinary vector to the store: writes go to
// the private mapping (copy-on-write, never to the file), and growing it
// moves it to the heap like any reallocation. Only AdoptColumn makes one.
//
// A column on the heap asks for huge pages (AdviseHugePages) when it is
// allocated, before anything touches it. Lookups probe columns of hundreds
// of MB at random, and with 4 KiB pages nearly every probe also misses the
// TLB; a store read from a snapshot had huge pages and a store loaded from
// text did not, so the same lookups were slower on the loaded one.
#pragma once

#include "engine/store/huge_pages.hpp"
#include "engine/store/mapped_file.hpp"

#include <cstddef>
#include <cstring>
#include <iterator>
#include <memory>
#include <type_traits>
#include <utility>
#include <vector>

namespace annals::engine {

//! Shared by a column's allocator copies: where the adopted elements lie, and
//! the mapping they keep alive until the column gives them up.
struct ColumnAdoption {
  std::shared_ptr<const MappedFile> file;
  void* data = nullptr;
  std::size_t count = 0;
  bool pending = true;  // the next allocation of `count` elements gets `data`
};

//! What AdoptColumn "constructs" each element from: nothing, because the
//! element's bytes are already in place. An empty construct, unlike a
//! flag tested per element, lets the compiler drop the loop over them.
struct AdoptedElement {};

//! A range of AdoptedElements, from which a column is constructed.
class AdoptedElements {
 public:
  using iterator_category = std::random_access_iterator_tag;
  using value_type = AdoptedElement;
  using difference_type = std::ptrdiff_t;
  using pointer = const AdoptedElement*;
  using reference = AdoptedElement;

  explicit AdoptedElements(std::ptrdiff_t at) : at_(at) {}
  AdoptedElement operator*() const { return {}; }
  AdoptedElements& operator++() {
    ++at_;
    return *this;
  }
  AdoptedElements operator++(int) { return AdoptedElements(at_++); }
  AdoptedElements& operator+=(std::ptrdiff_t n) {
    at_ += n;
    return *this;
  }
  friend std::ptrdiff_t operator-(AdoptedElements a, AdoptedElements b) { return a.at_ - b.at_; }
  friend bool operator==(AdoptedElements a, AdoptedElements b) { return a.at_ == b.at_; }

 private:
  std::ptrdiff_t at_;
};

template <class T>
class ColumnAllocator {
 public:
  using value_type = T;
  using propagate_on_container_move_assignment = std::true_type;
  using propagate_on_container_swap = std::true_type;
  using is_always_equal = std::false_type;

  ColumnAllocator() = default;
  explicit ColumnAllocator(std::shared_ptr<ColumnAdoption> adoption)
      : adoption_(std::move(adoption)) {}
  template <class U>
  ColumnAllocator(const ColumnAllocator<U>& other) noexcept : adoption_(other.adoption_) {}

  [[nodiscard]] T* allocate(std::size_t n) {
    if (adoption_ && adoption_->pending && n == adoption_->count) {
      adoption_->pending = false;
      return static_cast<T*>(adoption_->data);
    }
    T* fresh = std::allocator<T>().allocate(n);
    AdviseHugePages(fresh, n * sizeof(T));
    return fresh;
  }
  void deallocate(T* p, std::size_t n) noexcept {
    if (adoption_ && p == adoption_->data) {
      adoption_->file.reset();  // the column has moved to the heap or died
      return;
    }
    std::allocator<T>().deallocate(p, n);
  }

  template <class U>
  void construct(U*, AdoptedElement) noexcept {}
  template <class U, class... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }

  // A copy of a column is a heap copy: it must not keep the mapping alive.
  [[nodiscard]] ColumnAllocator select_on_container_copy_construction() const { return {}; }

  template <class U>
  bool operator==(const ColumnAllocator<U>& other) const noexcept {
    return adoption_ == other.adoption_;
  }

 private:
  template <class U>
  friend class ColumnAllocator;
  std::shared_ptr<ColumnAdoption> adoption_;
};

template <class T>
using Column = std::vector<T, ColumnAllocator<T>>;

//! A column whose elements are the `count` values at `data`, which lies in
//! `file`'s mapping and is suitably aligned for T.
template <class T>
[[nodiscard]] Column<T> AdoptColumn(std::shared_ptr<const MappedFile> file, T* data,
                                    std::size_t count) {
  static_assert(std::is_trivially_copyable_v<T>);
  if (count == 0) return {};
  auto adoption = std::make_shared<ColumnAdoption>();
  adoption->file = std::move(file);
  adoption->data = data;
  adoption->count = count;
  // The range constructor allocates exactly `count` elements, once.
  Column<T> column(AdoptedElements(0), AdoptedElements(static_cast<std::ptrdiff_t>(count)),
                   ColumnAllocator<T>(adoption));
  adoption->pending = false;
  if (column.data() != data) {
    // A library whose range constructor asked for other than `count`
    // elements got heap memory: copying is slower but just as correct.
    std::memcpy(column.data(), data, count * sizeof(T));
    adoption->file.reset();
  }
  return column;
}

}  // namespace annals::engine
