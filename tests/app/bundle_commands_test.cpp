// The device's bundle commands through the handler: enrollment request, office profile, export (seq and
// prev chain, audit entries since the last bundle, the office can open it) and receipts.
#include <doctest/doctest.h>

#include "app/app_test_support.h"
#include "app/handler.h"
#include "bundle/bundle_test_support.h"
#include "bundle/crypto.h"
#include "bundle/documents.h"
#include "bundle/encoding.h"
#include "bundle/plan_bundle.h"
#include "core/time.h"
#include "store/sqlite.h"
#include "store/store.h"

using namespace sip;
using namespace sip::bundle;
using sip::bundle::testing::SeededIdentity;
using sip::bundle::testing::SeededKey;
using sip::app::testing::EstablishedCase;
using sip::app::testing::Must;

namespace {
constexpr UnixMs kNow = 1795336070123;

struct Office {
  Ed25519KeyPair admin = SeededKey(40);
  X25519Identity import_key = SeededIdentity(41);
  std::string Profile(const Ed25519KeyPair* signer = nullptr) const {
    OfficeProfile p;
    p.office = "Kontoret Test";
    p.iat = kNow / 1000;
    p.import_keys.push_back({RecipientOf(import_key), "", ImportKeyRole::Current});
    auto jws = MakeOfficeProfile(signer ? *signer : admin, p);
    REQUIRE(jws.ok());
    return *jws;
  }
};

struct Fixture {
  Ed25519KeyPair device = SeededKey(1);
  bool has_key = true;
  store::Store store = [] {
    auto s = store::Store::Open(":memory:", kNow);
    REQUIRE(s.ok());
    return std::move(*s);
  }();
  app::CommandHandler handler{&store, {[] { return kNow; }, "test", {}, [this]() -> const Ed25519KeyPair* {
                                         return has_key ? &device : nullptr;
                                       }}};
  Office office;

  Json Do(const Json& j) { return handler.Dispatch(j); }
  void Named() {
    Must(handler, {{"cmd", "settings.set"}, {"key", "staff.name"}, {"value", "Olle Omsorgshandledare"}});
    Must(handler, {{"cmd", "settings.set"}, {"key", "device.name"}, {"value", "Laptop 7"}});
  }
  // The trust list the office would hold after enrolling this device's request.
  TrustList Trust() {
    const std::string req = Must(handler, {{"cmd", "device.enrollment_request"}})["jws"].get<std::string>();
    auto e = ReadEnrollmentRequest(req);
    REQUIRE(e.ok());
    TrustList t;
    t.office = "Kontoret Test";
    t.devices.push_back({e->kid, e->key, e->device_name, e->staff, 0, 0, TrustStatus::Active, std::nullopt});
    return t;
  }
  Bytes FileOf(const Json& exported) {
    auto b = Base64StdPaddedDecode(exported["file"].get<std::string>());
    REQUIRE(b.has_value());
    return *b;
  }
};

std::string Code(const Json& r) { return r["ok"].get<bool>() ? "ok" : r["error"]["code"].get<std::string>(); }

}  // namespace

TEST_CASE("device.info and the enrollment request") {
  Fixture f;
  Json info = Must(f.handler, {{"cmd", "device.info"}});
  CHECK(info["kid"] == JwkThumbprint(f.device.public_key));
  CHECK(info["profile"].is_null());
  CHECK(info["next_seq"] == 1);
  CHECK(Code(f.Do({{"cmd", "device.enrollment_request"}})) == "enrollment_incomplete");
  f.Named();
  Json req = Must(f.handler, {{"cmd", "device.enrollment_request"}});
  auto read = ReadEnrollmentRequest(req["jws"].get<std::string>());
  REQUIRE(read.ok());
  CHECK(read->kid == JwkThumbprint(f.device.public_key));
  CHECK(read->staff == "Olle Omsorgshandledare");
  CHECK(read->device_name == "Laptop 7");
  CHECK(req["file_name"].get<std::string>().find(".jws") != std::string::npos);

  f.has_key = false;
  CHECK(Must(f.handler, {{"cmd", "device.info"}})["kid"].is_null());
  CHECK(Code(f.Do({{"cmd", "device.enrollment_request"}})) == "device_key_missing");
}

