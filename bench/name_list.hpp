// The names a workload looks up, held end to end in one block.
//
// A std::string per name allocates each one wherever the heap has a hole.
// Made after SQLite's load, those holes lie scattered over gigabytes of its
// pages, and reading 10,000 names then costs a cache miss each (most likely
// a TLB miss too): a quarter of a batch of W2 lookups went on the harness's
// own input. Both engines read the same list, and a user's program would
// read names from one file or column, so a compact list is the fair input
// for both.
#pragma once

#include <cstddef>
#include <cstring>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace annals::bench {

class NameList {
 public:
  NameList() = default;
  explicit NameList(const std::vector<std::string>& names) {
    std::size_t bytes = 0;
    for (const std::string& name : names) bytes += name.size();
    text_ = std::make_unique<char[]>(bytes);
    views_.reserve(names.size());
    char* at = text_.get();
    for (const std::string& name : names) {
      std::memcpy(at, name.data(), name.size());
      views_.emplace_back(at, name.size());
      at += name.size();
    }
  }

  [[nodiscard]] std::size_t size() const { return views_.size(); }
  [[nodiscard]] bool empty() const { return views_.empty(); }
  [[nodiscard]] std::string_view operator[](std::size_t i) const { return views_[i]; }
  [[nodiscard]] std::span<const std::string_view> views() const { return views_; }
  [[nodiscard]] auto begin() const { return views_.begin(); }
  [[nodiscard]] auto end() const { return views_.end(); }

 private:
  std::unique_ptr<char[]> text_;  // a move keeps the block, so the views stay valid
  std::vector<std::string_view> views_;
};

}  // namespace annals::bench
