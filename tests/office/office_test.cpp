// The office library (src/office/office.h): keys, profile, trust list, import rules, chains, receipts and a
// damaged database. Bundles carry a real FHIR document (core/fhir.h) and are checked by the real validator.
#include <doctest/doctest.h>

#include <filesystem>

#include "office/office.h"
#include "office_support.h"
#include "store/sqlite.h"

using namespace sip;
using namespace sip::officetest;
using office::ImportStatus;

namespace {
Errc CodeOf(const office::ImportOutcome& r) { return r.error.code; }
}  // namespace

TEST_CASE("init: keys, an empty signed trust list, and a second init is refused") {
  Fixture f;
  CHECK(f.office->HasAdmin());
  CHECK(f.office->HasImport());
  CHECK(f.office->name() == "Kontoret Testby");
  CHECK(f.office->Trust().version == 1);
  CHECK(f.office->Trust().devices.empty());
  auto keys = f.office->Keys();
  REQUIRE(keys.ok());
  REQUIRE(keys->size() == 3);
  CHECK((*keys)[0].role == "admin");
  CHECK((*keys)[0].kid == f.office->AdminKid());
  CHECK((*keys)[1].role == "current");
  CHECK((*keys)[2].role == "next");
  CHECK((*keys)[1].public_key.rfind("age1", 0) == 0);
  CHECK(std::filesystem::exists(f.dir / "office.db"));
  CHECK_FALSE(std::filesystem::exists(f.dir / "office.db.creating"));
  {
    // A new office's pages are 8 KiB: a bundle's row spans half as many overflow pages (office.cpp).
    auto raw = store::Database::Open(f.dir / "office.db");
    REQUIRE(raw.ok());
    auto st = store::Statement::Prepare(*raw, "PRAGMA page_size;");
    REQUIRE(st.ok());
    REQUIRE(*st->Step());
    CHECK(st->Int(0) == 8192);
  }

  auto again = office::Office::Create(f.dir.path, "Annat", kPass, f.Clock(), Fixture::LightKdf());
  REQUIRE_FALSE(again.ok());
  CHECK(again.error().code == Errc::OfficeExists);

  TempDir other("weak");
  CHECK(office::Office::Create(other.path, "Kontoret", "kort", f.Clock()).error().code == Errc::BackupWeakPassphrase);
  CHECK(office::Office::Create(other.path, "", kPass, f.Clock()).error().code == Errc::InvalidArgument);
  CHECK(office::Office::Open(other.path, f.Clock()).error().code == Errc::OfficeNotFound);
}

TEST_CASE("open: locked until unlocked; a wrong passphrase is refused") {
  Fixture f;
  f.office.reset();
  auto o = office::Office::Open(f.dir.path, f.Clock());
  REQUIRE(o.ok());
  CHECK_FALSE(o->HasAdmin());
  CHECK_FALSE(o->HasImport());
  CHECK(o->Trust().version == 1);   // read-only use needs no passphrase
  CHECK(o->Unlock("fel lösenfras!", office::KeyUse::Admin).error().code == Errc::OfficeWrongPassphrase);
  CHECK_FALSE(o->HasAdmin());
  REQUIRE(o->Unlock(kPass, office::KeyUse::Import).ok());
  CHECK(o->HasImport());
  CHECK_FALSE(o->HasAdmin());
  REQUIRE(o->Unlock(kPass, office::KeyUse::Admin).ok());
  CHECK(o->HasAdmin());
}

