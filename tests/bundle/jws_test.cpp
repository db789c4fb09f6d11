#include <doctest/doctest.h>

#include <chrono>
#include <map>
#include <string>

#include "bundle/crypto.h"
#include "bundle/jws.h"
#include "bundle_test_support.h"

using namespace sip;
using namespace sip::bundle;
using namespace sip::bundle::testing;

namespace {
// RFC 8037 Appendix A.1 key and A.4 example.
constexpr const char* kRfcD = "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A";
constexpr const char* kRfcA4 =
    "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc."
    "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg";
constexpr const char* kTyp = "sipfield-plan+jws";

Ed25519KeyPair KeyFromSeedText(std::string_view b64) {
  auto d = Base64UrlDecode(b64);
  REQUIRE(d.has_value());
  Ed25519Seed seed{};
  std::copy(d->begin(), d->end(), seed.begin());
  return Ed25519FromSeed(seed);
}
Ed25519KeyPair RfcKey() { return KeyFromSeedText(kRfcD); }
Ed25519KeyPair OtherKey() {
  Ed25519Seed seed{};
  seed.fill(0x42);
  return Ed25519FromSeed(seed);
}

// A registry of device keys, as the office would hold it.
struct Registry {
  std::map<std::string, Ed25519PublicKey> keys;
  void Add(const Ed25519PublicKey& k) { keys[JwkThumbprint(k)] = k; }
  JwsKeyLookup Lookup() const {
    return [this](std::string_view kid) -> std::optional<Ed25519PublicKey> {
      auto it = keys.find(std::string(kid));
      if (it == keys.end()) return std::nullopt;
      return it->second;
    };
  }
};

std::string B64(std::string_view s) { return Base64UrlEncode(s); }

// A compact JWS whose signature is valid over whatever header text is given.
std::string SignedWithHeader(const Ed25519KeyPair& k, const std::string& header, std::string_view payload = "p") {
  return JwsSignWithHeader(k, header, payload);
}

std::string StdHeader(const Ed25519KeyPair& k, std::string_view extra = "") {
  return R"({"alg":"EdDSA","kid":")" + JwkThumbprint(k.public_key) + "\"" + std::string(extra) + "}";
}

Errc VerifyCode(std::string_view compact, const Registry& reg, std::string_view typ = {}, JwsLimits limits = {}) {
  auto r = JwsVerify(compact, reg.Lookup(), typ, limits);
  return r.ok() ? Errc::Ok : r.error().code;
}
}  // namespace

TEST_CASE("RFC 8037 A.4: signing the example reproduces the published JWS byte for byte") {
  REQUIRE(InitCrypto());
  CHECK(JwsSignWithHeader(RfcKey(), R"({"alg":"EdDSA"})", "Example of Ed25519 signing") == kRfcA4);
}

TEST_CASE("RFC 8037 A.5: the published JWS parses and its signature verifies; without kid JwsVerify refuses it") {
  REQUIRE(InitCrypto());
  auto parts = JwsParse(kRfcA4);
  REQUIRE(parts.ok());
  CHECK(parts->header == R"({"alg":"EdDSA"})");
  CHECK(ToString(parts->payload) == "Example of Ed25519 signing");
  CHECK(JwsSignatureValid(*parts, RfcKey().public_key));
  CHECK_FALSE(JwsSignatureValid(*parts, OtherKey().public_key));
  Registry reg;
  reg.Add(RfcKey().public_key);
  CHECK(VerifyCode(kRfcA4, reg) == Errc::JwsKidMissing);
}