TEST_CASE("profile.import: verified, pinned, audited") {
  Fixture f;
  CHECK(Code(f.Do({{"cmd", "profile.import"}, {"profile", "garbage"}})) == "jws_malformed");
  std::string tampered = f.office.Profile();
  tampered[tampered.size() - 5] = tampered[tampered.size() - 5] == 'A' ? 'B' : 'A';
  CHECK(Code(f.Do({{"cmd", "profile.import"}, {"profile", tampered}})) != "ok");
  CHECK(Must(f.handler, {{"cmd", "device.info"}})["profile"].is_null());

  CHECK(Code(f.Do({{"cmd", "profile.import"}, {"profile", " \n "}})) == "invalid_argument");
  Json r = Must(f.handler, {{"cmd", "profile.import"}, {"profile", f.office.Profile() + "\n"}});   // as read from a file
  CHECK(r["office"] == "Kontoret Test");
  CHECK(r["replaced"] == false);
  Json info = Must(f.handler, {{"cmd", "device.info"}});
  CHECK(info["profile"]["admin_kid"] == JwkThumbprint(f.office.admin.public_key));
  CHECK(info["profile"]["import_keys"][0]["kid"] == ImportKeyId(RecipientOf(f.office.import_key)));
  // A profile from another admin is refused once one is pinned; the same admin may replace it.
  const Ed25519KeyPair other = SeededKey(42);
  CHECK(Code(f.Do({{"cmd", "profile.import"}, {"profile", f.office.Profile(&other)}})) == "profile_admin_mismatch");
  CHECK(Must(f.handler, {{"cmd", "profile.import"}, {"profile", f.office.Profile()}})["replaced"] == true);
  Json audit = Must(f.handler, {{"cmd", "audit.list"}});
  CHECK(audit["entries"].back()["action"] == "profile.import");
}

TEST_CASE("profile.import: the office's recovery recipient goes to the platform and shows in device.info") {
  store::Store store = [] {
    auto s = store::Store::Open(":memory:", kNow);
    REQUIRE(s.ok());
    return std::move(*s);
  }();
  std::vector<std::string> wrapped;
  app::HandlerConfig config{[] { return kNow; }, "test", {}, {}, [&](const std::string& r) { wrapped.push_back(r); }};
  app::CommandHandler handler(&store, config);
  Office office;
  // Without one: nothing to wrap.
  Json r = Must(handler, {{"cmd", "profile.import"}, {"profile", office.Profile()}});
  CHECK(r["recovery"] == false);
  CHECK(wrapped.empty());
  CHECK(Must(handler, {{"cmd", "device.info"}})["profile"]["recovery_recipient"].is_null());
  // With one (signed by the pinned admin): the platform hears of it once the profile is stored.
  OfficeProfile p;
  p.office = "Kontoret Test";
  p.iat = kNow / 1000;
  p.import_keys.push_back({RecipientOf(office.import_key), "", ImportKeyRole::Current});
  p.recovery_recipient = RecipientOf(SeededIdentity(43));
  auto jws = MakeOfficeProfile(office.admin, p);
  REQUIRE(jws.ok());
  r = Must(handler, {{"cmd", "profile.import"}, {"profile", *jws}});
  CHECK(r["recovery"] == true);
  REQUIRE(wrapped.size() == 1);
  CHECK(wrapped[0] == EncodeRecipient(RecipientOf(SeededIdentity(43))));
  CHECK(Must(handler, {{"cmd", "device.info"}})["profile"]["recovery_recipient"] == wrapped[0]);
  // A refused profile (another admin) reaches nobody.
  auto foreign = MakeOfficeProfile(SeededKey(44), p);
  REQUIRE(foreign.ok());
  CHECK(Code(handler.Dispatch({{"cmd", "profile.import"}, {"profile", *foreign}})) == "profile_admin_mismatch");
  CHECK(wrapped.size() == 1);
}

