// The Unicode tables name keys are folded with (generated: name_fold_tables.cpp,
// by scripts/gen_name_fold_tables.py, which says what each fold is and why).
// Each per-code-point table has two stages: kStage1[cp / 128] picks a block of
// 128 entries in kStage2, and blocks that are all alike are stored once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace annals::engine::unicode {

inline constexpr char32_t kCodePointLimit = 0x110000;
inline constexpr std::size_t kBlockBits = 7;

extern const std::uint16_t kFoldStage1[];
extern const std::uint16_t kFoldStage2[];
extern const std::uint32_t kFoldRecords[];  // pool offset << 5 | length; 0: as it is
extern const char32_t kFoldPool[];
extern const std::uint16_t kClassStage1[];
extern const std::uint8_t kClassStage2[];
extern const std::uint64_t kComposePairs[];  // first << 21 | second, ascending
extern const char32_t kComposed[];           // the composite of each pair
extern const std::size_t kComposePairCount;
extern const char32_t kStarterSeconds[];  // second halves of class 0, ascending
extern const std::size_t kStarterSecondCount;
extern const char kUnicodeVersion[];

//! What `cp` folds to in a name key, or nullopt-like {nullptr, 1} when it
//! stays as it is. A fold may be empty (the character is ignored).
struct Fold {
  const char32_t* text = nullptr;  // nullptr: the code point itself
  std::size_t size = 1;
};

inline Fold FoldOf(char32_t cp) {
  if (cp >= kCodePointLimit) return {};
  const std::uint16_t block = kFoldStage1[cp >> kBlockBits];
  const std::uint16_t record =
      kFoldStage2[(std::size_t{block} << kBlockBits) | (cp & ((1u << kBlockBits) - 1))];
  if (record == 0) return {};
  const std::uint32_t packed = kFoldRecords[record];
  return {kFoldPool + (packed >> 5), packed & 31u};
}

//! The canonical combining class of `cp`: 0 for a starter.
inline std::uint8_t CombiningClass(char32_t cp) {
  if (cp >= kCodePointLimit) return 0;
  const std::uint16_t block = kClassStage1[cp >> kBlockBits];
  return kClassStage2[(std::size_t{block} << kBlockBits) | (cp & ((1u << kBlockBits) - 1))];
}

}  // namespace annals::engine::unicode