TEST_CASE("JwsSign writes exactly {alg, kid, typ} and JwsVerify returns the payload") {
  REQUIRE(InitCrypto());
  const Ed25519KeyPair k = RfcKey();
  auto jws = JwsSign(k, kTyp, R"({"plan":"fiktiv"})");
  REQUIRE(jws.ok());
  const std::string h64 = jws->substr(0, jws->find('.'));
  CHECK(ToString(*Base64UrlDecode(h64)) ==
        R"({"alg":"EdDSA","kid":"kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k","typ":"sipfield-plan+jws"})");
  Registry reg;
  reg.Add(k.public_key);
  auto v = JwsVerify(*jws, reg.Lookup(), kTyp);
  REQUIRE(v.ok());
  CHECK(v->kid == "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k");
  CHECK(v->typ == kTyp);
  CHECK(ToString(v->payload) == R"({"plan":"fiktiv"})");
  CHECK(v->header == ToString(*Base64UrlDecode(h64)));
  // Ed25519 is deterministic: the same input signs to the same text.
  CHECK(*JwsSign(k, kTyp, R"({"plan":"fiktiv"})") == *jws);
  // Without an expected type any typ is accepted.
  CHECK(JwsVerify(*jws, reg.Lookup()).ok());
}

TEST_CASE("JwsSign round-trips empty, binary and large payloads") {
  REQUIRE(InitCrypto());
  const Ed25519KeyPair k = Ed25519Generate();
  Registry reg;
  reg.Add(k.public_key);
  for (size_t n : {size_t{0}, size_t{1}, size_t{2}, size_t{3}, size_t{255}, size_t{100000}}) {
    const Bytes payload = PatternBytes(n);
    auto jws = JwsSign(k, kTyp, payload.data(), payload.size());
    REQUIRE(jws.ok());
    auto v = JwsVerify(*jws, reg.Lookup(), kTyp);
    REQUIRE(v.ok());
    CHECK(v->payload == payload);
  }
}

TEST_CASE("JwsSign refuses a typ it cannot write without escaping") {
  REQUIRE(InitCrypto());
  const Ed25519KeyPair k = RfcKey();
  for (std::string typ : {std::string(""), std::string("a\"b"), std::string("a\\b"), std::string("a\nb"),
                          std::string("pl\xc3\xa5n"), std::string(kJwsMaxFieldBytes + 1, 'x')}) {
    auto r = JwsSign(k, typ, "x");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == Errc::InvalidArgument);
  }
  CHECK(JwsSign(k, std::string(kJwsMaxFieldBytes, 'x'), "x").ok());
}

TEST_CASE("jws_malformed: segments, header shape, member types, signature length") {
  REQUIRE(InitCrypto());
  const Ed25519KeyPair k = RfcKey();
  Registry reg;
  reg.Add(k.public_key);
  const std::string good = *JwsSign(k, kTyp, "x");
  const std::string sig64 = good.substr(good.rfind('.') + 1);
  CHECK(VerifyCode("", reg) == Errc::JwsMalformed);
  CHECK(VerifyCode("abc", reg) == Errc::JwsMalformed);
  CHECK(VerifyCode("a.b", reg) == Errc::JwsMalformed);
  CHECK(VerifyCode(good + ".", reg) == Errc::JwsMalformed);
  CHECK(VerifyCode(good + "." + sig64, reg) == Errc::JwsMalformed);       // JWE-like / five segments
  CHECK(VerifyCode("." + good, reg) == Errc::JwsMalformed);
  CHECK(VerifyCode(SignedWithHeader(k, "[]"), reg) == Errc::JwsMalformed);
  CHECK(VerifyCode(SignedWithHeader(k, R"("EdDSA")"), reg) == Errc::JwsMalformed);
  CHECK(VerifyCode(SignedWithHeader(k, "{"), reg) == Errc::JwsMalformed);
  CHECK(VerifyCode(SignedWithHeader(k, ""), reg) == Errc::JwsMalformed);
  CHECK(VerifyCode(SignedWithHeader(k, StdHeader(k) + " x"), reg) == Errc::JwsMalformed);   // trailing text
  CHECK(VerifyCode(SignedWithHeader(k, "{\"alg\":\"EdDSA\",\"kid\":\"\xff\"}"), reg) == Errc::JwsMalformed);
  CHECK(VerifyCode(SignedWithHeader(k, StdHeader(k, R"(,"alg":"EdDSA")")), reg) == Errc::JwsMalformed);  // duplicate
  CHECK(VerifyCode(SignedWithHeader(k, StdHeader(k, R"(,"kid":"x")")), reg) == Errc::JwsMalformed);      // duplicate kid
  CHECK(VerifyCode(SignedWithHeader(k, R"({"alg":"EdDSA","kid":7})"), reg) == Errc::JwsMalformed);
  CHECK(VerifyCode(SignedWithHeader(k, StdHeader(k, R"(,"typ":["a"])")), reg) == Errc::JwsMalformed);
  // Signature of the wrong length (valid base64url).
  const std::string input = good.substr(0, good.rfind('.') + 1);
  CHECK(VerifyCode(input, reg) == Errc::JwsMalformed);
  CHECK(VerifyCode(input + sig64.substr(0, 84), reg) == Errc::JwsMalformed);  // 63 bytes
  CHECK(VerifyCode(input + sig64 + "AA", reg) == Errc::JwsMalformed);          // 66 bytes
  CHECK(VerifyCode(input + sig64 + "AAA", reg) == Errc::JwsBadBase64);         // impossible length
}

