#include "store/page_log.h"

#include <sodium.h>
#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <new>
#include <utility>

namespace sip::store {

// --- Framing -------------------------------------------------------------------------------------------------

namespace {

constexpr std::array<uint32_t, 256> MakeCrcTable() {
  std::array<uint32_t, 256> t{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    t[i] = c;
  }
  return t;
}
constexpr std::array<uint32_t, 256> kCrcTable = MakeCrcTable();

// Little-endian writes into a buffer sized in advance.
struct Writer {
  uint8_t* p;
  void Le(uint64_t v, int bytes) {
    for (int i = 0; i < bytes; ++i) *p++ = static_cast<uint8_t>(v >> (8 * i));
  }
  void Bytes(const uint8_t* src, size_t n) {
    if (n) std::memcpy(p, src, n);
    p += n;
  }
};
uint64_t Get(const uint8_t* p, int bytes) {
  uint64_t v = 0;
  for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

constexpr uint8_t kMagic[4] = {'S', 'I', 'P', 'L'};

// Adds [start, end) to a set of disjoint, non-adjacent intervals.
void AddInterval(std::map<uint64_t, uint64_t>& set, uint64_t start, uint64_t end) {
  if (start >= end) return;
  auto it = set.upper_bound(start);
  if (it != set.begin()) {
    auto prev = std::prev(it);
    if (prev->second >= start) {
      start = prev->first;
      end = std::max(end, prev->second);
      it = set.erase(prev);
    }
  }
  while (it != set.end() && it->first <= end) {
    end = std::max(end, it->second);
    it = set.erase(it);
  }
  set.emplace(start, end);
}

std::vector<Extent> Clip(const std::map<uint64_t, uint64_t>& set, uint64_t size) {
  std::vector<Extent> out;
  for (const auto& [start, end] : set) {
    if (start >= size) break;
    out.push_back({start, std::min(end, size) - start});
  }
  return out;
}

}  // namespace

uint32_t Crc32(const void* data, size_t size, uint32_t crc) {
  const auto* p = static_cast<const uint8_t*>(data);
  crc = ~crc;
  for (size_t i = 0; i < size; ++i) crc = kCrcTable[(crc ^ p[i]) & 0xff] ^ (crc >> 8);
  return ~crc;
}

std::vector<uint8_t> EncodeRecord(uint64_t seq, const std::vector<uint8_t>& image, const std::vector<Extent>& ranges) {
  const uint64_t size = image.size();
  std::vector<Extent> clipped;
  uint64_t payload = 0;
  for (const Extent& e : ranges) {
    if (e.offset >= size || e.length == 0) continue;
    uint64_t len = std::min<uint64_t>(e.length, size - e.offset);
    // A range longer than a u32 is split (never happens with SQLite's page writes, but stay correct).
    for (uint64_t done = 0; done < len;) {
      const uint64_t part = std::min<uint64_t>(len - done, 0x7fffffffu);
      clipped.push_back({e.offset + done, part});
      payload += 12 + part;
      done += part;
    }
  }
  const uint64_t total = kRecordHeaderSize + payload + 4;
  std::vector<uint8_t> out(total);
  Writer w{out.data()};
  w.Bytes(kMagic, 4);
  w.Le(kPageLogVersion, 2);
  w.Le(0, 2);
  w.Le(total, 4);
  w.Le(seq, 8);
  w.Le(size, 8);
  w.Le(clipped.size(), 4);
  for (const Extent& e : clipped) {
    w.Le(e.offset, 8);
    w.Le(e.length, 4);
    w.Bytes(image.data() + e.offset, e.length);
  }
  w.Le(Crc32(out.data(), total - 4), 4);
  return out;
}

// --- Replay --------------------------------------------------------------------------------------------------

namespace {

struct ParsedRecord {
  uint64_t seq = 0;
  uint64_t size = 0;
  uint64_t length = 0;                                  // bytes of the log it occupies
  std::vector<std::pair<Extent, const uint8_t*>> ranges;
};

// Parses and checks the record at `p` (`avail` bytes left in the log). False: incomplete or damaged.
bool ParseRecord(const uint8_t* p, uint64_t avail, ParsedRecord& r) {
  if (avail < kRecordHeaderSize + 4) return false;
  if (std::memcmp(p, kMagic, 4) != 0 || Get(p + 4, 2) != kPageLogVersion || Get(p + 6, 2) != 0) return false;
  const uint64_t len = Get(p + 8, 4);
  if (len < kRecordHeaderSize + 4 || len > avail) return false;
  if (Crc32(p, len - 4) != Get(p + len - 4, 4)) return false;
  r.length = len;
  r.seq = Get(p + 12, 8);
  r.size = Get(p + 20, 8);
  if (r.size > kMaxImageSize) return false;
  const uint64_t count = Get(p + 28, 4);
  uint64_t pos = kRecordHeaderSize;
  const uint64_t end = len - 4;
  r.ranges.clear();
  for (uint64_t i = 0; i < count; ++i) {
    if (end - pos < 12) return false;
    const Extent e{Get(p + pos, 8), Get(p + pos + 8, 4)};
    pos += 12;
    if (e.length > end - pos || e.offset > r.size || e.length > r.size - e.offset) return false;
    r.ranges.push_back({e, p + pos});
    pos += e.length;
  }
  return pos == end;
}

}  // namespace

ReplayResult Replay(std::vector<uint8_t> base, const std::vector<uint8_t>& log) {
  ReplayResult out;
  out.image = std::move(base);
  std::map<uint64_t, uint64_t> touched;
  uint64_t pos = 0;
  ParsedRecord rec;
  while (pos < log.size() && ParseRecord(log.data() + pos, log.size() - pos, rec)) {
    if (out.records_applied > 0 && rec.seq != out.last_seq + 1) break;   // a gap: not this log's next record
    out.image.resize(rec.size);
    for (const auto& [e, bytes] : rec.ranges) {
      std::memcpy(out.image.data() + e.offset, bytes, e.length);
      AddInterval(touched, e.offset, e.offset + e.length);
    }
    if (out.records_applied == 0) out.first_seq = rec.seq;
    out.last_seq = rec.seq;
    ++out.records_applied;
    pos += rec.length;
  }
  out.valid_log_bytes = pos;
  out.torn_tail_bytes = log.size() - pos;
  out.touched = Clip(touched, out.image.size());
  return out;
}

void ApplyCheckpoint(std::vector<uint8_t>& base, const Checkpoint& cp) {
  uint64_t at = 0;
  for (const Extent& e : cp.extents) {
    if (base.size() < e.offset + e.length) base.resize(e.offset + e.length);
    std::memcpy(base.data() + e.offset, cp.data.data() + at, e.length);
    at += e.length;
  }
  base.resize(cp.size);
}

// --- The VFS -------------------------------------------------------------------------------------------------

namespace {

// A volatile file: a journal or a temp file. Never leaves the process.
struct MemFile {
  std::vector<uint8_t> bytes;
};

struct PlFile {
  sqlite3_file base;                  // must stay first: SQLite hands us this pointer
  PageLog* log = nullptr;
  bool main = false;                  // the database image
  std::shared_ptr<MemFile> mem;       // otherwise: its volatile file
  int lock = SQLITE_LOCK_NONE;
};

}  // namespace

struct PageLog::Impl {
  sqlite3_vfs vfs{};
  sqlite3_vfs* fallback = nullptr;     // the default VFS: randomness, time, sleep
  std::map<std::string, std::shared_ptr<MemFile>> files;
  int shared = 0;                      // connections holding SHARED or more on the image
  PlFile* writer = nullptr;            // the one holding RESERVED or more

