// UTF-8 checks written out by hand: the readers must reject a non-UTF-8 file
// with the exact position of the first bad byte, which no std facility gives.
#include "ingest/utf8.hpp"

#include <algorithm>

namespace annals::ingest {

namespace {

// Length of the well-formed sequence starting at text[i], or 0 if ill-formed
// (Unicode Table 3-7).
std::size_t SequenceLength(std::string_view text, std::size_t i) {
  const auto b0 = static_cast<unsigned char>(text[i]);
  if (b0 < 0x80) return 1;
  auto byte = [&](std::size_t k) -> int {
    return i + k < text.size() ? static_cast<unsigned char>(text[i + k]) : -1;
  };
  auto cont = [&](std::size_t k, int lo = 0x80, int hi = 0xBF) {
    const int b = byte(k);
    return b >= lo && b <= hi;
  };
  if (b0 >= 0xC2 && b0 <= 0xDF) return cont(1) ? 2 : 0;
  if (b0 == 0xE0) return cont(1, 0xA0) && cont(2) ? 3 : 0;
  if ((b0 >= 0xE1 && b0 <= 0xEC) || b0 == 0xEE || b0 == 0xEF) return cont(1) && cont(2) ? 3 : 0;
  if (b0 == 0xED) return cont(1, 0x80, 0x9F) && cont(2) ? 3 : 0;
  if (b0 == 0xF0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (b0 >= 0xF1 && b0 <= 0xF3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (b0 == 0xF4) return cont(1, 0x80, 0x8F) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}

}  // namespace

std::optional<std::size_t> FindInvalidUtf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    // ASCII runs are the common case; skip them eight bytes at a time.
    while (i + 8 <= text.size()) {
      unsigned char any = 0;
      for (std::size_t k = 0; k < 8; ++k) any |= static_cast<unsigned char>(text[i + k]);
      if (any & 0x80) break;
      i += 8;
    }
    if (i >= text.size()) break;
    const std::size_t n = SequenceLength(text, i);
    if (n == 0) return i;
    i += n;
  }
  return std::nullopt;
}

std::uint32_t CodePointCount(std::string_view text) {
  std::uint32_t count = 0;
  for (char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
  }
  return count;
}

LineIndex::LineIndex(std::string_view text) : text_(text) {
  line_starts_.push_back(0);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') line_starts_.push_back(i + 1);
  }
}

std::uint32_t LineIndex::LineOf(std::size_t offset) const {
  offset = std::min(offset, text_.size());
  const auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  return static_cast<std::uint32_t>(it - line_starts_.begin());  // >= 1
}

LineColumn LineIndex::Locate(std::size_t offset) const {
  offset = std::min(offset, text_.size());
  const std::uint32_t line = LineOf(offset);
  std::size_t from = line_starts_[line - 1];
  std::uint32_t column = 1;
  // The count is per byte, so it can resume anywhere, even inside a sequence.
  if (line == counted_line_ && counted_to_ <= offset) {
    from = counted_to_;
    column = counted_column_;
  }
  column += CodePointCount(text_.substr(from, offset - from));
  counted_line_ = line;
  counted_to_ = offset;
  counted_column_ = column;
  return {line, column};
}

}  // namespace annals::ingest
