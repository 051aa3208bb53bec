// A scratch directory per test, removed afterwards.
#pragma once

#include <filesystem>
#include <random>
#include <string>

namespace annals::engine {

class ScratchDir {
 public:
  explicit ScratchDir(const std::string& prefix) {
    std::random_device seed;
    path_ = std::filesystem::temp_directory_path() / (prefix + "-" + std::to_string(seed()));
    std::filesystem::create_directories(path_);
  }
  ~ScratchDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  [[nodiscard]] std::string File(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

}  // namespace annals::engine