TEST_CASE("jws_bad_base64: padding, other alphabets, whitespace, non-canonical bits in any segment") {
  REQUIRE(InitCrypto());
  const Ed25519KeyPair k = RfcKey();
  Registry reg;
  reg.Add(k.public_key);
  const std::string good = *JwsSign(k, kTyp, "xy");   // payload "eHk": one spare bit pair
  const size_t d1 = good.find('.'), d2 = good.rfind('.');
  const std::string h = good.substr(0, d1), p = good.substr(d1 + 1, d2 - d1 - 1), s = good.substr(d2 + 1);
  REQUIRE(p == "eHk");
  CHECK(VerifyCode(h + "." + p + "=." + s, reg) == Errc::JwsBadBase64);
  CHECK(VerifyCode(h + ".eHl." + s, reg) == Errc::JwsBadBase64);        // same bytes, non-zero spare bits
  CHECK(VerifyCode(h + ".eH k." + s, reg) == Errc::JwsBadBase64);
  CHECK(VerifyCode(h + "=." + p + "." + s, reg) == Errc::JwsBadBase64);
  CHECK(VerifyCode(" " + h + "." + p + "." + s, reg) == Errc::JwsBadBase64);
  CHECK(VerifyCode(h + "." + p + "." + s + "\n", reg) == Errc::JwsBadBase64);
  std::string std_sig = s;
  for (char& c : std_sig) {
    if (c == '-') c = '+';
    if (c == '_') c = '/';
  }
  if (std_sig != s) CHECK(VerifyCode(h + "." + p + "." + std_sig, reg) == Errc::JwsBadBase64);
  CHECK(VerifyCode(h + "." + p + "." + s.substr(0, 85) + "B", reg) != Errc::Ok);
}

TEST_CASE("jws_alg: only EdDSA is accepted") {
  REQUIRE(InitCrypto());
  const Ed25519KeyPair k = RfcKey();
  Registry reg;
  reg.Add(k.public_key);
  const std::string kid = JwkThumbprint(k.public_key);
  for (std::string alg : {R"("none")", R"("HS256")", R"("ES256")", R"("Ed25519")", R"("eddsa")", R"("EdDSA ")",
                          R"(null)", R"(["EdDSA"])", R"(1)"}) {
    CAPTURE(alg);
    CHECK(VerifyCode(SignedWithHeader(k, R"({"alg":)" + alg + R"(,"kid":")" + kid + "\"}"), reg) == Errc::JwsAlg);
  }
  CHECK(VerifyCode(SignedWithHeader(k, R"({"kid":")" + kid + "\"}"), reg) == Errc::JwsAlg);
  // alg: none with an empty signature is not even well-formed.
  CHECK(VerifyCode(B64(R"({"alg":"none"})") + "." + B64("x") + ".", reg) == Errc::JwsMalformed);
}

