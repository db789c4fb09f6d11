// sipoffice/office_devices.cpp — the devices on the trust list: enrollment, lookup by key id, revocation.
#include <algorithm>
#include <string>

#include "bundle/encoding.h"
#include "core/time.h"
#include "office/office.h"
#include "office/office_impl.h"

namespace sip::office {

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

}  // namespace sip::office
