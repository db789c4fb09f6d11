// Enrollment requests, trust lists, office profiles and receipts: round trips, the binding of keys to
// signatures, and every refusal (src/bundle/documents.h).
#include <doctest/doctest.h>

#include "bundle/documents.h"
#include "bundle/crypto.h"
#include "bundle_test_support.h"

using namespace sip;
using namespace sip::bundle;
using sip::bundle::testing::SeededIdentity;
using sip::bundle::testing::SeededKey;

namespace {

TrustList SampleList(const Ed25519KeyPair& device) {
  TrustList list;
  list.office = "Kontoret";
  list.version = 3;
  list.iat = 1790000000;
  TrustEntry e;
  e.kid = JwkThumbprint(device.public_key);
  e.key = device.public_key;
  e.device_name = "Laptop 1";
  e.staff = "Anna Andersson";
  e.valid_from = 1780000000;
  list.devices.push_back(e);
  return list;
}

// Re-signs an arbitrary payload as a document of `typ` (to build payloads the Make* functions never write).
std::string Forge(const Ed25519KeyPair& key, std::string_view typ, const Json& payload) {
  auto jws = SignDocument(key, typ, payload);
  REQUIRE(jws.ok());
  return *jws;
}

Json PayloadOf(std::string_view compact) {
  auto parts = JwsParse(compact);
  REQUIRE(parts.ok());
  return Json::parse(std::string(parts->payload.begin(), parts->payload.end()));
}

}  // namespace

TEST_CASE("ImportKeyId is the RFC 7638 thumbprint of the X25519 JWK") {
  InitCrypto();
  const X25519Recipient r = RecipientOf(SeededIdentity(9));
  const std::string jwk = R"({"crv":"X25519","kty":"OKP","x":")" + Base64UrlEncode(r.data(), r.size()) + "\"}";
  const auto d = Sha256(jwk);
  CHECK(ImportKeyId(r) == Base64UrlEncode(d.data(), d.size()));
  CHECK(ImportKeyId(r).size() == 43);
  CHECK(ImportKeyId(r) != ImportKeyId(RecipientOf(SeededIdentity(10))));
}

TEST_CASE("enrollment request: round trip, proof of possession, refusals") {
  const auto device = SeededKey(1);
  auto req = MakeEnrollmentRequest(device, "Laptop 1", "Anna Andersson", 1790000000);
  REQUIRE(req.ok());
  auto read = ReadEnrollmentRequest(*req);
  REQUIRE(read.ok());
  CHECK(read->kid == JwkThumbprint(device.public_key));
  CHECK(read->key == device.public_key);
  CHECK(read->device_name == "Laptop 1");
  CHECK(read->staff == "Anna Andersson");
  CHECK(read->iat == 1790000000);

  CHECK(MakeEnrollmentRequest(device, "", "Anna", 1).error().code == Errc::InvalidArgument);
  CHECK(MakeEnrollmentRequest(device, "L", std::string(121, 'a'), 1).error().code == Errc::InvalidArgument);

  SUBCASE("a request carrying another key than the one that signed is refused") {
    Json p = PayloadOf(*req);
    p["jwk"] = Json::parse(PublicJwk(SeededKey(2).public_key));
    p["kid"] = JwkThumbprint(SeededKey(2).public_key);
    CHECK(ReadEnrollmentRequest(Forge(device, kTypEnrollment, p)).error().code == Errc::JwsUnknownKid);
  }
  SUBCASE("kid member not the signer") {
    Json p = PayloadOf(*req);
    p["kid"] = JwkThumbprint(SeededKey(2).public_key);
    CHECK(ReadEnrollmentRequest(Forge(device, kTypEnrollment, p)).error().code == Errc::DocumentInvalid);
  }
  SUBCASE("unknown member, missing member, wrong version, wrong type") {
    Json p = PayloadOf(*req);
    p["extra"] = 1;
    CHECK(ReadEnrollmentRequest(Forge(device, kTypEnrollment, p)).error().code == Errc::DocumentInvalid);
    p = PayloadOf(*req);
    p.erase("staff");
    CHECK(ReadEnrollmentRequest(Forge(device, kTypEnrollment, p)).error().code == Errc::DocumentInvalid);
    p = PayloadOf(*req);
    p["v"] = 2;
    CHECK(ReadEnrollmentRequest(Forge(device, kTypEnrollment, p)).error().code == Errc::DocumentInvalid);
    CHECK(ReadEnrollmentRequest(Forge(device, kTypReceipt, PayloadOf(*req))).error().code == Errc::JwsWrongTyp);
  }
  SUBCASE("a flipped signature byte") {
    std::string bad = *req;
    bad.back() = bad.back() == 'A' ? 'Q' : 'A';
    auto r = ReadEnrollmentRequest(bad);
    CHECK_FALSE(r.ok());
  }
}