TEST_CASE("profile: signed by the admin key, with the current and next import keys") {
  Fixture f;
  auto jws = f.office->Profile();
  REQUIRE(jws.ok());
  auto p = bundle::ReadOfficeProfile(*jws, f.office->AdminKid());
  REQUIRE(p.ok());
  CHECK(p->office == "Kontoret Testby");
  CHECK(p->admin_kid == f.office->AdminKid());
  REQUIRE(p->import_keys.size() == 2);
  CHECK(p->Current().recipient == f.Recipient("current"));
  CHECK(p->import_keys[1].role == bundle::ImportKeyRole::Next);
  CHECK(p->import_keys[1].recipient == f.Recipient("next"));
  CHECK_FALSE(p->recovery_recipient.has_value());

  // A recovery recipient, set once, rides in every later profile until it is removed.
  const auto recovery = bundle::RecipientOf(bundle::X25519Generate());
  REQUIRE(f.office->SetRecoveryRecipient(recovery).ok());
  CHECK(*f.office->RecoveryRecipient() == std::optional<bundle::X25519Recipient>(recovery));
  auto with = bundle::ReadOfficeProfile(*f.office->Profile(), f.office->AdminKid());
  REQUIRE(with.ok());
  REQUIRE(with->recovery_recipient.has_value());
  CHECK(*with->recovery_recipient == recovery);
  REQUIRE(f.office->SetRecoveryRecipient(std::nullopt).ok());
  CHECK_FALSE(f.office->RecoveryRecipient()->has_value());
  CHECK_FALSE(bundle::ReadOfficeProfile(*f.office->Profile())->recovery_recipient.has_value());
}

TEST_CASE("enroll and revoke: each change is a new signed version; repeats are no-ops") {
  Fixture f;
  Device d = Fixture::NewDevice(1);
  auto e = f.office->Enroll(f.Request(d), 30);
  REQUIRE(e.ok());
  CHECK(e->changed);
  CHECK(e->version == 2);
  CHECK(e->entry.kid == d.kid);
  CHECK(e->entry.staff == d.staff);
  CHECK(e->entry.valid_from == f.now - 30);   // the request's iat
  CHECK(e->entry.valid_to == f.now + 30 * 86400);

  auto again = f.office->Enroll(f.Request(d), 30);
  REQUIRE(again.ok());
  CHECK_FALSE(again->changed);
  CHECK(again->version == 2);

  // The list in force is signed by the admin key and survives a reopen.
  auto list = bundle::ReadTrustList(f.office->TrustJws(), f.office->AdminPublicKey());
  REQUIRE(list.ok());
  CHECK(list->version == 2);
  REQUIRE(list->Find(d.kid) != nullptr);
  f.Reopen();
  CHECK(f.office->Trust().version == 2);
  REQUIRE(f.office->Trust().Find(d.kid) != nullptr);

  SUBCASE("a request that does not verify is refused") {
    std::string bad = f.Request(d);
    bad[bad.size() - 3] = bad[bad.size() - 3] == 'A' ? 'B' : 'A';
    CHECK_FALSE(f.office->Enroll(bad, 30).ok());
    CHECK(f.office->Enroll(f.Request(d), -1).error().code == Errc::InvalidArgument);
  }
  SUBCASE("revoke by prefix, again is a no-op, another limit is a new version, re-enrolling is refused") {
    auto r = f.office->Revoke(d.kid.substr(0, 10), 4);
    REQUIRE(r.ok());
    CHECK(r->changed);
    CHECK(r->kid == d.kid);
    CHECK(r->version == 3);
    const bundle::TrustEntry* entry = f.office->Trust().Find(d.kid);
    REQUIRE(entry != nullptr);
    CHECK(entry->status == bundle::TrustStatus::Revoked);
    CHECK(entry->revoked_after_seq == 4u);
    auto same = f.office->Revoke(d.kid, 4);
    REQUIRE(same.ok());
    CHECK_FALSE(same->changed);
    auto tighter = f.office->Revoke(d.kid, std::nullopt);
    REQUIRE(tighter.ok());
    CHECK(tighter->changed);
    CHECK(tighter->version == 4);
    CHECK(f.office->Enroll(f.Request(d), 30).error().code == Errc::DeviceRevoked);
    CHECK(f.office->Revoke("nosuchkidatall", 1).error().code == Errc::DeviceNotEnrolled);
    CHECK(f.office->Revoke("short", 1).error().code == Errc::DeviceNotEnrolled);
    f.Reopen();
    CHECK(f.office->Trust().version == 4);
  }
}

