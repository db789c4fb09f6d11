// cli/files.cpp — see files.h.
#include "cli/files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <filesystem>

#include "bundle/crypto.h"
#include "bundle/encoding.h"

namespace sip::cli {
namespace {

// Closes the descriptor and removes the temporary file unless Keep() was called.
class TempFile {
 public:
  TempFile(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
  ~TempFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!kept_) ::unlink(path_.c_str());
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  int fd() const { return fd_; }
  const std::string& path() const { return path_; }
  bool Close() {
    const int r = ::close(fd_);
    fd_ = -1;
    return r == 0;
  }
  void Keep() { kept_ = true; }

 private:
  int fd_;
  std::string path_;
  bool kept_ = false;
};

Error Io(const char* what) { return Error{Errc::DbIo, what}; }

// Exists and is not a regular file (lstat: a symlink counts as not regular).
bool ExistsNotRegular(const std::string& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) return false;
  return !S_ISREG(st.st_mode);
}

}  // namespace

Result<void> WriteFileAtomic(const std::string& path, std::string_view data, FileMode mode) {
  if (path.empty()) return Io("no output path");
  if (ExistsNotRegular(path)) return Error{Errc::OutputNotAFile, "the target exists and is not a regular file"};
  const std::filesystem::path target(path);
  const std::string name = target.filename().string();
  if (name.empty() || name == "." || name == "..") return Error{Errc::OutputNotAFile, "the target is a folder"};
  const std::filesystem::path dir = target.has_parent_path() ? target.parent_path() : std::filesystem::path(".");

  int fd = -1;
  std::string tmp;
  for (int attempt = 0; attempt < 8 && fd < 0; ++attempt) {
    tmp = (dir / ("." + name + "." + bundle::HexEncode(bundle::RandomBytes(8)) + ".tmp")).string();
    fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, static_cast<mode_t>(mode));
    if (fd < 0 && errno != EEXIST) return Io("cannot create a file in the target's folder");
  }
  if (fd < 0) return Io("cannot create a unique temporary file");
  TempFile file(fd, tmp);
  size_t done = 0;
  while (done < data.size()) {
    const ssize_t w = ::write(file.fd(), data.data() + done, data.size() - done);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return Io("cannot write the file");
    done += static_cast<size_t>(w);
  }
  if (::fsync(file.fd()) != 0 || !file.Close()) return Io("cannot write the file");
  // Checked again just before the rename: a target swapped for a link or device meanwhile is refused.
  if (ExistsNotRegular(path)) return Error{Errc::OutputNotAFile, "the target exists and is not a regular file"};
  if (::rename(file.path().c_str(), path.c_str()) != 0) return Io("cannot rename the file into place");
  file.Keep();
  return {};
}

}  // namespace sip::cli
