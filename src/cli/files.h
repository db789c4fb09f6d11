// cli/files.h — file output shared by the CLI's commands (`--out`, backups, keys).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace sip::cli {

// Who may read a file the CLI writes. Private (0600) for anything that holds personal data or a secret:
// plans, FHIR documents, backups, keys. Public (0644) for what is meant to be handed out: the office
// profile, receipts. The process umask may narrow either further.
enum class FileMode : unsigned { Private = 0600, Public = 0644 };

// Writes `data` to `path` atomically and without following links planted by someone else:
//   - a target that exists and is not a regular file (a symlink, directory, device node, FIFO, socket) is
//     refused: output_not_a_file, nothing written;
//   - the data goes to a new, uniquely named file in the target's folder (`.<name>.<random>.tmp`, created
//     with O_CREAT|O_EXCL|O_NOFOLLOW and `mode`), is flushed to disk, and is then renamed over `path`, so a
//     reader sees the old file or the whole new one.
// Errors: output_not_a_file, db_io (the folder cannot be written; no temporary file is left behind).
Result<void> WriteFileAtomic(const std::string& path, std::string_view data, FileMode mode = FileMode::Private);
inline Result<void> WriteFileAtomic(const std::string& path, const std::vector<uint8_t>& data,
                                    FileMode mode = FileMode::Private) {
  return WriteFileAtomic(path, std::string_view(reinterpret_cast<const char*>(data.data()), data.size()), mode);
}

}  // namespace sip::cli