TEST_CASE("trust list: round trip, only the admin's signature, strict members") {
  const auto admin = SeededKey(7);
  const auto device = SeededKey(1);
  TrustList list = SampleList(device);
  TrustEntry revoked;
  revoked.kid = JwkThumbprint(SeededKey(3).public_key);
  revoked.key = SeededKey(3).public_key;
  revoked.device_name = "Laptop 3";
  revoked.staff = "Bo Berg";
  revoked.valid_from = 1;
  revoked.valid_to = 2000000000;
  revoked.status = TrustStatus::Revoked;
  revoked.revoked_after_seq = 12;
  list.devices.push_back(revoked);

  auto jws = SignTrustList(admin, list);
  REQUIRE(jws.ok());
  auto read = ReadTrustList(*jws, admin.public_key);
  REQUIRE(read.ok());
  CHECK(TrustListToJson(*read) == TrustListToJson(list));
  REQUIRE(read->Find(revoked.kid) != nullptr);
  CHECK(read->Find(revoked.kid)->revoked_after_seq == 12);
  CHECK(read->Find("nope") == nullptr);

  CHECK(ReadTrustList(*jws, SeededKey(8).public_key).error().code == Errc::JwsUnknownKid);

  Json p = TrustListToJson(list);
  p["devices"][0]["kid"] = revoked.kid;   // kid of another key
  CHECK(ReadTrustList(Forge(admin, kTypTrustList, p), admin.public_key).error().code == Errc::DocumentInvalid);
  p = TrustListToJson(list);
  p["devices"].push_back(p["devices"][0]);   // listed twice
  CHECK(ReadTrustList(Forge(admin, kTypTrustList, p), admin.public_key).error().code == Errc::DocumentInvalid);
  p = TrustListToJson(list);
  p["devices"][0]["status"] = "paused";
  CHECK(ReadTrustList(Forge(admin, kTypTrustList, p), admin.public_key).error().code == Errc::DocumentInvalid);
  p = TrustListToJson(list);
  p["devices"][0]["revoked_after_seq"] = 3;   // on an active entry
  CHECK(ReadTrustList(Forge(admin, kTypTrustList, p), admin.public_key).error().code == Errc::DocumentInvalid);
  p = TrustListToJson(list);
  p["devices"][1]["valid_to"] = 0;
  p["devices"][1]["valid_from"] = 5;
  CHECK(ReadTrustList(Forge(admin, kTypTrustList, p), admin.public_key).ok());
  p["devices"][1]["valid_to"] = 4;   // ends before it starts
  CHECK(ReadTrustList(Forge(admin, kTypTrustList, p), admin.public_key).error().code == Errc::DocumentInvalid);
  p = TrustListToJson(list);
  p["devices"][0]["jwk"]["d"] = p["devices"][0]["jwk"]["x"];   // a private key where a public one belongs
  CHECK(ReadTrustList(Forge(admin, kTypTrustList, p), admin.public_key).error().code == Errc::DocumentInvalid);
  p = TrustListToJson(list);
  p["version"] = -1;
  CHECK(ReadTrustList(Forge(admin, kTypTrustList, p), admin.public_key).error().code == Errc::DocumentInvalid);
}

