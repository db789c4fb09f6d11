// sipoffice/office.h — the office side of plan bundles: keys, trust list, verification, import, receipts.
//
// Home-care laptops send signed, encrypted plan bundles (bundle/plan_bundle.h); the convener's office keeps
// everything it needs to accept them in one **office directory** (`sipfield office … --office DIR`):
//
//   DIR/office.db     SQLite, the office's own migrations (office_migrations.h): the office name, the keys
//                     (secrets sealed with the office passphrase), every signed version of the trust list,
//                     the enrolled devices, imported bundles, conflict flags and receipts issued
//
// Keys: one admin Ed25519 key (signs trust lists, the office profile and receipts) and X25519 import keys
// (role current, next, or retired after a rotation; all of them decrypt). Each secret is 32 bytes sealed
// with bundle/backup.h SealBackup (Argon2id + XChaCha20-Poly1305) under the passphrase; public parts are in
// the clear, so read-only commands need no passphrase. Nothing else is secret in the directory.
//
// Import rules (docs/bundle-format.md, "The office tool"):
//   - every bundle is opened with OpenBundle() against the trust list in force, then stored in its own
//     transaction: either every row of it is written or none;
//   - the same bundle again (same file, or the same JWS re-encrypted) is a no-op: AlreadyImported;
//   - the same jti with other content, or the same (device, seq) under another jti, is refused and
//     flagged as evidence: bundle_duplicate_jti / bundle_seq_conflict;
//   - chains are reported from what is stored, after the run: seq gaps per device and prev links that do
//     not match the stored predecessor. A later import that fills a gap clears it.
// Durability: the database runs in WAL mode with synchronous=NORMAL, so a commit costs no fsync; Import
// callers call Checkpoint() at the end of a run, after which everything reported is on disk. A power cut
// before that can lose the last imports of the run (never half of one); importing the files again restores
// them, since import is idempotent.
// Threads: an Office is used from one thread. ImportFiles() opens bundles on worker threads of its own but
// touches SQLite (built with SQLITE_THREADSAFE=0) only from the calling thread.
//
// Sections:
//   opening ........ Create, Open, Unlock
//   keys ........... Keys, Profile, ExportIdentities, Rotate
//   trust list ..... Trust, Enroll, Revoke, FindDevice
//   bundles ........ Verify, Import, ImportFiles, Checkpoint, Chains, CountAll
//   reading ........ FindBundle, Flags
//   receipts ....... PendingReceipts, IssueReceipt
//   online ......... (office serve: office_online.cpp) SubmitEnrollment, PendingEnrollments, ApproveEnrollment,
//                    RefreshTrust, VerifyParams, IsKnownFile, ImportOpened, ReceiptFor, ReceiptsFor
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bundle/backup.h"
#include "bundle/documents.h"
#include "bundle/plan_bundle.h"
#include "core/command.h"
#include "core/result.h"