  static PageLog* Of(sqlite3_vfs* v) { return static_cast<PageLog*>(v->pAppData); }
  static PlFile* F(sqlite3_file* f) { return reinterpret_cast<PlFile*>(f); }

  // --- io methods ---
  static int Close(sqlite3_file* f) {
    PlFile* p = F(f);
    if (p->main) {
      Unlock(f, SQLITE_LOCK_NONE);
      --p->log->open_main_;
    }
    p->~PlFile();
    return SQLITE_OK;
  }

  static int Read(sqlite3_file* f, void* buf, int amt, sqlite3_int64 off) {
    PlFile* p = F(f);
    const std::vector<uint8_t>& b = p->main ? p->log->image_ : p->mem->bytes;
    const uint64_t o = static_cast<uint64_t>(off);
    const uint64_t n = o >= b.size() ? 0 : std::min<uint64_t>(static_cast<uint64_t>(amt), b.size() - o);
    if (n) std::memcpy(buf, b.data() + o, n);
    if (n < static_cast<uint64_t>(amt)) {
      std::memset(static_cast<uint8_t*>(buf) + n, 0, static_cast<size_t>(amt) - n);
      return SQLITE_IOERR_SHORT_READ;
    }
    return SQLITE_OK;
  }

  static int Write(sqlite3_file* f, const void* buf, int amt, sqlite3_int64 off) {
    PlFile* p = F(f);
    const uint64_t o = static_cast<uint64_t>(off);
    const uint64_t n = static_cast<uint64_t>(amt);
    if (o + n > kMaxImageSize) return SQLITE_FULL;
    std::vector<uint8_t>& b = p->main ? p->log->image_ : p->mem->bytes;
    // A write past the end zero-fills the gap: that is a change of the file too.
    if (p->main && b.size() < o) p->log->NoteWrite(b.size(), o - b.size());
    try {
      if (b.size() < o + n) b.resize(o + n);
    } catch (const std::bad_alloc&) {
      return SQLITE_IOERR_NOMEM;
    }
    std::memcpy(b.data() + o, buf, n);
    if (p->main) p->log->NoteWrite(o, n);
    return SQLITE_OK;
  }

