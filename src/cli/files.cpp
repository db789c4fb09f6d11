#include "cli/files.h"

#include <cstdio>
#include <fstream>

namespace sip::cli {

Result<void> WriteFileAtomic(const std::string& path, std::string_view data) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    f.write(data.data(), static_cast<std::streamsize>(data.size()));
    f.flush();
    if (!f) {
      std::remove(tmp.c_str());
      return Error{Errc::DbIo, "cannot write the file"};
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    return Error{Errc::DbIo, "cannot write the file"};
  }
  return {};
}

}  // namespace sip::cli
