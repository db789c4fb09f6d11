// sipoffice/office_records.cpp — reading what was imported (a bundle by jti, the flags) and the receipts
// the office signs for its devices.
#include <algorithm>
#include <string>

#include "bundle/crypto.h"
#include "bundle/encoding.h"
#include "core/time.h"
#include "office/office.h"
#include "office/office_impl.h"

namespace sip::office {

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
