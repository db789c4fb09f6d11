#include "bundle/backup.h"

#include <sodium.h>

#include <array>
#include <cstring>

namespace sip::bundle {
namespace {

static_assert(crypto_pwhash_argon2id_SALTBYTES == kBackupSaltSize);
static_assert(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES == kBackupNonceSize);
static_assert(crypto_aead_xchacha20poly1305_ietf_ABYTES == kBackupTagSize);
static_assert(crypto_aead_xchacha20poly1305_ietf_KEYBYTES == 32);

constexpr size_t kOffKdf = kBackupMagic.size();
constexpr size_t kOffOps = kOffKdf + 1;
constexpr size_t kOffMem = kOffOps + 4;
constexpr size_t kOffSalt = kOffMem + 4;
constexpr size_t kOffNonce = kOffSalt + kBackupSaltSize;
constexpr size_t kOffLength = kOffNonce + kBackupNonceSize;
static_assert(kOffLength + 8 == kBackupHeaderSize);

void PutBe(uint8_t* out, uint64_t v, int bytes) {
  for (int i = bytes - 1; i >= 0; --i, v >>= 8) out[i] = static_cast<uint8_t>(v & 0xff);
}
uint64_t GetBe(const uint8_t* in, int bytes) {
  uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v = (v << 8) | in[i];
  return v;
}

bool ParamsInBounds(uint64_t ops, uint64_t mem_kib) {
  return ops >= kBackupMinOpslimit && ops <= kBackupMaxOpslimit && mem_kib >= kBackupMinMemlimitKib &&
         mem_kib <= kBackupMaxMemlimitKib;
}

// The key for `passphrase` and the header's salt and parameters; false when Argon2 fails (out of memory).
bool DeriveKey(std::array<uint8_t, 32>& key, std::string_view passphrase, const uint8_t* salt, uint64_t ops,
               uint64_t mem_kib) {
  return crypto_pwhash_argon2id(key.data(), key.size(), passphrase.data(), passphrase.size(), salt, ops,
                                static_cast<size_t>(mem_kib) * 1024, crypto_pwhash_argon2id_ALG_ARGON2ID13) == 0;
}

struct WipedKey {
  std::array<uint8_t, 32> bytes{};
  ~WipedKey() { sodium_memzero(bytes.data(), bytes.size()); }
};

}  // namespace

BackupKey::BackupKey(BackupKey&& other) noexcept { *this = std::move(other); }

BackupKey& BackupKey::operator=(BackupKey&& other) noexcept {
  if (this != &other) {
    std::memcpy(key_, other.key_, sizeof key_);
    std::memcpy(header_, other.header_, sizeof header_);
    ready_ = other.ready_;
    sodium_memzero(other.key_, sizeof other.key_);
    other.ready_ = false;
  }
  return *this;
}

BackupKey::~BackupKey() { sodium_memzero(key_, sizeof key_); }

Result<BackupKey> DeriveBackupKey(std::string_view passphrase, const BackupParams& params) {
  if (passphrase.size() < kBackupMinPassphrase)
    return Error{Errc::BackupWeakPassphrase, "passphrase shorter than 8 bytes"};
  if (passphrase.size() > kBackupMaxPassphrase) return Error{Errc::InvalidArgument, "passphrase over 1024 bytes"};
  if (!ParamsInBounds(params.opslimit, params.memlimit_kib))
    return Error{Errc::InvalidArgument, "Argon2id parameters out of bounds"};
  BackupKey k;
  uint8_t* h = k.header_;
  std::memcpy(h, kBackupMagic.data(), kBackupMagic.size());
  h[kOffKdf] = kBackupKdfArgon2id;
  PutBe(h + kOffOps, params.opslimit, 4);
  PutBe(h + kOffMem, params.memlimit_kib, 4);
  randombytes_buf(h + kOffSalt, kBackupSaltSize);
  randombytes_buf(h + kOffNonce, kBackupNonceSize);
  std::array<uint8_t, 32> derived{};
  const bool ok = DeriveKey(derived, passphrase, h + kOffSalt, params.opslimit, params.memlimit_kib);
  std::memcpy(k.key_, derived.data(), derived.size());
  sodium_memzero(derived.data(), derived.size());
  if (!ok) return Error{Errc::Internal, "Argon2id failed (out of memory?)"};
  k.ready_ = true;
  return k;
}

Result<Bytes> SealBackupWithKey(const Bytes& db_bytes, BackupKey& key) {
  if (!key.ready_) return Error{Errc::Internal, "backup key not derived, or already used"};
  Bytes out(kBackupHeaderSize + db_bytes.size() + kBackupTagSize);
  uint8_t* h = out.data();
  std::memcpy(h, key.header_, kBackupHeaderSize);
  PutBe(h + kOffLength, db_bytes.size(), 8);
  unsigned long long written = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(h + kBackupHeaderSize, &written, db_bytes.data(), db_bytes.size(),
                                             h, kBackupHeaderSize, nullptr, h + kOffNonce, key.key_);
  if (written != db_bytes.size() + kBackupTagSize) return Error{Errc::Internal, "AEAD output size"};
  key.ready_ = false;   // its nonce is spent
  return out;
}

Result<Bytes> SealBackup(const Bytes& db_bytes, std::string_view passphrase, const BackupParams& params) {
  auto key = DeriveBackupKey(passphrase, params);
  if (!key) return key.error();
  return SealBackupWithKey(db_bytes, *key);
}

Result<Bytes> OpenBackup(const uint8_t* file, size_t size, std::string_view passphrase, size_t max_plaintext) {
  // The magic: as much of it as the file holds must match, and all of it must be there.
  const size_t magic_seen = size < kBackupMagic.size() ? size : kBackupMagic.size();
  if (magic_seen == 0 || std::memcmp(file, kBackupMagic.data(), magic_seen) != 0)
    return Error{Errc::BackupNotABackup, "no SIPFIELD-BACKUP-1 magic"};
  if (size < kBackupHeaderSize + kBackupTagSize) return Error{Errc::BackupDamaged, "file shorter than the header"};
  if (file[kOffKdf] != kBackupKdfArgon2id) return Error{Errc::BackupDamaged, "unknown KDF"};
  const uint64_t ops = GetBe(file + kOffOps, 4);
  const uint64_t mem_kib = GetBe(file + kOffMem, 4);
  if (!ParamsInBounds(ops, mem_kib)) return Error{Errc::BackupDamaged, "Argon2id parameters out of bounds"};
  const uint64_t length = GetBe(file + kOffLength, 8);
  if (length > max_plaintext) return Error{Errc::BackupTooLarge, "stated length over the cap"};
  if (length != size - kBackupHeaderSize - kBackupTagSize)
    return Error{Errc::BackupDamaged, "stated length does not match the file size"};
  // A passphrase SealBackup would refuse cannot have made this file; no need to run Argon2 for it.
  if (passphrase.size() < kBackupMinPassphrase || passphrase.size() > kBackupMaxPassphrase)
    return Error{Errc::BackupWrongPassphrase, "passphrase of impossible length"};

  WipedKey key;
  if (!DeriveKey(key.bytes, passphrase, file + kOffSalt, ops, mem_kib))
    return Error{Errc::Internal, "Argon2id failed (out of memory?)"};
  Bytes plain(static_cast<size_t>(length));
  unsigned long long got = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(plain.data(), &got, nullptr, file + kBackupHeaderSize,
                                                 size - kBackupHeaderSize, file, kBackupHeaderSize,
                                                 file + kOffNonce, key.bytes.data()) != 0) {
    sodium_memzero(plain.data(), plain.size());
    return Error{Errc::BackupWrongPassphrase, "authentication failed"};
  }
  if (got != length) return Error{Errc::Internal, "AEAD output size"};
  return plain;
}

}  // namespace sip::bundle
