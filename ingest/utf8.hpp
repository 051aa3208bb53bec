// UTF-8 validation and byte-offset -> line:column conversion, so every reader
// reports positions the same way (columns count code points, from 1).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace annals::ingest {

//! Offset of the first byte that does not belong to well-formed UTF-8
//! (overlongs, surrogates and code points past U+10FFFF are rejected), or
//! nullopt when `text` is valid.
[[nodiscard]] std::optional<std::size_t> FindInvalidUtf8(std::string_view text);

//! Number of code points in `text` (bytes of invalid sequences count one each).
[[nodiscard]] std::uint32_t CodePointCount(std::string_view text);

struct LineColumn {
  std::uint32_t line = 1;
  std::uint32_t column = 1;
};

//! Finds the line and column of byte offsets in one text. Built once per file
//! (a scan for newlines); each lookup is a binary search, plus a count of the
//! code points between the lookup before and this one when both fall on one
//! line. A reader asks in rising order, and minified JSON is a single line:
//! counting from the line's start each time made loading such a file
//! quadratic. Not safe to share between threads (the count is remembered).
class LineIndex {
 public:
  explicit LineIndex(std::string_view text);
  [[nodiscard]] LineColumn Locate(std::size_t offset) const;
  //! Only the line, for sources (no counting at all).
  [[nodiscard]] std::uint32_t LineOf(std::size_t offset) const;

 private:
  std::string_view text_;
  std::vector<std::size_t> line_starts_;
  mutable std::uint32_t counted_line_ = 0;  // 0: nothing counted yet
  mutable std::size_t counted_to_ = 0;
  mutable std::uint32_t counted_column_ = 1;
};

}  // namespace annals::ingest
