// sipbundle/crypto.h — the cryptographic primitives bundles are built from, over libsodium.
//
// Call InitCrypto() once before anything else here (idempotent; false means the platform has no usable
// random source and nothing cryptographic may be done). Everything in this file exists in libsodium's
// `--enable-minimal` build, which is the one linked into the wasm.
//
// Sections:
//   set-up ........... InitCrypto, SodiumVersion
//   hashes and MACs .. Sha256 (OpenSSL natively, sha256_openssl.cpp; libsodium in the wasm), HmacSha256,
//                      HkdfSha256 (RFC 5869, built from HMAC)
//   AEAD ............. ChaCha20-Poly1305 (RFC 8439, 96-bit nonce), one-shot
//   helpers .......... RandomBytes, ConstantTimeEqual, Wipe
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "bundle/encoding.h"

namespace sip::bundle {

// --- set-up ---------------------------------------------------------------------------------------------

bool InitCrypto();
// libsodium's version string, e.g. "1.0.18".
const char* SodiumVersion();

// --- hashes and MACs --------------------------------------------------------------------------------------

using Sha256Digest = std::array<uint8_t, 32>;
Sha256Digest Sha256(const uint8_t* data, size_t size);
inline Sha256Digest Sha256(std::string_view s) {
  return Sha256(reinterpret_cast<const uint8_t*>(s.data()), s.size());
}

// HMAC-SHA-256 with a key of any length (RFC 2104). Valid after InitCrypto().
Sha256Digest HmacSha256(const uint8_t* key, size_t key_size, const uint8_t* data, size_t size);

// HKDF-SHA-256 (RFC 5869): extract with `salt` (empty = 32 zero bytes), expand with `info` to `length`
// bytes. Valid for length <= 255 * 32; returns an empty vector beyond that.
Bytes HkdfSha256(const uint8_t* ikm, size_t ikm_size, const uint8_t* salt, size_t salt_size,
                 std::string_view info, size_t length);

// --- AEAD -----------------------------------------------------------------------------------------------

using ChaChaKey = std::array<uint8_t, 32>;
using ChaChaNonce = std::array<uint8_t, 12>;
inline constexpr size_t kChaChaTagSize = 16;

// ChaCha20-Poly1305 with empty associated data: ciphertext || 16-byte tag. Valid after InitCrypto().
Bytes ChaCha20Poly1305Seal(const ChaChaKey& key, const ChaChaNonce& nonce, const uint8_t* plaintext, size_t size);
// The plaintext, or nullopt when the tag does not verify (nothing is released then).
std::optional<Bytes> ChaCha20Poly1305Open(const ChaChaKey& key, const ChaChaNonce& nonce, const uint8_t* sealed,
                                          size_t size);

// --- helpers ----------------------------------------------------------------------------------------------

// `size` bytes from the platform's CSPRNG (crypto.getRandomValues in the browser).
Bytes RandomBytes(size_t size);
// Fills `out` from the CSPRNG. Valid after InitCrypto().
void RandomFill(uint8_t* out, size_t size);

// Equality in time independent of the contents (for MACs and tags). Sizes are public.
bool ConstantTimeEqual(const uint8_t* a, const uint8_t* b, size_t size);

// Overwrites secret material in a way the compiler may not optimise away.
void Wipe(void* data, size_t size);

}  // namespace sip::bundle
