// sipstore/page_cipher.h — encryption at rest for the page log's storage (store/page_log.h): the base file
// and every commit record are sealed with XChaCha20-Poly1305 under a key derived from the database key
// (bundle/key_wrap.h), so the stored files reveal nothing but their sizes, and a page that was altered,
// moved, swapped with an older version of itself or copied from another database file is detected.
//
// The plaintext image stays in memory exactly as today (PageLog, SQLite); this layer sits where bytes leave
// and enter the process: records on their way to the log, checkpoints on their way to the base file, and
// the two files on their way back in (docs/protection-at-rest.md explains why this frames pages in the log
// instead of reserving bytes in SQLite's page format).
//
//   PageLog record ──SealRecord──▶ log            PageLog checkpoint ──SealedBase::SealCheckpoint──▶ base
//   base + log ──OpenSealedDatabase──▶ ReplayResult (the plaintext image) + SealedBase (to go on writing)
//
// Keys: page key = BLAKE2b-256(key = database key, message = "sipfield/pages/v1"). Every seal takes a fresh
// 24-byte nonce (PageCipher::FreshNonce).
//
// Sealed log record (little endian):  "SIPX" · u32 total length · u64 seq · u32 CRC-32 of those 16 bytes ·
//   nonce 24 · ciphertext of the plaintext record (page_log.h's format, same seq) · tag 16.
//   Associated data: "sipfield-log-v1" · file id · the 16 header bytes.
//   Replay: records must authenticate and follow one another (seq + 1). The only thing ignored is a torn
//   tail: fewer than 20 bytes, zeros, or a record whose intact header (CRC ok) announces more bytes than
//   remain. Anything else that fails is db_page_auth (altered) or db_page_mismatch (another file's record,
//   a gap, a log older or newer than the base).
//
// Sealed base file:
//   [0, 4096)          header: "SIPE" · u16 version 1 · u16 0 · u32 block size (4096) · u32 capacity (blocks)
//                      · file id 16 (random per file: a backup or a copy kept aside gets its own) · at 32
//                      the checkpoint mark (zeros until the first checkpoint): u32 gen · nonce 24 · tag 16,
//                      an AEAD over nothing with associated data "sipfield-checkpoint-v1" · file id · u32 gen
//   manifest copy 0/1  at 4096 and 4096 + ManifestArea(capacity), alternately written:
//                      u32 length · u32 gen · nonce 24 · ciphertext · tag 16; plaintext = u32 gen · u64 image
//                      size · u64 next seq (the first log record that is not in the base) · u32 block count ·
//                      u32 capacity · u32 epoch[block count] (the gen that last wrote each block).
//                      Associated data: "sipfield-manifest-v1" · file id · u32 gen.
//   block slot i       at DataOffset(capacity) + i × kSlotSize: nonce 24 · u32 epoch · u32 length (image
//                      bytes in this block) · tag 16 · ciphertext (length) · zero padding to kCipherBlock.
//                      Associated data: "sipfield-block-v1" · file id · u64 block index · u32 epoch · u32 length.
// So a block authenticates only in its own place of its own file; the manifest names the epoch each block
// must have, so an older copy of a block is refused. A checkpoint first makes the mark "checkpoint gen+1
// under way" durable (Checkpoint::barrier), then writes the dirty blocks with epoch gen+1 and the other
// manifest copy with gen+1; the log is emptied only afterwards (page_log.h). After a crash in between, the
// newest manifest that authenticates wins, and a block whose epoch does not match it is accepted only when
// the log (which still holds every change since the last complete checkpoint) rewrites the whole block in
// replay — the stale bytes never reach the image. A block slot torn by a power loss in the middle of its
// write (part old, part new) authenticates as neither; it is accepted on the same condition, but only while
// the mark shows the crash window: it names gen+1 of the newest manifest (that manifest never landed), or
// names the newest manifest while the log still holds records that manifest already includes (the log was
// not yet emptied). Outside that window every block must authenticate: a flipped byte is refused even where
// the log would rewrite it. A mark that is not zeros and does not authenticate is refused too (it is 44
// bytes written at once in the first sector, which a crash does not tear).
//
// Not detected (no trusted clock or counter exists on the device): replacing the whole set of files with an
// older complete set of the same database (a rollback of everything at once), and the loss of the log's
// last records together with their place (a log cut short looks like a crash during an append).
//
// Sections: constants · PageCipher (key, records) · SealedBase (the base file) · OpenSealedDatabase
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/result.h"
#include "store/page_log.h"

namespace sip::store {

// --- constants ----------------------------------------------------------------------------------------------
inline constexpr size_t kCipherBlock = 4096;                       // image bytes per sealed block
inline constexpr size_t kSealNonce = 24;
inline constexpr size_t kSealTag = 16;
inline constexpr size_t kSlotHeader = kSealNonce + 4 + 4 + kSealTag;   // 48
inline constexpr size_t kSlotSize = kSlotHeader + kCipherBlock;         // 4144
inline constexpr size_t kSealedHeaderSize = 4096;
inline constexpr size_t kSealedRecordHeader = 20 + kSealNonce;          // up to the ciphertext
inline constexpr uint32_t kDefaultCapacity = 16384;                     // blocks (64 MiB) at creation, at least

using FileId = std::array<uint8_t, 16>;

// Bytes one manifest copy may take for `capacity` blocks, rounded up to 4096.
uint64_t ManifestArea(uint32_t capacity);
// Where block slot 0 starts.
uint64_t DataOffset(uint32_t capacity);

// --- PageCipher ---------------------------------------------------------------------------------------------
// The page key. Move-only; wiped (sodium_memzero) by the destructor.
class PageCipher {
 public:
  // Derives the page key from the 32-byte database key. Valid after sodium_init() (bundle InitCrypto()).
  explicit PageCipher(const std::array<uint8_t, 32>& db_key);
  ~PageCipher();
  PageCipher(PageCipher&& other) noexcept;
  PageCipher& operator=(PageCipher&& other) noexcept;
  PageCipher(const PageCipher&) = delete;
  PageCipher& operator=(const PageCipher&) = delete;