TEST_CASE("profile.preview: verified like the import, shows the admin key's fingerprint, stores nothing") {
  Fixture f;
  CHECK(Code(f.Do({{"cmd", "profile.preview"}, {"profile", "garbage"}})) == "jws_malformed");
  std::string tampered = f.office.Profile();
  tampered[tampered.size() - 5] = tampered[tampered.size() - 5] == 'A' ? 'B' : 'A';
  CHECK(Code(f.Do({{"cmd", "profile.preview"}, {"profile", tampered}})) != "ok");
  CHECK(Code(f.Do({{"cmd", "profile.preview"}})) == "invalid_argument");

  const int64_t audit_before = Must(f.handler, {{"cmd", "audit.list"}})["entries"].size();
  Json p = Must(f.handler, {{"cmd", "profile.preview"}, {"profile", f.office.Profile()}});
  const std::string admin_kid = JwkThumbprint(f.office.admin.public_key);
  CHECK(p["office"] == "Kontoret Test");
  CHECK(p["admin_kid"] == admin_kid);
  CHECK(p["pinned"] == false);
  // The kid in groups of four, to read aloud: every character of it, in order.
  const std::string fp = p["admin_fingerprint"].get<std::string>();
  CHECK(fp == KeyFingerprint(admin_kid));
  CHECK(fp.size() == admin_kid.size() + (admin_kid.size() - 1) / 4);
  CHECK(fp.substr(0, 5) == admin_kid.substr(0, 4) + " ");
  std::string joined;
  for (char c : fp)
    if (c != ' ') joined += c;
  CHECK(joined == admin_kid);
  // Nothing stored, nothing audited.
  CHECK(Must(f.handler, {{"cmd", "device.info"}})["profile"].is_null());
  CHECK(static_cast<int64_t>(Must(f.handler, {{"cmd", "audit.list"}})["entries"].size()) == audit_before);

  // Once a profile is pinned, the preview refuses another admin's, as the import would.
  Must(f.handler, {{"cmd", "profile.import"}, {"profile", f.office.Profile()}});
  const Ed25519KeyPair other = SeededKey(42);
  CHECK(Code(f.Do({{"cmd", "profile.preview"}, {"profile", f.office.Profile(&other)}})) == "profile_admin_mismatch");
  CHECK(Must(f.handler, {{"cmd", "profile.preview"}, {"profile", f.office.Profile()}})["pinned"] == true);
}

TEST_CASE("device.enrollment records the office's answer, audited once per change, kept across a new profile") {
  Fixture f;
  f.Named();
  CHECK(Code(f.Do({{"cmd", "device.enrollment"}, {"state", "pending"}})) == "profile_missing");
  Must(f.handler, {{"cmd", "profile.import"}, {"profile", f.office.Profile()}});
  Json info = Must(f.handler, {{"cmd", "device.info"}});
  CHECK(info["profile"]["enrollment"] == "");
  CHECK(info["profile"]["admin_fingerprint"] == KeyFingerprint(JwkThumbprint(f.office.admin.public_key)));
  CHECK(info["fingerprint"] == KeyFingerprint(JwkThumbprint(f.device.public_key)));

  CHECK(Code(f.Do({{"cmd", "device.enrollment"}, {"state", "enrolled"}})) == "invalid_argument");
  CHECK(Code(f.Do({{"cmd", "device.enrollment"}})) == "invalid_argument");
  CHECK(Must(f.handler, {{"cmd", "device.info"}})["profile"]["enrollment"] == "");

  const auto audit_count = [&] { return Must(f.handler, {{"cmd", "audit.list"}})["entries"].size(); };
  const size_t a0 = audit_count();
  CHECK(Must(f.handler, {{"cmd", "device.enrollment"}, {"state", "pending"}})["changed"] == true);
  CHECK(Must(f.handler, {{"cmd", "device.enrollment"}, {"state", "pending"}})["changed"] == false);   // every round asks
  CHECK(audit_count() == a0 + 1);
  info = Must(f.handler, {{"cmd", "device.info"}});
  CHECK(info["profile"]["enrollment"] == "pending");
  CHECK(info["profile"]["enrollment_at"] == FormatIsoUtc(kNow));

  CHECK(Must(f.handler, {{"cmd", "device.enrollment"}, {"state", "approved"}})["changed"] == true);
  CHECK(Must(f.handler, {{"cmd", "audit.list"}})["entries"].back()["action"] == "device.enrollment");
  // A new profile from the same office (e.g. a new import key) keeps the approval.
  Must(f.handler, {{"cmd", "profile.import"}, {"profile", f.office.Profile()}});
  CHECK(Must(f.handler, {{"cmd", "device.info"}})["profile"]["enrollment"] == "approved");
}