TEST_CASE("import: stored once; the same bundle again is a no-op; contradictions are flagged") {
  Fixture f;
  Device d = Fixture::NewDevice(1);
  f.Enroll(d);
  const Sealed b1 = f.Next(d);
  auto r = f.Import(b1, "b1.sipbundle");
  REQUIRE_MESSAGE(r.status == ImportStatus::Imported, ErrorCode(r.error.code), " ", r.error.detail);
  CHECK(r.jti == b1.jti);
  CHECK(r.kid == d.kid);
  CHECK(r.seq == 1);
  CHECK(r.jws_hash == b1.jws_hash);

  SUBCASE("the same file twice") {
    auto again = f.Import(b1, "b1-copy.sipbundle");
    CHECK(again.status == ImportStatus::AlreadyImported);
    CHECK(again.jti == b1.jti);
    auto counts = f.office->CountAll();
    REQUIRE(counts.ok());
    CHECK(counts->bundles == 1);
  }
  SUBCASE("the same JWS encrypted again (another file)") {
    auto file = bundle::AgeEncrypt(reinterpret_cast<const uint8_t*>(b1.jws.data()), b1.jws.size(), {f.Recipient()});
    REQUIRE(file.ok());
    CHECK(file.value() != b1.file);
    auto again = f.office->Import(file->data(), file->size(), "b1-again.sipbundle");
    CHECK(again.status == ImportStatus::AlreadyImported);
  }
  SUBCASE("the same jti with other content: bundle_duplicate_jti, flagged once") {
    bundle::BundleClaims c = f.Claims(d, 2, b1.jws_hash);
    c.jti = b1.jti;
    const Sealed dup = Fixture::Seal(d, c, f.Recipient());
    auto out = f.Import(dup, "dup.sipbundle");
    CHECK(out.status == ImportStatus::Flagged);
    CHECK(CodeOf(out) == Errc::BundleDuplicateJti);
    CHECK(out.existing_jti == b1.jti);
    auto twice = f.Import(dup, "dup.sipbundle");
    CHECK(twice.status == ImportStatus::Flagged);
    auto flags = f.office->Flags();
    REQUIRE(flags.ok());
    REQUIRE(flags->size() == 1);
    CHECK((*flags)[0].code == "bundle_duplicate_jti");
    CHECK((*flags)[0].source_name == "dup.sipbundle");
    auto stored = f.office->FindBundle(b1.jti);
    REQUIRE(stored.ok());
    CHECK(stored->jws_hash == b1.jws_hash);   // the first one stays
  }
  SUBCASE("the same (device, seq) under another jti: bundle_seq_conflict") {
    const Sealed fork = Fixture::Seal(d, f.Claims(d, 1, ""), f.Recipient());
    auto out = f.Import(fork, "fork.sipbundle");
    CHECK(out.status == ImportStatus::Flagged);
    CHECK(CodeOf(out) == Errc::BundleSeqConflict);
    CHECK(out.existing_jti == b1.jti);
    CHECK(f.office->CountAll()->flags == 1);
    CHECK(f.office->CountAll()->bundles == 1);
  }
  SUBCASE("stored bundles survive a reopen") {
    f.Reopen();
    auto stored = f.office->FindBundle(b1.jti.substr(0, 8));
    REQUIRE(stored.ok());
    CHECK(stored->jti == b1.jti);
    CHECK(stored->source_name == "b1.sipbundle");
    CHECK(stored->payload.at("document") == PlanDocFor(b1.jti));
    CHECK(stored->jws == b1.jws);
    CHECK(stored->case_id == "c-0000000000000001");
    CHECK(stored->kind == "plan");
    CHECK(stored->imported_at == f.now);
    CHECK(f.Import(b1).status == ImportStatus::AlreadyImported);
    CHECK(f.office->FindBundle("00000000-0000-4000-8000-000000000000").error().code == Errc::BundleNotFound);
    CHECK(f.office->FindBundle("abc").error().code == Errc::BundleNotFound);
    CHECK(f.office->FindBundle("zzzzzzzzzz").error().code == Errc::BundleNotFound);
  }
}

