// sipbundle/age.h — age v1 file encryption (https://age-encryption.org/v1) to X25519 recipients.
//
// A signed bundle leaves the laptop as an age file encrypted to the office's X25519 import key (and
// optionally a second recipient, e.g. a backup key). Files made here decrypt with the `age` tool and files
// made by `age -r age1…` decrypt here; the format, as this file writes and reads it:
//
//   age-encryption.org/v1\n
//   -> X25519 <ephemeral share: 32 bytes, base64 std, unpadded, 43 chars>\n     one stanza per recipient
//   <wrapped file key: 32 bytes, base64 std, unpadded, lines of 64 chars, the last shorter>\n
//   --- <header MAC: 32 bytes, base64 std, unpadded>\n
//   <16-byte payload nonce><STREAM chunks>
//
//   file key     16 random bytes
//   wrap key     HKDF-SHA-256(ikm = X25519(ephemeral, recipient), salt = share || recipient,
//                             info = "age-encryption.org/v1/X25519"); body = ChaCha20-Poly1305(wrap key,
//                nonce 0, file key)
//   header MAC   HMAC-SHA-256(HKDF(ikm = file key, salt = "", info = "header")) over the header up to and
//                including "---"
//   payload key  HKDF-SHA-256(ikm = file key, salt = nonce, info = "payload")
//   chunks       64 KiB of plaintext each, ChaCha20-Poly1305 with nonce = 11-byte big-endian counter ||
//                last-chunk flag (1 on the final chunk); only an empty file has an empty (final) chunk
//
// Decryption is strict and refuses, with distinct codes: other versions and the ASCII armor, malformed
// stanzas and non-canonical base64, a wrong key, a bad header MAC, a forged or reordered chunk, a truncated
// file, data after the final chunk, an empty final chunk after others, and anything larger than the
// caller's cap (checked from the file's length before any decryption). Unknown stanza types are skipped, as
// the spec requires. Passphrase (scrypt) files and plugins are not supported.
//
// Keys are written as age writes them: recipients "age1…" (bech32, BIP 173, lower case) and identities
// "AGE-SECRET-KEY-1…" (bech32, upper case).
//
// Sections:
//   keys ......... X25519Recipient, X25519Identity, generation, bech32 text forms
//   encryption ... AgeEncrypt (randomness injectable for reproducible tests)
//   decryption ... AgeDecrypt
//   bech32 ....... Bech32Encode / Bech32Decode (exposed for tests)
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bundle/encoding.h"
#include "core/result.h"

namespace sip::bundle {

// --- keys -------------------------------------------------------------------------------------------------

using X25519Recipient = std::array<uint8_t, 32>;   // public key

// A secret X25519 key (any 32 bytes; X25519 clamps). The destructor wipes it.
struct X25519Identity {
  std::array<uint8_t, 32> secret{};