namespace sip::office {

inline constexpr std::string_view kDatabaseFile = "office.db";
inline constexpr int64_t kDefaultValidDays = 365;   // enrollment without --valid-days
inline constexpr size_t kMaxReceiptItems = 10000;   // bundle/documents.h: a receipt holds 1–10,000 items

// Unix seconds (UTC).
using Clock = std::function<int64_t()>;

// --- opening ----------------------------------------------------------------------------------------------

struct CreateOptions {
  bundle::BackupParams kdf;   // Argon2id cost of every sealed key (tests use the minimum: opslimit 1, 8 KiB)
};

// Which secrets Unlock() opens (each is one Argon2id run).
enum class KeyUse : unsigned { Admin = 1, Import = 2, All = 3 };

// --- keys ---------------------------------------------------------------------------------------------------

struct KeyInfo {
  std::string kid;          // admin: JWK thumbprint; import: ImportKeyId
  std::string kind;         // "admin" | "import"
  std::string role;         // "admin" | "current" | "next" | "retired"
  std::string public_key;   // admin: public JWK text; import: "age1…"
  int64_t created_at = 0;
  int64_t retired_at = 0;   // 0 = not retired
};

struct RotateResult {
  std::string retired_kid;   // the former current key (still decrypts)
  std::string current_kid;   // the former next key
  std::string next_kid;      // freshly generated
};

// --- trust list -------------------------------------------------------------------------------------------

struct EnrollResult {
  bool changed = false;      // false: this key was already enrolled, nothing written
  uint64_t version = 0;      // trust list version in force afterwards
  bundle::TrustEntry entry;
};

struct RevokeResult {
  bool changed = false;      // false: already revoked exactly so
  uint64_t version = 0;
  std::string kid;
  std::optional<uint64_t> after_seq;
};

// --- bundles ------------------------------------------------------------------------------------------------

enum class ImportStatus { Imported, AlreadyImported, Refused, Flagged };

struct ImportOutcome {
  ImportStatus status = ImportStatus::Refused;
  Error error;                 // Refused and Flagged: why (Errc::Ok otherwise)
  std::string jti;             // known once the bundle opened
  std::string kid;
  uint64_t seq = 0;
  std::string jws_hash;
  std::string existing_jti;    // Flagged: the imported bundle it contradicts
};

struct ChainGap {
  std::string kid;
  uint64_t from_seq = 0;   // missing: from_seq … to_seq (inclusive)
  uint64_t to_seq = 0;
};
struct BrokenLink {
  std::string kid;
  uint64_t seq = 0;        // this bundle's prev is not the hash of the stored bundle seq − 1
  std::string jti;
};
struct ChainReport {
  std::vector<ChainGap> gaps;
  std::vector<BrokenLink> broken;
  bool clean() const { return gaps.empty() && broken.empty(); }
};

struct Counts {
  int64_t bundles = 0;
  int64_t devices = 0;     // with at least one bundle
  int64_t flags = 0;
  int64_t receipted = 0;   // bundles confirmed by a receipt
};

struct StoredBundle {
  std::string jti, kid;
  uint64_t seq = 0;
  std::string prev, jws_hash, file_sha256, case_id, kind;
  int plan_version = 0;
  int64_t iat = 0, imported_at = 0;
  std::string source_name;
  int64_t receipt_id = 0;   // 0 = not receipted
  Json payload;             // the signed payload (claims, document, audit)
  std::string jws;
};

struct Flag {
  int64_t id = 0;
  std::string code, jti, kid;
  uint64_t seq = 0;
  std::string jws_hash, existing_jti, source_name;
  int64_t flagged_at = 0;
};

// --- receipts -------------------------------------------------------------------------------------------------

struct PendingDevice {
  std::string kid;
  int64_t bundles = 0;     // imported, not yet receipted
};

struct IssuedReceipt {
  int64_t id = 0;
  std::string jws;          // the signed receipt (sipfield-receipt+jws)
  bundle::Receipt receipt;
  int64_t remaining = 0;    // pending bundles of the device left for another receipt (over 10,000)
};

// --- online ---------------------------------------------------------------------------------------------------

// An enrollment request that arrived over the network and waits for an administrator.
struct PendingEnrollment {
  std::string kid;
  std::string fingerprint;   // the key id grouped for reading aloud: "kPrK qmxV WaYV …"
  std::string device_name;
  std::string staff;
  int64_t iat = 0;           // when the device signed the request
  int64_t received_at = 0;
};

enum class EnrollmentState { Pending, Approved, Revoked };

struct DeviceReceipts {
  std::vector<std::string> receipts;                      // signed receipts (JWS), oldest first
  std::vector<std::pair<uint64_t, std::string>> bundles;  // (seq, jti) of every imported bundle, seq order
};

// ---------------------------------------------------------------------------------------------------------
// Office
// ---------------------------------------------------------------------------------------------------------
class Office {
 public:
  // --- opening ------------------------------------------------------------------------------------------

  // Creates DIR (mode 0700) if needed and a new office in it: admin key, current and next import keys,
  // trust list version 1 (empty), all sealed with `passphrase`. Written to a temporary file and renamed, so
  // a failure leaves no half-made office. The result is unlocked. Valid after InitCrypto(). Errors:
  // office_exists (DIR/office.db is there), invalid_argument (name empty or over 120 bytes),
  // backup_weak_passphrase, db_* (the directory cannot be written).
  static Result<Office> Create(const std::string& dir, std::string_view name, std::string_view passphrase,
                               Clock clock, const CreateOptions& options = {});

  // Opens an existing office, locked. Refuses without writing: office_not_found (no DIR/office.db),
  // office_damaged (fails quick_check, not an office database, its trust list or keys do not verify),
  // db_too_new, db_migration_history. Valid after InitCrypto().
  static Result<Office> Open(const std::string& dir, Clock clock);