TEST_CASE("chains: a seq gap and a broken prev are reported, and filling the gap clears it") {
  Fixture f;
  Device d = Fixture::NewDevice(1);
  Device e = Fixture::NewDevice(2, "Laptop 4", "Stina Stödassistent");
  f.Enroll(d);
  f.Enroll(e);
  const Sealed s1 = f.Next(d), s2 = f.Next(d), s3 = f.Next(d), s4 = f.Next(d), s5 = f.Next(d);
  const Sealed e1 = f.Next(e);
  for (const Sealed* s : {&s1, &s2, &s4, &s5, &e1}) REQUIRE(f.Import(*s).status == ImportStatus::Imported);
  auto report = f.office->Chains();
  REQUIRE(report.ok());
  REQUIRE(report->gaps.size() == 1);
  CHECK(report->gaps[0].kid == d.kid);
  CHECK(report->gaps[0].from_seq == 3);
  CHECK(report->gaps[0].to_seq == 3);
  CHECK(report->broken.empty());
  // Only the devices asked about.
  CHECK(f.office->Chains({e.kid})->clean());

  REQUIRE(f.Import(s3).status == ImportStatus::Imported);
  CHECK(f.office->Chains()->clean());

  // seq 6 whose prev is not the hash of the stored seq 5; seq 9 leaves 7–8 missing.
  const Sealed bad6 = Fixture::Seal(d, f.Claims(d, 6, s3.jws_hash), f.Recipient());
  REQUIRE(f.Import(bad6).status == ImportStatus::Imported);
  const Sealed s9 = Fixture::Seal(d, f.Claims(d, 9, s1.jws_hash), f.Recipient());
  REQUIRE(f.Import(s9).status == ImportStatus::Imported);
  report = f.office->Chains({d.kid});
  REQUIRE(report.ok());
  REQUIRE(report->broken.size() == 1);
  CHECK(report->broken[0].seq == 6);
  CHECK(report->broken[0].jti == bad6.jti);
  REQUIRE(report->gaps.size() == 1);
  CHECK(report->gaps[0].from_seq == 7);
  CHECK(report->gaps[0].to_seq == 8);

  // A device whose first bundles never arrived.
  Device g = Fixture::NewDevice(3, "Laptop 5", "Gun Gruppledare");
  f.Enroll(g);
  const Sealed g3 = Fixture::Seal(g, f.Claims(g, 3, s1.jws_hash), f.Recipient());
  REQUIRE(f.Import(g3).status == ImportStatus::Imported);
  report = f.office->Chains({g.kid});
  REQUIRE(report->gaps.size() == 1);
  CHECK(report->gaps[0].from_seq == 1);
  CHECK(report->gaps[0].to_seq == 2);
}

TEST_CASE("refusals: unknown, revoked after seq, expired, wrong office, tampered, not FHIR") {
  Fixture f;
  Device d = Fixture::NewDevice(1);

  SUBCASE("a device that is not enrolled") {
    const Sealed s = f.Next(d);
    CHECK(CodeOf(f.Import(s)) == Errc::JwsUnknownKid);
    CHECK(f.office->CountAll()->bundles == 0);
  }
  SUBCASE("revoked after seq 2: seq 2 is accepted, seq 3 is not") {
    f.Enroll(d);
    const Sealed s1 = f.Next(d), s2 = f.Next(d), s3 = f.Next(d);
    REQUIRE(f.office->Revoke(d.kid, 2).ok());
    CHECK(f.Import(s1).status == ImportStatus::Imported);
    CHECK(f.Import(s2).status == ImportStatus::Imported);
    auto r3 = f.Import(s3);
    CHECK(r3.status == ImportStatus::Refused);
    CHECK(CodeOf(r3) == Errc::BundleKidRevoked);
  }
  SUBCASE("an expired key") {
    f.Enroll(d, 1);
    f.now += 2 * 86400;
    const Sealed s = f.Next(d);
    CHECK(CodeOf(f.Import(s)) == Errc::BundleKidExpired);
  }
  SUBCASE("addressed to another office (aud), or encrypted to another office") {
    f.Enroll(d);
    Fixture other("other");
    bundle::BundleClaims c = f.Claims(d, 1, "");
    c.aud = bundle::ImportKeyId(other.Recipient());
    CHECK(CodeOf(f.Import(Fixture::Seal(d, c, f.Recipient()))) == Errc::BundleWrongAud);
    CHECK(CodeOf(f.Import(Fixture::Seal(d, f.Claims(d, 1, ""), other.Recipient()))) == Errc::AgeWrongRecipient);
  }
  SUBCASE("sub is not the enrolled staff member") {
    f.Enroll(d);
    bundle::BundleClaims c = f.Claims(d, 1, "");
    c.sub = "Någon Annan";
    CHECK(CodeOf(f.Import(Fixture::Seal(d, c, f.Recipient()))) == Errc::BundleKidMismatch);
  }
  SUBCASE("a flipped bit; not a bundle at all") {
    f.Enroll(d);
    Sealed s = f.Next(d);
    s.file[s.file.size() / 2] ^= 0x20;
    CHECK(CodeOf(f.Import(s)) == Errc::AgeChunkAuth);
    const std::string text = "hej";
    CHECK(f.office->Import(reinterpret_cast<const uint8_t*>(text.data()), text.size(), "hej.txt").error.code ==
          Errc::AgeNotAgeFile);
  }
  SUBCASE("a document that is not a valid FHIR document") {
    f.Enroll(d);
    const bundle::BundleClaims c = f.Claims(d, 1, "");
    const Json not_fhir{{"resourceType", "Bundle"}, {"identifier", {{"system", "urn:ietf:rfc:3986"}, {"value", "urn:uuid:" + c.jti}}}};
    auto s = bundle::SealBundle(d.key, bundle::BundlePayload(c, not_fhir, Json::array()), {f.Recipient()});
    REQUIRE(s.ok());
    CHECK(f.office->Import(s->file.data(), s->file.size(), "x").error.code == Errc::FhirInvalid);
  }
  CHECK(f.office->Flags()->empty());
}

