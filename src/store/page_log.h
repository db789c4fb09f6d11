// sipstore/page_log.h — a SQLite VFS whose database lives in memory and leaves the process as a log of
// commit records: the browser's durable storage without writing the whole file per commit.
//
// PageLog registers a VFS (e.g. "sip-pagelog") serving exactly one database: every SQLITE_OPEN_MAIN_DB open
// on it, whatever its name, reaches one in-memory byte image. Journals and temp files are volatile memory
// files and never leave the process. On every xSync of the database file the VFS frames one commit record —
// every byte range written since the previous sync, read back from the image (full page images, so replaying
// a record twice is harmless), plus the file size — and hands it to the sink. The platform appends records to
// a log file next to a base file (web: web/opfs-worker.js on OPFS); the commit is durable once the record is.
//
//   base file + log ──Replay()──▶ image ──PageLog──▶ SQLite        commit ──xSync──▶ record ──sink──▶ log
//   image ──TakeCheckpoint()──▶ ranges dirtied since the last checkpoint ──▶ written into the base; log emptied
//
// A crash at any moment leaves the base plus a log whose last record may be torn: Replay() applies complete,
// checksummed records in sequence order and ignores the rest, which yields the last durable commit. A crash
// during a checkpoint is safe too: the log is only emptied after the base holds every page it covers, and
// replaying it again onto a half-written base gives the same image.
//
// Record layout (little endian):  "SIPL" · u16 version (1) · u16 flags (0) · u32 record length (all of it,
//   checksum included) · u64 seq · u64 file size · u32 range count · {u64 offset · u32 length · bytes}* ·
//   u32 CRC-32 (IEEE) of everything before it.
// Consecutive records in one log have consecutive seq; replay stops at a gap. SQLite shrinks the file after a
// commit without syncing again; that truncation is sent at once as a record of its own (no ranges).
//
// Not thread-safe (neither is the SQLite build: SQLITE_THREADSAFE=0). No WAL: the VFS has no shared memory.
//
// Sections: framing (Crc32, EncodeRecord) · Replay · PageLog (the VFS) · checkpoints
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"

namespace sip::store {

// ---------------------------------------------------------------------------------------------------------
// Framing
// ---------------------------------------------------------------------------------------------------------
inline constexpr uint16_t kPageLogVersion = 1;
inline constexpr size_t kRecordHeaderSize = 32;                  // up to and including the range count
inline constexpr uint64_t kMaxImageSize = uint64_t{1} << 31;     // larger sizes in a record are corrupt

// A run of bytes of the database file.
struct Extent {
  uint64_t offset = 0;
  uint64_t length = 0;
  bool operator==(const Extent&) const = default;
};

// CRC-32 (IEEE 802.3, the zlib/PNG polynomial) of `size` bytes, continuing from `crc` (0 to start).
uint32_t Crc32(const void* data, size_t size, uint32_t crc = 0);

// One framed record of `ranges` (read from `image`, each clipped to file_size) with the given seq and size.
// Valid for any inputs; ranges beyond `image` are clipped.
std::vector<uint8_t> EncodeRecord(uint64_t seq, const std::vector<uint8_t>& image, const std::vector<Extent>& ranges);

// ---------------------------------------------------------------------------------------------------------
// Replay
// ---------------------------------------------------------------------------------------------------------
struct ReplayResult {
  std::vector<uint8_t> image;        // the base with every complete record applied
  uint64_t records_applied = 0;
  uint64_t first_seq = 0;            // seq of the first / last applied record; 0 when none
  uint64_t last_seq = 0;
  uint64_t valid_log_bytes = 0;      // the log's prefix that replayed
  uint64_t torn_tail_bytes = 0;      // bytes after it that did not (a torn or damaged last record)
  std::vector<Extent> touched;       // union of every applied range, sorted and merged
};

// Applies the complete, valid records of `log` in order onto `base`. Stops at the first record that is
// incomplete, fails its checksum or structure, or breaks the seq sequence; everything from there on is
// counted as torn_tail_bytes. Never fails: a log that is all garbage replays zero records.
ReplayResult Replay(std::vector<uint8_t> base, const std::vector<uint8_t>& log);

// ---------------------------------------------------------------------------------------------------------
// PageLog — the VFS
// ---------------------------------------------------------------------------------------------------------
// Called with each commit record and its seq, inside SQLite's xSync (so during the commit).
using RecordSink = std::function<void(std::vector<uint8_t> record, uint64_t seq)>;
// The same, for a sink that stores the record before it returns (native files): false means the record is
// not durable, and the commit fails (xSync reports SQLITE_IOERR_FSYNC); from then on every later sync fails
// too (sink_failed()), as nothing after a lost record may be stored.
using CheckedRecordSink = std::function<bool(std::vector<uint8_t> record, uint64_t seq)>;

// What a checkpoint writes into the base file: `extents` of the file, whose bytes are `data` back to back,
// then the file is truncated/extended to `size`. The first `barrier` extents must be durable (written and
// flushed) before any other is written (0: none; a sealed base's checkpoint mark, store/page_cipher.h).
// `whole`: `data` is the whole new file (one extent, {0, size}; a sealed base re-sealed with more room), to
// be written and flushed beside the base and renamed over it — never written in place.
struct Checkpoint {
  std::vector<Extent> extents;
  std::vector<uint8_t> data;
  uint64_t size = 0;
  uint32_t barrier = 0;
  bool whole = false;
};

// Writes a checkpoint into a base file's bytes (what the platform's storage does; used by tests).
void ApplyCheckpoint(std::vector<uint8_t>& base, const Checkpoint& cp);

class PageLog {
 public:
  // Registers the VFS `vfs_name` over `image`. Records get seq next_seq, next_seq+1, …. `dirty` seeds the
  // ranges the next checkpoint must write (e.g. ReplayResult::touched when the log is not yet folded into
  // the base). Fails when a VFS of that name is already registered.
  static Result<std::unique_ptr<PageLog>> Create(std::string vfs_name, std::vector<uint8_t> image = {},
                                                 uint64_t next_seq = 1, std::vector<Extent> dirty = {});
  ~PageLog();   // unregisters the VFS; valid only when no connection uses it any more
  PageLog(const PageLog&) = delete;
  PageLog& operator=(const PageLog&) = delete;

