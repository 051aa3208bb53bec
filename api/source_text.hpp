// How a source location reads as text: "file:line:column", leaving out the
// parts that are unknown. SourceLocation::ToString and the C API's results,
// which write every string of an answer into one block, say it alike.
#pragma once

#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>

namespace annals {

//! Appends the text of the location (file, line, column) to `out`.
inline void AppendSourceText(std::string_view file, std::uint32_t line, std::uint32_t column,
                             std::string* out) {
  const auto append_number = [out](std::uint32_t number) {
    char digits[10];  // 4294967295
    const std::to_chars_result written = std::to_chars(digits, digits + sizeof digits, number);
    out->append(digits, written.ptr);
  };
  out->append(file);
  if (line == 0) return;
  if (!file.empty()) out->push_back(':');
  append_number(line);
  if (column == 0) return;
  out->push_back(':');
  append_number(column);
}

}  // namespace annals