  static int Truncate(sqlite3_file* f, sqlite3_int64 size) {
    PlFile* p = F(f);
    if (static_cast<uint64_t>(size) > kMaxImageSize) return SQLITE_FULL;
    std::vector<uint8_t>& b = p->main ? p->log->image_ : p->mem->bytes;
    const uint64_t n = static_cast<uint64_t>(size);
    if (p->main && b.size() < n) p->log->NoteWrite(b.size(), n - b.size());   // zeros appended
    try {
      b.resize(static_cast<size_t>(n));
    } catch (const std::bad_alloc&) {
      return SQLITE_IOERR_NOMEM;
    }
    // SQLite shrinks the file after a commit has been synced (when the journal is already gone) and does not
    // sync again: that size change is a record of its own. Mid-transaction it goes with the next sync.
    if (p->main && p->log->since_sync_.empty() && !p->log->Sync()) return SQLITE_IOERR_TRUNCATE;
    return SQLITE_OK;
  }

  static int Sync(sqlite3_file* f, int) {
    PlFile* p = F(f);
    if (p->main && !p->log->Sync()) return SQLITE_IOERR_FSYNC;
    return SQLITE_OK;
  }

  static int FileSize(sqlite3_file* f, sqlite3_int64* size) {
    PlFile* p = F(f);
    *size = static_cast<sqlite3_int64>(p->main ? p->log->image_.size() : p->mem->bytes.size());
    return SQLITE_OK;
  }

  // Locks between connections of this process on the one image (volatile files need none).
  static int Lock(sqlite3_file* f, int level) {
    PlFile* p = F(f);
    if (!p->main || p->lock >= level) {
      if (!p->main) p->lock = level;
      return SQLITE_OK;
    }
    Impl& im = *p->log->impl_;
    if (level == SQLITE_LOCK_SHARED) {
      if (im.writer && im.writer != p && im.writer->lock >= SQLITE_LOCK_PENDING) return SQLITE_BUSY;
      ++im.shared;
      p->lock = SQLITE_LOCK_SHARED;
      return SQLITE_OK;
    }
    if (im.writer && im.writer != p) return SQLITE_BUSY;
    im.writer = p;
    if (level == SQLITE_LOCK_RESERVED) {
      p->lock = SQLITE_LOCK_RESERVED;
      return SQLITE_OK;
    }
    if (im.shared > 1) {   // readers besides us: wait for them
      p->lock = SQLITE_LOCK_PENDING;
      return SQLITE_BUSY;
    }
    p->lock = level;
    return SQLITE_OK;
  }

  static int Unlock(sqlite3_file* f, int level) {
    PlFile* p = F(f);
    if (p->lock <= level) return SQLITE_OK;
    if (p->main) {
      Impl& im = *p->log->impl_;
      if (level < SQLITE_LOCK_RESERVED && im.writer == p) im.writer = nullptr;
      if (level == SQLITE_LOCK_NONE && p->lock >= SQLITE_LOCK_SHARED) --im.shared;
    }
    p->lock = level;
    return SQLITE_OK;
  }

  static int CheckReservedLock(sqlite3_file* f, int* out) {
    PlFile* p = F(f);
    *out = p->main && p->log->impl_->writer != nullptr ? 1 : 0;
    return SQLITE_OK;
  }

