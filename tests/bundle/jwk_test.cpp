#include <doctest/doctest.h>

#include <string>

#include "bundle/crypto.h"
#include "bundle/jwk.h"

using namespace sip;
using namespace sip::bundle;

namespace {
// RFC 8037 Appendix A.1: the Ed25519 private key (also RFC 8032 §7.1 test 1).
constexpr const char* kRfcD = "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A";
constexpr const char* kRfcX = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";

Ed25519KeyPair RfcKey() {
  auto d = Base64UrlDecode(kRfcD);
  REQUIRE(d.has_value());
  REQUIRE(d->size() == 32);
  Ed25519Seed seed{};
  std::copy(d->begin(), d->end(), seed.begin());
  return Ed25519FromSeed(seed);
}
}  // namespace

TEST_CASE("RFC 8037 A.1/A.2: the seed gives the published public key and JWK") {
  REQUIRE(InitCrypto());
  const Ed25519KeyPair k = RfcKey();
  CHECK(Base64UrlEncode(k.public_key.data(), k.public_key.size()) == kRfcX);
  CHECK(HexEncode(k.public_key.data(), 32) == "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  CHECK(PublicJwk(k.public_key) == std::string(R"({"crv":"Ed25519","kty":"OKP","x":")") + kRfcX + "\"}");
  CHECK(PrivateJwk(k) ==
        std::string(R"({"crv":"Ed25519","d":")") + kRfcD + R"(","kty":"OKP","x":")" + kRfcX + "\"}");
}

TEST_CASE("RFC 8037 A.3: the JWK thumbprint is the published one") {
  REQUIRE(InitCrypto());
  CHECK(JwkThumbprint(RfcKey().public_key) == "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k");
}

TEST_CASE("key pairs: a seed is deterministic, generated keys differ, the secret key is seed || public key") {
  REQUIRE(InitCrypto());
  const Ed25519KeyPair a = RfcKey(), b = RfcKey();
  CHECK(a.public_key == b.public_key);
  CHECK(a.secret_key == b.secret_key);
  CHECK(std::equal(a.seed.begin(), a.seed.end(), a.secret_key.begin()));
  CHECK(std::equal(a.public_key.begin(), a.public_key.end(), a.secret_key.begin() + 32));
  const Ed25519KeyPair g1 = Ed25519Generate(), g2 = Ed25519Generate();
  CHECK(g1.public_key != g2.public_key);
  CHECK(Ed25519FromSeed(g1.seed).public_key == g1.public_key);
  CHECK(JwkThumbprint(g1.public_key).size() == 43);
}

TEST_CASE("ParsePublicJwk reads public Ed25519 JWKs in any member order") {
  REQUIRE(InitCrypto());
  const Ed25519PublicKey expected = RfcKey().public_key;
  auto a = ParsePublicJwk(PublicJwk(expected));
  REQUIRE(a.ok());
  CHECK(*a == expected);
  auto b = ParsePublicJwk(std::string(R"({ "kty": "OKP", "x": ")") + kRfcX +
                          R"(", "crv": "Ed25519", "kid": "device-7", "use": "sig", "alg": "EdDSA" })");
  REQUIRE(b.ok());
  CHECK(*b == expected);
}

TEST_CASE("ParsePublicJwk refuses everything else with jwk_invalid") {
  REQUIRE(InitCrypto());
  const char* bad[] = {
      "",
      "{",
      "[]",
      R"("OKP")",
      R"({"crv":"Ed25519","kty":"OKP"})",                                        // no x
      R"({"crv":"Ed25519","kty":"EC","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"})",
      R"({"crv":"X25519","kty":"OKP","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"})",
      R"({"crv":"Ed448","kty":"OKP","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"})",
      R"({"kty":"OKP","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"})",       // no crv
      R"({"crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"})",   // no kty
      R"({"crv":"Ed25519","kty":"OKP","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHUR"})",    // 31.x bytes
      R"({"crv":"Ed25519","kty":"OKP","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo="})",  // padding
      R"({"crv":"Ed25519","kty":"OKP","x":"11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo"})",   // std alphabet
      R"({"crv":"Ed25519","kty":"OKP","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURp"})",   // non-canonical
      R"({"crv":"Ed25519","kty":"OKP","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURoAAA"})", // 34 bytes
      R"({"crv":"Ed25519","kty":"OKP","x":42})",
      R"({"crv":"Ed25519","kty":"OKP","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"})",
      R"({"crv":"Ed25519","d":"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A","kty":"OKP","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"})",
  };
  for (const char* text : bad) {
    CAPTURE(text);
    auto r = ParsePublicJwk(text);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == Errc::JwkInvalid);
  }
  CHECK(ParsePublicJwk(std::string(5000, ' ') + PublicJwk(RfcKey().public_key)).error().code == Errc::JwkInvalid);
}
