// Streams a TSV file line by line in large blocks, so that a 10M-line file
// never sits in memory whole; used by the SQLite side of the comparison.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace annals::bench {

class TsvLines {
 public:
  //! Throws std::runtime_error when the file cannot be opened.
  explicit TsvLines(const std::string& path);
  ~TsvLines();
  TsvLines(const TsvLines&) = delete;
  TsvLines& operator=(const TsvLines&) = delete;

  //! The next line without its '\n' (and '\r'); false at the end.
  bool Next(std::string_view* line);
  //! Splits `line` at tabs into `cells` (views into `line`).
  static void Split(std::string_view line, std::vector<std::string_view>* cells);

 private:
  std::FILE* file_ = nullptr;
  std::vector<char> buffer_;
  std::size_t begin_ = 0;
  std::size_t end_ = 0;
  bool eof_ = false;
};

}  // namespace annals::bench
