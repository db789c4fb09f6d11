// sipbundle/sha256_openssl.cpp — Sha256() (crypto.h) for the native build, chosen by src/CMakeLists.txt.
// The office hashes every bundle file and JWS it imports: OpenSSL's SHA-256 uses the CPU's SHA extensions
// where there are any; libsodium's is portable C, about five times slower on this machine
// (bench_office_import). The wasm build has no OpenSSL and uses sha256_sodium.cpp.
#include <openssl/sha.h>

#include "bundle/crypto.h"

namespace sip::bundle {

Sha256Digest Sha256(const uint8_t* data, size_t size) {
  Sha256Digest d{};
  SHA256(data, size, d.data());
  return d;
}

}  // namespace sip::bundle
