#include <doctest/doctest.h>

#include <sodium.h>

#include <string>

#include "bundle/crypto.h"

using namespace sip::bundle;

TEST_CASE("libsodium initialises and is the pinned version") {
  REQUIRE(InitCrypto());
  CHECK(std::string(SodiumVersion()) == "1.0.18");
}

TEST_CASE("SHA-256 matches the FIPS 180-2 vectors") {
  REQUIRE(InitCrypto());
  auto hex = [](const Sha256Digest& d) { return HexEncode(d.data(), d.size()); };
  CHECK(hex(Sha256("")) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(hex(Sha256("abc")) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("SHA-256 (OpenSSL natively, libsodium in the wasm) agrees with libsodium's on every length 0-1000") {
  REQUIRE(InitCrypto());
  const Bytes data = RandomBytes(1000);
  for (size_t n = 0; n <= data.size(); ++n) {
    Sha256Digest ref{};
    crypto_hash_sha256(ref.data(), data.data(), n);
    CHECK(Sha256(data.data(), n) == ref);
  }
}

TEST_CASE("random bytes differ between calls") {
  REQUIRE(InitCrypto());
  CHECK(RandomBytes(32) != RandomBytes(32));
  CHECK(RandomBytes(7).size() == 7);
}

TEST_CASE("HMAC-SHA-256 matches RFC 4231 (short key, short text, key longer than a block)") {
  REQUIRE(InitCrypto());
  auto hmac = [](const Bytes& key, std::string_view data) {
    const Sha256Digest d =
        HmacSha256(key.data(), key.size(), reinterpret_cast<const uint8_t*>(data.data()), data.size());
    return HexEncode(d.data(), d.size());
  };
  CHECK(hmac(Bytes(20, 0x0b), "Hi There") == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  CHECK(hmac(Bytes{'J', 'e', 'f', 'e'}, "what do ya want for nothing?") ==
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  CHECK(hmac(Bytes(131, 0xaa), "Test Using Larger Than Block-Size Key - Hash Key First") ==
        "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

// Regression (tests/fuzz, UBSan): an empty key as a null pointer — an empty Bytes, HKDF's empty salt in every
// age file — was passed on to libsodium, whose key parameter is declared nonnull. Under UBSan (the fuzz build
// tree, .build/fuzz) this test aborted; natively it pins the value.
TEST_CASE("HMAC-SHA-256 with an empty key given as a null pointer") {
  REQUIRE(InitCrypto());
  const Bytes none;
  const Sha256Digest empty = HmacSha256(none.data(), none.size(), none.data(), none.size());
  CHECK(HexEncode(empty.data(), empty.size()) == "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
  const std::string_view msg = "age";
  const Sha256Digest d = HmacSha256(nullptr, 0, reinterpret_cast<const uint8_t*>(msg.data()), msg.size());
  CHECK(HexEncode(d.data(), d.size()) == "ff691130676c4ae8031b511d49d39b945629a8006c193eb7ce9e5336c2c0d188");
}

TEST_CASE("HKDF-SHA-256 matches RFC 5869 test cases 1 and 3") {
  REQUIRE(InitCrypto());
  const Bytes ikm(22, 0x0b);
  const Bytes salt = *HexDecode("000102030405060708090a0b0c");
  const Bytes info = *HexDecode("f0f1f2f3f4f5f6f7f8f9");
  const std::string info_s(info.begin(), info.end());
  CHECK(HexEncode(HkdfSha256(ikm.data(), ikm.size(), salt.data(), salt.size(), info_s, 42)) ==
        "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
  CHECK(HexEncode(HkdfSha256(ikm.data(), ikm.size(), nullptr, 0, "", 42)) ==
        "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8");
  // An empty salt is the same as HashLen zero bytes (RFC 5869 §2.2).
  const Bytes zeros(32, 0);
  CHECK(HkdfSha256(ikm.data(), ikm.size(), zeros.data(), zeros.size(), "x", 32) ==
        HkdfSha256(ikm.data(), ikm.size(), nullptr, 0, "x", 32));
  CHECK(HkdfSha256(ikm.data(), ikm.size(), nullptr, 0, "x", 255 * 32).size() == 255 * 32);
  CHECK(HkdfSha256(ikm.data(), ikm.size(), nullptr, 0, "x", 255 * 32 + 1).empty());
}

TEST_CASE("ChaCha20-Poly1305: round trip; any change to key, nonce or ciphertext is refused") {
  REQUIRE(InitCrypto());
  ChaChaKey key{};
  key.fill(3);
  ChaChaNonce nonce{};
  nonce[11] = 1;
  const std::string text = "plan";
  const Bytes sealed = ChaCha20Poly1305Seal(key, nonce, reinterpret_cast<const uint8_t*>(text.data()), text.size());
  CHECK(sealed.size() == text.size() + kChaChaTagSize);
  auto opened = ChaCha20Poly1305Open(key, nonce, sealed.data(), sealed.size());
  REQUIRE(opened.has_value());
  CHECK(std::string(opened->begin(), opened->end()) == text);
  for (size_t i = 0; i < sealed.size(); ++i) {
    Bytes t = sealed;
    t[i] ^= 0x20;
    CHECK_FALSE(ChaCha20Poly1305Open(key, nonce, t.data(), t.size()).has_value());
  }
  ChaChaNonce other = nonce;
  other[11] = 0;
  CHECK_FALSE(ChaCha20Poly1305Open(key, other, sealed.data(), sealed.size()).has_value());
  CHECK_FALSE(ChaCha20Poly1305Open(key, nonce, sealed.data(), 15).has_value());
  const Bytes empty = ChaCha20Poly1305Seal(key, nonce, nullptr, 0);
  CHECK(ChaCha20Poly1305Open(key, nonce, empty.data(), empty.size())->empty());
}

TEST_CASE("constant-time equality and wiping") {
  const Bytes a = {1, 2, 3}, b = {1, 2, 4};
  CHECK(ConstantTimeEqual(a.data(), a.data(), 3));
  CHECK_FALSE(ConstantTimeEqual(a.data(), b.data(), 3));
  CHECK(ConstantTimeEqual(a.data(), b.data(), 2));
  Bytes s = {9, 9, 9};
  Wipe(s.data(), s.size());
  CHECK(s == Bytes(3, 0));
}
