// A file mapped into memory, private and writable: the store's columns can
// use a snapshot's sections where they lie instead of copying them.
//
// Private, so that a write to a mapped column (a merge rewriting subjects
// after more data was added) copies that page and never reaches the file.
// Writable, because the store's columns are ordinary mutable vectors.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

namespace annals::engine {

class MappedFile {
 public:
  //! Maps the whole of `path`; nullptr where mapping is not possible (an
  //! empty file, a platform without mmap, a file system that refuses it),
  //! so that the caller can read the file instead.
  [[nodiscard]] static std::shared_ptr<const MappedFile> Map(const std::string& path);

  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  //! The mapped bytes; writable, since columns that adopt them are (each
  //! write copies its page).
  [[nodiscard]] unsigned char* data() const { return data_; }
  [[nodiscard]] std::size_t size() const { return size_; }

  //! Gives back the pages wholly inside [offset, offset + bytes), bytes the
  //! caller has copied and will not read here again: they would otherwise
  //! count twice in the process's resident memory. Reading them later is
  //! still correct (they come back from the file); a hint, so failure is
  //! ignored.
  void Release(std::size_t offset, std::size_t bytes) const;

 private:
  MappedFile(unsigned char* data, std::size_t size) : data_(data), size_(size) {}

  unsigned char* data_;
  std::size_t size_;
};

}  // namespace annals::engine
