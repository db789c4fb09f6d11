// sipbundle/crypto.h — the cryptographic primitives bundles are built from, over libsodium.
//
// Call InitCrypto() once before anything else here (idempotent; false means the platform has no usable
// random source and nothing cryptographic may be done).
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "bundle/encoding.h"

namespace sip::bundle {

bool InitCrypto();
// libsodium's version string, e.g. "1.0.18".
const char* SodiumVersion();

using Sha256Digest = std::array<uint8_t, 32>;
Sha256Digest Sha256(const uint8_t* data, size_t size);
inline Sha256Digest Sha256(std::string_view s) {
  return Sha256(reinterpret_cast<const uint8_t*>(s.data()), s.size());
}

// `size` bytes from the platform's CSPRNG (crypto.getRandomValues in the browser).
Bytes RandomBytes(size_t size);

}  // namespace sip::bundle