TEST_CASE("bundle.export: refusals change nothing") {
  Fixture f;
  f.Named();
  const std::string id = EstablishedCase(f.handler);
  CHECK(Code(f.Do({{"cmd", "bundle.export"}, {"case_id", id}})) == "profile_missing");
  Must(f.handler, {{"cmd", "profile.import"}, {"profile", f.office.Profile()}});
  CHECK(Code(f.Do({{"cmd", "bundle.export"}, {"case_id", "c-nope"}})) == "case_not_found");
  CHECK(Code(f.Do({{"cmd", "bundle.export"}, {"case_id", id}, {"kind", "other"}})) == "invalid_argument");
  CHECK(Code(f.Do({{"cmd", "bundle.export"}, {"case_id", id}, {"kind", "follow_up"}})) == "wrong_step");
  CHECK(Code(f.Do({{"cmd", "bundle.export"}, {"case_id", id}, {"plan_version", 9}})) == "not_found");
  const std::string fresh = Must(f.handler, {{"cmd", "case.create"},
                                             {"owner", {{"name", "Test Testsson"}, {"identity_number", "199012119948"}}},
                                             {"noticed_by", "home_care"},
                                             {"noticed_on", "2026-11-20"}})["case_id"].get<std::string>();
  CHECK(Code(f.Do({{"cmd", "bundle.export"}, {"case_id", fresh}})) == "wrong_step");
  f.has_key = false;
  CHECK(Code(f.Do({{"cmd", "bundle.export"}, {"case_id", id}})) == "device_key_missing");
  CHECK(Must(f.handler, {{"cmd", "bundle.list"}})["bundles"].empty());
}

TEST_CASE("bundle.export: only established versions, refused before a sequence number is used (issue 12, rule 8)") {
  Fixture f;
  f.Named();
  const std::string id = EstablishedCase(f.handler);
  Must(f.handler, {{"cmd", "profile.import"}, {"profile", f.office.Profile()}});
  for (const Json& bad : {Json(0), Json(-1), Json(2), Json(9), Json(1.0), Json(1.5), Json("1"), Json(true),
                          Json(nullptr), Json::array({1}), Json(uint64_t{18446744073709551615ULL}),
                          Json(int64_t{4294967297LL})}) {
    CAPTURE(bad.dump());
    const std::string code = Code(f.Do({{"cmd", "bundle.export"}, {"case_id", id}, {"plan_version", bad}}));
    CHECK((code == "invalid_argument" || code == "not_found"));
  }
  CHECK(Code(f.Do({{"cmd", "bundle.export"}, {"case_id", id}, {"plan_version", 0}})) == "invalid_argument");
  CHECK(Code(f.Do({{"cmd", "bundle.export"}, {"case_id", id}, {"plan_version", 2}})) == "not_found");
  CHECK(Code(f.Do({{"cmd", "bundle.export"}, {"case_id", id}, {"plan_version", 1.0}})) == "invalid_argument");
  CHECK(Must(f.handler, {{"cmd", "bundle.list"}})["bundles"].empty());
  CHECK(Must(f.handler, {{"cmd", "device.info"}})["next_seq"] == 1);
  // The first accepted export takes seq 1: no gap.
  const Json ok = Must(f.handler, {{"cmd", "bundle.export"}, {"case_id", id}, {"plan_version", 1}});
  CHECK(ok["seq"] == 1);
  CHECK(ok["plan_version"] == 1);
}

