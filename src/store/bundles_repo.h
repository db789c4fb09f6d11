// sipstore/bundles_repo.h — the device's side of plan bundles: the office profile it sends to, and every
// bundle it exported (schema: migrations/0003_bundles.sql; the format: docs/bundle-format.md).
//
// The store keeps bytes and bookkeeping only; building, signing and reading bundles, profiles and receipts
// is sipbundle's job, and the handler (src/app/bundle_commands.cpp) joins the two.
//
// Sections: ProfileRepo · BundlesRepo
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/time.h"

namespace sip::store {

class Store;
class WriteTx;

// ---------------------------------------------------------------------------------------------------------
// ProfileRepo — the one office profile (absent until imported)
// ---------------------------------------------------------------------------------------------------------
struct StoredProfile {
  std::string jws;         // the signed profile as received
  std::string office;
  std::string admin_kid;   // pinned: a later profile must be signed by this key
  std::string imported_at;
  std::string enrollment;      // the office server's last answer: "", "pending", "approved", "revoked" (Get only)
  std::string enrollment_at;
};

namespace profile_repo {
Result<std::optional<StoredProfile>> Get(const Store& store);
// Inserts or replaces the one row (the enrollment state is kept); valid only inside Store::Write().
Result<void> Put(WriteTx& tx, const StoredProfile& p);
// Records the office server's answer to the enrollment request; false when there is no profile to record it on.
Result<bool> SetEnrollment(WriteTx& tx, std::string_view state, std::string_view at);
}  // namespace profile_repo

// ---------------------------------------------------------------------------------------------------------
// BundlesRepo — exported bundles, kept until (and after) a receipt confirms them
// ---------------------------------------------------------------------------------------------------------
struct ExportedBundle {
  std::string jti;
  std::string kid;
  int64_t seq = 0;
  std::string case_id;
  std::string kind;               // "plan" | "follow_up"
  int plan_version = 0;
  std::string jws_hash;
  std::string file_name;
  std::vector<uint8_t> file;      // empty in listings (BundlesRepo::List), filled by Get
  int64_t audit_to_seq = 0;       // the last audit entry of the case the bundle carries
  std::string created_at;
  std::string delivered_at;       // "" until a receipt names it
  std::string receipt_office;
};

// Where a device key's chain stands: the last seq and its JWS hash (0 and "" before the first bundle).
struct ChainHead {
  int64_t seq = 0;
  std::string jws_hash;
};

namespace bundles_repo {
Result<ChainHead> Head(const Store& store, std::string_view kid);
// The last audit seq a bundle of `case_id` carried (0 when none was exported).
Result<int64_t> LastAuditSeq(const Store& store, std::string_view case_id);
// Every bundle, newest first, without the file bytes; for one case when case_id is non-empty.
Result<std::vector<ExportedBundle>> List(const Store& store, std::string_view case_id = {});
Result<std::optional<ExportedBundle>> Get(const Store& store, std::string_view jti);
// Records a new bundle; valid only inside Store::Write(). db_constraint when (kid, seq) or jti is taken.
Result<void> Insert(WriteTx& tx, const ExportedBundle& b);
// Marks a bundle delivered; valid only inside Store::Write(). Returns false when it already was.
Result<bool> MarkDelivered(WriteTx& tx, std::string_view jti, std::string_view at, std::string_view office);
}  // namespace bundles_repo

}  // namespace sip::store
