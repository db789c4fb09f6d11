#include "store/page_cipher.h"

#include <sodium.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <string_view>
#include <utility>

namespace sip::store {
namespace {

static_assert(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES == kSealNonce);
static_assert(crypto_aead_xchacha20poly1305_ietf_ABYTES == kSealTag);

constexpr std::string_view kPageLabel = "sipfield/pages/v1";
constexpr std::string_view kLogAd = "sipfield-log-v1";
constexpr std::string_view kManifestAd = "sipfield-manifest-v1";
constexpr std::string_view kBlockAd = "sipfield-block-v1";
constexpr std::string_view kMarkAd = "sipfield-checkpoint-v1";
constexpr uint64_t kMarkOffset = 32;                          // in the header, after the file id
constexpr size_t kMarkSize = 4 + kSealNonce + kSealTag;
constexpr uint8_t kBaseMagic[4] = {'S', 'I', 'P', 'E'};
constexpr uint8_t kRecMagic[4] = {'S', 'I', 'P', 'X'};
constexpr size_t kManifestFixed = 4 + 8 + 8 + 4 + 4;          // plaintext before the epochs
constexpr size_t kManifestFrame = 4 + 4 + kSealNonce + kSealTag;
constexpr uint32_t kMaxCapacity = static_cast<uint32_t>(kMaxImageSize / kCipherBlock);

void Put(uint8_t* p, uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) p[i] = static_cast<uint8_t>(v >> (8 * i));
}
uint64_t Get(const uint8_t* p, int bytes) {
  uint64_t v = 0;
  for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

Error Auth(const char* what) { return Error{Errc::DbPageAuth, what}; }
Error Mismatch(const char* what) { return Error{Errc::DbPageMismatch, what}; }

uint64_t BlockCount(uint64_t size) { return (size + kCipherBlock - 1) / kCipherBlock; }
uint32_t BlockLength(uint64_t size, uint64_t block) {
  return static_cast<uint32_t>(std::min<uint64_t>(kCipherBlock, size - block * kCipherBlock));
}

struct Ad {
  uint8_t bytes[64];
  size_t size = 0;
  Ad& Add(std::string_view s) { return Add(reinterpret_cast<const uint8_t*>(s.data()), s.size()); }
  Ad& Add(const uint8_t* p, size_t n) {
    std::memcpy(bytes + size, p, n);
    size += n;
    return *this;
  }
  Ad& Le(uint64_t v, int n) {
    Put(bytes + size, v, n);
    size += static_cast<size_t>(n);
    return *this;
  }
};

Ad BlockAd(const FileId& id, uint64_t index, uint32_t epoch, uint32_t length) {
  Ad ad;
  ad.Add(kBlockAd).Add(id.data(), id.size()).Le(index, 8).Le(epoch, 4).Le(length, 4);
  return ad;
}

// Seals block `index` of `image` into `slot` (kSlotSize bytes).
void SealBlock(const PageCipher& c, const FileId& id, const std::vector<uint8_t>& image, uint64_t index,
               uint32_t epoch, uint8_t* slot) {
  const uint32_t len = BlockLength(image.size(), index);
  std::memset(slot, 0, kSlotSize);
  c.FreshNonce(slot);
  Put(slot + kSealNonce, epoch, 4);
  Put(slot + kSealNonce + 4, len, 4);
  const Ad ad = BlockAd(id, index, epoch, len);
  c.Seal(slot, image.data() + index * kCipherBlock, len, ad.bytes, ad.size, slot + kSlotHeader,
         slot + kSealNonce + 8);
}

// The manifest copy for the given state, framed (kManifestFrame + plaintext bytes).
std::vector<uint8_t> SealManifest(const PageCipher& c, const FileId& id, uint32_t gen, uint64_t size,
                                  uint64_t next_seq, uint32_t capacity, const std::vector<uint32_t>& epochs) {
  std::vector<uint8_t> plain(kManifestFixed + 4 * epochs.size());
  Put(plain.data(), gen, 4);
  Put(plain.data() + 4, size, 8);
  Put(plain.data() + 12, next_seq, 8);
  Put(plain.data() + 20, epochs.size(), 4);
  Put(plain.data() + 24, capacity, 4);
  for (size_t i = 0; i < epochs.size(); ++i) Put(plain.data() + kManifestFixed + 4 * i, epochs[i], 4);
  std::vector<uint8_t> out(kManifestFrame + plain.size());
  Put(out.data(), plain.size(), 4);
  Put(out.data() + 4, gen, 4);
  c.FreshNonce(out.data() + 8);
  Ad ad;
  ad.Add(kManifestAd).Add(id.data(), id.size()).Le(gen, 4);
  c.Seal(out.data() + 8, plain.data(), plain.size(), ad.bytes, ad.size, out.data() + 8 + kSealNonce + kSealTag,
         out.data() + 8 + kSealNonce);
  sodium_memzero(plain.data(), plain.size());
  return out;
}

// The checkpoint mark for `gen` (an AEAD over nothing: the tag proves the gen in this file).
std::vector<uint8_t> SealMark(const PageCipher& c, const FileId& id, uint32_t gen) {
  std::vector<uint8_t> out(kMarkSize);
  Put(out.data(), gen, 4);
  c.FreshNonce(out.data() + 4);
  Ad ad;
  ad.Add(kMarkAd).Add(id.data(), id.size()).Le(gen, 4);
  uint8_t none = 0;
  c.Seal(out.data() + 4, &none, 0, ad.bytes, ad.size, &none, out.data() + 4 + kSealNonce);
  return out;
}

// The gen the mark at `p` (kMarkSize bytes) names, when it authenticates.
bool OpenMark(const PageCipher& c, const FileId& id, const uint8_t* p, uint32_t& gen) {
  gen = static_cast<uint32_t>(Get(p, 4));
  Ad ad;
  ad.Add(kMarkAd).Add(id.data(), id.size()).Le(gen, 4);
  uint8_t none = 0;
  return c.Open(p + 4, &none, 0, p + 4 + kSealNonce, ad.bytes, ad.size, &none);
}

struct Manifest {
  uint32_t gen = 0;
  uint64_t size = 0;
  uint64_t next_seq = 0;
  uint32_t capacity = 0;
  std::vector<uint32_t> epochs;
};

// The manifest copy at `off`, when it authenticates and is well formed.
bool OpenManifest(const PageCipher& c, const FileId& id, const std::vector<uint8_t>& base, uint64_t off,
                  uint64_t area, Manifest& m) {
  if (base.size() < off + kManifestFrame) return false;
  const uint8_t* p = base.data() + off;
  const uint64_t len = Get(p, 4);
  const uint32_t gen = static_cast<uint32_t>(Get(p + 4, 4));
  if (len < kManifestFixed || len + kManifestFrame > area || base.size() < off + kManifestFrame + len) return false;
  std::vector<uint8_t> plain(len);
  Ad ad;
  ad.Add(kManifestAd).Add(id.data(), id.size()).Le(gen, 4);
  if (!c.Open(p + 8, p + 8 + kSealNonce + kSealTag, len, p + 8 + kSealNonce, ad.bytes, ad.size, plain.data()))
    return false;
  m.gen = static_cast<uint32_t>(Get(plain.data(), 4));
  m.size = Get(plain.data() + 4, 8);
  m.next_seq = Get(plain.data() + 12, 8);
  const uint64_t count = Get(plain.data() + 20, 4);
  m.capacity = static_cast<uint32_t>(Get(plain.data() + 24, 4));
  if (m.gen != gen || m.size > kMaxImageSize || count != BlockCount(m.size) || len != kManifestFixed + 4 * count)
    return false;
  m.epochs.resize(count);
  for (uint64_t i = 0; i < count; ++i) m.epochs[i] = static_cast<uint32_t>(Get(plain.data() + kManifestFixed + 4 * i, 4));
  return true;
}

// Room for at least twice `blocks` (and `min`, 0: kDefaultCapacity), doubling, up to kMaxCapacity.
uint32_t CapacityFor(uint64_t blocks, uint32_t min = 0) {
  uint64_t cap = min > 0 ? min : kDefaultCapacity;
  while (cap < 2 * blocks && cap < kMaxCapacity) cap *= 2;
  return static_cast<uint32_t>(cap);
}

bool AllZero(const uint8_t* p, size_t n) {
  for (size_t i = 0; i < n; ++i)
    if (p[i]) return false;
  return true;
}

// True when [start, end) lies inside one of the sorted, merged `extents`.
bool Covered(const std::vector<Extent>& extents, uint64_t start, uint64_t end) {
  if (start >= end) return true;
  auto it = std::upper_bound(extents.begin(), extents.end(), start,
                             [](uint64_t s, const Extent& e) { return s < e.offset; });
  if (it == extents.begin()) return false;
  --it;
  return it->offset <= start && it->offset + it->length >= end;
}

}  // namespace

uint64_t ManifestArea(uint32_t capacity) {
  const uint64_t raw = kManifestFrame + kManifestFixed + 4ull * capacity;
  return (raw + 4095) / 4096 * 4096;
}
uint64_t DataOffset(uint32_t capacity) { return kSealedHeaderSize + 2 * ManifestArea(capacity); }

// --- PageCipher ---------------------------------------------------------------------------------------------------

PageCipher::PageCipher(const std::array<uint8_t, 32>& db_key) {
  if (sodium_init() < 0) std::abort();   // no random source: nothing may be sealed
  crypto_generichash(key_.data(), key_.size(), reinterpret_cast<const uint8_t*>(kPageLabel.data()), kPageLabel.size(),
                     db_key.data(), db_key.size());
  randombytes_buf(nonce_seed_.data(), nonce_seed_.size());
}
PageCipher::~PageCipher() {
  sodium_memzero(key_.data(), key_.size());
  sodium_memzero(nonce_seed_.data(), nonce_seed_.size());
}
PageCipher::PageCipher(PageCipher&& other) noexcept
    : key_(other.key_), nonce_seed_(other.nonce_seed_), nonce_counter_(other.nonce_counter_) {
  sodium_memzero(other.key_.data(), other.key_.size());
  sodium_memzero(other.nonce_seed_.data(), other.nonce_seed_.size());
}
PageCipher& PageCipher::operator=(PageCipher&& other) noexcept {
  if (this != &other) {
    key_ = other.key_;
    nonce_seed_ = other.nonce_seed_;
    nonce_counter_ = other.nonce_counter_;
    sodium_memzero(other.key_.data(), other.key_.size());
    sodium_memzero(other.nonce_seed_.data(), other.nonce_seed_.size());
  }
  return *this;
}

void PageCipher::FreshNonce(uint8_t* out) const {
  uint8_t counter[8];
  Put(counter, ++nonce_counter_, 8);
  crypto_generichash(out, kSealNonce, counter, sizeof counter, nonce_seed_.data(), nonce_seed_.size());
}

void PageCipher::Seal(const uint8_t* nonce, const uint8_t* plain, size_t size, const uint8_t* ad, size_t ad_size,
                      uint8_t* ciphertext, uint8_t* tag) const {
  unsigned long long tag_len = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt_detached(ciphertext, tag, &tag_len, plain, size, ad, ad_size, nullptr,
                                                      nonce, key_.data());
}

bool PageCipher::Open(const uint8_t* nonce, const uint8_t* ciphertext, size_t size, const uint8_t* tag,
                      const uint8_t* ad, size_t ad_size, uint8_t* plain) const {
  return crypto_aead_xchacha20poly1305_ietf_decrypt_detached(plain, nullptr, ciphertext, size, tag, ad, ad_size, nonce,
                                                             key_.data()) == 0;
}

std::vector<uint8_t> PageCipher::SealRecord(const FileId& file, uint64_t seq, const std::vector<uint8_t>& record) const {
  const uint64_t total = kSealedRecordHeader + record.size() + kSealTag;
  std::vector<uint8_t> out(total);
  std::memcpy(out.data(), kRecMagic, 4);
  Put(out.data() + 4, total, 4);
  Put(out.data() + 8, seq, 8);
  Put(out.data() + 16, Crc32(out.data(), 16), 4);
  FreshNonce(out.data() + 20);
  Ad ad;
  ad.Add(kLogAd).Add(file.data(), file.size()).Add(out.data(), 16);
  Seal(out.data() + 20, record.data(), record.size(), ad.bytes, ad.size, out.data() + kSealedRecordHeader,
       out.data() + kSealedRecordHeader + record.size());
  return out;
}

// --- SealedBase ---------------------------------------------------------------------------------------------------

std::vector<uint8_t> SealedBase::WholeFile(const PageCipher& cipher, const std::vector<uint8_t>& image,
                                           uint64_t next_seq) {
  const uint64_t n = BlockCount(image.size());
  size_ = image.size();
  manifest_slot_ = 0;
  epochs_.assign(n, gen_);
  const uint64_t data = DataOffset(capacity_);
  std::vector<uint8_t> out(data + n * kSlotSize, 0);
  std::memcpy(out.data(), kBaseMagic, 4);
  Put(out.data() + 4, 1, 2);
  Put(out.data() + 8, kCipherBlock, 4);
  Put(out.data() + 12, capacity_, 4);
  std::memcpy(out.data() + 16, file_id_.data(), file_id_.size());
  const auto m = SealManifest(cipher, file_id_, gen_, image.size(), next_seq, capacity_, epochs_);
  std::memcpy(out.data() + kSealedHeaderSize, m.data(), m.size());
  for (uint64_t i = 0; i < n; ++i) SealBlock(cipher, file_id_, image, i, gen_, out.data() + data + i * kSlotSize);
  return out;
}

Result<std::vector<uint8_t>> SealedBase::SealImage(const PageCipher& cipher, const std::vector<uint8_t>& image,
                                                   uint64_t next_seq, SealedBase* state, uint32_t min_capacity) {
  if (image.size() > kMaxImageSize) return Error{Errc::DbFull, "database image too large"};
  SealedBase b;
  randombytes_buf(b.file_id_.data(), b.file_id_.size());
  b.capacity_ = CapacityFor(BlockCount(image.size()), min_capacity);
  b.gen_ = 1;
  std::vector<uint8_t> out = b.WholeFile(cipher, image, next_seq);
  if (state) *state = std::move(b);
  return out;
}

Result<Checkpoint> SealedBase::SealCheckpoint(const PageCipher& cipher, const Checkpoint& cp,
                                              const std::vector<uint8_t>& image, uint64_t next_seq) {
  if (cp.size != image.size()) return Error{Errc::Internal, "checkpoint and image disagree on the size"};
  const uint64_t n = BlockCount(image.size());
  if (image.size() > kMaxImageSize) return Error{Errc::DbFull, "database image too large"};
  if (n > capacity_) {
    // The manifest has no room for the blocks: the whole file again, with more.
    capacity_ = CapacityFor(n, capacity_);
    ++gen_;
    Checkpoint out;
    out.data = WholeFile(cipher, image, next_seq);
    out.size = out.data.size();
    out.extents.push_back({0, out.size});
    out.whole = true;
    return out;
  }
  const uint32_t gen = gen_ + 1;
  std::vector<bool> dirty(n, false);
  for (const Extent& e : cp.extents) {
    if (e.length == 0 || e.offset >= image.size()) continue;
    const uint64_t last = std::min<uint64_t>(e.offset + e.length, image.size()) - 1;
    for (uint64_t b = e.offset / kCipherBlock; b <= last / kCipherBlock; ++b) dirty[b] = true;
  }
  const uint64_t old_n = epochs_.size();
  // A block whose length changes with the size is new too (with 4096-byte SQLite pages only blocks beyond
  // the old end, which the records wrote anyway).
  for (uint64_t b = 0; b < n; ++b)
    if (BlockLength(image.size(), b) != (b < old_n ? BlockLength(size_, b) : 0)) dirty[b] = true;
  epochs_.resize(n, gen);
  Checkpoint out;
  out.data = SealMark(cipher, file_id_, gen);
  out.extents.push_back({kMarkOffset, kMarkSize});
  out.barrier = 1;
  const uint64_t data = DataOffset(capacity_);
  for (uint64_t b = 0; b < n; ++b) {
    if (!dirty[b]) continue;
    epochs_[b] = gen;
    const uint64_t at = out.data.size();
    out.data.resize(at + kSlotSize);
    SealBlock(cipher, file_id_, image, b, gen, out.data.data() + at);
    const uint64_t off = data + b * kSlotSize;
    if (!out.extents.empty() && out.extents.back().offset + out.extents.back().length == off)
      out.extents.back().length += kSlotSize;
    else
      out.extents.push_back({off, kSlotSize});
  }
  const int slot = 1 - manifest_slot_;
  const auto m = SealManifest(cipher, file_id_, gen, image.size(), next_seq, capacity_, epochs_);
  out.extents.push_back({kSealedHeaderSize + static_cast<uint64_t>(slot) * ManifestArea(capacity_), m.size()});
  out.data.insert(out.data.end(), m.begin(), m.end());
  out.size = data + n * kSlotSize;
  gen_ = gen;
  manifest_slot_ = slot;
  size_ = image.size();
  return out;
}

// --- OpenSealedDatabase -------------------------------------------------------------------------------------------

bool LooksSealed(const std::vector<uint8_t>& bytes) {
  return bytes.size() >= kSealedHeaderSize && std::memcmp(bytes.data(), kBaseMagic, 4) == 0;
}

// Reaches SealedBase's private state for the opener (one translation unit, not part of the API).
struct SealedAccess {
  static void Set(SealedBase& b, const FileId& id, uint32_t cap, const Manifest& m, int slot) {
    b.file_id_ = id;
    b.capacity_ = cap;
    b.gen_ = m.gen;
    b.size_ = m.size;
    b.manifest_slot_ = slot;
    b.epochs_ = m.epochs;
  }
};

Result<OpenedDatabase> OpenSealedDatabase(const PageCipher& cipher, const std::vector<uint8_t>& base,
                                          const std::vector<uint8_t>& log) {
  // The header.
  if (!LooksSealed(base)) return Auth("not a sealed database file");
  if (Get(base.data() + 4, 2) != 1 || Get(base.data() + 6, 2) != 0 || Get(base.data() + 8, 4) != kCipherBlock)
    return Auth("unknown sealed file version or block size");
  const uint64_t cap64 = Get(base.data() + 12, 4);
  if (cap64 == 0 || cap64 > kMaxCapacity) return Auth("capacity out of range");
  const auto capacity = static_cast<uint32_t>(cap64);
  FileId id{};
  std::memcpy(id.data(), base.data() + 16, id.size());
  uint32_t mark = 0;   // the gen of the last checkpoint begun (0: none yet)
  if (!AllZero(base.data() + kMarkOffset, kMarkSize) && !OpenMark(cipher, id, base.data() + kMarkOffset, mark))
    return Auth("the checkpoint mark does not authenticate");

  // The newest manifest that authenticates.
  const uint64_t area = ManifestArea(capacity);
  Manifest m;
  int slot = -1;
  for (int k = 0; k < 2; ++k) {
    Manifest cand;
    if (OpenManifest(cipher, id, base, kSealedHeaderSize + static_cast<uint64_t>(k) * area, area, cand) &&
        cand.capacity == capacity && (slot < 0 || cand.gen > m.gen)) {
      m = std::move(cand);
      slot = k;
    }
  }
  if (slot < 0) return Auth("no manifest authenticates (wrong key, or the file was altered)");
  const uint64_t data = DataOffset(capacity);
  const uint64_t n = m.epochs.size();
  if (base.size() < data) return Auth("the file is shorter than its header says");

  // The log: sealed records, in sequence, each holding a plaintext record of the same seq.
  std::vector<uint8_t> plain_log;
  uint64_t pos = 0, records = 0, first_seq = 0, last_seq = 0;
  while (pos < log.size()) {
    const uint8_t* p = log.data() + pos;
    const uint64_t avail = log.size() - pos;
    if (avail < 20 || AllZero(p, avail)) break;   // a torn tail
    if (std::memcmp(p, kRecMagic, 4) != 0 || Crc32(p, 16) != Get(p + 16, 4)) return Auth("a log record header is damaged");
    const uint64_t len = Get(p + 4, 4);
    const uint64_t seq = Get(p + 8, 8);
    if (len < kSealedRecordHeader + kRecordHeaderSize + 4 + kSealTag) return Auth("a log record is malformed");
    if (len > avail) break;   // a torn tail: the header made it, the rest did not
    const uint64_t plain_len = len - kSealedRecordHeader - kSealTag;
    Ad ad;
    ad.Add(kLogAd).Add(id.data(), id.size()).Add(p, 16);
    const size_t at = plain_log.size();
    plain_log.resize(at + plain_len);
    if (!cipher.Open(p + 20, p + kSealedRecordHeader, plain_len, p + kSealedRecordHeader + plain_len, ad.bytes, ad.size,
                     plain_log.data() + at))
      return Auth("a log record does not authenticate (altered, or from another database file)");
    if (Get(plain_log.data() + at + 12, 8) != seq) return Auth("a log record's inner seq differs");
    if (records > 0 && seq != last_seq + 1) return Mismatch("the log's records are out of sequence");
    if (records == 0) first_seq = seq;
    last_seq = seq;
    ++records;
    pos += len;
  }
  if (records > 0 && (first_seq > m.next_seq || last_seq + 1 < m.next_seq))
    return Mismatch("the log does not continue the base file");

  // The blocks: authentic in their place; stale ones are noted and must be rewritten by the log. So are torn
  // ones, but only inside a checkpoint's crash window (see the top of page_cipher.h).
  const bool in_checkpoint = mark == m.gen + 1 || (mark == m.gen && records > 0 && first_seq < m.next_seq);
  std::vector<uint8_t> image(m.size);
  std::vector<uint64_t> stale, torn;
  for (uint64_t i = 0; i < n; ++i) {
    if (base.size() < data + (i + 1) * kSlotSize) {
      // Beyond the file's end: a checkpoint that grew the file was interrupted; the log must rewrite it.
      stale.push_back(i);
      continue;
    }
    const uint8_t* s = base.data() + data + i * kSlotSize;
    const auto epoch = static_cast<uint32_t>(Get(s + kSealNonce, 4));
    const uint64_t len = Get(s + kSealNonce + 4, 4);
    std::array<uint8_t, kCipherBlock> plain{};
    const Ad ad = BlockAd(id, i, epoch, static_cast<uint32_t>(len));
    const bool authentic = len <= kCipherBlock && AllZero(s + kSlotHeader + len, kCipherBlock - len) &&
                           cipher.Open(s, s + kSlotHeader, len, s + kSealNonce + 8, ad.bytes, ad.size, plain.data());
    if (!authentic) {
      sodium_memzero(plain.data(), plain.size());
      if (!in_checkpoint) return Auth("a block does not authenticate (altered, moved, or from another database file)");
      torn.push_back(i);
      continue;
    }
    const uint32_t want = BlockLength(m.size, i);
    if (epoch != m.epochs[i] || len != want) stale.push_back(i);
    std::memcpy(image.data() + i * kCipherBlock, plain.data(), std::min<uint64_t>(len, want));
    sodium_memzero(plain.data(), plain.size());
  }

  OpenedDatabase out;
  out.replay = Replay(std::move(image), plain_log);
  sodium_memzero(plain_log.data(), plain_log.size());
  if (out.replay.records_applied != records) return Auth("a log record's content is malformed");
  const uint64_t final_size = out.replay.image.size();
  const auto rewritten = [&](uint64_t i) {   // the replay wrote every byte of block i that is still in the image
    const uint64_t start = i * kCipherBlock;
    return start >= final_size ||
           Covered(out.replay.touched, start, std::min<uint64_t>(start + kCipherBlock, final_size));
  };
  if (!std::all_of(stale.begin(), stale.end(), rewritten))
    return Mismatch("a block is older or newer than the manifest names and the log does not rewrite it");
  if (!std::all_of(torn.begin(), torn.end(), rewritten))
    return Auth("a block does not authenticate and the log does not rewrite it");
  out.replay.valid_log_bytes = pos;
  out.replay.torn_tail_bytes = log.size() - pos;
  out.next_seq = records > 0 ? last_seq + 1 : m.next_seq;
  SealedAccess::Set(out.base, id, capacity, m, slot);
  return out;
}

}  // namespace sip::store