TEST_CASE("jws_crit: any crit member is refused, even an empty one or one naming b64") {
  REQUIRE(InitCrypto());
  const Ed25519KeyPair k = RfcKey();
  Registry reg;
  reg.Add(k.public_key);
  CHECK(VerifyCode(SignedWithHeader(k, StdHeader(k, R"(,"crit":["b64"],"b64":false)")), reg) == Errc::JwsCrit);
  CHECK(VerifyCode(SignedWithHeader(k, StdHeader(k, R"(,"crit":[])")), reg) == Errc::JwsCrit);
  CHECK(VerifyCode(SignedWithHeader(k, StdHeader(k, R"(,"crit":["exp"],"exp":1)")), reg) == Errc::JwsCrit);
  CHECK(VerifyCode(SignedWithHeader(k, StdHeader(k, R"(,"crit":null)")), reg) == Errc::JwsCrit);
  // Without crit, b64 is not an extension in force: the payload is still base64url of the bytes.
  auto v = JwsVerify(SignedWithHeader(k, StdHeader(k, R"(,"b64":false)"), "x"), reg.Lookup());
  REQUIRE(v.ok());
  CHECK(ToString(v->payload) == "x");
}

TEST_CASE("jws_kid_missing and jws_unknown_kid") {
  REQUIRE(InitCrypto());
  const Ed25519KeyPair k = RfcKey(), other = OtherKey();
  Registry reg;
  reg.Add(k.public_key);
  CHECK(VerifyCode(SignedWithHeader(k, R"({"alg":"EdDSA","typ":"x"})"), reg) == Errc::JwsKidMissing);
  CHECK(VerifyCode(*JwsSign(other, kTyp, "x"), reg) == Errc::JwsUnknownKid);
  CHECK(VerifyCode(SignedWithHeader(k, R"({"alg":"EdDSA","kid":""})"), reg) == Errc::JwsUnknownKid);
  // A lookup that returns a key for a kid that is not that key's thumbprint is not trusted.
  JwsKeyLookup sloppy = [&](std::string_view) -> std::optional<Ed25519PublicKey> { return k.public_key; };
  auto r = JwsVerify(SignedWithHeader(k, R"({"alg":"EdDSA","kid":"device-1"})"), sloppy);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == Errc::JwsUnknownKid);
  // No lookup at all.
  CHECK(JwsVerify(*JwsSign(k, kTyp, "x"), JwsKeyLookup{}).error().code == Errc::JwsUnknownKid);
  // Keys embedded in the header are ignored.
  const std::string embedded = StdHeader(other, R"(,"jwk":)" + PublicJwk(other.public_key));
  CHECK(VerifyCode(SignedWithHeader(other, embedded), reg) == Errc::JwsUnknownKid);
}

TEST_CASE("jws_bad_signature: another signer, an altered payload or header, a malleated signature") {
  REQUIRE(InitCrypto());
  const Ed25519KeyPair k = RfcKey(), other = OtherKey();
  Registry reg;
  reg.Add(k.public_key);
  // Signed by `other` under k's kid.
  CHECK(VerifyCode(SignedWithHeader(other, StdHeader(k)), reg) == Errc::JwsBadSignature);
  const std::string good = *JwsSign(k, kTyp, "amount=1");
  const size_t d1 = good.find('.'), d2 = good.rfind('.');
  const std::string h = good.substr(0, d1), s = good.substr(d2 + 1);
  CHECK(VerifyCode(h + "." + B64("amount=9") + "." + s, reg) == Errc::JwsBadSignature);
  const std::string h2 = B64(R"({"alg":"EdDSA","kid":")" + JwkThumbprint(k.public_key) + R"(","typ":"other"})");
  CHECK(VerifyCode(h2 + good.substr(d1), reg) == Errc::JwsBadSignature);
  // S + L (the group order) is the same signature in a non-canonical form: refused.
  Bytes sig = *Base64UrlDecode(s);
  static constexpr uint8_t kL[32] = {0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7,
                                     0xa2, 0xde, 0xf9, 0xde, 0x14, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
                                     0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10};
  unsigned carry = 0;
  for (int i = 0; i < 32; ++i) {
    const unsigned v = sig[32 + i] + kL[i] + carry;
    sig[32 + i] = static_cast<uint8_t>(v);
    carry = v >> 8;
  }
  REQUIRE(carry == 0);
  CHECK(VerifyCode(good.substr(0, d2 + 1) + Base64UrlEncode(sig), reg) == Errc::JwsBadSignature);
  // All-zero signature.
  CHECK(VerifyCode(good.substr(0, d2 + 1) + Base64UrlEncode(Bytes(64, 0)), reg) == Errc::JwsBadSignature);
}

