// sipoffice/office.cpp — opening and creating the office database, unlocking its keys, the trust list's
// loading and saving, and the keys: export, list, profile, rotation. Devices, import, reading and receipts
// are in office_devices.cpp, office_import.cpp and office_records.cpp (office_impl.h lists them).
#include "office/office.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <map>

#include "bundle/crypto.h"
#include "bundle/encoding.h"
#include "core/display_text.h"
#include "core/fhir.h"
#include "core/time.h"
#include "office/office_impl.h"
#include "office/office_migrations.h"
#include "store/sqlite.h"

namespace sip::office {

using bundle::Bytes;
using store::Database;
using store::Statement;
using store::Transaction;

namespace {

constexpr size_t kSecretSize = 32;
constexpr size_t kMaxNameBytes = 120;

std::string DbPath(const std::string& dir) { return (std::filesystem::path(dir) / kDatabaseFile).string(); }

// A database error met while opening: a file that is not SQLite, or fails its checks, is "damaged".
Error OpenError(const Error& e) {
  if (e.code == Errc::DbCorrupt) return Damaged(e.detail.empty() ? "not a database or damaged" : e.detail);
  return e;
}

bool FileExists(const std::string& path) {
  std::error_code ec;
  return std::filesystem::exists(path, ec);
}

void RemoveDbFiles(const std::string& path) {
  for (const char* suffix : {"", "-journal", "-wal", "-shm"}) std::remove((path + suffix).c_str());
}

Result<Bytes> Seal(const uint8_t* secret, std::string_view passphrase, const bundle::BackupParams& kdf) {
  return bundle::SealBackup(Bytes(secret, secret + kSecretSize), passphrase, kdf);
}

// Opens one sealed 32-byte secret; a wrong passphrase is office_wrong_passphrase, anything else damage.
Result<Bytes> Unseal(const Bytes& sealed, std::string_view passphrase, std::string_view kid) {
  auto plain = bundle::OpenBackup(sealed, passphrase, kSecretSize);
  if (!plain) {
    if (plain.error().code == Errc::BackupWrongPassphrase) return Error{Errc::OfficeWrongPassphrase, ""};
    if (plain.error().code == Errc::Internal) return plain.error();
    return Damaged("sealed key " + std::string(kid) + ": " + std::string(ErrorCode(plain.error().code)));
  }
  if (plain->size() != kSecretSize) return Damaged("sealed key " + std::string(kid) + " is not 32 bytes");
  return plain;
}

const char* RoleOrder(const std::string& role) {
  if (role == "admin") return "0";
  if (role == "current") return "1";
  if (role == "next") return "2";
  return "3";
}

}  // namespace

Result<void> Office::Impl::LoadKeys() {
  auto st = Statement::Prepare(db, "SELECT kid, kind, role, public_key, sealed FROM keys ORDER BY "
                                   "CASE role WHEN 'admin' THEN 0 WHEN 'current' THEN 1 WHEN 'next' THEN 2 ELSE 3 END, "
                                   "created_at DESC, kid;");
  if (!st) return st.error();
  import_keys.clear();
  admin_kid.clear();
  for (;;) {
    auto row = st->Step();
    if (!row) return row.error();
    if (!*row) break;
    const std::string kid = st->Text(0), kind = st->Text(1), role = st->Text(2), pub = st->Text(3);
    if (kind == "admin") {
      auto key = bundle::ParsePublicJwk(pub);
      if (!key || bundle::JwkThumbprint(*key) != kid) return Damaged("admin key does not match its kid");
      admin_kid = kid;
      admin_public = *key;
      admin_sealed = st->Blob(4);
    } else {
      auto r = bundle::ParseRecipient(pub);
      if (!r || bundle::ImportKeyId(*r) != kid) return Damaged("import key does not match its kid");
      import_keys.push_back({kid, role, *r, st->Blob(4)});
    }
  }
  if (admin_kid.empty()) return Damaged("no admin key");
  if (import_keys.empty() || import_keys.front().role != "current") return Damaged("no current import key");
  return {};
}

Result<void> Office::Impl::LoadTrust() {
  auto st = Statement::Prepare(db, "SELECT version, jws FROM trust_lists ORDER BY version DESC LIMIT 1;");
  if (!st) return st.error();
  auto row = st->Step();
  if (!row) return row.error();
  if (!*row) return Damaged("no trust list");
  const int64_t version = st->Int(0);
  std::string jws = st->Text(1);
  auto list = bundle::ReadTrustList(jws, admin_public);
  if (!list) return Damaged("trust list does not verify: " + std::string(ErrorCode(list.error().code)));
  if (static_cast<int64_t>(list->version) != version) return Damaged("trust list version differs from its row");
  if (list->office != name) return Damaged("trust list names another office");
  trust = std::move(*list);
  trust_jws = std::move(jws);
  return {};
}

// Signs `list` as the next version and stores it (with `also`, in the same transaction); then it is in force.
Result<void> Office::Impl::SaveTrust(const bundle::TrustList& list, const std::string& change,
                                     const std::function<Result<void>()>& also) {
  if (!admin) return Error{Errc::Internal, "trust list change without the admin key"};
  auto jws = bundle::SignTrustList(*admin, list);
  if (!jws) return jws.error();
  {
    auto tx = Transaction::Begin(db);
    if (!tx) return tx.error();
    auto ins = Statement::Prepare(db, "INSERT INTO trust_lists(version, jws, change, created_at) VALUES(?1, ?2, ?3, ?4);");
    if (!ins) return ins.error();
    ins->Bind(1, static_cast<int64_t>(list.version)).Bind(2, *jws).Bind(3, change).Bind(4, Now());
    if (auto r = ins->Run(); !r) return r;
    if (also) {
      if (auto r = also(); !r) return r;
    }
    if (auto r = tx->Commit(); !r) return r;
  }
  trust = list;
  trust_jws = std::move(*jws);
  return {};
}

Result<ImportStatements*> Office::Impl::Statements() {
  if (stmts) return stmts.get();
  auto s = std::make_unique<ImportStatements>();
  auto prep = [&](Statement& out, const char* sql) -> Result<void> {
    auto p = Statement::Prepare(db, sql);
    if (!p) return p.error();
    out = std::move(*p);
    return {};
  };
  SIP_TRY(prep(s->by_file, "SELECT jti, kid, seq, jws_hash FROM bundles WHERE file_sha256=?1 LIMIT 1;"));
  SIP_TRY(prep(s->by_jti, "SELECT kid, seq, jws_hash FROM bundles WHERE jti=?1;"));
  SIP_TRY(prep(s->by_seq, "SELECT jti, jws_hash FROM bundles WHERE kid=?1 AND seq=?2;"));
  SIP_TRY(prep(s->insert,
               "INSERT INTO bundles(jti, kid, seq, prev, jws_hash, file_sha256, case_id, kind, plan_version, iat, "
               "imported_at, source_name, payload, jws_protected, jws_signature) "
               "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15);"));
  SIP_TRY(prep(s->flag,
               "INSERT OR IGNORE INTO flags(code, jti, kid, seq, jws_hash, file_sha256, existing_jti, source_name, "
               "flagged_at, jws) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10);"));
  stmts = std::move(s);
  return stmts.get();
}

Result<bool> Office::Impl::KnownFile(const std::string& file_sha256) {
  auto stp = Statements();
  if (!stp) return stp.error();
  Statement& q = (*stp)->by_file;
  q.Reset();
  q.Bind(1, file_sha256);
  auto row = q.Step();
  q.Reset();
  if (!row) return row.error();
  return *row;
}

bundle::OpenParams Office::Impl::Params() const {
  bundle::OpenParams p;
  p.identities = identities;
  p.identity_ids = identity_ids;
  p.identity_recipients = identity_recipients;
  p.trust = &trust;
  p.now = Now();
  p.validate_document = [](const Json& document) { return ValidateDocument(document); };
  return p;
}

// ---------------------------------------------------------------------------------------------------------
// opening
// ---------------------------------------------------------------------------------------------------------
Office::Office(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Office::Office(Office&&) noexcept = default;
Office& Office::operator=(Office&&) noexcept = default;
Office::~Office() = default;

const std::string& Office::name() const { return impl_->name; }
const std::string& Office::dir() const { return impl_->dir; }
bool Office::HasAdmin() const { return impl_->admin.has_value(); }
bool Office::HasImport() const { return impl_->import_unlocked; }
const std::string& Office::AdminKid() const { return impl_->admin_kid; }
const bundle::Ed25519PublicKey& Office::AdminPublicKey() const { return impl_->admin_public; }
const bundle::TrustList& Office::Trust() const { return impl_->trust; }
const std::string& Office::TrustJws() const { return impl_->trust_jws; }

Result<Office> Office::Create(const std::string& dir, std::string_view name, std::string_view passphrase, Clock clock,
                              const CreateOptions& options) {
  if (name.empty() || name.size() > kMaxNameBytes || HasControlOrBidi(name)) return Error{Errc::InvalidArgument, "name"};
  if (passphrase.size() < bundle::kBackupMinPassphrase) return Error{Errc::BackupWeakPassphrase, ""};
  const std::string path = DbPath(dir);
  if (FileExists(path)) return Error{Errc::OfficeExists, ""};
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Error{Errc::DbIo, "cannot create the office directory"};
  ::chmod(dir.c_str(), 0700);

  const int64_t now = clock ? clock() : 0;
  const std::string tmp = path + ".creating";
  RemoveDbFiles(tmp);

  bundle::Ed25519KeyPair admin = bundle::Ed25519Generate();
  bundle::X25519Identity current = bundle::X25519Generate();
  bundle::X25519Identity next = bundle::X25519Generate();
  {
    auto db = Database::Open(tmp);
    if (!db) return db.error();
    ::chmod(tmp.c_str(), 0600);
    auto fail = [&](Error e) -> Error {
      *db = Database();
      RemoveDbFiles(tmp);
      return e;
    };
    // 8 KiB pages (SQLite's default is 4 KiB): a bundle's row (its payload is 13–22 KB) then spans half as many
    // overflow pages, so an import writes half as many WAL frames. bench_office_import: 2,250 → 2,430 bundles/s
    // (16 KiB: about the same, 10 % larger file). Only a new office gets it; an existing one keeps its size.
    if (auto r = db->Exec("PRAGMA page_size=8192;"); !r) return fail(r.error());
    if (auto m = store::Migrate(*db, FormatIsoUtc(now * 1000), OfficeMigrations()); !m) return fail(m.error());
    auto admin_sealed = Seal(admin.seed.data(), passphrase, options.kdf);
    if (!admin_sealed) return fail(admin_sealed.error());
    auto current_sealed = Seal(current.secret.data(), passphrase, options.kdf);
    if (!current_sealed) return fail(current_sealed.error());
    auto next_sealed = Seal(next.secret.data(), passphrase, options.kdf);
    if (!next_sealed) return fail(next_sealed.error());

    bundle::TrustList list;
    list.office = std::string(name);
    list.version = 1;
    list.iat = now;
    auto trust_jws = bundle::SignTrustList(admin, list);
    if (!trust_jws) return fail(trust_jws.error());

    auto write = [&]() -> Result<void> {
      auto tx = Transaction::Begin(*db);
      if (!tx) return tx.error();
      auto office = Statement::Prepare(*db, "INSERT INTO office(id, name, created_at) VALUES(1, ?1, ?2);");
      if (!office) return office.error();
      office->Bind(1, name).Bind(2, now);
      SIP_TRY(office->Run());
      auto key = Statement::Prepare(*db, "INSERT INTO keys(kid, kind, role, public_key, sealed, created_at) "
                                         "VALUES(?1, ?2, ?3, ?4, ?5, ?6);");
      if (!key) return key.error();
      key->Bind(1, bundle::JwkThumbprint(admin.public_key)).Bind(2, "admin").Bind(3, "admin")
          .Bind(4, bundle::PublicJwk(admin.public_key)).BindBlob(5, admin_sealed->data(), admin_sealed->size())
          .Bind(6, now);
      SIP_TRY(key->Run());
      key->Reset();
      const auto cur_r = bundle::RecipientOf(current);
      key->Bind(1, bundle::ImportKeyId(cur_r)).Bind(2, "import").Bind(3, "current")
          .Bind(4, bundle::EncodeRecipient(cur_r)).BindBlob(5, current_sealed->data(), current_sealed->size())
          .Bind(6, now);
      SIP_TRY(key->Run());
      key->Reset();
      const auto next_r = bundle::RecipientOf(next);
      key->Bind(1, bundle::ImportKeyId(next_r)).Bind(2, "import").Bind(3, "next")
          .Bind(4, bundle::EncodeRecipient(next_r)).BindBlob(5, next_sealed->data(), next_sealed->size())
          .Bind(6, now);
      SIP_TRY(key->Run());
      auto tl = Statement::Prepare(*db, "INSERT INTO trust_lists(version, jws, change, created_at) VALUES(1, ?1, 'init', ?2);");
      if (!tl) return tl.error();
      tl->Bind(1, *trust_jws).Bind(2, now);
      SIP_TRY(tl->Run());
      return tx->Commit();
    };
    if (auto r = write(); !r) return fail(r.error());
    if (auto r = db->Exec("PRAGMA journal_mode=WAL;"); !r) return fail(r.error());
  }
  if (FileExists(path)) {   // another process won the race
    RemoveDbFiles(tmp);
    return Error{Errc::OfficeExists, ""};
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    RemoveDbFiles(tmp);
    return Error{Errc::DbIo, "cannot rename the new office database"};
  }
  auto office = Open(dir, std::move(clock));
  if (!office) return office.error();
  // Already unlocked: the secrets are in hand, no need to run Argon2 again.
  Impl& im = *office->impl_;
  im.admin = admin;
  im.identities.clear();
  im.identity_ids.clear();
  im.identity_recipients.clear();
  for (const auto& k : im.import_keys) {
    im.identities.push_back(k.role == "current" ? current : next);
    im.identity_ids.push_back(k.kid);
    im.identity_recipients.push_back(k.recipient);
  }
  im.import_unlocked = true;
  im.passphrase.assign(passphrase);
  im.kdf = options.kdf;
  return office;
}

Result<Office> Office::Open(const std::string& dir, Clock clock) {
  auto impl = std::make_unique<Impl>();
  impl->dir = dir;
  impl->db_path = DbPath(dir);
  impl->clock = std::move(clock);
  if (!FileExists(impl->db_path)) return Error{Errc::OfficeNotFound, ""};
  auto db = Database::Open(impl->db_path, {.create = false});
  if (!db) return OpenError(db.error());
  // A damaged file is never migrated or written.
  if (auto check = db->QuickCheck(); !check) return OpenError(check.error());
  auto schema = store::Migrate(*db, FormatIsoUtc(impl->Now() * 1000), OfficeMigrations());
  if (!schema) return OpenError(schema.error());
  impl->db = std::move(*db);
  if (auto r = impl->db.Exec("PRAGMA synchronous=NORMAL;"); !r) return OpenError(r.error());

  auto st = Statement::Prepare(impl->db, "SELECT name FROM office WHERE id=1;");
  if (!st) return OpenError(st.error());
  auto row = st->Step();
  if (!row) return OpenError(row.error());
  if (!*row) return Damaged("no office row");
  impl->name = st->Text(0);
  if (auto r = impl->LoadKeys(); !r) return OpenError(r.error());
  if (auto r = impl->LoadTrust(); !r) return OpenError(r.error());
  return Office(std::move(impl));
}

Result<void> Office::Unlock(std::string_view passphrase, KeyUse use) {
  Impl& im = *impl_;
  const auto u = static_cast<unsigned>(use);
  if ((u & static_cast<unsigned>(KeyUse::Admin)) && !im.admin) {
    auto seed = Unseal(im.admin_sealed, passphrase, im.admin_kid);
    if (!seed) return seed.error();
    bundle::Ed25519Seed s{};
    std::copy(seed->begin(), seed->end(), s.begin());
    bundle::Wipe(seed->data(), seed->size());
    bundle::Ed25519KeyPair pair = bundle::Ed25519FromSeed(s);
    bundle::Wipe(s.data(), s.size());
    if (pair.public_key != im.admin_public) return Damaged("sealed admin key does not match its public key");
    im.admin = pair;
  }
  if ((u & static_cast<unsigned>(KeyUse::Import)) && !im.import_unlocked) {
    std::vector<bundle::X25519Identity> ids;
    std::vector<std::string> kids;
    for (const auto& k : im.import_keys) {
      auto secret = Unseal(k.sealed, passphrase, k.kid);
      if (!secret) return secret.error();
      bundle::X25519Identity id;
      std::copy(secret->begin(), secret->end(), id.secret.begin());
      bundle::Wipe(secret->data(), secret->size());
      if (bundle::RecipientOf(id) != k.recipient) return Damaged("sealed import key does not match its recipient");
      ids.push_back(id);
      kids.push_back(k.kid);
    }
    im.identities = std::move(ids);
    im.identity_ids = std::move(kids);
    im.identity_recipients.clear();
    for (const auto& id : im.identities) im.identity_recipients.push_back(bundle::RecipientOf(id));
    im.import_unlocked = true;
  }
  if (im.passphrase.empty()) im.passphrase.assign(passphrase);
  return {};
}

// ---------------------------------------------------------------------------------------------------------
// keys
// ---------------------------------------------------------------------------------------------------------
Result<std::string> Office::ExportIdentities() const {
  const Impl& im = *impl_;
  if (!im.import_unlocked) return Error{Errc::Internal, "import keys not unlocked"};
  std::string out =
      "# SIP Field: the office's import keys as age identities (age -d -i THIS_FILE bundle.sipbundle).\n"
      "# SECRET. Whoever holds this file can decrypt every plan bundle sent to this office.\n"
      "# created: " + FormatIsoUtc(im.clock() * 1000) + "\n";
  for (size_t i = 0; i < im.identities.size(); ++i) {
    out += "# kid: " + im.identity_ids[i] + ", role: " + im.import_keys[i].role + "\n";
    out += "# public key: " + bundle::EncodeRecipient(im.import_keys[i].recipient) + "\n";
    out += bundle::EncodeIdentity(im.identities[i]) + "\n";
  }
  return out;
}

Result<std::vector<KeyInfo>> Office::Keys() const {
  auto st = Statement::Prepare(impl_->db, "SELECT kid, kind, role, public_key, created_at, retired_at FROM keys;");
  if (!st) return st.error();
  std::vector<KeyInfo> out;
  for (;;) {
    auto row = st->Step();
    if (!row) return row.error();
    if (!*row) break;
    out.push_back({st->Text(0), st->Text(1), st->Text(2), st->Text(3), st->Int(4), st->IsNull(5) ? 0 : st->Int(5)});
  }
  std::stable_sort(out.begin(), out.end(), [](const KeyInfo& a, const KeyInfo& b) {
    const std::string ra = RoleOrder(a.role), rb = RoleOrder(b.role);
    if (ra != rb) return ra < rb;
    return a.created_at > b.created_at;
  });
  return out;
}

Result<std::string> Office::Profile() const {
  const Impl& im = *impl_;
  if (!im.admin) return Error{Errc::Internal, "Profile() needs the admin key"};
  bundle::OfficeProfile p;
  p.office = im.name;
  p.admin_key = im.admin_public;
  p.admin_kid = im.admin_kid;
  p.iat = im.Now();
  for (const auto& k : im.import_keys) {
    if (k.role == "current") p.import_keys.push_back({k.recipient, k.kid, bundle::ImportKeyRole::Current});
    if (k.role == "next") p.import_keys.push_back({k.recipient, k.kid, bundle::ImportKeyRole::Next});
  }
  auto recovery = RecoveryRecipient();
  if (!recovery) return recovery.error();
  p.recovery_recipient = *recovery;
  return bundle::MakeOfficeProfile(*im.admin, p);
}

namespace {
constexpr const char* kRecoveryMetaKey = "recovery_recipient";
}

Result<void> Office::SetRecoveryRecipient(const std::optional<bundle::X25519Recipient>& recipient) {
  Impl& im = *impl_;
  auto st = Statement::Prepare(im.db, recipient ? "INSERT OR REPLACE INTO meta(key, value) VALUES(?1, ?2);"
                                                : "DELETE FROM meta WHERE key=?1;");
  if (!st) return st.error();
  st->Bind(1, kRecoveryMetaKey);
  if (recipient) st->Bind(2, bundle::EncodeRecipient(*recipient));
  return st->Run();
}

Result<std::optional<bundle::X25519Recipient>> Office::RecoveryRecipient() const {
  auto st = Statement::Prepare(impl_->db, "SELECT value FROM meta WHERE key=?1;");
  if (!st) return st.error();
  st->Bind(1, kRecoveryMetaKey);
  auto row = st->Step();
  if (!row) return row.error();
  if (!*row) return std::optional<bundle::X25519Recipient>{};
  auto parsed = bundle::ParseRecipient(st->Text(0));
  if (!parsed) return Damaged("the stored recovery recipient is not an age recipient");
  return std::optional<bundle::X25519Recipient>{*parsed};
}

Result<RotateResult> Office::Rotate() {
  Impl& im = *impl_;
  if (!im.admin || im.passphrase.empty()) return Error{Errc::Internal, "Rotate() needs the admin key"};
  // Make sure the passphrase opens the import keys too (and keep them, with the new one).
  SIP_TRY(Unlock(im.passphrase, KeyUse::Import));
  const auto cur = std::find_if(im.import_keys.begin(), im.import_keys.end(), [](auto& k) { return k.role == "current"; });
  const auto nxt = std::find_if(im.import_keys.begin(), im.import_keys.end(), [](auto& k) { return k.role == "next"; });
  if (cur == im.import_keys.end() || nxt == im.import_keys.end()) return Damaged("no current or next import key");
  RotateResult out{cur->kid, nxt->kid, {}};

  bundle::X25519Identity fresh = bundle::X25519Generate();
  const auto fresh_r = bundle::RecipientOf(fresh);
  out.next_kid = bundle::ImportKeyId(fresh_r);
  // The new key gets the Argon2id cost the admin key was sealed with (bundle/backup.h header: kdf id at
  // byte 18, then opslimit and memlimit, big-endian).
  bundle::BackupParams kdf = im.kdf;
  if (im.admin_sealed.size() >= 27) {
    auto be32 = [&](size_t at) {
      return (uint32_t{im.admin_sealed[at]} << 24) | (uint32_t{im.admin_sealed[at + 1]} << 16) |
             (uint32_t{im.admin_sealed[at + 2]} << 8) | uint32_t{im.admin_sealed[at + 3]};
    };
    kdf.opslimit = be32(19);
    kdf.memlimit_kib = be32(23);
  }
  auto sealed = Seal(fresh.secret.data(), im.passphrase, kdf);
  if (!sealed) return sealed.error();
  const int64_t now = im.Now();
  {
    auto tx = Transaction::Begin(im.db);
    if (!tx) return tx.error();
    auto a = Statement::Prepare(im.db, "UPDATE keys SET role='retired', retired_at=?1 WHERE role='current';");
    if (!a) return a.error();
    a->Bind(1, now);
    SIP_TRY(a->Run());
    SIP_TRY(im.db.Exec("UPDATE keys SET role='current' WHERE role='next';"));
    auto ins = Statement::Prepare(im.db, "INSERT INTO keys(kid, kind, role, public_key, sealed, created_at) "
                                         "VALUES(?1, 'import', 'next', ?2, ?3, ?4);");
    if (!ins) return ins.error();
    ins->Bind(1, out.next_kid).Bind(2, bundle::EncodeRecipient(fresh_r)).BindBlob(3, sealed->data(), sealed->size())
        .Bind(4, now);
    SIP_TRY(ins->Run());
    SIP_TRY(tx->Commit());
  }
  // Reload the rows and line the identities up with them.
  std::map<std::string, bundle::X25519Identity> by_kid;
  for (size_t i = 0; i < im.identities.size(); ++i) by_kid[im.identity_ids[i]] = im.identities[i];
  by_kid[out.next_kid] = fresh;
  SIP_TRY(im.LoadKeys());
  im.identities.clear();
  im.identity_ids.clear();
  im.identity_recipients.clear();
  for (const auto& k : im.import_keys) {
    im.identities.push_back(by_kid.at(k.kid));
    im.identity_ids.push_back(k.kid);
    im.identity_recipients.push_back(k.recipient);
  }
  return out;
}

}  // namespace sip::office
