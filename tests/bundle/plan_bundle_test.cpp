// Plan bundles v1: sealing on the device, opening at the office, and every refusal of OpenBundle() with its
// own code (src/bundle/plan_bundle.h). The FHIR document check is replaced by a stand-in here; the real
// document validator is tested in tests/core/fhir_test.cpp and end to end in tests/office.
#include <doctest/doctest.h>

#include <set>

#include "bundle/crypto.h"
#include "bundle/plan_bundle.h"
#include "bundle_test_support.h"

using namespace sip;
using namespace sip::bundle;
using sip::bundle::testing::DeterministicRandom;

namespace {

constexpr int64_t kNow = 1795000000;

struct Fixture {
  Ed25519KeyPair device;
  Ed25519KeyPair other;
  X25519Identity import_key;
  X25519Identity other_import;
  TrustList trust;

  Fixture() {
    device = testing::SeededKey(1);
    other = testing::SeededKey(2);
    import_key = testing::SeededIdentity(5);
    other_import = testing::SeededIdentity(6);
    trust.office = "Kontoret";
    trust.version = 1;
    TrustEntry e;
    e.kid = JwkThumbprint(device.public_key);
    e.key = device.public_key;
    e.device_name = "Laptop 1";
    e.staff = "Anna Andersson";
    e.valid_from = kNow - 86400;
    trust.devices.push_back(e);
  }

  BundleClaims Claims(uint64_t seq = 1, std::string prev = {}) const {
    BundleClaims c;
    c.iss = JwkThumbprint(device.public_key);
    c.sub = "Anna Andersson";
    c.aud = ImportKeyId(RecipientOf(import_key));
    c.jti = "5d0f3c1e-8a4b-4c2d-9e6f-1a2b3c4d5e6f";
    c.seq = seq;
    c.prev = std::move(prev);
    c.iat = kNow - 60;
    c.case_id = "c-0011223344556677";
    c.kind = BundleKind::Plan;
    c.plan_version = 1;
    return c;
  }

  static Json Document() { return Json{{"resourceType", "Bundle"}, {"type", "document"}}; }

  // The document's identifier is the bundle's jti.
  static Json Document(const std::string& jti) {
    Json d = Document();
    d["identifier"] = Json{{"system", "urn:ietf:rfc:3986"}, {"value", "urn:uuid:" + jti}};
    return d;
  }
  Json Payload(const BundleClaims& c) const { return BundlePayload(c, Document(c.jti), Json::array()); }

  Bytes Seal(const Json& payload, const Ed25519KeyPair* key = nullptr) const {
    auto s = SealBundle(key ? *key : device, payload, {RecipientOf(import_key)});
    REQUIRE(s.ok());
    return s->file;
  }
  // Encrypts an arbitrary JWS text (to build inputs SealBundle never makes).
  Bytes Encrypt(std::string_view jws) const {
    auto f = AgeEncrypt(reinterpret_cast<const uint8_t*>(jws.data()), jws.size(), {RecipientOf(import_key)});
    REQUIRE(f.ok());
    return *f;
  }

  OpenParams Params() const {
    OpenParams p;
    p.identities = {import_key};
    p.trust = &trust;
    p.now = kNow;
    p.validate_document = [](const Json& d) -> Result<void> {
      if (d.value("type", "") != "document") return Error{Errc::FhirInvalid, "Bundle.type"};
      return {};
    };
    return p;
  }

  Errc Code(const Bytes& file) const {
    auto r = OpenBundle(file, Params());
    return r ? Errc::Ok : r.error().code;
  }
};

}  // namespace

TEST_CASE("a sealed bundle opens at the office with its claims, hashes and device") {
  Fixture f;
  const BundleClaims c = f.Claims();
  auto sealed = SealBundle(f.device, f.Payload(c), {RecipientOf(f.import_key)});
  REQUIRE(sealed.ok());
  CHECK(sealed->jws_hash == JwsHash(sealed->jws));
  auto opened = OpenBundle(sealed->file, f.Params());
  REQUIRE(opened.ok());
  CHECK(opened->claims.jti == c.jti);
  CHECK(opened->claims.seq == 1);
  CHECK(opened->claims.prev.empty());
  CHECK(opened->claims.case_id == c.case_id);
  CHECK(opened->jws == sealed->jws);
  CHECK(opened->jws_hash == sealed->jws_hash);
  CHECK(opened->file_sha256.size() == 64);
  REQUIRE(opened->device != nullptr);
  CHECK(opened->device->device_name == "Laptop 1");
  CHECK(opened->payload.at("document") == Fixture::Document(c.jti));

  SUBCASE("a second recipient and the next import key open it too") {
    auto two = SealBundle(f.device, f.Payload(c), {RecipientOf(f.other_import), RecipientOf(f.import_key)});
    REQUIRE(two.ok());
    CHECK(f.Code(two->file) == Errc::Ok);
  }
}