TEST_CASE("rotate: next becomes current, the retired key still decrypts") {
  Fixture f;
  Device d = Fixture::NewDevice(1);
  f.Enroll(d);
  const auto old_current = f.Recipient("current");
  const auto old_next = f.Recipient("next");
  const Sealed before = f.Next(d);   // to the old current key, still in flight
  auto r = f.office->Rotate();
  REQUIRE(r.ok());
  CHECK(r->retired_kid == bundle::ImportKeyId(old_current));
  CHECK(r->current_kid == bundle::ImportKeyId(old_next));
  CHECK(f.Recipient("current") == old_next);
  CHECK(f.Recipient("retired") == old_current);
  auto p = bundle::ReadOfficeProfile(*f.office->Profile());
  REQUIRE(p.ok());
  CHECK(p->Current().recipient == old_next);
  CHECK(p->import_keys.size() == 2);

  CHECK(f.Import(before).status == ImportStatus::Imported);
  CHECK(f.Import(f.Next(d)).status == ImportStatus::Imported);
  f.Reopen();   // the new key was sealed and opens with the passphrase
  CHECK(f.Import(f.Next(d)).status == ImportStatus::Imported);
  auto keys = f.office->Keys();
  REQUIRE(keys.ok());
  CHECK(keys->size() == 4);
}

TEST_CASE("receipts: signed, verifiable, each bundle confirmed once") {
  Fixture f;
  Device d = Fixture::NewDevice(1);
  Device e = Fixture::NewDevice(2, "Laptop 4", "Stina Stödassistent");
  f.Enroll(d);
  f.Enroll(e);
  const Sealed s1 = f.Next(d), s2 = f.Next(d), e1 = f.Next(e);
  for (const Sealed* s : {&s1, &s2, &e1}) REQUIRE(f.Import(*s).status == ImportStatus::Imported);
  auto pending = f.office->PendingReceipts();
  REQUIRE(pending.ok());
  CHECK(pending->size() == 2);

  SUBCASE("a failed write records nothing") {
    auto r = f.office->IssueReceipt(d.kid, 0, [](const std::string&) -> Result<void> { return Error{Errc::DbIo, "disk"}; });
    CHECK(r.error().code == Errc::DbIo);
    CHECK(f.office->PendingReceipts()->size() == 2);
  }
  std::string written;
  auto r = f.office->IssueReceipt(d.kid, 0, [&](const std::string& jws) -> Result<void> {
    written = jws;
    return {};
  });
  REQUIRE(r.ok());
  CHECK(written == r->jws);
  auto read = bundle::ReadReceipt(r->jws, f.office->AdminPublicKey());
  REQUIRE(read.ok());
  CHECK(read->office == "Kontoret Testby");
  CHECK(read->device == d.kid);
  REQUIRE(read->bundles.size() == 2);
  CHECK(read->bundles[0].jti == s1.jti);
  CHECK(read->bundles[0].seq == 1);
  CHECK(read->bundles[0].hash == s1.jws_hash);
  CHECK(read->bundles[1].jti == s2.jti);
  CHECK(read->bundles[1].imported_at == f.now);

  CHECK(f.office->IssueReceipt(d.kid, 0).error().code == Errc::ReceiptEmpty);
  CHECK(f.office->FindBundle(s1.jti)->receipt_id == r->id);
  const Sealed s3 = f.Next(d);
  f.now += 100;
  REQUIRE(f.Import(s3).status == ImportStatus::Imported);
  CHECK(f.office->IssueReceipt(d.kid, f.now + 1).error().code == Errc::ReceiptEmpty);   // --since after it
  auto next = f.office->IssueReceipt(d.kid, 0);
  REQUIRE(next.ok());
  REQUIRE(next->receipt.bundles.size() == 1);
  CHECK(next->receipt.bundles[0].jti == s3.jti);
  CHECK(f.office->IssueReceipt("unknownkid", 0).error().code == Errc::DeviceNotEnrolled);
  CHECK(f.office->PendingReceipts()->size() == 1);
  CHECK(f.office->CountAll()->receipted == 3);
}