  // Opens the sealed secrets `use` needs (one Argon2id run per key). Errors: office_wrong_passphrase,
  // office_damaged (a sealed key that does not match its public part).
  Result<void> Unlock(std::string_view passphrase, KeyUse use);
  bool HasAdmin() const;      // Unlock(…, Admin) succeeded
  bool HasImport() const;     // Unlock(…, Import) succeeded

  Office(Office&&) noexcept;
  Office& operator=(Office&&) noexcept;
  ~Office();

  const std::string& name() const;
  const std::string& dir() const;

  // --- keys ---------------------------------------------------------------------------------------------

  // Every key, admin first, then import keys (current, next, retired newest first). No secrets.
  Result<std::vector<KeyInfo>> Keys() const;
  const std::string& AdminKid() const;
  const bundle::Ed25519PublicKey& AdminPublicKey() const;

  // The signed office profile (MakeOfficeProfile): current and next import keys, and the recovery recipient
  // when one is set. Needs Admin.
  Result<std::string> Profile() const;

  // The recovery recipient ("age1…", from `sipfield office recovery-key`) that profiles carry from now on:
  // devices importing one also wrap their database key to it (docs/protection-at-rest.md). nullopt removes
  // it from later profiles (devices keep what they already wrapped). Kept in the office's meta table.
  Result<void> SetRecoveryRecipient(const std::optional<bundle::X25519Recipient>& recipient);
  Result<std::optional<bundle::X25519Recipient>> RecoveryRecipient() const;

  // Every import key (current, next, retired) as an age identity file, the way age-keygen writes keys:
  // `# public key: age1…` comments and one `AGE-SECRET-KEY-1…` line each, so standard `age -d -i FILE`
  // decrypts any bundle the office ever received. Secret: the caller writes it with mode 0600. Needs Import.
  Result<std::string> ExportIdentities() const;

  // next → current, current → retired (still decrypts), a fresh next. Needs Admin (the new key is sealed
  // under the passphrase given to Unlock). Valid after InitCrypto().
  Result<RotateResult> Rotate();

  // --- trust list -----------------------------------------------------------------------------------------

  // The trust list in force (verified under the admin key when the office was opened).
  const bundle::TrustList& Trust() const;
  // Its signed JWS.
  const std::string& TrustJws() const;

  // Adds the device of an enrollment request (ReadEnrollmentRequest) and signs a new trust list version. The
  // key is valid from the request's iat (when the device proved it holds the key; now, if that is earlier)
  // until now + `valid_days` (0 = no end). The same key again is a no-op (changed = false).
  // Needs Admin. Errors: jws_*, document_invalid (the request), device_revoked (this key was revoked: it
  // never comes back), invalid_argument (valid_days negative).
  Result<EnrollResult> Enroll(std::string_view request_jws, int64_t valid_days);

  // Revokes a device key: bundles with seq above `after_seq` are refused from now on (no after_seq: every
  // bundle). Revoking again exactly so is a no-op; another after_seq signs a new version. Needs Admin.
  // Errors: device_not_enrolled.
  Result<RevokeResult> Revoke(std::string_view kid, std::optional<uint64_t> after_seq);

  // The kid of the enrolled device `kid_or_prefix` names (the whole kid, or a unique prefix of at least 8
  // characters). Errors: device_not_enrolled (none or ambiguous).
  Result<std::string> FindDevice(std::string_view kid_or_prefix) const;

  // --- bundles ----------------------------------------------------------------------------------------------

  // Opens a bundle file like Import would, without storing anything. Needs Import.
  Result<bundle::OpenedBundle> Verify(const uint8_t* file, size_t size) const;

  // Verifies and stores one bundle file (the rules at the top of this file). Needs Import. Never throws; a
  // database failure is a Refused outcome with a db_* code (nothing of that bundle written).
  ImportOutcome Import(const uint8_t* file, size_t size, std::string_view source_name);

  // Imports files in the given order with the same result as Import() on each in turn (file names are the
  // paths' last components), opening up to `threads` bundles at once on worker threads (reading, hashing,
  // decryption, signature, payload and FHIR checks). The database is touched only on the calling thread,
  // in file order: up to 64 bundles per commit, each bundle a savepoint inside it (a refused one undoes only
  // its own writes). A file already imported (same SHA-256) is not decrypted. `on_result` runs on the
  // calling thread for each file once its batch is committed (a failed commit: every bundle of the batch
  // that would have been written is reported refused). threads ≤ 1: everything on the calling thread.
  // Needs Import. Does not checkpoint.
  void ImportFiles(const std::vector<std::string>& paths, unsigned threads,
                   const std::function<void(size_t index, const ImportOutcome& outcome)>& on_result);