TEST_CASE("claims: a chain link, NewUuid and ReadClaims refusals") {
  Fixture f;
  std::set<std::string> ids;
  for (int i = 0; i < 50; ++i) {
    const std::string u = NewUuid();
    CHECK(u.size() == 36);
    CHECK(u[14] == '4');
    ids.insert(u);
  }
  CHECK(ids.size() == 50);

  const std::string prev = JwsHash("a.b.c");
  CHECK(ReadClaims(f.Payload(f.Claims(2, prev))).ok());
  CHECK(ReadClaims(f.Payload(f.Claims(2, ""))).error().code == Errc::BundleClaimsInvalid);
  CHECK(ReadClaims(f.Payload(f.Claims(1, prev))).error().code == Errc::BundleClaimsInvalid);
  Json p = f.Payload(f.Claims());
  for (const char* member : {"v", "iss", "sub", "aud", "jti", "seq", "prev", "iat", "case", "document", "audit"}) {
    INFO(member);
    Json q = p;
    q.erase(member);
    CHECK(ReadClaims(q).error().code == Errc::BundleClaimsInvalid);
  }
  Json q = p;
  q["extra"] = true;
  CHECK(ReadClaims(q).error().code == Errc::BundleClaimsInvalid);
  q = p;
  q["seq"] = 0;
  CHECK(ReadClaims(q).error().code == Errc::BundleClaimsInvalid);
  q = p;
  q["seq"] = "1";
  CHECK(ReadClaims(q).error().code == Errc::BundleClaimsInvalid);
  q = p;
  q["jti"] = "5D0F3C1E-8A4B-4C2D-9E6F-1A2B3C4D5E6F";
  CHECK(ReadClaims(q).error().code == Errc::BundleClaimsInvalid);
  q = p;
  q["case"]["kind"] = "other";
  CHECK(ReadClaims(q).error().code == Errc::BundleClaimsInvalid);
  q = p;
  q["case"]["plan_version"] = 0;
  CHECK(ReadClaims(q).error().code == Errc::BundleClaimsInvalid);
  q = p;
  q["v"] = 2;
  CHECK(ReadClaims(q).error().code == Errc::BundleClaimsInvalid);
}

