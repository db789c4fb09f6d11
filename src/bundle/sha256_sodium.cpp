// sipbundle/sha256_sodium.cpp — Sha256() (crypto.h) for the wasm build, chosen by src/CMakeLists.txt:
// libsodium's portable SHA-256 (the native build uses OpenSSL's, sha256_openssl.cpp).
#include <sodium.h>

#include "bundle/crypto.h"

namespace sip::bundle {

Sha256Digest Sha256(const uint8_t* data, size_t size) {
  Sha256Digest d{};
  crypto_hash_sha256(d.data(), data, size);
  return d;
}

}  // namespace sip::bundle
