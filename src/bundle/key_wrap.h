// sipbundle/key_wrap.h — the key hierarchy of protection at rest: one random database key, wrapped by the
// staff member's passphrase (Argon2id), optionally also by the office's recovery recipient (age/X25519), and
// wrapping the device's signing seed in turn. Bytes and text in, bytes and text out: no I/O.
//
//   passphrase ──Argon2id(salt, opslimit, memlimit)──▶ KEK ──XChaCha20-Poly1305──┐
//   office recovery recipient (age1…, optional) ──age v1 / X25519───────────────┼──▶ database key (32 B, random)
//                                                                               │        │
//   database key ──BLAKE2b(key, "sipfield/device-seed/v1")──▶ XChaCha20-Poly1305 ──▶ device signing seed
//   database key ──BLAKE2b(key, "sipfield/pages/v1")──▶ page key (store/page_cipher.h) ──▶ every stored page
//
// The key file (JSON, stored beside the database, e.g. `sipfield.db-key`) holds everything above except the
// secrets: the KDF and its parameters (so they can be raised later: ChangePassphrase re-wraps with new
// ones), the salt, the wrapped key, the recovery stanza and the wrapped seed:
//   {"format":"sipfield-key-v1","kdf":"argon2id13","opslimit":N,"memlimit_kib":N,"salt":"<b64url 16 B>",
//    "wrapped_key":"<b64url nonce 24 ‖ ciphertext 32 ‖ tag 16>",
//    "recovery":{"recipient":"age1…","age":"<b64 std of an age v1 file holding the 32-byte key>"},   optional
//    "device_seed":"<b64url nonce 24 ‖ ciphertext 32 ‖ tag 16>"}                                     optional
// The passphrase wrap's associated data is "sipfield-dbkey-v1" ‖ opslimit (u32 BE) ‖ memlimit_kib (u32 BE)
// ‖ salt: lowering the parameters in the file makes the unwrap fail instead of making guessing cheaper.
// A passphrase change re-wraps the same key: the database itself is not re-encrypted.
//
// Trade-offs of the recovery recipient (docs/protection-at-rest.md): whoever holds the office's recovery
// identity AND a copy of the laptop's files can read them, at any time, without the staff member; without
// a recipient a forgotten passphrase means the local data is gone (what was sent as plan bundles is not).
//
// Secrets: DbKey wipes itself (sodium_memzero) when it dies; every intermediate key is wiped before return.
// Valid after InitCrypto() (bundle/crypto.h).
//
// Sections: DbKey · KDF parameters · KeyFile (text form) · create / unlock / change · recovery · device seed
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "bundle/age.h"
#include "bundle/encoding.h"
#include "bundle/jwk.h"
#include "core/result.h"

namespace sip::bundle {

// --- DbKey --------------------------------------------------------------------------------------------------
inline constexpr size_t kDbKeySize = 32;

// The database key. Move-only; the destructor and Wipe() overwrite it.
class DbKey {
 public:
  DbKey() = default;
  ~DbKey();
  DbKey(DbKey&& other) noexcept;
  DbKey& operator=(DbKey&& other) noexcept;
  DbKey(const DbKey&) = delete;
  DbKey& operator=(const DbKey&) = delete;

  static DbKey Generate();                        // 32 bytes from the CSPRNG
  static DbKey FromBytes(const uint8_t* bytes);   // copies kDbKeySize bytes
  const std::array<uint8_t, kDbKeySize>& bytes() const { return key_; }
  void Wipe();

 private:
  std::array<uint8_t, kDbKeySize> key_{};
};

// --- KDF parameters -----------------------------------------------------------------------------------------
struct KdfParams {
  uint32_t opslimit = 0;
  uint32_t memlimit_kib = 0;
  bool operator==(const KdfParams&) const = default;
};
// Chosen by measurement (bench/unlock.cpp, docs/protection-at-rest.md): unlock well under one second in
// wasm on the reference laptop-class machine, with as much memory as that allows.
inline constexpr KdfParams kDefaultKdf{2, 64 * 1024};
// Bounds a key file's parameters must be within (a crafted file cannot make unlock take minutes or
// gigabytes) and that new parameters must meet.
inline constexpr uint32_t kKdfMinOpslimit = 1;
inline constexpr uint32_t kKdfMaxOpslimit = 20;
inline constexpr uint32_t kKdfMinMemlimitKib = 8;
inline constexpr uint32_t kKdfMaxMemlimitKib = 1024 * 1024;   // 1 GiB

// --- KeyFile ------------------------------------------------------------------------------------------------
struct KeyFile {
  KdfParams kdf;
  std::array<uint8_t, 16> salt{};
  Bytes wrapped_key;               // nonce ‖ ciphertext ‖ tag (72 bytes)
  std::string recovery_recipient;  // "age1…", empty when none
  Bytes recovery_age;              // age v1 file holding the key, empty when none
  Bytes device_seed;               // nonce ‖ ciphertext ‖ tag (72 bytes), empty when none
};

std::string SerializeKeyFile(const KeyFile& file);
// Errors: key_file_damaged (not JSON, another format, a missing or mistyped member, wrong sizes, parameters
// out of bounds).
Result<KeyFile> ParseKeyFile(std::string_view text);

// --- create / unlock / change ---------------------------------------------------------------------------------
struct NewKey {
  DbKey key;
  KeyFile file;
};
// A fresh random database key wrapped by `passphrase`. Checks the passphrase rules (core/passphrase.h)
// first. Errors: passphrase_* , invalid_argument (params out of bounds), internal (Argon2 out of memory).
Result<NewKey> CreateDbKey(std::string_view passphrase, KdfParams params = kDefaultKdf);
// Wraps an existing key (adoption, re-wrap). No passphrase rules here: the callers that set one check them.
Result<KeyFile> WrapDbKey(const DbKey& key, std::string_view passphrase, KdfParams params = kDefaultKdf);
// Errors: wrong_passphrase (also for a key file altered after parsing), internal (Argon2 out of memory).
Result<DbKey> UnlockDbKey(const KeyFile& file, std::string_view passphrase);
// Unwraps with `old_passphrase` and wraps the same key with `new_passphrase` (rules checked) and `params`;
// the recovery stanza and the wrapped seed are kept. Errors: wrong_passphrase, passphrase_*, invalid_argument.
Result<KeyFile> ChangePassphrase(const KeyFile& file, std::string_view old_passphrase,
                                 std::string_view new_passphrase, KdfParams params = kDefaultKdf);

// --- recovery -------------------------------------------------------------------------------------------------
// Adds (or replaces) the recovery stanza: the key age-encrypted to `recipient` ("age1…").
// Errors: age_bad_recipient.
Result<void> SetRecoveryRecipient(KeyFile& file, const DbKey& key, std::string_view recipient);
// The key from the recovery stanza. Errors: recovery_missing, wrong_passphrase (the identity does not open
// it), key_file_damaged (the stanza is not a valid age file holding 32 bytes).
Result<DbKey> RecoverDbKey(const KeyFile& file, const X25519Identity& identity);

// --- device seed ----------------------------------------------------------------------------------------------
// Stores `seed` wrapped by a subkey of `key`.
void WrapDeviceSeed(KeyFile& file, const DbKey& key, const Ed25519Seed& seed);
// The device key pair from the stored seed (the pair wipes itself).
// Errors: not_found (no seed stored), wrong_passphrase (another key, or the wrapped seed was altered).
Result<Ed25519KeyPair> UnwrapDeviceKey(const KeyFile& file, const DbKey& key);

}  // namespace sip::bundle
