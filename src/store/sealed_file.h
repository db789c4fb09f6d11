// sipstore/sealed_file.h — an encrypted database on ordinary files (the CLI natively, tests in both builds):
// the page-log VFS (store/page_log.h) over a sealed base file and a sealed log (store/page_cipher.h), each
// commit's record appended and fsynced before the commit returns. The browser does the same through
// web/opfs-worker.js; this is the native counterpart, so the encryption is exercised end to end in tests.
//
//   <path>             the sealed base file ("SIPE" header)
//   <path>-log         the sealed commit records since the last checkpoint
//   <path>-key         the key file (bundle/key_wrap.h) — written by the caller, not by this file
//   <path>.reseal-tmp  while a base whose manifest outgrew its capacity is re-sealed whole (then renamed)
//
// Adoption of a plaintext database (AdoptPlaintext) runs in steps that each leave a state a later start can
// recognise and finish (ResumeAdoption): the plaintext is replaced only by a rename once the sealed copy is
// fully on disk, so a crash at any point leaves either the old plaintext database or the new encrypted one:
//   1  the plaintext read through SQLite (a hot journal rolled back), quick_check
//   2  sealed into <path>.adopt-tmp, fsynced; an empty <path>-log
//   3  <path> renamed to <path>.plain-old            (directory fsynced)
//   4  <path>.adopt-tmp renamed to <path>            (directory fsynced)
//   5  <path>.plain-old overwritten with zeros, fsynced, removed
//
// Sections: SealedFile (open, checkpoint) · adoption
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>

#include "core/result.h"
#include "store/page_cipher.h"
#include "store/page_log.h"
#include "store/sqlite.h"

namespace sip::store {

// --- SealedFile ---------------------------------------------------------------------------------------------
class SealedFile {
 public:
  // Opens the sealed database at `path` with the 32-byte database key, registering the VFS `vfs_name`
  // (each SealedFile needs its own name). With `create`, a missing or empty file becomes a new, empty
  // sealed database (`min_capacity`: the fewest blocks its manifest has room for, 0: the default; tests make
  // it small so the base outgrows it and is re-sealed whole). A plaintext database at `path` is refused with
  // db_open_failed (adopt it first).
  // Errors: db_open_failed (missing, plaintext), db_io, db_page_auth / db_page_mismatch (page_cipher.h;
  // the files are left untouched), internal.
  static Result<std::unique_ptr<SealedFile>> Open(const std::string& path, const std::array<uint8_t, 32>& db_key,
                                                  std::string vfs_name, bool create, uint32_t min_capacity = 0);
  ~SealedFile();   // closes the files; a connection must not outlive it. Never throws.
  SealedFile(const SealedFile&) = delete;
  SealedFile& operator=(const SealedFile&) = delete;

  // For Database::Open / Store::Open on this database (any path string; the VFS serves only this one).
  OpenOptions options() const { return {.create = true, .read_only = false, .vfs = log_->vfs_name()}; }
  PageLog& page_log() { return *log_; }

  // Folds the log into the base file (sealed checkpoint, flushed, then the log emptied). Valid between
  // transactions. With `only_if_due`, only when the log has outgrown PageLog::ShouldCheckpoint().
  Result<void> Checkpoint(bool only_if_due = false);

 private:
  SealedFile(std::string path, PageCipher cipher);
  bool AppendRecord(const std::vector<uint8_t>& record, uint64_t seq);
  Result<void> ReplaceBase(const std::vector<uint8_t>& bytes);

  std::string path_;
  PageCipher cipher_;
  SealedBase base_;
  std::unique_ptr<PageLog> log_;
  int base_fd_ = -1;
  int log_fd_ = -1;
  uint64_t log_size_ = 0;
};

// --- adoption -----------------------------------------------------------------------------------------------
// True when `path` holds (or, after an interrupted adoption, is about to hold) a sealed database: the file
// starts with the sealed header, or it is missing while <path>.adopt-tmp is complete.
bool IsSealedDatabase(const std::string& path);

// Encrypts the plaintext database at `path` in place with the steps above. `stop_after_step` (1–5) ends the
// run early as a crash would (tests); 0 runs all. Errors: db_open_failed (no such file, or already sealed),
// db_corrupt (quick_check fails: nothing is touched), db_io.
Result<void> AdoptPlaintext(const std::string& path, const std::array<uint8_t, 32>& db_key, int stop_after_step = 0);

// Finishes an adoption a crash interrupted (call before opening; harmless when none is pending): a missing
// <path> with a complete <path>.adopt-tmp is renamed into place; a leftover <path>.plain-old is wiped; a
// stale <path>.adopt-tmp next to the plaintext is removed (AdoptPlaintext then starts again). Returns
// whether the database at `path` is now sealed. Errors: db_io.
Result<bool> ResumeAdoption(const std::string& path);

}  // namespace sip::store