  X25519Identity() = default;
  X25519Identity(const X25519Identity&) = default;
  X25519Identity& operator=(const X25519Identity&) = default;
  ~X25519Identity();
};

// A fresh identity from the CSPRNG. Valid after InitCrypto().
X25519Identity X25519Generate();
// The public key that encrypts to `identity`. Valid after InitCrypto().
X25519Recipient RecipientOf(const X25519Identity& identity);

// "age1…" (62 characters).
std::string EncodeRecipient(const X25519Recipient& recipient);
// Errors: age_bad_recipient (not lower-case bech32 with HRP "age", bad checksum, not 32 bytes).
Result<X25519Recipient> ParseRecipient(std::string_view text);
// "AGE-SECRET-KEY-1…" (74 characters, upper case, as age-keygen writes it). Secret.
std::string EncodeIdentity(const X25519Identity& identity);
// Errors: age_bad_identity (not upper-case bech32 with HRP "AGE-SECRET-KEY-", bad checksum, not 32 bytes).
Result<X25519Identity> ParseIdentity(std::string_view text);

// --- encryption -------------------------------------------------------------------------------------------

inline constexpr size_t kAgeChunkSize = 64 * 1024;   // plaintext bytes per STREAM chunk
inline constexpr size_t kAgeMaxRecipients = 2;

// Fills `size` bytes; AgeEncrypt asks, in this order, for the file key (16 bytes), each recipient's
// ephemeral secret (32 bytes each, in recipient order) and the payload nonce (16 bytes).
using RandomSource = std::function<void(uint8_t* out, size_t size)>;

// Encrypts `plaintext` to 1–2 recipients (duplicates allowed). An empty `random` means the CSPRNG; pass a
// deterministic one only in tests. Valid after InitCrypto(). Errors: invalid_argument (0 or more than
// kAgeMaxRecipients recipients), age_bad_recipient (a low-order point: the shared secret would be zero).
Result<Bytes> AgeEncrypt(const uint8_t* plaintext, size_t size, const std::vector<X25519Recipient>& recipients,
                         const RandomSource& random = {});
inline Result<Bytes> AgeEncrypt(const Bytes& plaintext, const std::vector<X25519Recipient>& recipients,
                                const RandomSource& random = {}) {
  return AgeEncrypt(plaintext.data(), plaintext.size(), recipients, random);
}

// --- decryption -------------------------------------------------------------------------------------------

inline constexpr size_t kAgeMaxHeaderBytes = 16 * 1024;
inline constexpr size_t kAgeMaxStanzas = 16;

// Decrypts an age file with any of `identities` (tried in order on every X25519 stanza; e.g. the current
// and the previous import key). The plaintext is at most `max_plaintext` bytes. Valid after InitCrypto().
// Errors, roughly in the order checked:
//   age_too_large          the file (or its header) implies more than max_plaintext bytes / a header over
//                          kAgeMaxHeaderBytes; nothing is decrypted
//   age_not_age_file       not "age-encryption.org/v1" (another version, the ASCII armor, anything else)
//   age_truncated          the file ends inside the header, before the nonce, before the final chunk
//                          (a whole number of chunks whose last is not marked final), or too early
//                          for its last chunk to hold a tag (other cuts are age_chunk_auth)
//   age_header_malformed   a bad stanza or MAC line, non-canonical base64, an X25519 stanza with the
//                          wrong arguments or sizes, no stanza, more than kAgeMaxStanzas
//   age_wrong_recipient    no X25519 stanza unwraps with these identities
//   age_header_mac         the header MAC does not match (the header was altered)
//   age_chunk_auth         a payload chunk fails authentication (altered, reordered, cut mid-chunk)
//   age_trailing_data      data follows the final chunk
//   age_empty_chunk        an empty final chunk after non-empty ones
// Plaintext is returned only when the whole file authenticated. `recipients` (optional; used when it has one
// entry per identity, same order): each identity's public key (RecipientOf), which an importer opening many
// files computes once instead of one X25519 base-point multiplication per identity tried per file.
Result<Bytes> AgeDecrypt(const uint8_t* file, size_t size, const std::vector<X25519Identity>& identities,
                         size_t max_plaintext, const std::vector<X25519Recipient>* recipients = nullptr);
inline Result<Bytes> AgeDecrypt(const Bytes& file, const X25519Identity& identity, size_t max_plaintext) {
  return AgeDecrypt(file.data(), file.size(), std::vector<X25519Identity>{identity}, max_plaintext);
}

// --- bech32 -----------------------------------------------------------------------------------------------

// BIP 173 bech32 of 8-bit `data` under `hrp` (lower case; upper-case the result for an upper-case form).
// Valid for a printable-ASCII hrp without upper case.
std::string Bech32Encode(std::string_view hrp, const Bytes& data);
// {hrp as written, data}; nullopt for mixed case, a bad checksum, bad characters, non-zero padding, or
// more than 200 characters (age keys are 62 and 74).
std::optional<std::pair<std::string, Bytes>> Bech32Decode(std::string_view text);

}  // namespace sip::bundle