TEST_CASE("bundle.export: the office opens it; seq and prev chain; audit since the last bundle") {
  Fixture f;
  f.Named();
  const std::string id = EstablishedCase(f.handler);
  Must(f.handler, {{"cmd", "profile.import"}, {"profile", f.office.Profile()}});
  const TrustList trust = f.Trust();
  OpenParams params;
  params.identities = {f.office.import_key};
  params.trust = &trust;
  params.now = kNow / 1000;

  Json first = Must(f.handler, {{"cmd", "bundle.export"}, {"case_id", id}});
  CHECK(first["seq"] == 1);
  CHECK(first["status"] == "exported");
  CHECK(first["file_name"].get<std::string>().ends_with(".sipbundle"));
  CHECK(first["file_name"].get<std::string>().find("Arvid") == std::string::npos);
  auto a = OpenBundle(f.FileOf(first), params);   // default validator: the real FHIR checks
  REQUIRE_MESSAGE(a.ok(), (a ? "" : std::string(ErrorCode(a.error().code)) + " " + a.error().detail));
  CHECK(a->claims.seq == 1);
  CHECK(a->claims.prev.empty());
  CHECK(a->claims.case_id == id);
  CHECK(a->claims.plan_version == 1);
  CHECK(a->jws_hash == first["jws_hash"]);
  CHECK(a->payload["document"]["type"] == "document");
  CHECK(a->payload["document"]["entry"][0]["resource"]["resourceType"] == "Composition");
  const Json& audit1 = a->payload["audit"];
  REQUIRE_FALSE(audit1.empty());
  CHECK(audit1[0]["action"] == "case.create");
  bool has_establish = false;
  for (const auto& e : audit1) has_establish = has_establish || e["action"] == "plan.establish";
  CHECK(has_establish);

  // One more change, one more bundle: it links to the first and carries only the new audit entries.
  Must(f.handler, {{"cmd", "plan.update"}, {"case_id", id}, {"handed_to_person_on", "2026-11-18"}});
  Json second = Must(f.handler, {{"cmd", "bundle.export"}, {"case_id", id}});
  CHECK(second["seq"] == 2);
  auto b = OpenBundle(f.FileOf(second), params);
  REQUIRE(b.ok());
  CHECK(b->claims.prev == a->jws_hash);
  REQUIRE(b->payload["audit"].size() == 2);   // plan.update, and the first export
  CHECK(b->payload["audit"][0]["action"] == "bundle.export");
  CHECK(b->payload["audit"][1]["action"] == "plan.update");
  CHECK(b->payload["audit"][0]["seq"].get<int64_t>() > audit1.back()["seq"].get<int64_t>());

  Json list = Must(f.handler, {{"cmd", "bundle.list"}, {"case_id", id}});
  REQUIRE(list["bundles"].size() == 2);
  CHECK(list["bundles"][0]["seq"] == 2);
  CHECK_FALSE(list["bundles"][0].contains("file"));
  Json again = Must(f.handler, {{"cmd", "bundle.file"}, {"jti", first["jti"]}});
  CHECK(again["file"] == first["file"]);
  CHECK(Code(f.Do({{"cmd", "bundle.file"}, {"jti", "nope"}})) == "not_found");
  CHECK(Must(f.handler, {{"cmd", "device.info"}})["next_seq"] == 3);
  CHECK(Must(f.handler, {{"cmd", "audit.verify"}})["ok"] == true);

  // An exported bundle cannot be deleted or altered underneath the app.
  CHECK_FALSE(f.store.db().Exec("DELETE FROM bundles;").ok());
  CHECK_FALSE(f.store.db().Exec("UPDATE bundles SET seq = 9;").ok());
}

TEST_CASE("receipt.import marks bundles delivered, once; refuses receipts not for this device") {
  Fixture f;
  f.Named();
  const std::string id = EstablishedCase(f.handler);
  Must(f.handler, {{"cmd", "profile.import"}, {"profile", f.office.Profile()}});
  Json e1 = Must(f.handler, {{"cmd", "bundle.export"}, {"case_id", id}});
  Json e2 = Must(f.handler, {{"cmd", "bundle.export"}, {"case_id", id}});

  Receipt rc;
  rc.office = "Kontoret Test";
  rc.device = JwkThumbprint(f.device.public_key);
  rc.iat = kNow / 1000;
  rc.bundles.push_back({e1["jti"].get<std::string>(), 1, e1["jws_hash"].get<std::string>(), kNow / 1000});
  rc.bundles.push_back({"00000000-0000-4000-8000-000000000000", 7, std::string(43, 'A'), kNow / 1000});
  rc.bundles.push_back({e2["jti"].get<std::string>(), 2, std::string(43, 'B'), kNow / 1000});   // hash does not match
  auto jws = MakeReceipt(f.office.admin, rc);
  REQUIRE(jws.ok());

  Json r = Must(f.handler, {{"cmd", "receipt.import"}, {"receipt", *jws}});
  CHECK(r["delivered"] == 1);
  CHECK(r["unknown"] == 1);
  CHECK(r["mismatched"] == 1);
  Json list = Must(f.handler, {{"cmd", "bundle.list"}})["bundles"];
  CHECK(list[0]["status"] == "exported");    // seq 2
  CHECK(list[1]["status"] == "delivered");   // seq 1
  CHECK(list[1]["receipt_office"] == "Kontoret Test");
  CHECK(Must(f.handler, {{"cmd", "receipt.import"}, {"receipt", *jws}})["already_delivered"] == 1);

  auto forged = MakeReceipt(SeededKey(42), rc);
  REQUIRE(forged.ok());
  CHECK(Code(f.Do({{"cmd", "receipt.import"}, {"receipt", *forged}})) == "jws_unknown_kid");
  Receipt other = rc;
  other.device = JwkThumbprint(SeededKey(3).public_key);
  auto elsewhere = MakeReceipt(f.office.admin, other);
  REQUIRE(elsewhere.ok());
  CHECK(Code(f.Do({{"cmd", "receipt.import"}, {"receipt", *elsewhere}})) == "receipt_wrong_device");
  CHECK(Code(f.Do({{"cmd", "receipt.import"}, {"receipt", f.office.Profile()}})) == "jws_wrong_typ");
}
