#include "office/office.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>
#include <unordered_set>

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

Error Damaged(std::string detail) { return Error{Errc::OfficeDamaged, std::move(detail)}; }

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

// Only [0-9a-f-] (jti) or base64url (kid) characters may be looked up by prefix.
bool IsPrefixText(std::string_view s, bool base64url) {
  for (const char c : s) {
    const bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || c == '-';
    const bool b64 = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '_';
    if (base64url ? !b64 : !hex) return false;
  }
  return true;
}

constexpr size_t kMinPrefix = 8;

// A compact JWS as stored: the protected header segment, the payload exactly as signed (the middle segment
// decoded: byte for byte what the device signed, and cheaper than serialising the parsed JSON again), the
// signature segment. Valid for a JWS that OpenBundle accepted.
struct JwsColumns {
  std::string_view protected_b64;
  std::string payload;
  std::string_view signature_b64;
};
JwsColumns SplitJws(std::string_view jws) {
  const size_t a = jws.find('.');
  const size_t b = jws.find('.', a + 1);
  auto bytes = bundle::Base64UrlDecode(jws.substr(a + 1, b - a - 1));
  return {jws.substr(0, a), bytes ? std::string(bytes->begin(), bytes->end()) : std::string(), jws.substr(b + 1)};
}
// The inverse: exact, since only canonical base64url is ever accepted.
std::string JoinJws(std::string_view protected_b64, std::string_view payload, std::string_view signature_b64) {
  std::string out(protected_b64);
  out += '.';
  out += bundle::Base64UrlEncode(payload);
  out += '.';
  out += signature_b64;
  return out;
}

// Reads a bundle file, at most `cap` bytes.
Result<Bytes> ReadBundleFile(const std::string& path, size_t cap) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) return Error{Errc::FileUnreadable, ""};
  if (size > cap) return Error{Errc::BundleTooLarge, "file over the limit"};
  Bytes b(static_cast<size_t>(size));
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return Error{Errc::FileUnreadable, ""};
  const size_t got = b.empty() ? 0 : std::fread(b.data(), 1, b.size(), f);
  std::fclose(f);
  if (got != b.size()) return Error{Errc::FileUnreadable, ""};
  return b;
}

