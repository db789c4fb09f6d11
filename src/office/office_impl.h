// sipoffice/office_impl.h — the inside of office::Office, shared by the files that implement it (internal to
// sipoffice; not part of the API, which is office.h):
//   office.cpp          opening, unlocking, the trust list's loading and saving, the keys and their rotation
//   office_devices.cpp  enrollment, device lookup, revocation
//   office_import.cpp   verifying and importing bundles, the chains per device, counts
//   office_records.cpp  reading imported bundles and flags, receipts
//   office_online.cpp   what `sipfield office serve` adds: pending enrollments, receipts per bundle and per
//                       device, picking up trust-list changes made by another process
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bundle/crypto.h"
#include "bundle/encoding.h"
#include "office/office.h"
#include "store/sqlite.h"

namespace sip::office {

using bundle::Bytes;
using store::Database;
using store::Statement;
using store::Transaction;

// --- Helpers shared by the files above ------------------------------------------------------------------------

inline Error Damaged(std::string detail) { return Error{Errc::OfficeDamaged, std::move(detail)}; }

// Only [0-9a-f-] (jti) or base64url (kid) characters may be looked up by prefix.
inline bool IsPrefixText(std::string_view s, bool base64url) {
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
// signature segment. Valid for a JWS that OpenBundle accepted. `decoded`: the payload when the caller has it
// already (OpenedBundle::payload_text, decoded on the thread that opened the bundle), so that the storing thread
// does not decode it again.
struct JwsColumns {
  std::string_view protected_b64;
  std::string payload;
  std::string_view signature_b64;
};
inline JwsColumns SplitJws(std::string_view jws, std::string_view decoded = {}) {
  const size_t a = jws.find('.');
  const size_t b = jws.find('.', a + 1);
  if (!decoded.empty()) return {jws.substr(0, a), std::string(decoded), jws.substr(b + 1)};
  auto bytes = bundle::Base64UrlDecode(jws.substr(a + 1, b - a - 1));
  return {jws.substr(0, a), bytes ? std::string(bytes->begin(), bytes->end()) : std::string(), jws.substr(b + 1)};
}
// The inverse: exact, since only canonical base64url is ever accepted.
inline std::string JoinJws(std::string_view protected_b64, std::string_view payload, std::string_view signature_b64) {
  std::string out(protected_b64);
  out += '.';
  out += bundle::Base64UrlEncode(payload);
  out += '.';
  out += signature_b64;
  return out;
}

// One file on its way through ImportFiles / Import.
struct Pending {
  std::string file_sha256;
  bool known_file = false;                   // its SHA-256 was imported before: not opened
  Result<bundle::OpenedBundle> opened = Error{Errc::Internal, "not opened"};
};

struct ImportKeyRow {
  std::string kid;
  std::string role;
  bundle::X25519Recipient recipient{};
  Bytes sealed;
};

// The statements one import needs, prepared once per Office.
struct ImportStatements {
  Statement by_file, by_jti, by_seq, insert, flag;
};

struct Office::Impl {
  std::string dir;
  std::string db_path;
  Clock clock;
  Database db;
  std::string name;

  std::string admin_kid;
  bundle::Ed25519PublicKey admin_public{};
  Bytes admin_sealed;
  std::optional<bundle::Ed25519KeyPair> admin;

  std::vector<ImportKeyRow> import_keys;           // current, next, retired (newest first)
  std::vector<bundle::X25519Identity> identities;  // same order, once unlocked
  std::vector<std::string> identity_ids;
  std::vector<bundle::X25519Recipient> identity_recipients;   // RecipientOf each identity, same order
  bool import_unlocked = false;

  std::string passphrase;   // kept for sealing a rotated key; wiped in the destructor
  bundle::BackupParams kdf;

  bundle::TrustList trust;
  std::string trust_jws;

  std::unique_ptr<ImportStatements> stmts;

  ~Impl() {
    if (!passphrase.empty()) bundle::Wipe(passphrase.data(), passphrase.size());
  }

  int64_t Now() const { return clock ? clock() : 0; }

  Result<void> LoadKeys();
  Result<void> LoadTrust();
  Result<void> SaveTrust(const bundle::TrustList& list, const std::string& change,
                         const std::function<Result<void>()>& also);
  Result<ImportStatements*> Statements();
  bundle::OpenParams Params() const;
  // The database half of an import: the fast path for a known file, or the duplicate checks and the insert
  // in one transaction. Calling thread only.
  ImportOutcome Store(Pending& p, std::string_view source_name);
  // Whether a file with this SHA-256 was imported. Calling thread only.
  Result<bool> KnownFile(const std::string& file_sha256);
  // Signs out.receipt (its device, iat and bundles filled in) and records it with its items in one
  // transaction, running `before_commit` inside it; sets out.jws and out.id. Needs the admin key.
  Result<void> RecordReceipt(IssuedReceipt& out, const std::function<Result<void>(const std::string&)>& before_commit);
};

}  // namespace sip::office