  static int FileControl(sqlite3_file*, int, void*) { return SQLITE_NOTFOUND; }
  static int SectorSize(sqlite3_file*) { return 512; }
  static int DeviceCharacteristics(sqlite3_file*) { return SQLITE_IOCAP_POWERSAFE_OVERWRITE; }

  static const sqlite3_io_methods kIo;

  // --- vfs methods ---
  static int Open(sqlite3_vfs* v, const char* name, sqlite3_file* f, int flags, int* out_flags) {
    PageLog* log = Of(v);
    f->pMethods = nullptr;
    auto* p = new (f) PlFile();
    p->log = log;
    if (flags & SQLITE_OPEN_MAIN_DB) {
      p->main = true;
      ++log->open_main_;
    } else if (!name || (flags & SQLITE_OPEN_DELETEONCLOSE)) {
      p->mem = std::make_shared<MemFile>();
    } else {
      auto& slot = log->impl_->files[name];
      if (!slot) {
        if (!(flags & SQLITE_OPEN_CREATE)) {
          log->impl_->files.erase(name);
          p->~PlFile();
          return SQLITE_CANTOPEN;
        }
        slot = std::make_shared<MemFile>();
      }
      p->mem = slot;
    }
    p->base.pMethods = &kIo;
    if (out_flags) *out_flags = flags;
    return SQLITE_OK;
  }

  static int Delete(sqlite3_vfs* v, const char* name, int) {
    Of(v)->impl_->files.erase(name);   // open handles keep their bytes until they close
    return SQLITE_OK;
  }

  static int Access(sqlite3_vfs* v, const char* name, int, int* out) {
    // The database itself always "exists"; volatile files exist while in the table.
    *out = Of(v)->impl_->files.count(name) ? 1 : 0;
    return SQLITE_OK;
  }

  static int FullPathname(sqlite3_vfs*, const char* name, int n, char* out) {
    sqlite3_snprintf(n, out, "%s", name);
    return SQLITE_OK;
  }