  // One sealed log record of `record` (EncodeRecord's output with the same seq) for the file `file`.
  std::vector<uint8_t> SealRecord(const FileId& file, uint64_t seq, const std::vector<uint8_t>& record) const;

  // Low level, for SealedBase: AEAD with the page key. `out` receives ciphertext ‖ tag.
  void Seal(const uint8_t* nonce, const uint8_t* plain, size_t size, const uint8_t* ad, size_t ad_size,
            uint8_t* ciphertext, uint8_t* tag) const;
  bool Open(const uint8_t* nonce, const uint8_t* ciphertext, size_t size, const uint8_t* tag, const uint8_t* ad,
            size_t ad_size, uint8_t* plain) const;
  // A fresh 24-byte nonce: BLAKE2b(key = a random 32-byte seed drawn when the cipher was made, message = a
  // counter). Unique within a cipher's life, independent across lives (a new seed each time), and cheap in
  // wasm, where every call to the platform's random source is a trip into JavaScript.
  void FreshNonce(uint8_t* out) const;

 private:
  std::array<uint8_t, 32> key_{};
  std::array<uint8_t, 32> nonce_seed_{};
  mutable uint64_t nonce_counter_ = 0;
};

// --- SealedBase ---------------------------------------------------------------------------------------------
// The writer's view of one sealed base file: its identity, layout and the manifest it last wrote.
class SealedBase {
 public:
  // A new sealed file holding `image` whole (a fresh database, an adopted plaintext one, a backup or a copy
  // kept aside), with a fresh file id. `next_seq`: the seq the log continues with. Returns the file's bytes.
  // `min_capacity`: the fewest blocks its manifest has room for (0: kDefaultCapacity; tests use small ones).
  // Errors: db_full (the image is over kMaxImageSize).
  static Result<std::vector<uint8_t>> SealImage(const PageCipher& cipher, const std::vector<uint8_t>& image,
                                                uint64_t next_seq, SealedBase* state = nullptr,
                                                uint32_t min_capacity = 0);

  const FileId& file_id() const { return file_id_; }
  uint32_t capacity() const { return capacity_; }
  uint32_t gen() const { return gen_; }

  // What the plaintext checkpoint `cp` (PageLog::TakeCheckpoint) becomes in the sealed base: the mark
  // "checkpoint gen+1 under way" (barrier 1: flushed before the rest), every block it touches, resealed from
  // `image` (PageLog::image(), the committed state) with epoch gen+1, then the other manifest copy; `size`
  // is the sealed file's new size. `next_seq`: PageLog::next_seq(). Writes go in order, the manifest last;
  // the platform empties the log only after all of them are flushed.
  // When the image has outgrown the manifest's capacity, the checkpoint is the whole file again instead
  // (Checkpoint::whole: twice the blocks' room, the same file id — so the log still replays over it until it
  // is emptied —, every block with epoch gen+1), which the platform writes beside the base and renames over it.
  // Errors: db_full (the image is over kMaxImageSize).
  Result<Checkpoint> SealCheckpoint(const PageCipher& cipher, const Checkpoint& cp,
                                    const std::vector<uint8_t>& image, uint64_t next_seq);

 private:
  friend struct SealedAccess;
  FileId file_id_{};
  uint32_t capacity_ = 0;
  uint32_t gen_ = 0;
  uint64_t size_ = 0;                  // the image size the current manifest names
  int manifest_slot_ = 0;              // the copy the current manifest is in
  std::vector<uint32_t> epochs_;       // per block, as the current manifest says

  // The whole file for this state (file id, capacity, gen: every block with epoch gen) holding `image`.
  std::vector<uint8_t> WholeFile(const PageCipher& cipher, const std::vector<uint8_t>& image, uint64_t next_seq);
};

// --- OpenSealedDatabase -------------------------------------------------------------------------------------
struct OpenedDatabase {
  ReplayResult replay;    // the plaintext image, the applied records, touched ranges (PageLog::Create's input)
  SealedBase base;        // to seal the next checkpoint
  uint64_t next_seq = 1;  // the seq the next record gets
};

// Decrypts and checks a sealed base file and its sealed log (see the top of this file) and replays the log.
// An empty base with an empty log is an error (there is no database yet: create one with SealImage).
// Errors: db_page_auth (a header, checkpoint mark, manifest, block or record that does not authenticate in
// its place or is malformed: altered, moved to another place, copied from another database file — the place
// and the file id are in the associated data — or a wrong key; a block torn inside a checkpoint's crash
// window is not, when the log rewrites it), db_page_mismatch (authentic but stale: a block with another
// epoch than the manifest names that the log does not rewrite, records out of sequence, a log that does not
// continue the base).
// Nothing is released unless everything checked.
Result<OpenedDatabase> OpenSealedDatabase(const PageCipher& cipher, const std::vector<uint8_t>& base,
                                          const std::vector<uint8_t>& log);

// True when `bytes` start like a sealed base file (the "SIPE" header), e.g. to tell an encrypted database
// from a plaintext one that must be adopted.
bool LooksSealed(const std::vector<uint8_t>& bytes);

}  // namespace sip::store
