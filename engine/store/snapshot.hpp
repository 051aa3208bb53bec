// Binary snapshots of a finalized store: written once, opened without
// re-parsing or re-indexing.
//
// Format (version 3, little-endian): a 64-byte header (magic "ANNALS\0\0",
// format version, byte-order mark, file size, section count, a checksum of
// header and section table), a table of sections {id, element size, offset,
// count, checksum}, then each section's elements exactly as the store holds
// them in memory, 8-byte aligned, zero-padded. Opening maps the file and lets
// the large columns use their sections in place (or reads every section with
// one read call each, see SnapshotAccess), checks every checksum and
// every invariant an index relies on, and never trusts a count or offset
// before checking it against the file's real size.
#pragma once

#include "engine/store/store.hpp"

#include <string>

namespace annals::engine {

//! The snapshot format this build writes and reads. Version 5 (0.3.23) keys
//! names by Unicode's compatibility caseless match (name_match.hpp), which
//! changes the key, and so the place, of most names that are not ASCII; the
//! sections are as in version 4. Version 4 (0.3.4) hashes
//! names eight bytes at a time, which places them differently in the name
//! table, and adds each in-edge's relation tag; version 3 (0.3.1) kept each
//! fact's date forms inside its days, where version 2 had a section of them.
//! A file of another version is refused with a message to rebuild it.
inline constexpr std::uint32_t kSnapshotVersion = 5;

//! Writes `store`, which must be finalized, to `path` (through a temporary
//! file renamed into place, so a failed write leaves no half file behind).
//! Throws Error(kInvalidArgument) when the store is not finalized and
//! Error(kData) when the file cannot be written.
void SaveSnapshot(const Store& store, const std::string& path);

//! How OpenSnapshot gets the sections' bytes.
enum class SnapshotAccess {
  //! The large columns use the file's mapped pages (private: writes never
  //! reach the file), so the store shares the page cache instead of
  //! copying it. Falls back to kRead where the file cannot be mapped. The
  //! file must not be overwritten in place while the store lives; replacing
  //! it by rename, as SaveSnapshot does, is safe.
  kMap,
  //! Every section is read into memory of the store's own.
  kRead,
};

//! Opens a snapshot written by SaveSnapshot. Throws Error(kData) naming the
//! file and what is wrong: "not an Annals snapshot", "truncated: expected N
//! bytes, found M", "version 3, this build reads 2", "checksum mismatch in
//! section ...", or the invariant a damaged section breaks.
[[nodiscard]] Store OpenSnapshot(const std::string& path,
                                 SnapshotAccess access = SnapshotAccess::kMap);

//! `bytes` with every checksum recomputed to match what it covers, as far as
//! the header and section table are in range (the rest left as it is): for a
//! fuzzer, whose random changes would otherwise all stop at the first
//! checksum and never reach the invariant checks behind it. A checksum guards
//! against damage, not against a crafted file, so OpenSnapshot must be safe
//! on whatever this gives.
[[nodiscard]] std::string WithChecksumsRecomputed(std::string bytes);

}  // namespace annals::engine