  static int Randomness(sqlite3_vfs* v, int n, char* out) {
    sqlite3_vfs* fb = Of(v)->impl_->fallback;
    return fb->xRandomness(fb, n, out);
  }
  static int Sleep(sqlite3_vfs* v, int us) {
    sqlite3_vfs* fb = Of(v)->impl_->fallback;
    return fb->xSleep(fb, us);
  }
  static int CurrentTime(sqlite3_vfs* v, double* out) {
    sqlite3_vfs* fb = Of(v)->impl_->fallback;
    return fb->xCurrentTime(fb, out);
  }
  static int CurrentTimeInt64(sqlite3_vfs* v, sqlite3_int64* out) {
    sqlite3_vfs* fb = Of(v)->impl_->fallback;
    if (fb->iVersion >= 2 && fb->xCurrentTimeInt64) return fb->xCurrentTimeInt64(fb, out);
    double d = 0;
    int rc = fb->xCurrentTime(fb, &d);
    *out = static_cast<sqlite3_int64>(d * 86400000.0);
    return rc;
  }
  static int GetLastError(sqlite3_vfs*, int, char*) { return 0; }
};

const sqlite3_io_methods PageLog::Impl::kIo = {
    1,
    &PageLog::Impl::Close,
    &PageLog::Impl::Read,
    &PageLog::Impl::Write,
    &PageLog::Impl::Truncate,
    &PageLog::Impl::Sync,
    &PageLog::Impl::FileSize,
    &PageLog::Impl::Lock,
    &PageLog::Impl::Unlock,
    &PageLog::Impl::CheckReservedLock,
    &PageLog::Impl::FileControl,
    &PageLog::Impl::SectorSize,
    &PageLog::Impl::DeviceCharacteristics,
    nullptr, nullptr, nullptr, nullptr, nullptr, nullptr};

// --- PageLog ---------------------------------------------------------------------------------------------------

PageLog::PageLog(std::string name) : name_(std::move(name)), impl_(std::make_unique<Impl>()) {}

Result<std::unique_ptr<PageLog>> PageLog::Create(std::string vfs_name, std::vector<uint8_t> image, uint64_t next_seq,
                                                 std::vector<Extent> dirty) {
  if (vfs_name.empty() || sqlite3_vfs_find(vfs_name.c_str())) return Error{Errc::Internal, "VFS name taken"};
  if (image.size() > kMaxImageSize) return Error{Errc::DbFull, "database image too large"};
  std::unique_ptr<PageLog> log(new PageLog(std::move(vfs_name)));
  log->image_ = std::move(image);
  log->next_seq_ = next_seq;
  log->synced_size_ = log->image_.size();
  log->cp_size_ = log->image_.size();
  for (const Extent& e : dirty) AddInterval(log->since_cp_, e.offset, e.offset + e.length);
  Impl& im = *log->impl_;
  im.fallback = sqlite3_vfs_find(nullptr);
  if (!im.fallback) return Error{Errc::Internal, "no default VFS"};
  sqlite3_vfs& v = im.vfs;
  v.iVersion = 2;
  v.szOsFile = sizeof(PlFile);
  v.mxPathname = 512;
  v.zName = log->name_.c_str();
  v.pAppData = log.get();
  v.xOpen = &Impl::Open;
  v.xDelete = &Impl::Delete;
  v.xAccess = &Impl::Access;
  v.xFullPathname = &Impl::FullPathname;
  v.xRandomness = &Impl::Randomness;
  v.xSleep = &Impl::Sleep;
  v.xCurrentTime = &Impl::CurrentTime;
  v.xGetLastError = &Impl::GetLastError;
  v.xCurrentTimeInt64 = &Impl::CurrentTimeInt64;
  if (int rc = sqlite3_vfs_register(&v, 0); rc != SQLITE_OK) return Error{Errc::Internal, sqlite3_errstr(rc)};
  return log;
}

PageLog::~PageLog() { sqlite3_vfs_unregister(&impl_->vfs); }

Result<void> PageLog::ResetImage(std::vector<uint8_t> image) {
  if (open_main_ > 0) return Error{Errc::DbBusy, "the database is open"};
  if (image.size() > kMaxImageSize) return Error{Errc::DbFull, "database image too large"};
  image_ = std::move(image);
  since_sync_.clear();
  since_cp_.clear();
  synced_size_ = image_.size();
  AddInterval(since_cp_, 0, image_.size());
  cp_size_ = image_.size() + 1;   // a size change is pending even for an empty image
  return {};
}

Result<void> PageLog::WipeImage() {
  if (open_main_ > 0) return Error{Errc::DbBusy, "the database is open"};
  sodium_memzero(image_.data(), image_.size());
  image_.clear();
  image_.shrink_to_fit();
  for (auto& [name, file] : impl_->files) sodium_memzero(file->bytes.data(), file->bytes.size());
  impl_->files.clear();
  since_sync_.clear();
  since_cp_.clear();
  synced_size_ = 0;
  return {};
}

void PageLog::NoteWrite(uint64_t offset, uint64_t length) { AddInterval(since_sync_, offset, offset + length); }

bool PageLog::Sync() {
  if (sink_failed_) return false;
  if (since_sync_.empty() && image_.size() == synced_size_) return true;   // nothing changed: no record
  std::vector<Extent> ranges = Clip(since_sync_, image_.size());
  std::vector<uint8_t> record = EncodeRecord(next_seq_, image_, ranges);
  for (const Extent& e : ranges) AddInterval(since_cp_, e.offset, e.offset + e.length);
  since_sync_.clear();
  synced_size_ = image_.size();
  ++records_since_cp_;
  log_bytes_since_cp_ += record.size();
  const uint64_t seq = next_seq_++;
  if (checked_sink_) {
    if (!checked_sink_(std::move(record), seq)) sink_failed_ = true;
    return !sink_failed_;
  }
  if (sink_) sink_(std::move(record), seq);
  return true;
}

Result<Checkpoint> PageLog::TakeCheckpoint() {
  if (has_unsynced_writes()) return Error{Errc::DbBusy, "a transaction is writing"};
  Checkpoint cp;
  cp.size = image_.size();
  cp.extents = Clip(since_cp_, image_.size());
  uint64_t total = 0;
  for (const Extent& e : cp.extents) total += e.length;
  cp.data.reserve(total);
  for (const Extent& e : cp.extents)
    cp.data.insert(cp.data.end(), image_.begin() + static_cast<ptrdiff_t>(e.offset),
                   image_.begin() + static_cast<ptrdiff_t>(e.offset + e.length));
  since_cp_.clear();
  cp_size_ = image_.size();
  records_since_cp_ = 0;
  log_bytes_since_cp_ = 0;
  return cp;
}

}  // namespace sip::store