std::string FileSha256(const uint8_t* file, size_t size) {
  const bundle::Sha256Digest fh = bundle::Sha256(file, size);
  return bundle::HexEncode(fh.data(), fh.size());
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
  for (const auto& k : im.import_keys) {
    im.identities.push_back(k.role == "current" ? current : next);
    im.identity_ids.push_back(k.kid);
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
  return bundle::MakeOfficeProfile(*im.admin, p);
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
  for (const auto& k : im.import_keys) {
    im.identities.push_back(by_kid.at(k.kid));
    im.identity_ids.push_back(k.kid);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// trust list
// ---------------------------------------------------------------------------------------------------------
Result<EnrollResult> Office::Enroll(std::string_view request_jws, int64_t valid_days) {
  Impl& im = *impl_;
  if (!im.admin) return Error{Errc::Internal, "Enroll() needs the admin key"};
  if (valid_days < 0 || valid_days > 100 * 366) return Error{Errc::InvalidArgument, "valid_days"};
  auto req = bundle::ReadEnrollmentRequest(request_jws);
  if (!req) return req.error();
  EnrollResult out;
  if (const bundle::TrustEntry* e = im.trust.Find(req->kid)) {
    if (e->status == bundle::TrustStatus::Revoked) return Error{Errc::DeviceRevoked, req->kid};
    out.changed = false;
    out.version = im.trust.version;
    out.entry = *e;
    return out;
  }
  const int64_t now = im.Now();
  bundle::TrustEntry entry;
  entry.kid = req->kid;
  entry.key = req->key;
  entry.device_name = req->device_name;
  entry.staff = req->staff;
  // From when the device proved it holds the key (the request's iat; the office's clock if that is later
  // than now): bundles sealed while the request was on its way are accepted.
  entry.valid_from = std::min(req->iat, now);
  entry.valid_to = valid_days == 0 ? 0 : now + valid_days * 86400;
  bundle::TrustList list = im.trust;
  list.version += 1;
  list.iat = now;
  list.devices.push_back(entry);
  const std::string jws(request_jws);
  SIP_TRY(im.SaveTrust(list, "enroll " + entry.kid, [&]() -> Result<void> {
    auto st = Statement::Prepare(im.db, "INSERT INTO devices(kid, request_jws, enrolled_at) VALUES(?1, ?2, ?3) "
                                        "ON CONFLICT(kid) DO NOTHING;");
    if (!st) return st.error();
    st->Bind(1, entry.kid).Bind(2, jws).Bind(3, now);
    return st->Run();
  }));
  out.changed = true;
  out.version = list.version;
  out.entry = entry;
  return out;
}

Result<std::string> Office::FindDevice(std::string_view kid_or_prefix) const {
  const auto& devices = impl_->trust.devices;
  for (const auto& d : devices)
    if (d.kid == kid_or_prefix) return d.kid;
  if (kid_or_prefix.size() < kMinPrefix || !IsPrefixText(kid_or_prefix, true))
    return Error{Errc::DeviceNotEnrolled, "no such kid"};
  const bundle::TrustEntry* found = nullptr;
  for (const auto& d : devices) {
    if (d.kid.compare(0, kid_or_prefix.size(), kid_or_prefix) == 0) {
      if (found) return Error{Errc::DeviceNotEnrolled, "prefix is ambiguous"};
      found = &d;
    }
  }
  if (!found) return Error{Errc::DeviceNotEnrolled, "no such kid"};
  return found->kid;
}

Result<RevokeResult> Office::Revoke(std::string_view kid_or_prefix, std::optional<uint64_t> after_seq) {
  Impl& im = *impl_;
  if (!im.admin) return Error{Errc::Internal, "Revoke() needs the admin key"};
  auto kid = FindDevice(kid_or_prefix);
  if (!kid) return kid.error();
  RevokeResult out;
  out.kid = *kid;
  out.after_seq = after_seq;
  bundle::TrustList list = im.trust;
  auto it = std::find_if(list.devices.begin(), list.devices.end(), [&](auto& d) { return d.kid == *kid; });
  if (it->status == bundle::TrustStatus::Revoked && it->revoked_after_seq == after_seq) {
    out.changed = false;
    out.version = im.trust.version;
    return out;
  }
  it->status = bundle::TrustStatus::Revoked;
  it->revoked_after_seq = after_seq;
  const int64_t now = im.Now();
  list.version += 1;
  list.iat = now;
  SIP_TRY(im.SaveTrust(list, "revoke " + *kid, [&]() -> Result<void> {
    auto st = Statement::Prepare(im.db, "UPDATE devices SET revoked_at=?2, revoked_after_seq=?3 WHERE kid=?1;");
    if (!st) return st.error();
    st->Bind(1, *kid).Bind(2, now);
    if (after_seq) st->Bind(3, static_cast<int64_t>(*after_seq));
    else st->BindNull(3);
    return st->Run();
  }));
  out.changed = true;
  out.version = list.version;
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// bundles
// ---------------------------------------------------------------------------------------------------------
Result<bundle::OpenedBundle> Office::Verify(const uint8_t* file, size_t size) const {
  if (!impl_->import_unlocked) return Error{Errc::Internal, "Verify() needs the import keys"};
  return bundle::OpenBundle(file, size, impl_->Params());
}


ImportOutcome Office::Import(const uint8_t* file, size_t size, std::string_view source_name) {
  Impl& im = *impl_;
  if (!im.import_unlocked) {
    ImportOutcome out;
    out.error = {Errc::Internal, "Import() needs the import keys"};
    return out;
  }
  Pending p;
  p.file_sha256 = FileSha256(file, size);
  // A file imported before is never decrypted again.
  auto known = im.KnownFile(p.file_sha256);
  if (!known) {
    ImportOutcome out;
    out.error = known.error();
    return out;
  }
  p.known_file = *known;
  if (!p.known_file) p.opened = bundle::OpenBundle(file, size, im.Params());
  return im.Store(p, source_name);
}

ImportOutcome Office::Impl::Store(Pending& p, std::string_view source_name) {
  Impl& im = *this;
  ImportOutcome out;
  auto refuse = [&](Error e) {
    out.status = ImportStatus::Refused;
    out.error = std::move(e);
    return out;
  };
  auto stp = im.Statements();
  if (!stp) return refuse(stp.error());
  ImportStatements& st = **stp;

  if (p.known_file) {
    st.by_file.Reset();
    st.by_file.Bind(1, p.file_sha256);
    auto row = st.by_file.Step();
    if (!row) return refuse(row.error());
    if (!*row) {
      st.by_file.Reset();
      return refuse({Errc::Internal, "known file not found"});
    }
    out.status = ImportStatus::AlreadyImported;
    out.jti = st.by_file.Text(0);
    out.kid = st.by_file.Text(1);
    out.seq = static_cast<uint64_t>(st.by_file.Int(2));
    out.jws_hash = st.by_file.Text(3);
    st.by_file.Reset();
    return out;
  }

  if (!p.opened) return refuse(p.opened.error());
  const bundle::OpenedBundle& opened = *p.opened;
  const bundle::BundleClaims& c = opened.claims;
  out.jti = c.jti;
  out.kid = c.iss;
  out.seq = c.seq;
  out.jws_hash = opened.jws_hash;

  auto tx = Transaction::Begin(im.db);
  if (!tx) return refuse(tx.error());
  // Same jti: the same bundle (re-encrypted, or the same file twice in one run) or a contradiction.
  std::string conflict_code, existing_jti;
  st.by_jti.Reset();
  st.by_jti.Bind(1, c.jti);
  auto row = st.by_jti.Step();
  if (!row) return refuse(row.error());
  if (*row) {
    const std::string hash = st.by_jti.Text(2);
    st.by_jti.Reset();
    if (hash == opened.jws_hash) {
      out.status = ImportStatus::AlreadyImported;
      return out;   // ~Transaction rolls back: nothing was written
    }
    conflict_code = "bundle_duplicate_jti";
    existing_jti = c.jti;
  }
  st.by_jti.Reset();
  if (conflict_code.empty()) {
    st.by_seq.Reset();
    st.by_seq.Bind(1, c.iss).Bind(2, static_cast<int64_t>(c.seq));
    auto srow = st.by_seq.Step();
    if (!srow) return refuse(srow.error());
    if (*srow) {
      conflict_code = "bundle_seq_conflict";
      existing_jti = st.by_seq.Text(0);
    }
    st.by_seq.Reset();
  }
  const int64_t now = im.Now();
  if (!conflict_code.empty()) {
    st.flag.Reset();
    st.flag.Bind(1, conflict_code).Bind(2, c.jti).Bind(3, c.iss).Bind(4, static_cast<int64_t>(c.seq))
        .Bind(5, opened.jws_hash).Bind(6, p.file_sha256).Bind(7, existing_jti).Bind(8, source_name).Bind(9, now)
        .Bind(10, opened.jws);
    if (auto r = st.flag.Run(); !r) return refuse(r.error());
    st.flag.Reset();
    if (auto r = tx->Commit(); !r) return refuse(r.error());
    out.status = ImportStatus::Flagged;
    out.existing_jti = existing_jti;
    out.error = Error{conflict_code == "bundle_duplicate_jti" ? Errc::BundleDuplicateJti : Errc::BundleSeqConflict,
                      "contradicts imported bundle " + existing_jti};
    return out;
  }
  const JwsColumns cols = SplitJws(opened.jws);
  st.insert.Reset();
  st.insert.Bind(1, c.jti).Bind(2, c.iss).Bind(3, static_cast<int64_t>(c.seq)).Bind(4, c.prev)
      .Bind(5, opened.jws_hash).Bind(6, p.file_sha256).Bind(7, c.case_id)
      .Bind(8, c.kind == bundle::BundleKind::Plan ? "plan" : "follow_up").Bind(9, int64_t{c.plan_version})
      .Bind(10, c.iat).Bind(11, now).Bind(12, source_name).Bind(13, cols.payload).Bind(14, cols.protected_b64)
      .Bind(15, cols.signature_b64);
  if (auto r = st.insert.Run(); !r) {
    st.insert.Reset();
    return refuse(r.error());
  }
  st.insert.Reset();
  if (auto r = tx->Commit(); !r) return refuse(r.error());
  out.status = ImportStatus::Imported;
  return out;
}

void Office::ImportFiles(const std::vector<std::string>& paths, unsigned threads,
                         const std::function<void(size_t, const ImportOutcome&)>& on_result) {
  Impl& im = *impl_;
  const size_t n = paths.size();
  auto report = [&](size_t i, const ImportOutcome& o) {
    if (on_result) on_result(i, o);
  };
  if (!im.import_unlocked) {
    ImportOutcome out;
    out.error = {Errc::Internal, "ImportFiles() needs the import keys"};
    for (size_t i = 0; i < n; ++i) report(i, out);
    return;
  }
  // Files imported before this run, by SHA-256: workers skip opening them (read-only during the run).
  std::unordered_set<std::string> known;
  {
    auto st = Statement::Prepare(im.db, "SELECT file_sha256 FROM bundles;");
    if (st) {
      for (;;) {
        auto row = st->Step();
        if (!row || !*row) break;
        known.insert(st->Text(0));
      }
    }
  }
  const bundle::OpenParams params = im.Params();   // one "now" for the checks of the whole run
  const size_t cap = params.limits.max_file_bytes;
  auto work = [&](size_t i, Pending& p) {
    auto file = ReadBundleFile(paths[i], cap);
    if (!file) {
      p.opened = file.error();
      return;
    }
    p.file_sha256 = FileSha256(file->data(), file->size());
    if (known.count(p.file_sha256)) {
      p.known_file = true;
      return;
    }
    p.opened = bundle::OpenBundle(file->data(), file->size(), params);
  };
  auto name_of = [&](size_t i) { return std::filesystem::path(paths[i]).filename().string(); };

  if (threads <= 1 || n < 2) {
    for (size_t i = 0; i < n; ++i) {
      Pending p;
      work(i, p);
      report(i, im.Store(p, name_of(i)));
    }
    return;
  }

  // Workers claim files in order, at most `window` ahead of the last one stored; the calling thread stores
  // them in order as they complete.
  const size_t window = size_t{4} * threads;
  std::vector<std::unique_ptr<Pending>> slots(n);
  std::vector<char> done(n, 0);
  std::mutex mu;
  std::condition_variable cv;
  size_t next_claim = 0, stored = 0;
  auto worker = [&] {
    for (;;) {
      size_t i;
      {
        std::unique_lock<std::mutex> lock(mu);
        cv.wait(lock, [&] { return next_claim >= n || next_claim < stored + window; });
        if (next_claim >= n) return;
        i = next_claim++;
      }
      auto p = std::make_unique<Pending>();
      work(i, *p);
      {
        std::lock_guard<std::mutex> lock(mu);
        slots[i] = std::move(p);
        done[i] = 1;
      }
      cv.notify_all();
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t) pool.emplace_back(worker);
  for (size_t i = 0; i < n; ++i) {
    std::unique_ptr<Pending> p;
    {
      std::unique_lock<std::mutex> lock(mu);
      cv.wait(lock, [&] { return done[i] != 0; });
      p = std::move(slots[i]);
    }
    const ImportOutcome out = im.Store(*p, name_of(i));
    p.reset();
    {
      std::lock_guard<std::mutex> lock(mu);
      stored = i + 1;
    }
    cv.notify_all();
    report(i, out);
  }
  for (auto& t : pool) t.join();
}

Result<void> Office::Checkpoint() { return impl_->db.Exec("PRAGMA wal_checkpoint(TRUNCATE);"); }

Result<ChainReport> Office::Chains(const std::vector<std::string>& kids) const {
  ChainReport out;
  auto walk = [&](Statement& st) -> Result<void> {
    std::string kid, prev_hash;
    uint64_t expected = 1, last_seq = 0;
    for (;;) {
      auto row = st.Step();
      if (!row) return row.error();
      if (!*row) break;
      const std::string k = st.Text(0);
      const auto seq = static_cast<uint64_t>(st.Int(1));
      if (k != kid) {
        kid = k;
        expected = 1;
        last_seq = 0;
        prev_hash.clear();
      }
      if (seq > expected) out.gaps.push_back({kid, expected, seq - 1});
      if (last_seq != 0 && seq == last_seq + 1 && st.Text(2) != prev_hash) out.broken.push_back({kid, seq, st.Text(4)});
      prev_hash = st.Text(3);
      last_seq = seq;
      expected = seq + 1;
    }
    return {};
  };
  if (kids.empty()) {
    auto st = Statement::Prepare(impl_->db, "SELECT kid, seq, prev, jws_hash, jti FROM bundles ORDER BY kid, seq;");
    if (!st) return st.error();
    SIP_TRY(walk(*st));
  } else {
    auto st = Statement::Prepare(impl_->db, "SELECT kid, seq, prev, jws_hash, jti FROM bundles WHERE kid=?1 ORDER BY seq;");
    if (!st) return st.error();
    std::vector<std::string> sorted = kids;
    std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    for (const auto& k : sorted) {
      st->Reset();
      st->Bind(1, k);
      SIP_TRY(walk(*st));
    }
  }
  return out;
}

Result<Counts> Office::CountAll() const {
  auto st = Statement::Prepare(impl_->db,
                               "SELECT (SELECT count(*) FROM bundles), (SELECT count(DISTINCT kid) FROM bundles), "
                               "(SELECT count(*) FROM flags), (SELECT count(*) FROM receipt_items);");
  if (!st) return st.error();
  auto row = st->Step();
  if (!row) return row.error();
  return Counts{st->Int(0), st->Int(1), st->Int(2), st->Int(3)};
}

// ---------------------------------------------------------------------------------------------------------
// reading
// ---------------------------------------------------------------------------------------------------------
Result<StoredBundle> Office::FindBundle(std::string_view jti_or_prefix) const {
  if (jti_or_prefix.empty() || !IsPrefixText(jti_or_prefix, false) ||
      (jti_or_prefix.size() < kMinPrefix && jti_or_prefix.size() != 36))
    return Error{Errc::BundleNotFound, "not a jti or a prefix of at least 8 characters"};
  auto st = Statement::Prepare(
      impl_->db,
      "SELECT b.jti, b.kid, b.seq, b.prev, b.jws_hash, b.file_sha256, b.case_id, b.kind, b.plan_version, b.iat, "
      "b.imported_at, b.source_name, coalesce(r.receipt_id, 0), b.payload, b.jws_protected, b.jws_signature "
      "FROM bundles b "
      "LEFT JOIN receipt_items r ON r.jti = b.jti WHERE b.jti >= ?1 AND b.jti < ?1 || '~' ORDER BY b.jti LIMIT 2;");
  if (!st) return st.error();
  st->Bind(1, jti_or_prefix);
  auto row = st->Step();
  if (!row) return row.error();
  if (!*row) return Error{Errc::BundleNotFound, "no such jti"};
  StoredBundle b;
  b.jti = st->Text(0);
  b.kid = st->Text(1);
  b.seq = static_cast<uint64_t>(st->Int(2));
  b.prev = st->Text(3);
  b.jws_hash = st->Text(4);
  b.file_sha256 = st->Text(5);
  b.case_id = st->Text(6);
  b.kind = st->Text(7);
  b.plan_version = static_cast<int>(st->Int(8));
  b.iat = st->Int(9);
  b.imported_at = st->Int(10);
  b.source_name = st->Text(11);
  b.receipt_id = st->Int(12);
  const std::string payload = st->Text(13);
  b.jws = JoinJws(st->Text(14), payload, st->Text(15));
  if (bundle::JwsHash(b.jws) != b.jws_hash) return Damaged("stored bundle " + b.jti + " does not match its jws_hash");
  b.payload = Json::parse(payload, nullptr, /*allow_exceptions=*/false);
  if (b.payload.is_discarded()) return Damaged("stored payload is not JSON");
  auto second = st->Step();
  if (!second) return second.error();
  if (*second && b.jti != jti_or_prefix) return Error{Errc::BundleNotFound, "prefix is ambiguous"};
  return b;
}

Result<std::vector<Flag>> Office::Flags() const {
  auto st = Statement::Prepare(impl_->db, "SELECT id, code, jti, kid, seq, jws_hash, existing_jti, source_name, "
                                          "flagged_at FROM flags ORDER BY id;");
  if (!st) return st.error();
  std::vector<Flag> out;
  for (;;) {
    auto row = st->Step();
    if (!row) return row.error();
    if (!*row) break;
    out.push_back({st->Int(0), st->Text(1), st->Text(2), st->Text(3), static_cast<uint64_t>(st->Int(4)), st->Text(5),
                   st->Text(6), st->Text(7), st->Int(8)});
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// receipts
// ---------------------------------------------------------------------------------------------------------
Result<std::vector<PendingDevice>> Office::PendingReceipts() const {
  auto st = Statement::Prepare(impl_->db, "SELECT b.kid, count(*) FROM bundles b LEFT JOIN receipt_items r ON "
                                          "r.jti = b.jti WHERE r.jti IS NULL GROUP BY b.kid ORDER BY b.kid;");
  if (!st) return st.error();
  std::vector<PendingDevice> out;
  for (;;) {
    auto row = st->Step();
    if (!row) return row.error();
    if (!*row) break;
    out.push_back({st->Text(0), st->Int(1)});
  }
  return out;
}

Result<IssuedReceipt> Office::IssueReceipt(std::string_view kid_or_prefix, int64_t since,
                                           const std::function<Result<void>(const std::string&)>& before_commit) {
  Impl& im = *impl_;
  if (!im.admin) return Error{Errc::Internal, "IssueReceipt() needs the admin key"};
  auto kid = FindDevice(kid_or_prefix);
  if (!kid) return kid.error();
  IssuedReceipt out;
  out.receipt.office = im.name;
  out.receipt.device = *kid;
  out.receipt.iat = im.Now();
  {
    auto st = Statement::Prepare(im.db, "SELECT b.jti, b.seq, b.jws_hash, b.imported_at FROM bundles b LEFT JOIN "
                                        "receipt_items r ON r.jti = b.jti WHERE b.kid=?1 AND r.jti IS NULL AND "
                                        "b.imported_at >= ?2 ORDER BY b.seq;");
    if (!st) return st.error();
    st->Bind(1, *kid).Bind(2, since);
    for (;;) {
      auto row = st->Step();
      if (!row) return row.error();
      if (!*row) break;
      if (out.receipt.bundles.size() == kMaxReceiptItems) {
        ++out.remaining;
        continue;
      }
      out.receipt.bundles.push_back({st->Text(0), static_cast<uint64_t>(st->Int(1)), st->Text(2), st->Int(3)});
    }
  }
  if (out.receipt.bundles.empty()) return Error{Errc::ReceiptEmpty, ""};
  SIP_TRY(im.RecordReceipt(out, before_commit));
  return out;
}

Result<void> Office::Impl::RecordReceipt(IssuedReceipt& out,
                                         const std::function<Result<void>(const std::string&)>& before_commit) {
  Impl& im = *this;
  const std::string kid = out.receipt.device;
  auto jws = bundle::MakeReceipt(*im.admin, out.receipt);
  if (!jws) return jws.error();
  out.jws = std::move(*jws);

  auto tx = Transaction::Begin(im.db);
  if (!tx) return tx.error();
  auto rec = Statement::Prepare(im.db, "INSERT INTO receipts(device, iat, items, jws) VALUES(?1, ?2, ?3, ?4);");
  if (!rec) return rec.error();
  rec->Bind(1, kid).Bind(2, out.receipt.iat).Bind(3, static_cast<int64_t>(out.receipt.bundles.size())).Bind(4, out.jws);
  SIP_TRY(rec->Run());
  auto id = Statement::Prepare(im.db, "SELECT last_insert_rowid();");
  if (!id) return id.error();
  SIP_TRY(id->Step());
  out.id = id->Int(0);
  auto item = Statement::Prepare(im.db, "INSERT INTO receipt_items(jti, receipt_id) VALUES(?1, ?2);");
  if (!item) return item.error();
  for (const auto& b : out.receipt.bundles) {
    item->Reset();
    item->Bind(1, b.jti).Bind(2, out.id);
    SIP_TRY(item->Run());
  }
  if (before_commit) SIP_TRY(before_commit(out.jws));
  SIP_TRY(tx->Commit());
  return {};
}

}  // namespace sip::office
