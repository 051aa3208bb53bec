#!/usr/bin/env python3
"""Writes engine/store/name_fold_tables.cpp: the Unicode tables behind name keys.

A name key (engine/store/name_match.hpp) must make names equal that a reader
sees as equal: "École" typed precomposed or as E + U+0301 (macOS, PDF copies),
"Ｂｕｋｈａｒａ" in full-width letters, "ǅ" and "Dž", upper and lower case in
every cased script. That is Unicode's compatibility caseless match, NFKC with
case folding, computed per code point here with Python's unicodedata:

  fold(c) = NFKD(casefold(NFKD(casefold(NFD(c)))))

The C++ side concatenates each code point's fold, puts combining marks in
canonical order and composes (NFC), so keys read as normal text ("école").
Departures from plain NFKC_Casefold, each because a name would suffer:
  * apostrophe-like marks (ʻ ʼ ‘ ’ ´ ′) fold to ', so "Xoʻjayev", "Xo‘jayev"
    and "Xo'jayev" are one name (Uzbek Latin is typed with all of them);
  * dashes (‐ ‑ ‒ – — ― −) fold to -;
  * İ folds to plain i, as Turkish names are matched in Latin text;
  * a character whose compatibility form starts with a space (a spacing
    accent such as ¨ or ˘) only case-folds, so a name never gains a space;
  * Hangul syllables stay whole (composition puts decomposed jamo back);
  * default-ignorable characters (soft hyphen, zero-width joiners, variation
    selectors, bidi controls) fold to nothing.

Run it after a Python upgrade brings a new Unicode version; the output names
the version. Any change to the output changes name keys, and so the snapshot
format's version (engine/store/snapshot.cpp).
"""

import sys
import unicodedata as ud

APOSTROPHES = [0x00B4, 0x02BB, 0x02BC, 0x2018, 0x2019, 0x2032]
DASHES = [0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212]
DEFAULT_IGNORABLE = [
    (0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160),
    (0x17B4, 0x17B5), (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E),
    (0x2060, 0x206F), (0x3164, 0x3164), (0xFE00, 0xFE0F), (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFF8), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A), (0xE0000, 0xE0FFF),
]
HANGUL_FIRST, HANGUL_LAST = 0xAC00, 0xD7A3
BLOCK = 128  # code points per second-stage block
LIMIT = 0x110000


def override(cp):
    """The fold of a character the name key treats on its own, else None."""
    if cp in APOSTROPHES:
        return "'"
    if cp in DASHES:
        return "-"
    if cp == 0x0130:
        return "i"
    if any(lo <= cp <= hi for lo, hi in DEFAULT_IGNORABLE):
        return ""
    return None


def fold(cp):
    own = override(cp)
    if own is not None:
        return own
    c = chr(cp)
    if HANGUL_FIRST <= cp <= HANGUL_LAST:
        return c
    full = ud.normalize("NFKD", ud.normalize("NFKD", ud.normalize("NFD", c).casefold()).casefold())
    if full.startswith(" ") and not c.isspace():
        full = ud.normalize("NFD", c.casefold())
    # What a character folds to folds no further (U+FE31 is an em dash, which is -).
    return "".join(ch if override(ord(ch)) is None else override(ord(ch)) for ch in full)


def two_stage(values, default):
    """Stage 1 maps cp // BLOCK to a block of stage 2; block 0 is all default."""
    blocks = [tuple([default] * BLOCK)]
    index = {blocks[0]: 0}
    stage1 = []
    for start in range(0, LIMIT, BLOCK):
        block = tuple(values.get(cp, default) for cp in range(start, start + BLOCK))
        if block not in index:
            index[block] = len(blocks)
            blocks.append(block)
        stage1.append(index[block])
    return stage1, [v for block in blocks for v in block]


def array(ctype, name, values, per_line=16):
    lines = [f"const {ctype} {name}[{len(values)}] = {{"]
    for i in range(0, len(values), per_line):
        lines.append("    " + ", ".join(str(v) for v in values[i:i + per_line]) + ",")
    lines.append("};")
    return "\n".join(lines)


