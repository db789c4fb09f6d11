#include "store/sealed_file.h"

#include <fcntl.h>
#include <sodium.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <utility>

namespace sip::store {
namespace {

Error Io(const char* what) { return Error{Errc::DbIo, what}; }

bool ReadAll(int fd, std::vector<uint8_t>& out) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) return false;
  out.resize(static_cast<size_t>(st.st_size));
  size_t done = 0;
  while (done < out.size()) {
    const ssize_t n = ::pread(fd, out.data() + done, out.size() - done, static_cast<off_t>(done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

bool WriteAt(int fd, const uint8_t* data, size_t size, uint64_t at) {
  size_t done = 0;
  while (done < size) {
    const ssize_t n = ::pwrite(fd, data + done, size - done, static_cast<off_t>(at + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

bool Exists(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0;
}

// The directory of `path` fsynced, so a rename or creation in it is durable (best effort where the platform
// cannot open directories).
void SyncDir(const std::string& path) {
  const auto slash = path.rfind('/');
  const std::string dir = slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
  const int fd = ::open(dir.c_str(), O_RDONLY);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

// Writes `bytes` as the whole file `path` (created or truncated) and fsyncs it.
bool WriteFileSynced(const std::string& path, const std::vector<uint8_t>& bytes) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) return false;
  bool ok = WriteAt(fd, bytes.data(), bytes.size(), 0) && ::fsync(fd) == 0;
  ok = ::close(fd) == 0 && ok;
  return ok;
}

// Overwrites the file with zeros (its whole length), fsyncs and removes it.
bool WipeAndRemove(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY);
  if (fd < 0) return !Exists(path);
  struct stat st {};
  bool ok = ::fstat(fd, &st) == 0;
  std::vector<uint8_t> zeros(1 << 16, 0);
  for (uint64_t at = 0; ok && at < static_cast<uint64_t>(st.st_size); at += zeros.size())
    ok = WriteAt(fd, zeros.data(), std::min<uint64_t>(zeros.size(), static_cast<uint64_t>(st.st_size) - at), at);
  ok = ok && ::fsync(fd) == 0;
  ok = ::close(fd) == 0 && ok;
  ok = ok && ::unlink(path.c_str()) == 0;
  SyncDir(path);
  return ok;
}

bool StartsSealed(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY);
  if (fd < 0) return false;
  uint8_t head[4] = {};
  const bool ok = ::pread(fd, head, 4, 0) == 4 && std::memcmp(head, "SIPE", 4) == 0;
  ::close(fd);
  return ok;
}

}  // namespace

// --- SealedFile -----------------------------------------------------------------------------------------------

SealedFile::SealedFile(std::string path, PageCipher cipher) : path_(std::move(path)), cipher_(std::move(cipher)) {}

SealedFile::~SealedFile() {
  log_.reset();   // unregisters the VFS (no connection may be open by now)
  if (base_fd_ >= 0) ::close(base_fd_);
  if (log_fd_ >= 0) ::close(log_fd_);
}

Result<std::unique_ptr<SealedFile>> SealedFile::Open(const std::string& path, const std::array<uint8_t, 32>& db_key,
                                                     std::string vfs_name, bool create, uint32_t min_capacity) {
  std::unique_ptr<SealedFile> f(new SealedFile(path, PageCipher(db_key)));
  ::unlink((path + ".reseal-tmp").c_str());   // a re-seal a crash cut short (the base was not replaced)
  f->base_fd_ = ::open(path.c_str(), O_RDWR | (create ? O_CREAT : 0), 0600);
  if (f->base_fd_ < 0) return Error{Errc::DbOpenFailed, "cannot open the database file"};
  std::vector<uint8_t> base;
  if (!ReadAll(f->base_fd_, base)) return Io("cannot read the database file");
  const bool fresh = base.empty();
  if (!fresh && !LooksSealed(base)) return Error{Errc::DbOpenFailed, "the database file is not encrypted"};
  f->log_fd_ = ::open((path + "-log").c_str(), O_RDWR | O_CREAT, 0600);
  if (f->log_fd_ < 0) return Io("cannot open the log file");
  std::vector<uint8_t> log;
  if (!ReadAll(f->log_fd_, log)) return Io("cannot read the log file");

  OpenedDatabase opened;
  if (fresh) {
    if (!log.empty()) return Error{Errc::DbPageMismatch, "a log without its base file"};
    auto sealed = SealedBase::SealImage(f->cipher_, {}, 1, &opened.base, min_capacity);
    if (!sealed) return sealed.error();
    if (!WriteAt(f->base_fd_, sealed->data(), sealed->size(), 0) || ::fsync(f->base_fd_) != 0)
      return Io("cannot write the new database file");
    SyncDir(path);
  } else {
    auto r = OpenSealedDatabase(f->cipher_, base, log);
    if (!r) return r.error();
    opened = std::move(*r);
  }
  // A torn tail goes before the next append, so records stay back to back.
  f->log_size_ = fresh ? 0 : opened.replay.valid_log_bytes;
  if (f->log_size_ != log.size() && ::ftruncate(f->log_fd_, static_cast<off_t>(f->log_size_)) != 0)
    return Io("cannot cut the log's torn tail");
  f->base_ = std::move(opened.base);
  auto pl = PageLog::Create(std::move(vfs_name), std::move(opened.replay.image), fresh ? 1 : opened.next_seq,
                            std::move(opened.replay.touched));
  if (!pl) return pl.error();
  f->log_ = std::move(*pl);
  SealedFile* self = f.get();
  f->log_->SetCheckedSink(
      [self](std::vector<uint8_t> record, uint64_t seq) { return self->AppendRecord(record, seq); });
  return f;
}

bool SealedFile::AppendRecord(const std::vector<uint8_t>& record, uint64_t seq) {
  const std::vector<uint8_t> sealed = cipher_.SealRecord(base_.file_id(), seq, record);
  if (WriteAt(log_fd_, sealed.data(), sealed.size(), log_size_) && ::fdatasync(log_fd_) == 0) {
    log_size_ += sealed.size();
    return true;
  }
  // Not stored: whatever part of it landed is cut off (best effort; replay ignores a torn tail anyway).
  if (::ftruncate(log_fd_, static_cast<off_t>(log_size_)) == 0) ::fdatasync(log_fd_);
  return false;
}

Result<void> SealedFile::Checkpoint(bool only_if_due) {
  if (log_->sink_failed()) return Io("an earlier commit could not be stored");
  if (only_if_due && !log_->ShouldCheckpoint()) return {};
  if (!log_->HasCheckpointWork()) return {};
  auto cp = log_->TakeCheckpoint();
  if (!cp) return cp.error();
  auto sealed = base_.SealCheckpoint(cipher_, *cp, log_->image(), log_->next_seq());
  if (!sealed) return sealed.error();
  if (sealed->whole) return ReplaceBase(sealed->data);
  uint64_t at = 0;
  for (size_t i = 0; i < sealed->extents.size(); ++i) {
    const Extent& e = sealed->extents[i];
    if (!WriteAt(base_fd_, sealed->data.data() + at, e.length, e.offset)) return Io("cannot write the checkpoint");
    at += e.length;
    // The checkpoint's mark is durable before any block is written (store/page_cipher.h).
    if (i + 1 == sealed->barrier && ::fdatasync(base_fd_) != 0) return Io("cannot flush the checkpoint's mark");
  }
  if (::ftruncate(base_fd_, static_cast<off_t>(sealed->size)) != 0 || ::fsync(base_fd_) != 0)
    return Io("cannot flush the checkpoint");
  // Only now may the log go: the base holds every block it covered.
  if (::ftruncate(log_fd_, 0) != 0 || ::fdatasync(log_fd_) != 0) return Io("cannot empty the log");
  log_size_ = 0;
  return {};
}

// The base file re-sealed whole (its manifest outgrew its capacity): written and fsynced beside it, renamed over
// it (atomic: a crash leaves the old base or the new, and both replay the log, which keeps the file id), then
// the log emptied.
Result<void> SealedFile::ReplaceBase(const std::vector<uint8_t>& bytes) {
  const std::string tmp = path_ + ".reseal-tmp";
  if (!WriteFileSynced(tmp, bytes)) return Io("cannot write the re-sealed database file");
  if (std::rename(tmp.c_str(), path_.c_str()) != 0) return Io("cannot put the re-sealed database file in place");
  SyncDir(path_);
  const int fd = ::open(path_.c_str(), O_RDWR);
  if (fd < 0) return Io("cannot open the re-sealed database file");
  ::close(base_fd_);
  base_fd_ = fd;
  if (::ftruncate(log_fd_, 0) != 0 || ::fdatasync(log_fd_) != 0) return Io("cannot empty the log");
  log_size_ = 0;
  return {};
}

// --- adoption -------------------------------------------------------------------------------------------------

bool IsSealedDatabase(const std::string& path) {
  return StartsSealed(path) || (!Exists(path) && StartsSealed(path + ".adopt-tmp"));
}

Result<bool> ResumeAdoption(const std::string& path) {
  const std::string tmp = path + ".adopt-tmp", old = path + ".plain-old";
  if (!Exists(path) && Exists(tmp)) {
    // Step 3 happened, step 4 did not: the sealed copy was complete before the plaintext moved away.
    if (std::rename(tmp.c_str(), path.c_str()) != 0) return Io("cannot finish the adoption (rename)");
    SyncDir(path);
  }
  if (Exists(tmp) && !StartsSealed(path)) {
    // Interrupted during step 2: the plaintext is still in place and is what counts.
    if (::unlink(tmp.c_str()) != 0) return Io("cannot remove a stale adoption file");
    SyncDir(path);
  }
  const bool sealed = StartsSealed(path);
  if (sealed && Exists(old) && !WipeAndRemove(old)) return Io("cannot wipe the old plaintext database");
  return sealed;
}

Result<void> AdoptPlaintext(const std::string& path, const std::array<uint8_t, 32>& db_key, int stop_after_step) {
  if (!Exists(path)) return Error{Errc::DbOpenFailed, "no database file to adopt"};
  if (StartsSealed(path)) return Error{Errc::DbOpenFailed, "the database is already encrypted"};
  const std::string tmp = path + ".adopt-tmp", old = path + ".plain-old";
  // 1: the plaintext, as SQLite sees it (a hot journal is rolled back by opening it read-write).
  std::vector<uint8_t> image;
  {
    auto db = Database::Open(path, {.create = false, .read_only = false, .vfs = {}});
    if (!db) return db.error();
    if (auto c = db->QuickCheck(); !c) return c.error();
    sqlite3_int64 size = 0;
    unsigned char* data = sqlite3_serialize(db->handle(), "main", &size, 0);
    if (!data && size > 0) return Error{Errc::DbError, "sqlite3_serialize failed"};
    image.assign(data, data + size);
    sqlite3_free(data);
  }
  if (stop_after_step == 1) return {};
  // 2: the sealed copy, complete and on disk, and an empty log.
  PageCipher cipher(db_key);
  auto sealed = SealedBase::SealImage(cipher, image, 1);
  sodium_memzero(image.data(), image.size());
  if (!sealed) return sealed.error();
  if (!WriteFileSynced(tmp, *sealed) || !WriteFileSynced(path + "-log", {})) return Io("cannot write the sealed copy");
  SyncDir(path);
  if (stop_after_step == 2) return {};
  // 3 and 4: the switch, by renames only.
  if (std::rename(path.c_str(), old.c_str()) != 0) return Io("cannot move the plaintext database aside");
  SyncDir(path);
  if (stop_after_step == 3) return {};
  if (std::rename(tmp.c_str(), path.c_str()) != 0) return Io("cannot move the sealed database into place");
  SyncDir(path);
  if (stop_after_step == 4) return {};
  // 5: the plaintext overwritten and gone (and a journal, which a rolled-back open leaves empty or absent).
  if (!WipeAndRemove(old)) return Io("cannot wipe the old plaintext database");
  if (Exists(path + "-journal") && !WipeAndRemove(path + "-journal")) return Io("cannot wipe the old journal");
  return {};
}

}  // namespace sip::store
