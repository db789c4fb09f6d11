// fuzz_documents — the four signed documents the office and devices exchange (documents.h): the input is a
// compact JWS given to ReadEnrollmentRequest(), ReadOfficeProfile() (with and without a pinned admin key),
// ReadTrustList() and ReadReceipt().
//
// As in fuzz_bundle_payload, an input that parses as a JWS is also re-signed verbatim (header and
// payload) — by the admin key for the office's documents, by the device key for an enrollment request — so
// the payload readers behind the signature see the fuzzer's bytes.
//
// Invariant: a trust list that reads, written back with TrustListToJson(), reads again.
#include "fuzz_fixture.h"

using namespace sip;
using namespace sip::bundle;
using namespace sip::fuzz;

namespace {

void ReadAll(const Fixture& w, std::string_view admin_signed, std::string_view device_signed) {
  const std::string admin_kid = JwkThumbprint(w.admin.public_key);
  if (auto e = ReadEnrollmentRequest(device_signed)) SIP_FUZZ_CHECK(e->kid == JwkThumbprint(e->key));
  if (auto p = ReadOfficeProfile(admin_signed)) {
    SIP_FUZZ_CHECK(p->admin_kid == JwkThumbprint(p->admin_key));
    (void)p->Current();
  }
  if (auto p = ReadOfficeProfile(admin_signed, admin_kid)) SIP_FUZZ_CHECK(p->admin_kid == admin_kid);
  if (auto t = ReadTrustList(admin_signed, w.admin.public_key)) {
    auto again = TrustListFromJson(TrustListToJson(*t));
    SIP_FUZZ_CHECK(again.ok());
    SIP_FUZZ_CHECK(again->devices.size() == t->devices.size());
    for (const TrustEntry& d : t->devices) SIP_FUZZ_CHECK(t->Find(d.kid) != nullptr);
  }
  if (auto r = ReadReceipt(admin_signed, w.admin.public_key)) SIP_FUZZ_CHECK(!r->bundles.empty());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const Fixture& w = World();
  const std::string_view compact = AsText(data, size);
  ReadAll(w, compact, compact);

  auto parts = JwsParse(compact, JwsLimits{.max_compact_bytes = kMaxDocumentBytes});
  if (!parts) return 0;
  const std::string by_admin = JwsSignWithHeader(w.admin, parts->header, AsText(parts->payload));
  const std::string by_device = JwsSignWithHeader(w.device, parts->header, AsText(parts->payload));
  ReadAll(w, by_admin, by_device);
  return 0;
}
