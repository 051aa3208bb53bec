#include "engine/store/name_match.hpp"

#include "engine/store/name_fold_tables.hpp"
#include "engine/store/string_pool.hpp"
#include "engine/text/edit_distance.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <vector>

namespace annals::engine {
namespace {

// A byte that does not start valid UTF-8 decodes to this range and is
// written back as the same byte, so malformed names still compare exactly.
constexpr char32_t kRawByteBase = 0x110000;

char32_t Decode(std::string_view text, std::size_t* pos) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char b0 = byte(*pos);
  if (b0 < 0x80) {
    ++*pos;
    return b0;
  }
  int extra = 0;
  char32_t cp = 0;
  if ((b0 & 0xE0) == 0xC0) {
    extra = 1;
    cp = b0 & 0x1F;
  } else if ((b0 & 0xF0) == 0xE0) {
    extra = 2;
    cp = b0 & 0x0F;
  } else if ((b0 & 0xF8) == 0xF0) {
    extra = 3;
    cp = b0 & 0x07;
  } else {
    ++*pos;
    return kRawByteBase + b0;
  }
  if (text.size() - *pos <= static_cast<std::size_t>(extra)) {
    ++*pos;
    return kRawByteBase + b0;
  }
  for (int i = 1; i <= extra; ++i) {
    const unsigned char b = byte(*pos + static_cast<std::size_t>(i));
    if ((b & 0xC0) != 0x80) {
      ++*pos;
      return kRawByteBase + b0;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
  static constexpr char32_t kMinForLength[4] = {0, 0x80, 0x800, 0x10000};
  if (cp < kMinForLength[extra] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    ++*pos;
    return kRawByteBase + b0;
  }
  *pos += static_cast<std::size_t>(extra) + 1;
  return cp;
}

void Encode(char32_t cp, std::string* out) {
  if (cp >= kRawByteBase) {
    out->push_back(static_cast<char>(cp - kRawByteBase));
  } else if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

bool IsSpace(char32_t c) {
  return c == ' ' || (c >= 0x09 && c <= 0x0D) || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F ||
         c == 0x3000 || c == 0xFEFF;
}

// Hangul syllables compose from their jamo by arithmetic, not by table.
constexpr char32_t kHangulFirst = 0xAC00;
constexpr char32_t kLeadFirst = 0x1100;
constexpr char32_t kVowelFirst = 0x1161;
constexpr char32_t kTrailFirst = 0x11A7;  // one before the first trailing consonant
constexpr char32_t kLeadCount = 19;
constexpr char32_t kVowelCount = 21;
constexpr char32_t kTrailCount = 28;
constexpr char32_t kSyllableCount = kLeadCount * kVowelCount * kTrailCount;

// The primary composite of `first` followed by `second`, or 0 when they do
// not compose.
char32_t Compose(char32_t first, char32_t second) {
  if (first >= kLeadFirst && first < kLeadFirst + kLeadCount && second >= kVowelFirst &&
      second < kVowelFirst + kVowelCount) {
    return kHangulFirst +
           ((first - kLeadFirst) * kVowelCount + (second - kVowelFirst)) * kTrailCount;
  }
  if (first >= kHangulFirst && first < kHangulFirst + kSyllableCount &&
      (first - kHangulFirst) % kTrailCount == 0 && second > kTrailFirst &&
      second < kTrailFirst + kTrailCount) {
    return first + (second - kTrailFirst);
  }
  if (first >= unicode::kCodePointLimit || second >= unicode::kCodePointLimit) return 0;
  const std::uint64_t pair = (std::uint64_t{first} << 21) | second;
  const std::uint64_t* pairs_end = unicode::kComposePairs + unicode::kComposePairCount;
  const std::uint64_t* found = std::lower_bound(unicode::kComposePairs, pairs_end, pair);
  return found != pairs_end && *found == pair ? unicode::kComposed[found - unicode::kComposePairs]
                                              : 0;
}

// Whether `cp`, a starter, may compose with the starter before it: Hangul
// vowels and trailing consonants, and a few vowel signs of Indic scripts.
// Most text has none, and is not searched for pairs.
bool MayComposeAsStarter(char32_t cp) {
  if (cp >= kVowelFirst && cp < kTrailFirst + kTrailCount) return true;
  const char32_t* end = unicode::kStarterSeconds + unicode::kStarterSecondCount;
  if (cp < unicode::kStarterSeconds[0] || cp > end[-1]) return false;
  return std::binary_search(unicode::kStarterSeconds, end, cp);
}

// Appends `cp` in canonical order: a combining mark goes before the marks
// of a higher class that precede it (they are of one starter, so this is
// the stable sort by class that canonical ordering asks for). True when `cp`
// may compose with what comes before it.
bool AppendOrdered(char32_t cp, std::vector<char32_t>* out) {
  const std::uint8_t cls = unicode::CombiningClass(cp);
  std::size_t at = out->size();
  out->push_back(cp);
  if (cls == 0) return MayComposeAsStarter(cp);
  while (at > 0) {
    const std::uint8_t before = unicode::CombiningClass((*out)[at - 1]);
    if (before == 0 || before <= cls) break;
    (*out)[at] = (*out)[at - 1];
    --at;
  }
  (*out)[at] = cp;
  return true;
}

// Canonical composition (UAX #15) of decomposed, ordered code points, in
// place: each mark joins the last starter unless a mark between them has
// class 0 or one at least its own.
void ComposeInPlace(std::vector<char32_t>* points) {
  std::vector<char32_t>& p = *points;
  constexpr std::size_t kNoStarter = static_cast<std::size_t>(-1);
  std::size_t starter = kNoStarter;
  std::size_t kept = 0;
  int last_class = -1;
  for (std::size_t i = 0; i < p.size(); ++i) {
    const char32_t cp = p[i];
    const int cls = unicode::CombiningClass(cp);
    if (starter != kNoStarter && (cls != 0 || MayComposeAsStarter(cp))) {
      const bool adjacent = kept == starter + 1;
      const bool blocked = !adjacent && (last_class == 0 || last_class >= cls);
      if (!blocked) {
        if (const char32_t composite = Compose(p[starter], cp); composite != 0) {
          p[starter] = composite;
          continue;
        }
      }
    }
    if (cls == 0) starter = kept;
    p[kept++] = cp;
    last_class = cls;
  }
  p.resize(kept);
}

// The key's code points before composition: each folded (see
// scripts/gen_name_fold_tables.py), white space as ' ', marks ordered. True
// when some may compose (most names in most scripts have none).
bool FoldInto(std::string_view name, std::vector<char32_t>* out) {
  out->clear();
  bool may_compose = false;
  for (std::size_t pos = 0; pos < name.size();) {
    const auto b = static_cast<unsigned char>(name[pos]);
    char32_t c;
    if (b < 0x80) {  // the common case, without decoding
      ++pos;
      c = b;
    } else {
      c = Decode(name, &pos);
    }
    if (IsSpace(c)) {
      out->push_back(' ');
      continue;
    }
    if (c < 0x80) {  // folds to itself in lower case, and is a starter
      out->push_back(c >= 'A' && c <= 'Z' ? c + 32 : c);
      continue;
    }
    const unicode::Fold fold = unicode::FoldOf(c);
    if (fold.text == nullptr) {
      may_compose |= AppendOrdered(c, out);
      continue;
    }
    for (std::size_t i = 0; i < fold.size; ++i) {
      may_compose |= AppendOrdered(IsSpace(fold.text[i]) ? U' ' : fold.text[i], out);
    }
  }
  return may_compose;
}

std::vector<char32_t> CodePoints(std::string_view text) {
  std::vector<char32_t> out;
  out.reserve(text.size());
  for (std::size_t pos = 0; pos < text.size();) out.push_back(Decode(text, &pos));
  return out;
}

}  // namespace

void NormalizeNameInto(std::string_view name, std::string* out) {
  // Per thread: the store normalises names from concurrent lookups.
  thread_local std::vector<char32_t> points;
  if (FoldInto(name, &points)) ComposeInPlace(&points);
  out->clear();
  bool pending_space = false;
  for (const char32_t c : points) {
    if (c == ' ') {
      pending_space = !out->empty();
      continue;
    }
    if (pending_space) {
      out->push_back(' ');
      pending_space = false;
    }
    Encode(c, out);
  }
}

bool IsBlankName(std::string_view name) {
  for (std::size_t pos = 0; pos < name.size();) {
    const char32_t c = Decode(name, &pos);
    if (IsSpace(c)) continue;
    const unicode::Fold fold = unicode::FoldOf(c);
    if (fold.text == nullptr) return false;
    for (std::size_t i = 0; i < fold.size; ++i) {
      if (!IsSpace(fold.text[i])) return false;
    }
  }
  return true;
}

namespace {

// Names are hashed eight bytes at a time: a byte at a time, the chain of
// multiplies was the longest wait of a batch of lookups (each waits on its
// hash before it can load its slot).
constexpr std::uint64_t kEachByte = 0x0101010101010101ull;
constexpr std::uint64_t kHighBits = 0x8080808080808080ull;
constexpr std::uint64_t kLowBits = 0x7F7F7F7F7F7F7F7Full;

// The `count` (at most 8) bytes at `bytes` as a little-endian word, the bytes
// past them zero, whatever the machine's order: the hash is part of the
// snapshot format.
std::uint64_t LoadWord(const char* bytes, std::size_t count) {
  std::uint64_t word = 0;
  if (count == 8) {
    std::memcpy(&word, bytes, 8);
    if constexpr (std::endian::native == std::endian::big) word = __builtin_bswap64(word);
    return word;
  }
  for (std::size_t i = 0; i < count; ++i) {
    word |= std::uint64_t{static_cast<unsigned char>(bytes[i])} << (8 * i);
  }
  return word;
}

// The bytes of `text` from `at` to its end, fewer than 8 and at least one, as
// LoadWord gives them. A text of 8 bytes or more has them loaded with the
// bytes before them, in one load that stays within the text.
std::uint64_t LoadRest(std::string_view text, std::size_t at) {
  const std::size_t count = text.size() - at;
  if (text.size() < 8) return LoadWord(text.data() + at, count);
  return LoadWord(text.data() + text.size() - 8, 8) >> (8 * (8 - count));
}

std::uint64_t MixWord(std::uint64_t h, std::uint64_t word) {
  h = (h ^ word) * 0x9E3779B97F4A7C15ull;
  return h ^ (h >> 29);
}

// 0x80 in each byte of `word` that is zero (exact: no borrow crosses bytes).
std::uint64_t ZeroBytes(std::uint64_t word) {
  return ~(((word & kLowBits) + kLowBits) | word | kLowBits);
}

// 0x80 in each byte in [lo, hi], for a word whose bytes are all below 0x80
// (no sum then carries into the next byte).
std::uint64_t BytesWithin(std::uint64_t word, unsigned lo, unsigned hi) {
  return (word + kEachByte * (0x80 - lo)) & ~(word + kEachByte * (0x7F - hi)) & kHighBits;
}

// One word of a name that may be simple: false when a byte is one the
// normalisation may rewrite in context (non-ASCII, white space but ' '), else
// the word's spaces as 0x80 bytes and its A-Z lower-cased.
bool SimpleWord(std::uint64_t word, std::uint64_t* lowered, std::uint64_t* spaces) {
  if ((word & kHighBits) != 0 || BytesWithin(word, 0x09, 0x0D) != 0) return false;
  *lowered = word | (BytesWithin(word, 'A', 'Z') >> 2);  // 0x80 >> 2 is the case bit
  *spaces = ZeroBytes(word ^ (kEachByte * ' '));
  return true;
}

}  // namespace

std::uint64_t HashNameKey(std::string_view key) {
  std::uint64_t h = kHashSeed ^ key.size();
  std::size_t at = 0;
  for (; at + 8 <= key.size(); at += 8) h = MixWord(h, LoadWord(key.data() + at, 8));
  if (at < key.size()) h = MixWord(h, LoadRest(key, at));
  return HashFinish(h);
}

bool HashSimpleName(std::string_view name, std::uint64_t* hash) {
  if (!name.empty() && (name.front() == ' ' || name.back() == ' ')) return false;
  std::uint64_t h = kHashSeed ^ name.size();
  std::uint64_t space_before = 0;  // 0x80 when the byte before the word is a space
  const auto take = [&](std::uint64_t word) {
    std::uint64_t lowered = 0;
    std::uint64_t spaces = 0;
    if (!SimpleWord(word, &lowered, &spaces)) return false;
    // Two spaces in a row, within the word or across its start.
    if ((spaces & ((spaces << 8) | space_before)) != 0) return false;
    space_before = spaces >> 56;
    h = MixWord(h, lowered);
    return true;
  };
  std::size_t at = 0;
  for (; at + 8 <= name.size(); at += 8) {
    if (!take(LoadWord(name.data() + at, 8))) return false;
  }
  // The rest's padding is zero bytes, which are neither spaces nor letters.
  if (at < name.size() && !take(LoadRest(name, at))) return false;
  *hash = HashFinish(h);
  return true;
}

bool SimpleNameHasKey(std::string_view simple, std::string_view key) {
  if (simple.size() != key.size()) return false;
  for (std::size_t i = 0; i < simple.size(); ++i) {
    auto b = static_cast<unsigned char>(simple[i]);
    if (b >= 'A' && b <= 'Z') b = static_cast<unsigned char>(b + 32);
    if (b != static_cast<unsigned char>(key[i])) return false;
  }
  return true;
}

std::size_t BoundedEditDistance(std::string_view a, std::string_view b, std::size_t cutoff) {
  const std::vector<char32_t> x = CodePoints(a);
  const std::vector<char32_t> y = CodePoints(b);
  return BoundedEditDistance(std::u32string_view(x.data(), x.size()),
                             std::u32string_view(y.data(), y.size()), cutoff);
}

}  // namespace annals::engine