  const std::string& vfs_name() const { return name_; }
  // Where records go. Without a sink records are framed and dropped (still counted).
  void SetSink(RecordSink sink) { sink_ = std::move(sink); }
  void SetCheckedSink(CheckedRecordSink sink) { checked_sink_ = std::move(sink); }
  bool sink_failed() const { return sink_failed_; }

  // The database bytes as SQLite last wrote them (committed or not).
  const std::vector<uint8_t>& image() const { return image_; }
  // Replaces the image (e.g. "Starta en ny databas"); valid only when no connection has the database open.
  // Forgets pending ranges; the next checkpoint writes the whole new image.
  Result<void> ResetImage(std::vector<uint8_t> image);
  // Overwrites the image with zeros and empties it (the lock: no decrypted page stays in memory). Valid only
  // when no connection has the database open; the PageLog is unusable for that database afterwards.
  Result<void> WipeImage();

  uint64_t next_seq() const { return next_seq_; }
  // True between a write to the database file and its xSync (a transaction is writing).
  bool has_unsynced_writes() const { return !since_sync_.empty() || image_.size() != synced_size_; }
  int open_connections() const { return open_main_; }

  // --- checkpoints -----------------------------------------------------------------------------------------
  // Records and record bytes produced since the last checkpoint.
  uint64_t records_since_checkpoint() const { return records_since_cp_; }
  uint64_t log_bytes_since_checkpoint() const { return log_bytes_since_cp_; }
  // True when the log has grown past either limit.
  bool ShouldCheckpoint(uint64_t max_log_bytes = 4u << 20, uint64_t max_records = 1000) const {
    return log_bytes_since_cp_ >= max_log_bytes || records_since_cp_ >= max_records;
  }
  // True when a checkpoint would write anything (dirty ranges or a size change since the last one).
  bool HasCheckpointWork() const { return !since_cp_.empty() || image_.size() != cp_size_ || records_since_cp_ > 0; }
  // The ranges dirtied since the last checkpoint, read from the image, and the size; resets the counters.
  // Valid only when !has_unsynced_writes() (between transactions), so the base gets a committed state.
  Result<Checkpoint> TakeCheckpoint();

  // --- for the VFS callbacks (page_log.cpp) ----------------------------------------------------------------
  struct Impl;

 private:
  explicit PageLog(std::string name);
  void NoteWrite(uint64_t offset, uint64_t length);
  bool Sync();   // false: the checked sink did not store the record

  std::string name_;
  std::unique_ptr<Impl> impl_;
  std::vector<uint8_t> image_;
  RecordSink sink_;
  CheckedRecordSink checked_sink_;
  bool sink_failed_ = false;
  uint64_t next_seq_ = 1;
  std::map<uint64_t, uint64_t> since_sync_;   // start → end, merged
  std::map<uint64_t, uint64_t> since_cp_;
  uint64_t synced_size_ = 0;
  uint64_t cp_size_ = 0;
  uint64_t records_since_cp_ = 0;
  uint64_t log_bytes_since_cp_ = 0;
  int open_main_ = 0;
};

}  // namespace sip::store
