#include "engine/store/name_match.hpp"

#include "engine/store/string_pool.hpp"

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

// Upper and lower case sit in fixed patterns in these blocks; the few
// exceptions are listed.
char32_t Fold(char32_t c) {
  if (c < 0x80) return (c >= 'A' && c <= 'Z') ? c + 32 : c;
  if (c < 0x100) return (c >= 0xC0 && c <= 0xDE && c != 0xD7) ? c + 32 : c;
  if (c < 0x180) {               // Latin Extended-A
    if (c == 0x130) return 'i';  // capital I with dot
    if (c == 0x131 || c == 0x138 || c == 0x149 || c == 0x17F) return c;
    if (c == 0x178) return 0xFF;
    if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E)) {
      return (c & 1) != 0 ? c + 1 : c;
    }
    return (c & 1) == 0 ? c + 1 : c;
  }
  if (c == 0x2BC) return '\'';
  if (c >= 0x370 && c < 0x400) {  // Greek
    if (c >= 0x391 && c <= 0x3AB && c != 0x3A2) return c + 32;
    if (c == 0x386) return 0x3AC;
    if (c >= 0x388 && c <= 0x38A) return c + 37;
    if (c == 0x38C) return 0x3CC;
    if (c == 0x38E || c == 0x38F) return c + 63;
    if (c == 0x3C2) return 0x3C3;  // final sigma
    return c;
  }
  if (c >= 0x400 && c < 0x530) {  // Cyrillic and its supplement
    if (c < 0x410) return c + 80;
    if (c < 0x430) return c + 32;
    if (c < 0x460) return c;
    if (c <= 0x481 || (c >= 0x48A && c <= 0x4BF) || c >= 0x4D0) {
      return (c & 1) == 0 ? c + 1 : c;
    }
    if (c == 0x4C0) return 0x4CF;
    if (c >= 0x4C1 && c <= 0x4CE) return (c & 1) != 0 ? c + 1 : c;
    return c;
  }
  if (c == 0x2018 || c == 0x2019) return '\'';
  if (c >= 0x2010 && c <= 0x2015) return '-';
  return c;
}

std::vector<char32_t> CodePoints(std::string_view text) {
  std::vector<char32_t> out;
  out.reserve(text.size());
  for (std::size_t pos = 0; pos < text.size();) out.push_back(Decode(text, &pos));
  return out;
}

}  // namespace

void NormalizeNameInto(std::string_view name, std::string* out) {
  out->clear();
  bool pending_space = false;
  std::size_t pos = 0;
  while (pos < name.size()) {
    const auto b = static_cast<unsigned char>(name[pos]);
    char32_t c;
    if (b < 0x80) {  // the common case, without decoding
      ++pos;
      c = b;
    } else {
      c = Decode(name, &pos);
    }
    if (IsSpace(c)) {
      pending_space = !out->empty();
      continue;
    }
    if (pending_space) {
      out->push_back(' ');
      pending_space = false;
    }
    Encode(Fold(c), out);
  }
}

bool IsBlankName(std::string_view name) {
  for (std::size_t pos = 0; pos < name.size();) {
    if (!IsSpace(Decode(name, &pos))) return false;
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
  const std::size_t length_gap = x.size() > y.size() ? x.size() - y.size() : y.size() - x.size();
  if (length_gap > cutoff) return cutoff + 1;
  std::vector<std::size_t> row(y.size() + 1);
  for (std::size_t j = 0; j <= y.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= x.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    std::size_t row_min = row[0];
    for (std::size_t j = 1; j <= y.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({above + 1, row[j - 1] + 1, diagonal + (x[i - 1] == y[j - 1] ? 0 : 1)});
      diagonal = above;
      row_min = std::min(row_min, row[j]);
    }
    if (row_min > cutoff) return cutoff + 1;
  }
  return row[y.size()];
}

}  // namespace annals::engine