TEST_CASE("every refusal has its own code and nothing is returned") {
  Fixture f;
  const Json good = f.Payload(f.Claims());

  SUBCASE("bundle_too_large before decrypting") {
    OpenParams p = f.Params();
    p.limits.max_file_bytes = 100;
    CHECK(OpenBundle(f.Seal(good), p).error().code == Errc::BundleTooLarge);
  }
  SUBCASE("not an age file; wrong recipient; truncated; header and chunk authentication") {
    CHECK(f.Code(sip::bundle::testing::ToBytes("{\"hello\":1}")) == Errc::AgeNotAgeFile);
    auto elsewhere = SealBundle(f.device, good, {RecipientOf(f.other_import)});
    REQUIRE(elsewhere.ok());
    CHECK(f.Code(elsewhere->file) == Errc::AgeWrongRecipient);
    Bytes file = f.Seal(good);
    CHECK(f.Code(Bytes(file.begin(), file.begin() + 40)) == Errc::AgeTruncated);
    Bytes chunk = file;
    chunk.back() ^= 1;
    CHECK(f.Code(chunk) == Errc::AgeChunkAuth);
    Bytes mac = file;
    const std::string text(file.begin(), file.end());
    const size_t at = text.find("--- ") + 5;
    mac[at] = mac[at] == 'A' ? 'B' : 'A';
    CHECK(f.Code(mac) == Errc::AgeHeaderMac);
  }
  SUBCASE("malformed JWS; non-canonical base64url; alg; crit") {
    CHECK(f.Code(f.Encrypt("not a jws")) == Errc::JwsMalformed);
    auto jws = JwsSign(f.device, kTypPlan, good.dump());
    REQUIRE(jws.ok());
    CHECK(f.Code(f.Encrypt(*jws + "=")) == Errc::JwsBadBase64);
    const std::string kid = JwkThumbprint(f.device.public_key);
    CHECK(f.Code(f.Encrypt(JwsSignWithHeader(f.device, R"({"alg":"ES256","kid":")" + kid + R"(","typ":"sipfield-plan+jws"})",
                                             good.dump()))) == Errc::JwsAlg);
    CHECK(f.Code(f.Encrypt(JwsSignWithHeader(
              f.device, R"({"alg":"EdDSA","crit":["exp"],"kid":")" + kid + R"(","typ":"sipfield-plan+jws"})",
              good.dump()))) == Errc::JwsCrit);
    CHECK(f.Code(f.Encrypt(JwsSignWithHeader(f.device, R"({"alg":"EdDSA","typ":"sipfield-plan+jws"})", good.dump()))) ==
          Errc::JwsKidMissing);
  }
  SUBCASE("unknown kid; bad signature; wrong typ") {
    CHECK(f.Code(f.Seal(good, &f.other)) == Errc::JwsUnknownKid);
    // The enrolled kid in the header, another key's signature.
    const std::string kid = JwkThumbprint(f.device.public_key);
    CHECK(f.Code(f.Encrypt(JwsSignWithHeader(f.other, R"({"alg":"EdDSA","kid":")" + kid + R"(","typ":"sipfield-plan+jws"})",
                                             good.dump()))) == Errc::JwsBadSignature);
    auto receipt = JwsSign(f.device, kTypReceipt, good.dump());
    REQUIRE(receipt.ok());
    CHECK(f.Code(f.Encrypt(*receipt)) == Errc::JwsWrongTyp);
  }
  SUBCASE("revoked: refused above revoked_after_seq, accepted up to it; never without a limit") {
    f.trust.devices[0].status = TrustStatus::Revoked;
    f.trust.devices[0].revoked_after_seq = 4;
    const std::string prev = JwsHash("x.y.z");
    CHECK(f.Code(f.Seal(f.Payload(f.Claims(4, prev)))) == Errc::Ok);
    CHECK(f.Code(f.Seal(f.Payload(f.Claims(5, prev)))) == Errc::BundleKidRevoked);
    f.trust.devices[0].revoked_after_seq.reset();
    CHECK(f.Code(f.Seal(good)) == Errc::BundleKidRevoked);
  }
  SUBCASE("expired or not yet valid key") {
    f.trust.devices[0].valid_to = kNow - 3600;
    CHECK(f.Code(f.Seal(good)) == Errc::BundleKidExpired);
    f.trust.devices[0].valid_to = 0;
    f.trust.devices[0].valid_from = kNow;
    CHECK(f.Code(f.Seal(good)) == Errc::BundleKidExpired);
  }
  SUBCASE("payload: not JSON, duplicate members, too deep, not an object") {
    const auto signed_text = [&](const std::string& text) {
      auto jws = JwsSign(f.device, kTypPlan, text);
      REQUIRE(jws.ok());
      return f.Encrypt(*jws);
    };
    CHECK(f.Code(signed_text("{not json")) == Errc::BundlePayloadInvalid);
    CHECK(f.Code(signed_text(R"({"v":1,"v":1})")) == Errc::BundlePayloadInvalid);
    CHECK(f.Code(signed_text(std::string(200, '[') + std::string(200, ']'))) == Errc::BundlePayloadInvalid);
    CHECK(f.Code(signed_text("[1,2]")) == Errc::BundlePayloadInvalid);
    CHECK(f.Code(signed_text(R"({"v":1})")) == Errc::BundleClaimsInvalid);
  }
  SUBCASE("mis-bound kid: iss or sub not what was enrolled") {
    BundleClaims c = f.Claims();
    c.iss = JwkThumbprint(f.other.public_key);
    CHECK(f.Code(f.Seal(f.Payload(c))) == Errc::BundleKidMismatch);
    c = f.Claims();
    c.sub = "Bo Berg";
    CHECK(f.Code(f.Seal(f.Payload(c))) == Errc::BundleKidMismatch);
  }
  SUBCASE("wrong aud") {
    BundleClaims c = f.Claims();
    c.aud = ImportKeyId(RecipientOf(f.other_import));
    CHECK(f.Code(f.Seal(f.Payload(c))) == Errc::BundleWrongAud);
  }
  SUBCASE("iat far in the future; a little skew is fine") {
    BundleClaims c = f.Claims();
    c.iat = kNow + 120;
    CHECK(f.Code(f.Seal(f.Payload(c))) == Errc::Ok);
    c.iat = kNow + 3600;
    CHECK(f.Code(f.Seal(f.Payload(c))) == Errc::BundleIatFuture);
  }
  SUBCASE("a document the validator refuses") {
    Json p = good;
    p["document"]["type"] = "collection";
    CHECK(f.Code(f.Seal(p)) == Errc::FhirInvalid);
  }
}

TEST_CASE("tamper sweep: every single-byte change of a bundle is refused") {
  Fixture f;
  DeterministicRandom rnd("plan-bundle-sweep");
  auto sealed = SealBundle(f.device, f.Payload(f.Claims()), {RecipientOf(f.import_key)}, rnd.Source());
  REQUIRE(sealed.ok());
  const Bytes& file = sealed->file;
  REQUIRE(f.Code(file) == Errc::Ok);
  // Every byte position, two different alterations each; plus every truncation.
  size_t refused = 0, variants = 0;
  const size_t step = file.size() > 4000 ? file.size() / 2000 : 1;   // keep the wasm run bounded
  for (size_t i = 0; i < file.size(); i += step) {
    for (uint8_t x : {uint8_t{0x01}, uint8_t{0x80}}) {
      Bytes v = file;
      v[i] ^= x;
      ++variants;
      refused += f.Code(v) != Errc::Ok;
    }
  }
  for (size_t n = 0; n < file.size(); n += step) {
    ++variants;
    refused += f.Code(Bytes(file.begin(), file.begin() + static_cast<std::ptrdiff_t>(n))) != Errc::Ok;
  }
  Bytes extended = file;
  extended.push_back(0);
  ++variants;
  refused += f.Code(extended) != Errc::Ok;
  MESSAGE("tamper sweep: " << variants << " variants of a " << file.size() << "-byte bundle");
  CHECK(refused == variants);
}
