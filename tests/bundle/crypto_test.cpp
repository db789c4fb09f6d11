#include <doctest/doctest.h>

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

TEST_CASE("random bytes differ between calls") {
  REQUIRE(InitCrypto());
  CHECK(RandomBytes(32) != RandomBytes(32));
  CHECK(RandomBytes(7).size() == 7);
}
