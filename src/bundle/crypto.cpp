#include "bundle/crypto.h"

#include <sodium.h>

#include <algorithm>

namespace sip::bundle {

bool InitCrypto() { return sodium_init() >= 0; }
const char* SodiumVersion() { return sodium_version_string(); }

// Sha256() is in sha256_openssl.cpp (native) or sha256_sodium.cpp (wasm): the build picks one.

Sha256Digest HmacSha256(const uint8_t* key, size_t key_size, const uint8_t* data, size_t size) {
  // An empty key often arrives as a null pointer (an empty vector, HKDF's empty salt), but libsodium declares
  // the key nonnull: passing null is undefined behaviour even with key_size 0 (found by tests/fuzz, UBSan).
  static const uint8_t kEmptyKey = 0;
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(&st, key_size == 0 ? &kEmptyKey : key, key_size);
  crypto_auth_hmacsha256_update(&st, data, size);
  Sha256Digest mac{};
  crypto_auth_hmacsha256_final(&st, mac.data());
  sodium_memzero(&st, sizeof st);
  return mac;
}

Bytes HkdfSha256(const uint8_t* ikm, size_t ikm_size, const uint8_t* salt, size_t salt_size,
                 std::string_view info, size_t length) {
  if (length > 255 * 32) return {};
  // Extract. HMAC pads a short key with zeros, so an empty salt is the RFC's "HashLen zeros".
  Sha256Digest prk = HmacSha256(salt, salt_size, ikm, ikm_size);
  // Expand: T(i) = HMAC(PRK, T(i-1) | info | i).
  Bytes out;
  out.reserve(length);
  Sha256Digest t{};
  size_t t_size = 0;
  for (uint8_t i = 1; out.size() < length; ++i) {
    crypto_auth_hmacsha256_state st;
    crypto_auth_hmacsha256_init(&st, prk.data(), prk.size());
    crypto_auth_hmacsha256_update(&st, t.data(), t_size);
    crypto_auth_hmacsha256_update(&st, reinterpret_cast<const uint8_t*>(info.data()), info.size());
    crypto_auth_hmacsha256_update(&st, &i, 1);
    crypto_auth_hmacsha256_final(&st, t.data());
    sodium_memzero(&st, sizeof st);
    t_size = t.size();
    const size_t take = std::min(t.size(), length - out.size());
    out.insert(out.end(), t.begin(), t.begin() + static_cast<std::ptrdiff_t>(take));
  }
  sodium_memzero(prk.data(), prk.size());
  sodium_memzero(t.data(), t.size());
  return out;
}

Bytes ChaCha20Poly1305Seal(const ChaChaKey& key, const ChaChaNonce& nonce, const uint8_t* plaintext,
                           size_t size) {
  Bytes out(size + kChaChaTagSize);
  crypto_aead_chacha20poly1305_ietf_encrypt_detached(out.data(), out.data() + size, nullptr, plaintext, size,
                                                     nullptr, 0, nullptr, nonce.data(), key.data());
  return out;
}

std::optional<Bytes> ChaCha20Poly1305Open(const ChaChaKey& key, const ChaChaNonce& nonce, const uint8_t* sealed,
                                          size_t size) {
  if (size < kChaChaTagSize) return std::nullopt;
  Bytes out(size - kChaChaTagSize);
  if (crypto_aead_chacha20poly1305_ietf_decrypt_detached(out.data(), nullptr, sealed, out.size(),
                                                         sealed + out.size(), nullptr, 0, nonce.data(),
                                                         key.data()) != 0)
    return std::nullopt;
  return out;
}

Bytes RandomBytes(size_t size) {
  Bytes b(size);
  randombytes_buf(b.data(), size);
  return b;
}

void RandomFill(uint8_t* out, size_t size) { randombytes_buf(out, size); }

bool ConstantTimeEqual(const uint8_t* a, const uint8_t* b, size_t size) {
  return size == 0 || sodium_memcmp(a, b, size) == 0;
}

void Wipe(void* data, size_t size) { sodium_memzero(data, size); }

}  // namespace sip::bundle
