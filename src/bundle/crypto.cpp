#include "bundle/crypto.h"

#include <sodium.h>

namespace sip::bundle {

bool InitCrypto() { return sodium_init() >= 0; }
const char* SodiumVersion() { return sodium_version_string(); }

Sha256Digest Sha256(const uint8_t* data, size_t size) {
  Sha256Digest d{};
  crypto_hash_sha256(d.data(), data, size);
  return d;
}

Bytes RandomBytes(size_t size) {
  Bytes b(size);
  randombytes_buf(b.data(), size);
  return b;
}

}  // namespace sip::bundle
