// tests/bundle/bundle_test_support.h — helpers shared by the bundle suites: reproducible randomness and
// bytes/text conversions. Header-only; no production code depends on it.
#pragma once

#include <algorithm>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>

#include "bundle/age.h"
#include "bundle/crypto.h"
#include "bundle/jwk.h"

namespace sip::bundle::testing {

inline Bytes ToBytes(std::string_view s) { return Bytes(s.begin(), s.end()); }
inline std::string ToString(const Bytes& b) { return std::string(b.begin(), b.end()); }

// A reproducible byte stream: SHA-256(label || counter) blocks. Not random; for tests only.
class DeterministicRandom {
 public:
  explicit DeterministicRandom(std::string label) : label_(std::move(label)) {}
  void operator()(uint8_t* out, size_t size) {
    while (size > 0) {
      if (used_ == block_.size()) Refill();
      const size_t n = std::min(size, block_.size() - used_);
      std::memcpy(out, block_.data() + used_, n);
      out += n;
      size -= n;
      used_ += n;
    }
  }
  RandomSource Source() {
    return [this](uint8_t* out, size_t size) { (*this)(out, size); };
  }
  Bytes Take(size_t size) {
    Bytes b(size);
    (*this)(b.data(), size);
    return b;
  }

 private:
  void Refill() {
    block_ = Sha256(label_ + "#" + std::to_string(counter_++));
    used_ = 0;
  }
  std::string label_;
  uint64_t counter_ = 0;
  Sha256Digest block_{};
  size_t used_ = 32;
};

// Fixed keys for tests: every seed byte is `n` (never a real key).
inline Ed25519KeyPair SeededKey(uint8_t n) {
  InitCrypto();
  Ed25519Seed seed{};
  seed.fill(n);
  return Ed25519FromSeed(seed);
}
inline X25519Identity SeededIdentity(uint8_t n) {
  X25519Identity id;
  id.secret.fill(n);
  return id;
}

// Plaintext of `size` bytes that differs chunk to chunk.
inline Bytes PatternBytes(size_t size, uint8_t seed = 7) {
  Bytes b(size);
  for (size_t i = 0; i < size; ++i) b[i] = static_cast<uint8_t>((i * 131 + (i >> 16) * 17 + seed) & 0xff);
  return b;
}

}  // namespace sip::bundle::testing
