#include "tsv_lines.hpp"

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace annals::bench {

TsvLines::TsvLines(const std::string& path) : buffer_(1u << 20) {
  file_ = std::fopen(path.c_str(), "rb");
  if (file_ == nullptr) {
    throw std::runtime_error("cannot open '" + path + "': " + std::strerror(errno));
  }
}

TsvLines::~TsvLines() {
  if (file_ != nullptr) std::fclose(file_);
}

bool TsvLines::Next(std::string_view* line) {
  for (;;) {
    const char* start = buffer_.data() + begin_;
    const void* newline = std::memchr(start, '\n', end_ - begin_);
    if (newline != nullptr) {
      const auto length = static_cast<std::size_t>(static_cast<const char*>(newline) - start);
      *line = std::string_view(start, length);
      begin_ += length + 1;
      if (!line->empty() && line->back() == '\r') line->remove_suffix(1);
      return true;
    }
    if (eof_) {
      if (begin_ == end_) return false;
      *line = std::string_view(start, end_ - begin_);
      begin_ = end_;
      return true;
    }
    // Move the partial line to the front, grow for very long lines, refill.
    std::memmove(buffer_.data(), start, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
    if (end_ == buffer_.size()) buffer_.resize(buffer_.size() * 2);
    const std::size_t got = std::fread(buffer_.data() + end_, 1, buffer_.size() - end_, file_);
    if (got == 0) {
      if (std::ferror(file_)) throw std::runtime_error("error while reading the TSV file");
      eof_ = true;
    }
    end_ += got;
  }
}

void TsvLines::Split(std::string_view line, std::vector<std::string_view>* cells) {
  cells->clear();
  std::size_t from = 0;
  for (;;) {
    const std::size_t tab = line.find('\t', from);
    if (tab == std::string_view::npos) {
      cells->push_back(line.substr(from));
      return;
    }
    cells->push_back(line.substr(from, tab - from));
    from = tab + 1;
  }
}

}  // namespace annals::bench