TEST_CASE("jws_wrong_typ: a verifier that names its type refuses others and a missing typ") {
  REQUIRE(InitCrypto());
  const Ed25519KeyPair k = RfcKey();
  Registry reg;
  reg.Add(k.public_key);
  CHECK(VerifyCode(*JwsSign(k, "sipfield-receipt+jws", "x"), reg, kTyp) == Errc::JwsWrongTyp);
  CHECK(VerifyCode(SignedWithHeader(k, StdHeader(k)), reg, kTyp) == Errc::JwsWrongTyp);
  CHECK(VerifyCode(*JwsSign(k, kTyp, "x"), reg, kTyp) == Errc::Ok);
}

TEST_CASE("jws_too_large: the caller's cap and the header cap") {
  REQUIRE(InitCrypto());
  const Ed25519KeyPair k = RfcKey();
  Registry reg;
  reg.Add(k.public_key);
  const std::string jws = *JwsSign(k, kTyp, std::string(1000, 'a'));
  CHECK(VerifyCode(jws, reg, kTyp, JwsLimits{jws.size()}) == Errc::Ok);
  CHECK(VerifyCode(jws, reg, kTyp, JwsLimits{jws.size() - 1}) == Errc::JwsTooLarge);
  const std::string big_header = StdHeader(k, R"(,"pad":")" + std::string(kJwsMaxHeaderBytes, 'x') + "\"");
  CHECK(VerifyCode(SignedWithHeader(k, big_header), reg) == Errc::JwsTooLarge);
  const std::string fits = StdHeader(k, R"(,"pad":")" + std::string(kJwsMaxHeaderBytes - 100, 'x') + "\"");
  CHECK(VerifyCode(SignedWithHeader(k, fits), reg) == Errc::Ok);
}

TEST_CASE("every single-character change to a signed JWS is refused") {
  REQUIRE(InitCrypto());
  const Ed25519KeyPair k = RfcKey();
  Registry reg;
  reg.Add(k.public_key);
  const std::string jws = *JwsSign(k, kTyp, R"({"plan":"fiktiv","version":3})");
  size_t variants = 0;
  for (size_t i = 0; i < jws.size(); ++i) {
    for (char c : std::string("A_-.0z=")) {
      if (jws[i] == c) continue;
      std::string t = jws;
      t[i] = c;
      ++variants;
      if (JwsVerify(t, reg.Lookup(), kTyp).ok()) FAIL("accepted a changed JWS at offset " << i);
    }
  }
  MESSAGE("single-character variants refused: " << variants);
  CHECK(variants > 1000);
}

TEST_CASE("benchmark: Ed25519 JWS sign and verify, 2 KB payload" * doctest::skip()) {
  REQUIRE(InitCrypto());
  const Ed25519KeyPair k = Ed25519Generate();
  Registry reg;
  reg.Add(k.public_key);
  const std::string payload(2048, 'p');
  using Clock = std::chrono::steady_clock;
  const int n = 3000;
  std::string jws;
  auto t0 = Clock::now();
  for (int i = 0; i < n; ++i) jws = *JwsSign(k, kTyp, payload);
  auto t1 = Clock::now();
  for (int i = 0; i < n; ++i) REQUIRE(JwsVerify(jws, reg.Lookup(), kTyp).ok());
  auto t2 = Clock::now();
  auto parts = JwsParse(jws);
  REQUIRE(parts.ok());
  for (int i = 0; i < n; ++i) REQUIRE(JwsSignatureValid(*parts, k.public_key));
  auto t3 = Clock::now();
  for (int i = 0; i < n; ++i) REQUIRE(JwsParse(jws).ok());
  auto t4 = Clock::now();
  auto rate = [&](Clock::time_point a, Clock::time_point b) { return n / std::chrono::duration<double>(b - a).count(); };
  MESSAGE("JwsSign " << rate(t0, t1) << "/s, JwsVerify " << rate(t1, t2) << "/s (of which Ed25519 alone "
                     << rate(t2, t3) << "/s, JwsParse alone " << rate(t3, t4) << "/s)");
}
