// Interned strings in one arena: file names, kinds and attribute values.
//
// One std::string holds all the bytes back to back; ids are dense and
// permanent, so columns can store 4-byte ids instead of strings. Lookup by
// text uses an open-addressing table of ids (no per-string node, no copy of
// the key), which keeps the pool compact when it holds millions of values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace annals::engine {

inline constexpr std::uint64_t kHashSeed = 0xcbf29ce484222325ull;

//! FNV-1a mixes its low bits poorly for short keys; a multiply-xorshift
//! finish lets tables index with the low bits. Name keys share it
//! (HashNameKey), so it is part of the snapshot format.
[[nodiscard]] inline std::uint64_t HashFinish(std::uint64_t h) {
  h ^= h >> 32;
  h *= 0xd6e8feb86659fd93ull;
  h ^= h >> 32;
  return h;
}

//! 64-bit FNV-1a: small, stable across runs and platforms, and good enough for
//! hash tables of short strings. A pool's table is rebuilt when a snapshot
//! is opened, so this hash is not part of the format.
[[nodiscard]] std::uint64_t HashBytes(std::string_view bytes, std::uint64_t seed = kHashSeed);

class StringPool {
 public:
  //! The id of `text`, adding it when new.
  std::uint32_t Intern(std::string_view text);
  [[nodiscard]] std::optional<std::uint32_t> Find(std::string_view text) const;
  //! The text of a valid id (see Size()).
  [[nodiscard]] std::string_view Get(std::uint32_t id) const;
  [[nodiscard]] std::size_t Size() const { return ends_.size(); }
  [[nodiscard]] std::size_t MemoryBytes() const;

  // Raw parts, for the snapshot writer and reader.
  [[nodiscard]] const std::string& Arena() const { return arena_; }
  [[nodiscard]] const std::vector<std::uint64_t>& Ends() const { return ends_; }
  //! Rebuilds the pool from raw parts; returns false when they are
  //! inconsistent (ends not increasing or past the arena).
  bool Assign(std::string arena, std::vector<std::uint64_t> ends);

 private:
  void Grow();
  void Insert(std::uint32_t id, std::uint64_t hash);

  std::string arena_;
  std::vector<std::uint64_t> ends_;   // end offset of string i in arena_
  std::vector<std::uint32_t> slots_;  // id + 1, 0 = empty; size is a power of two
};

}  // namespace annals::engine
