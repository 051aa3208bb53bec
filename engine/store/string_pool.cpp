#include "engine/store/string_pool.hpp"

#include <annals/error.hpp>

#include "engine/store/memory_bytes.hpp"

#include <limits>

namespace annals::engine {
namespace {

std::uint64_t HashStep(std::uint64_t h, unsigned char byte) {
  return (h ^ byte) * 0x100000001b3ull;
}

}  // namespace

std::uint64_t HashBytes(std::string_view bytes, std::uint64_t seed) {
  std::uint64_t h = seed;
  for (const char c : bytes) h = HashStep(h, static_cast<unsigned char>(c));
  return HashFinish(h);
}

std::string_view StringPool::Get(std::uint32_t id) const {
  const std::uint64_t begin = id == 0 ? 0 : ends_[id - 1];
  return std::string_view(arena_).substr(begin, ends_[id] - begin);
}

std::optional<std::uint32_t> StringPool::Find(std::string_view text) const {
  if (slots_.empty()) return std::nullopt;
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = HashBytes(text) & mask;; i = (i + 1) & mask) {
    const std::uint32_t slot = slots_[i];
    if (slot == 0) return std::nullopt;
    if (Get(slot - 1) == text) return slot - 1;
  }
}

std::uint32_t StringPool::Intern(std::string_view text) {
  if (auto found = Find(text)) return *found;
  if (ends_.size() >= std::numeric_limits<std::uint32_t>::max() - 1) {
    throw Error(ErrorCode::kData, "too many distinct strings (more than 4 billion)");
  }
  const auto id = static_cast<std::uint32_t>(ends_.size());
  arena_.append(text);
  ends_.push_back(arena_.size());
  if ((ends_.size() + 1) * 4 > slots_.size() * 3) {
    Grow();  // reinserts every id, this one included
  } else {
    Insert(id, HashBytes(text));
  }
  return id;
}

void StringPool::Insert(std::uint32_t id, std::uint64_t hash) {
  const std::size_t mask = slots_.size() - 1;
  std::size_t i = hash & mask;
  while (slots_[i] != 0) i = (i + 1) & mask;
  slots_[i] = id + 1;
}

void StringPool::Grow() {
  std::size_t size = slots_.empty() ? 16 : slots_.size();
  while ((ends_.size() + 1) * 4 > size * 3) size *= 2;
  slots_.assign(size, 0);
  for (std::uint32_t id = 0; id < ends_.size(); ++id) Insert(id, HashBytes(Get(id)));
}

bool StringPool::Assign(std::string arena, std::vector<std::uint64_t> ends) {
  std::uint64_t previous = 0;
  for (const std::uint64_t end : ends) {
    if (end < previous || end > arena.size()) return false;
    previous = end;
  }
  if (previous != arena.size()) return false;
  if (ends.size() >= std::numeric_limits<std::uint32_t>::max() - 1) return false;
  arena_ = std::move(arena);
  ends_ = std::move(ends);
  slots_.clear();
  if (!ends_.empty()) Grow();
  return true;
}

std::size_t StringPool::MemoryBytes() const {
  return arena_.capacity() + VectorBytes(ends_) + VectorBytes(slots_);
}

}  // namespace annals::engine
