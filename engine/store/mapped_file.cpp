#include "engine/store/mapped_file.hpp"

#if defined(__unix__) || defined(__APPLE__)
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#define ANNALS_HAVE_MMAP 1
#endif

namespace annals::engine {

#if defined(ANNALS_HAVE_MMAP)

std::shared_ptr<const MappedFile> MappedFile::Map(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return nullptr;
  struct stat info {};
  void* data = MAP_FAILED;
  if (::fstat(fd, &info) == 0 && S_ISREG(info.st_mode) && info.st_size > 0) {
    data = ::mmap(nullptr, static_cast<std::size_t>(info.st_size), PROT_READ | PROT_WRITE,
                  MAP_PRIVATE, fd, 0);
  }
  ::close(fd);  // the mapping keeps its own reference to the file
  if (data == MAP_FAILED) return nullptr;
  return std::shared_ptr<const MappedFile>(
      new MappedFile(static_cast<unsigned char*>(data), static_cast<std::size_t>(info.st_size)));
}

MappedFile::~MappedFile() { ::munmap(data_, size_); }

void MappedFile::Release(std::size_t offset, std::size_t bytes) const {
#if defined(__linux__)  // elsewhere MADV_DONTNEED may keep a private page's data
  const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  if (page == 0 || offset > size_ || bytes > size_ - offset) return;
  const std::size_t first = (offset + page - 1) / page * page;
  const std::size_t last = (offset + bytes) / page * page;
  if (last > first) ::madvise(data_ + first, last - first, MADV_DONTNEED);
#else
  (void)offset;
  (void)bytes;
#endif
}

#else

std::shared_ptr<const MappedFile> MappedFile::Map(const std::string&) { return nullptr; }
MappedFile::~MappedFile() = default;
void MappedFile::Release(std::size_t, std::size_t) const {}

#endif

}  // namespace annals::engine