TEST_CASE("office profile: self-signed by its admin key, pinned afterwards, one current import key") {
  const auto admin = SeededKey(7);
  OfficeProfile p;
  p.office = "Hemtjänsten Norr";
  p.iat = 1790000000;
  p.import_keys.push_back({RecipientOf(SeededIdentity(1)), "", ImportKeyRole::Current});
  p.import_keys.push_back({RecipientOf(SeededIdentity(2)), "", ImportKeyRole::Next});
  auto jws = MakeOfficeProfile(admin, p);
  REQUIRE(jws.ok());
  auto read = ReadOfficeProfile(*jws);
  REQUIRE(read.ok());
  CHECK(read->office == "Hemtjänsten Norr");
  CHECK(read->admin_key == admin.public_key);
  CHECK(read->admin_kid == JwkThumbprint(admin.public_key));
  REQUIRE(read->import_keys.size() == 2);
  CHECK(read->Current().recipient == RecipientOf(SeededIdentity(1)));
  CHECK(read->Current().kid == ImportKeyId(RecipientOf(SeededIdentity(1))));

  CHECK(ReadOfficeProfile(*jws, read->admin_kid).ok());
  CHECK(ReadOfficeProfile(*jws, JwkThumbprint(SeededKey(8).public_key)).error().code == Errc::ProfileAdminMismatch);

  SUBCASE("signed by a key other than the admin key it carries") {
    Json payload = PayloadOf(*jws);
    CHECK(ReadOfficeProfile(Forge(SeededKey(8), kTypProfile, payload)).error().code == Errc::JwsUnknownKid);
  }
  SUBCASE("import key rules") {
    OfficeProfile none = p;
    none.import_keys.clear();
    CHECK(MakeOfficeProfile(admin, none).error().code == Errc::InvalidArgument);
    OfficeProfile two = p;
    two.import_keys[1].role = ImportKeyRole::Current;
    CHECK(MakeOfficeProfile(admin, two).error().code == Errc::InvalidArgument);
    Json payload = PayloadOf(*jws);
    payload["import_keys"][1]["role"] = "current";
    CHECK(ReadOfficeProfile(Forge(admin, kTypProfile, payload)).error().code == Errc::DocumentInvalid);
    payload = PayloadOf(*jws);
    payload["import_keys"][0]["kid"] = payload["import_keys"][1]["kid"];
    CHECK(ReadOfficeProfile(Forge(admin, kTypProfile, payload)).error().code == Errc::DocumentInvalid);
    payload = PayloadOf(*jws);
    payload["import_keys"][0]["recipient"] = "age1notarecipient";
    CHECK(ReadOfficeProfile(Forge(admin, kTypProfile, payload)).error().code == Errc::DocumentInvalid);
  }
  SUBCASE("the recovery recipient: optional, signed with the rest, an age recipient") {
    CHECK_FALSE(read->recovery_recipient.has_value());
    OfficeProfile with = p;
    with.recovery_recipient = RecipientOf(SeededIdentity(9));
    auto signed_with = MakeOfficeProfile(admin, with);
    REQUIRE(signed_with.ok());
    auto back = ReadOfficeProfile(*signed_with);
    REQUIRE(back.ok());
    REQUIRE(back->recovery_recipient.has_value());
    CHECK(*back->recovery_recipient == RecipientOf(SeededIdentity(9)));
    Json payload = PayloadOf(*signed_with);
    CHECK(payload["recovery_recipient"] == EncodeRecipient(RecipientOf(SeededIdentity(9))));
    payload["recovery_recipient"] = "age1notarecipient";
    CHECK(ReadOfficeProfile(Forge(admin, kTypProfile, payload)).error().code == Errc::DocumentInvalid);
    payload["recovery_recipient"] = 7;
    CHECK(ReadOfficeProfile(Forge(admin, kTypProfile, payload)).error().code == Errc::DocumentInvalid);
    // Swapped in by someone without the admin key: the signature no longer holds.
    Json other = PayloadOf(*jws);
    other["recovery_recipient"] = EncodeRecipient(RecipientOf(SeededIdentity(10)));
    CHECK(ReadOfficeProfile(Forge(SeededKey(8), kTypProfile, other)).error().code == Errc::JwsUnknownKid);
  }
  SUBCASE("a receipt is not a profile") {
    CHECK(ReadOfficeProfile(Forge(admin, kTypReceipt, PayloadOf(*jws))).error().code == Errc::JwsWrongTyp);
  }
}

TEST_CASE("receipt: round trip under the admin key, refusals") {
  const auto admin = SeededKey(7);
  Receipt r;
  r.office = "Kontoret";
  r.device = JwkThumbprint(SeededKey(1).public_key);
  r.iat = 1790000100;
  r.bundles.push_back({"0b7c6a44-5f1e-4c7e-9a53-0e2d1c3b4a59", 1, std::string(43, 'A'), 1790000050});
  auto jws = MakeReceipt(admin, r);
  REQUIRE(jws.ok());
  auto read = ReadReceipt(*jws, admin.public_key);
  REQUIRE(read.ok());
  REQUIRE(read->bundles.size() == 1);
  CHECK(read->bundles[0].seq == 1);
  CHECK(read->device == r.device);
  CHECK(ReadReceipt(*jws, SeededKey(8).public_key).error().code == Errc::JwsUnknownKid);

  Receipt empty = r;
  empty.bundles.clear();
  CHECK(MakeReceipt(admin, empty).error().code == Errc::InvalidArgument);
  Json p = PayloadOf(*jws);
  p["bundles"][0]["seq"] = 0;
  CHECK(ReadReceipt(Forge(admin, kTypReceipt, p), admin.public_key).error().code == Errc::DocumentInvalid);
  p = PayloadOf(*jws);
  p["bundles"] = Json::array();
  CHECK(ReadReceipt(Forge(admin, kTypReceipt, p), admin.public_key).error().code == Errc::DocumentInvalid);
  // Duplicate members in the payload are refused even under a valid signature.
  const std::string dup = R"({"v":1,"v":1,"office":"K","device":"d","iat":1,"bundles":[]})";
  auto forged = JwsSign(admin, kTypReceipt, dup);
  REQUIRE(forged.ok());
  CHECK(ReadReceipt(*forged, admin.public_key).error().code == Errc::DocumentInvalid);
}
