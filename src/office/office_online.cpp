// sipoffice/office_online.cpp — what `sipfield office serve` adds to the office (office.h, "online"):
// enrollment requests that wait for an administrator, trust-list changes picked up from another process,
// the two halves of an import for callers with their own threads, and receipts per bundle and per device.
#include <algorithm>

#include "office/office_impl.h"

namespace sip::office {

Result<EnrollmentState> Office::SubmitEnrollment(std::string_view request_jws) {
  Impl& im = *impl_;
  auto req = bundle::ReadEnrollmentRequest(request_jws);
  if (!req) return req.error();
  if (const bundle::TrustEntry* e = im.trust.Find(req->kid))
    return e->status == bundle::TrustStatus::Revoked ? EnrollmentState::Revoked : EnrollmentState::Approved;
  auto st = Statement::Prepare(im.db, "INSERT INTO pending_enrollments(kid, request_jws, received_at) VALUES(?1, ?2, ?3) "
                                      "ON CONFLICT(kid) DO UPDATE SET request_jws=excluded.request_jws, "
                                      "received_at=excluded.received_at;");
  if (!st) return st.error();
  st->Bind(1, req->kid).Bind(2, request_jws).Bind(3, im.Now());
  SIP_TRY(st->Run());
  return EnrollmentState::Pending;
}

Result<std::vector<PendingEnrollment>> Office::PendingEnrollments() const {
  auto st = Statement::Prepare(impl_->db, "SELECT kid, request_jws, received_at FROM pending_enrollments "
                                          "ORDER BY received_at, kid;");
  if (!st) return st.error();
  std::vector<PendingEnrollment> out;
  for (;;) {
    auto row = st->Step();
    if (!row) return row.error();
    if (!*row) break;
    auto req = bundle::ReadEnrollmentRequest(st->Text(1));   // verified again: the row is not trusted
    if (!req) continue;
    out.push_back({req->kid, bundle::KeyFingerprint(req->kid), req->device_name, req->staff, req->iat, st->Int(2)});
  }
  return out;
}

Result<EnrollResult> Office::ApproveEnrollment(std::string_view kid_or_prefix, int64_t valid_days) {
  Impl& im = *impl_;
  auto pending = PendingEnrollments();
  if (!pending) return pending.error();
  std::string kid;
  for (const auto& p : *pending) {
    const bool match = p.kid == kid_or_prefix ||
                       (kid_or_prefix.size() >= 8 && p.kid.compare(0, kid_or_prefix.size(), kid_or_prefix) == 0);
    if (!match) continue;
    if (!kid.empty() && kid != p.kid) return Error{Errc::DeviceNotEnrolled, "ambiguous prefix"};
    kid = p.kid;
  }
  if (kid.empty()) return Error{Errc::DeviceNotEnrolled, "no pending request with that kid"};
  auto st = Statement::Prepare(im.db, "SELECT request_jws FROM pending_enrollments WHERE kid=?1;");
  if (!st) return st.error();
  st->Bind(1, kid);
  auto row = st->Step();
  if (!row) return row.error();
  if (!*row) return Error{Errc::DeviceNotEnrolled, "no pending request with that kid"};
  const std::string request = st->Text(0);
  st->Reset();
  auto enrolled = Enroll(request, valid_days);
  if (!enrolled) return enrolled.error();
  auto del = Statement::Prepare(im.db, "DELETE FROM pending_enrollments WHERE kid=?1;");
  if (!del) return del.error();
  del->Bind(1, kid);
  SIP_TRY(del->Run());
  return enrolled;
}

Result<bool> Office::RefreshTrust() {
  Impl& im = *impl_;
  auto st = Statement::Prepare(im.db, "SELECT max(version) FROM trust_lists;");
  if (!st) return st.error();
  auto row = st->Step();
  if (!row) return row.error();
  if (!*row || st->Int(0) <= static_cast<int64_t>(im.trust.version)) return false;
  st->Reset();
  SIP_TRY(im.LoadTrust());
  return true;
}

bundle::OpenParams Office::VerifyParams() const { return impl_->Params(); }

Result<bool> Office::IsKnownFile(const std::string& file_sha256) { return impl_->KnownFile(file_sha256); }

ImportOutcome Office::ImportOpened(const Result<bundle::OpenedBundle>& opened, const std::string& file_sha256,
                                   std::string_view source_name) {
  Pending p;
  p.file_sha256 = file_sha256;
  p.opened = opened;
  return impl_->Store(p, source_name);
}

Result<std::string> Office::ReceiptFor(std::string_view jti) {
  Impl& im = *impl_;
  if (!im.admin) return Error{Errc::Internal, "ReceiptFor() needs the admin key"};
  auto st = Statement::Prepare(im.db, "SELECT b.kid, b.seq, b.jws_hash, b.imported_at, r.jws FROM bundles b "
                                      "LEFT JOIN receipt_items i ON i.jti = b.jti LEFT JOIN receipts r ON "
                                      "r.id = i.receipt_id WHERE b.jti=?1;");
  if (!st) return st.error();
  st->Bind(1, jti);
  auto row = st->Step();
  if (!row) return row.error();
  if (!*row) return Error{Errc::BundleNotFound, ""};
  if (!st->IsNull(4)) return st->Text(4);
  IssuedReceipt out;
  out.receipt.office = im.name;
  out.receipt.device = st->Text(0);
  out.receipt.iat = im.Now();
  out.receipt.bundles.push_back({std::string(jti), static_cast<uint64_t>(st->Int(1)), st->Text(2), st->Int(3)});
  st->Reset();
  SIP_TRY(im.RecordReceipt(out, {}));
  return out.jws;
}

Result<DeviceReceipts> Office::ReceiptsFor(std::string_view kid, uint64_t after_seq) const {
  Impl& im = *impl_;
  if (!im.trust.Find(kid)) return Error{Errc::DeviceNotEnrolled, ""};
  const auto after = static_cast<int64_t>(std::min<uint64_t>(after_seq, INT64_MAX));
  DeviceReceipts out;
  {
    auto st = Statement::Prepare(im.db, "SELECT seq, jti FROM bundles WHERE kid=?1 AND seq>?2 ORDER BY seq LIMIT ?3;");
    if (!st) return st.error();
    st->Bind(1, kid).Bind(2, after).Bind(3, static_cast<int64_t>(kMaxReceiptItems));
    for (;;) {
      auto row = st->Step();
      if (!row) return row.error();
      if (!*row) break;
      out.bundles.emplace_back(static_cast<uint64_t>(st->Int(0)), st->Text(1));
    }
  }
  auto st = Statement::Prepare(im.db, "SELECT r.jws FROM receipts r WHERE r.device=?1 AND EXISTS (SELECT 1 FROM "
                                      "receipt_items i JOIN bundles b ON b.jti = i.jti WHERE i.receipt_id = r.id "
                                      "AND b.seq > ?2) ORDER BY r.id LIMIT ?3;");
  if (!st) return st.error();
  st->Bind(1, kid).Bind(2, after).Bind(3, static_cast<int64_t>(kMaxReceiptItems));
  for (;;) {
    auto row = st->Step();
    if (!row) return row.error();
    if (!*row) break;
    out.receipts.push_back(st->Text(0));
  }
  return out;
}

}  // namespace sip::office