  // Makes every import so far durable (WAL checkpoint). Call at the end of a run.
  Result<void> Checkpoint();

  // Seq gaps and broken prev links over every stored bundle (or only those of `kids`).
  Result<ChainReport> Chains(const std::vector<std::string>& kids = {}) const;
  Result<Counts> CountAll() const;

  // --- reading ------------------------------------------------------------------------------------------------

  // The bundle with `jti_or_prefix` (the whole jti, or a unique prefix of at least 8 characters).
  // Errors: bundle_not_found (none or ambiguous).
  Result<StoredBundle> FindBundle(std::string_view jti_or_prefix) const;
  Result<std::vector<Flag>> Flags() const;

  // --- receipts -------------------------------------------------------------------------------------------

  // Devices with imported bundles no receipt has confirmed yet, by kid.
  Result<std::vector<PendingDevice>> PendingReceipts() const;

  // Signs a receipt (MakeReceipt) for the device's imported, not yet receipted bundles imported at or after
  // `since` (Unix seconds; 0 = all), lowest seq first, at most kMaxReceiptItems, and records it. `before_commit`
  // (optional) runs after signing, inside the transaction: e.g. writing the file, so that a receipt is
  // recorded only if it was written. Needs Admin. Errors: device_not_enrolled, receipt_empty (nothing to
  // confirm), what before_commit returns.
  Result<IssuedReceipt> IssueReceipt(std::string_view kid, int64_t since,
                                     const std::function<Result<void>(const std::string& jws)>& before_commit = {});

  // --- online (office_online.cpp: what `sipfield office serve` adds) -----------------------------------------

  // Keeps a verified enrollment request (ReadEnrollmentRequest) as pending: nothing is trusted until
  // ApproveEnrollment(). Returns the key's state: Approved when it is already in the trust list, Revoked when
  // it was revoked (it never comes back), else Pending (a newer request from the same key replaces the
  // stored one). Errors: jws_*, document_invalid, enrollment_text_invalid.
  Result<EnrollmentState> SubmitEnrollment(std::string_view request_jws);
  // The pending requests, oldest first.
  Result<std::vector<PendingEnrollment>> PendingEnrollments() const;
  // Enrolls the pending request of `kid_or_prefix` (a unique prefix of at least 8 characters) as Enroll()
  // does and removes it from the pending list. Needs Admin. Errors: device_not_enrolled (no such pending
  // request), and Enroll()'s.
  Result<EnrollResult> ApproveEnrollment(std::string_view kid_or_prefix, int64_t valid_days);

  // Reloads the trust list when another process (the CLI) stored a newer version; true when it changed.
  Result<bool> RefreshTrust();
  // What Verify() passes to bundle::OpenBundle (import identities and their ids, the clock's now, the FHIR
  // check), for callers that open bundles on other threads without the office: `trust` points at the
  // office's own list, so such a caller points it at a copy of Trust() it keeps. Needs Import.
  bundle::OpenParams VerifyParams() const;

  // The two halves of Import() for a caller that opens bundles on its own threads (office serve): whether
  // a file with this SHA-256 is imported, and storing what Verify() returned (Refused when it failed).
  Result<bool> IsKnownFile(const std::string& file_sha256);
  ImportOutcome ImportOpened(const Result<bundle::OpenedBundle>& opened, const std::string& file_sha256,
                             std::string_view source_name);

  // The signed receipt that confirms bundle `jti`: the one recorded before if a receipt covers it (so the
  // same bundle always gets the same receipt), else a new receipt for exactly this bundle, recorded.
  // Needs Admin. Errors: bundle_not_found.
  Result<std::string> ReceiptFor(std::string_view jti);
  // Every receipt issued to device `kid` that confirms a bundle with seq above `after_seq`, and the (seq,
  // jti) of every such imported bundle, at most kMaxReceiptItems. Errors: device_not_enrolled.
  Result<DeviceReceipts> ReceiptsFor(std::string_view kid, uint64_t after_seq) const;

 private:
  struct Impl;
  explicit Office(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace sip::office