TEST_CASE("a damaged office.db is refused with office_damaged and left byte for byte as it was") {
  Fixture f;
  Device d = Fixture::NewDevice(1);
  f.Enroll(d);
  REQUIRE(f.Import(f.Next(d)).status == ImportStatus::Imported);
  REQUIRE(f.office->Checkpoint().ok());
  f.office.reset();
  const std::string db = f.dir / "office.db";

  SUBCASE("garbage in the middle of the file") {
    Bytes bytes = ReadFile(db);
    REQUIRE(bytes.size() > 8192);
    for (size_t i = 4096; i < 8192; ++i) bytes[i] = 0x5a;
    WriteFile(db, bytes);
    auto o = office::Office::Open(f.dir.path, f.Clock());
    REQUIRE_FALSE(o.ok());
    CHECK(o.error().code == Errc::OfficeDamaged);
    CHECK(ReadFile(db) == bytes);
  }
  SUBCASE("not a database at all") {
    const Bytes junk(20000, 0x42);
    WriteFile(db, junk);
    auto o = office::Office::Open(f.dir.path, f.Clock());
    CHECK(o.error().code == Errc::OfficeDamaged);
    CHECK(ReadFile(db) == junk);
  }
  SUBCASE("a trust list altered behind the tool's back") {
    {
      auto raw = store::Database::Open(db);
      REQUIRE(raw.ok());
      REQUIRE(raw->Exec("DROP TRIGGER trust_lists_immutable;").ok());
      REQUIRE(raw->Exec("UPDATE trust_lists SET jws = jws || 'x' WHERE version = 2;").ok());
    }
    auto o = office::Office::Open(f.dir.path, f.Clock());
    CHECK(o.error().code == Errc::OfficeDamaged);
  }
  SUBCASE("the device database is not an office database") {
    std::filesystem::remove(db);
    {
      auto raw = store::Database::Open(db);
      REQUIRE(raw.ok());
      REQUIRE(raw->Exec("CREATE TABLE meta(key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL) STRICT;"
                        "CREATE TABLE migration_history(version INTEGER PRIMARY KEY NOT NULL, name TEXT NOT NULL, "
                        "applied_at TEXT NOT NULL) STRICT;"
                        "INSERT INTO meta VALUES('version','1'),('last_compatible_version','1');"
                        "INSERT INTO migration_history VALUES(1,'0001_init','t');")
                  .ok());
    }
    auto o = office::Office::Open(f.dir.path, f.Clock());
    REQUIRE_FALSE(o.ok());
    CHECK(o.error().code == Errc::DbMigrationHistory);
  }
}

TEST_CASE("reading: the stored plan renders, maps and lists commitments") {
  Fixture f;
  Device d = Fixture::NewDevice(1);
  f.Enroll(d);
  const Sealed s = f.Next(d);
  REQUIRE(f.Import(s).status == ImportStatus::Imported);
  auto b = f.office->FindBundle(s.jti);
  REQUIRE(b.ok());
  const Json& doc = b->payload.at("document");
  const std::string html = RenderHtml(doc);
  CHECK(html.find("lang=\"sv\"") != std::string::npos);
  CHECK(Commitments(doc).is_array());
  CHECK(ValidateDocument(doc).ok());
}

