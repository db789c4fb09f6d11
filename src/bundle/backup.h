// sipbundle/backup.h — a passphrase-encrypted backup of the whole local database (bytes in, bytes out).
//
// The user exports the database as one file, protected by a passphrase they choose, and restores it on
// another device or browser. The format, as this file writes and reads it (all integers big-endian):
//
//   "SIPFIELD-BACKUP-1\n"     18 bytes, the magic line
//   kdf                       1 byte: 1 = Argon2id v1.3 (crypto_pwhash_argon2id)
//   opslimit                  4 bytes
//   memlimit                  4 bytes, in KiB
//   salt                      16 bytes (crypto_pwhash_argon2id_SALTBYTES)
//   nonce                     24 bytes (XChaCha20-Poly1305)
//   plaintext length          8 bytes
//   ciphertext || tag         plaintext length + 16 bytes
//
//   key       Argon2id(passphrase, salt, opslimit, memlimit) → 32 bytes
//   payload   XChaCha20-Poly1305-IETF(key, nonce, database bytes), associated data = the 75 header bytes above,
//             so any change to the header is an authentication failure as well
//
// Reading is strict and cheap before it is expensive: the magic, the KDF id, the parameter bounds
// (kBackupMaxOpslimit, kBackupMaxMemlimitKib — a crafted file cannot make the app spend gigabytes or
// minutes), the length against the caller's cap and against the file's size are all checked before
// Argon2 runs. Both the libsodium used natively and the `--enable-minimal` wasm build have crypto_pwhash_argon2id
// and crypto_aead_xchacha20poly1305_ietf_*.
//
// Sections: parameters · SealBackup (whole, or in two steps) · OpenBackup
#pragma once

#include <cstdint>
#include <string_view>

#include "bundle/encoding.h"
#include "core/result.h"

namespace sip::bundle {

// --- parameters -------------------------------------------------------------------------------------------

inline constexpr std::string_view kBackupMagic = "SIPFIELD-BACKUP-1\n";
inline constexpr uint8_t kBackupKdfArgon2id = 1;
inline constexpr size_t kBackupSaltSize = 16;
inline constexpr size_t kBackupNonceSize = 24;
inline constexpr size_t kBackupHeaderSize = 18 + 1 + 4 + 4 + kBackupSaltSize + kBackupNonceSize + 8;   // 75
inline constexpr size_t kBackupTagSize = 16;

inline constexpr size_t kBackupMinPassphrase = 8;      // bytes (UTF-8)
inline constexpr size_t kBackupMaxPassphrase = 1024;   // bytes

// Bounds a file's parameters must be within to be read (and SealBackup's params to be written).
inline constexpr uint32_t kBackupMinOpslimit = 1;
inline constexpr uint32_t kBackupMaxOpslimit = 10;
inline constexpr uint32_t kBackupMinMemlimitKib = 8;                // libsodium's minimum (8 KiB)
inline constexpr uint32_t kBackupMaxMemlimitKib = 256 * 1024;       // 256 MiB

// Defaults: libsodium's "interactive" level for Argon2id (2 passes over 64 MiB).
struct BackupParams {
  uint32_t opslimit = 2;
  uint32_t memlimit_kib = 64 * 1024;
};

// --- SealBackup -------------------------------------------------------------------------------------------

// Encrypts `db_bytes` under `passphrase` with a fresh random salt and nonce. Valid after InitCrypto().
// Errors: backup_weak_passphrase (shorter than kBackupMinPassphrase bytes), invalid_argument (a passphrase
// over kBackupMaxPassphrase bytes, params outside the bounds above), internal (Argon2 could not allocate).
Result<Bytes> SealBackup(const Bytes& db_bytes, std::string_view passphrase, const BackupParams& params = {});

// The same in two steps, so that a screen can show a progress bar between them (app/jobs.h): the key
// derivation (Argon2id: the slow part, about a second) and then the encryption. A BackupKey holds the key and
// the header's salt, nonce and parameters; it wipes the key when it goes.
class BackupKey {
 public:
  BackupKey() = default;
  BackupKey(BackupKey&& other) noexcept;
  BackupKey& operator=(BackupKey&& other) noexcept;
  BackupKey(const BackupKey&) = delete;
  BackupKey& operator=(const BackupKey&) = delete;
  ~BackupKey();

 private:
  friend Result<BackupKey> DeriveBackupKey(std::string_view, const BackupParams&);
  friend Result<Bytes> SealBackupWithKey(const Bytes&, BackupKey&);
  uint8_t key_[32] = {};
  uint8_t header_[kBackupHeaderSize] = {};   // magic, KDF, parameters, salt, nonce; the length is set by the seal
  bool ready_ = false;
};
// Errors as SealBackup's.
Result<BackupKey> DeriveBackupKey(std::string_view passphrase, const BackupParams& params = {});
// Encrypts `db_bytes` under a derived key (internal when `key` is not a derived one). One key seals one file:
// sealing twice with the same key would reuse its nonce, so the second call is refused (internal).
Result<Bytes> SealBackupWithKey(const Bytes& db_bytes, BackupKey& key);

// --- OpenBackup -------------------------------------------------------------------------------------------

// Decrypts a backup file to the database bytes (at most `max_plaintext`). Valid after InitCrypto().
// Errors, in the order checked:
//   backup_not_a_backup      the file does not start with the magic line (another file, another version)
//   backup_damaged           the header is cut short, names an unknown KDF, has parameters outside the
//                            bounds, or its length does not match the file's size (truncated or extended)
//   backup_too_large         the stated length is over max_plaintext (nothing is derived or decrypted)
//   backup_wrong_passphrase  authentication fails: a wrong passphrase, or a file altered after the header
//                            checks (the two cannot be told apart)
//   internal                 Argon2 could not allocate its memory
// Plaintext is returned only when the whole file authenticated.
Result<Bytes> OpenBackup(const uint8_t* file, size_t size, std::string_view passphrase, size_t max_plaintext);
inline Result<Bytes> OpenBackup(const Bytes& file, std::string_view passphrase, size_t max_plaintext) {
  return OpenBackup(file.data(), file.size(), passphrase, max_plaintext);
}

}  // namespace sip::bundle
