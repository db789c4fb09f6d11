// cli/files.h — file output shared by the CLI's commands.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace sip::cli {

// Writes `data` to `path` atomically: a temporary file beside it, flushed, then renamed over `path`, so a
// reader sees the old file or the whole new one. Errors: db_io (nothing is left behind).
Result<void> WriteFileAtomic(const std::string& path, std::string_view data);
inline Result<void> WriteFileAtomic(const std::string& path, const std::vector<uint8_t>& data) {
  return WriteFileAtomic(path, std::string_view(reinterpret_cast<const char*>(data.data()), data.size()));
}

}  // namespace sip::cli