def main(out_path):
    # Fold records: record 0 is "as it is"; others index the pool.
    pool = []
    records = [0]
    record_of = {}
    fold_index = {}
    for cp in range(LIMIT):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        folded = fold(cp)
        if folded == chr(cp):
            continue
        key = folded
        if key not in record_of:
            assert len(folded) < 32 and len(pool) < (1 << 27)
            record_of[key] = len(records)
            records.append((len(pool) << 5) | len(folded))
            pool.extend(ord(ch) for ch in folded)
        fold_index[cp] = record_of[key]
    assert len(records) < 65536
    # A key is its own key: what a code point folds to folds to itself.
    for cp, record in fold_index.items():
        packed = records[record]
        folded = "".join(chr(c) for c in pool[packed >> 5:(packed >> 5) + (packed & 31)])
        assert all(fold(ord(ch)) == ch for ch in folded), hex(cp)
    # ASCII must fold as HashSimpleName assumes: A-Z to a-z, all else as is.
    for cp in range(0x80):
        expected = chr(cp).lower() if chr(cp).isupper() else chr(cp)
        assert (fold(cp) == expected), hex(cp)

    classes = {cp: ud.combining(chr(cp)) for cp in range(LIMIT)
               if not 0xD800 <= cp <= 0xDFFF and ud.combining(chr(cp))}

    # Primary composites: two-code-point canonical decompositions that NFC
    # keeps composed (not excluded, not singletons). Hangul is algorithmic.
    pairs = []
    for cp in range(LIMIT):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        d = ud.decomposition(chr(cp))
        if not d or d.startswith("<"):
            continue
        parts = [int(x, 16) for x in d.split()]
        if len(parts) == 2 and ud.normalize("NFC", chr(parts[0]) + chr(parts[1])) == chr(cp):
            pairs.append(((parts[0] << 21) | parts[1], cp))
    pairs.sort()
    # Second halves that are starters (class 0): the few a starter can compose
    # with, so that composition can skip every other starter without a search.
    starter_seconds = sorted({p & ((1 << 21) - 1) for p, _ in pairs
                              if ud.combining(chr(p & ((1 << 21) - 1))) == 0})

    fold_stage1, fold_stage2 = two_stage(fold_index, 0)
    class_stage1, class_stage2 = two_stage(classes, 0)
    assert max(fold_stage1) < 65536 and max(class_stage1) < 65536

    text = f"""// Generated by scripts/gen_name_fold_tables.py from Unicode {ud.unidata_version}
// (Python's unicodedata). Do not edit; run the script. See name_fold_tables.hpp.
// clang-format off
#include "engine/store/name_fold_tables.hpp"

namespace annals::engine::unicode {{

{array("std::uint16_t", "kFoldStage1", fold_stage1)}

{array("std::uint16_t", "kFoldStage2", fold_stage2)}

{array("std::uint32_t", "kFoldRecords", records, 8)}

{array("char32_t", "kFoldPool", pool, 12)}

{array("std::uint16_t", "kClassStage1", class_stage1)}

{array("std::uint8_t", "kClassStage2", class_stage2, 24)}

{array("std::uint64_t", "kComposePairs", [p for p, _ in pairs], 6)}

{array("char32_t", "kComposed", [c for _, c in pairs], 12)}

const std::size_t kComposePairCount = {len(pairs)};

{array("char32_t", "kStarterSeconds", starter_seconds, 12)}

const std::size_t kStarterSecondCount = {len(starter_seconds)};

const char kUnicodeVersion[] = "{ud.unidata_version}";

}}  // namespace annals::engine::unicode
"""
    with open(out_path, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"{out_path}: {len(records) - 1} folds, {len(pool)} pool code points, "
          f"{len(fold_stage2) // BLOCK} fold blocks, {len(class_stage2) // BLOCK} class blocks, "
          f"{len(pairs)} composition pairs")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "engine/store/name_fold_tables.cpp")