TEST_CASE("ImportFiles: worker threads give the same results, in file order, as importing one by one") {
  Fixture f;
  Device d = Fixture::NewDevice(1);
  Device e = Fixture::NewDevice(2, "Laptop 4", "Stina Stödassistent");
  f.Enroll(d);
  f.Enroll(e);
  std::vector<Sealed> chain;
  for (int i = 0; i < 40; ++i) chain.push_back(f.Next(i % 3 == 0 ? e : d));
  REQUIRE(f.Import(chain[0]).status == ImportStatus::Imported);   // before the run: not even decrypted
  const Sealed fork = Fixture::Seal(d, f.Claims(d, 2, chain[1].jws_hash), f.Recipient());

  std::vector<std::string> paths;
  std::vector<ImportStatus> want;
  std::vector<Errc> want_code;
  auto add = [&](const std::string& name, const Bytes& bytes, ImportStatus s, Errc c = Errc::Ok) {
    WriteFile(f.dir / name, bytes);
    paths.push_back(f.dir / name);
    want.push_back(s);
    want_code.push_back(c);
  };
  char name[32];
  for (size_t i = 0; i < chain.size(); ++i) {
    std::snprintf(name, sizeof name, "b%02zu.sipbundle", i);
    add(name, chain[i].file, i == 0 ? ImportStatus::AlreadyImported : ImportStatus::Imported);
    if (i == 5) add("b05-copy.sipbundle", chain[i].file, ImportStatus::AlreadyImported);   // same file in the run
    if (i == 7) add("fork.sipbundle", fork.file, ImportStatus::Flagged, Errc::BundleSeqConflict);
    if (i == 9) add("junk.sipbundle", Bytes(300, 0x41), ImportStatus::Refused, Errc::AgeNotAgeFile);
  }
  paths.push_back(f.dir / "missing.sipbundle");
  want.push_back(ImportStatus::Refused);
  want_code.push_back(Errc::FileUnreadable);

  for (unsigned threads : {4u, 1u}) {
    INFO("threads " << threads);
    if (threads == 1) {
      // A second office with the same keys would be needed to compare from scratch; instead, again: every
      // file that was stored is now already imported, the fork is flagged again, the rest refused again.
      for (size_t i = 0; i < want.size(); ++i)
        if (want[i] == ImportStatus::Imported) want[i] = ImportStatus::AlreadyImported;
    }
    std::vector<size_t> order;
    std::vector<office::ImportOutcome> got(paths.size());
    f.office->ImportFiles(paths, threads, [&](size_t i, const office::ImportOutcome& r) {
      order.push_back(i);
      got[i] = r;
    });
    REQUIRE(order.size() == paths.size());
    for (size_t i = 0; i < order.size(); ++i) CHECK(order[i] == i);
    for (size_t i = 0; i < paths.size(); ++i) {
      INFO(paths[i]);
      CHECK(got[i].status == want[i]);
      if (want_code[i] != Errc::Ok) CHECK(got[i].error.code == want_code[i]);
    }
  }
  REQUIRE(f.office->Checkpoint().ok());
  CHECK(f.office->CountAll()->bundles == 40);
  CHECK(f.office->CountAll()->flags == 1);
  // The fork took no seq: d's chain is whole.
  CHECK(f.office->Chains()->clean());
}

TEST_CASE("a stored bundle is rebuilt exactly from its columns, and an altered one is refused") {
  Fixture f;
  Device d = Fixture::NewDevice(1);
  f.Enroll(d);
  const Sealed s = f.Next(d, AuditEntries(3000));
  REQUIRE(f.Import(s).status == ImportStatus::Imported);
  auto b = f.office->FindBundle(s.jti);
  REQUIRE(b.ok());
  CHECK(b->jws == s.jws);
  REQUIRE(f.office->Checkpoint().ok());
  f.office.reset();
  {
    auto raw = store::Database::Open(f.dir / "office.db");
    REQUIRE(raw.ok());
    REQUIRE(raw->Exec("DROP TRIGGER bundles_immutable;").ok());
    REQUIRE(raw->Exec("UPDATE bundles SET payload = replace(payload, '\"seq\":1', '\"seq\":9');").ok());
  }
  f.Reopen();
  CHECK(f.office->FindBundle(s.jti).error().code == Errc::OfficeDamaged);
}
