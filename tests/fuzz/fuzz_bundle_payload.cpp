// fuzz_bundle_payload — everything OpenBundle() does after decryption: the input is the compact JWS text
// given to OpenBundleJws() (JWS syntax, header, kid, signature, typ, trust list, payload, claims, audience,
// clock, FHIR document).
//
// A mutated JWS almost never carries a valid signature, so each input that parses as a JWS is also
// re-signed as it stands (its protected header and payload, verbatim) with the fixture's key for its kid
// and opened again: the fuzzer then reaches every check behind the signature with its own header and
// payload bytes.
#include "fuzz_fixture.h"

using namespace sip;
using namespace sip::bundle;
using namespace sip::fuzz;

namespace {

void CheckOpened(const Fixture& w, const OpenedBundle& b, std::string_view compact) {
  SIP_FUZZ_CHECK(b.device != nullptr);
  SIP_FUZZ_CHECK(b.claims.iss == b.device->kid);
  SIP_FUZZ_CHECK(b.claims.sub == b.device->staff);
  SIP_FUZZ_CHECK(b.claims.seq >= 1);
  SIP_FUZZ_CHECK(b.claims.iat >= b.device->valid_from);
  SIP_FUZZ_CHECK(b.device->valid_to == 0 || b.claims.iat <= b.device->valid_to);
  SIP_FUZZ_CHECK(b.claims.iat <= w.params.now + w.params.limits.max_future_skew_s);
  if (b.device->status == TrustStatus::Revoked) {
    SIP_FUZZ_CHECK(b.device->revoked_after_seq.has_value());
    SIP_FUZZ_CHECK(b.claims.seq <= *b.device->revoked_after_seq);
  }
  SIP_FUZZ_CHECK(b.jws == compact);
  SIP_FUZZ_CHECK(b.jws_hash == JwsHash(compact));
  SIP_FUZZ_CHECK(b.file_sha256.empty());
  SIP_FUZZ_CHECK(b.payload.is_object() && b.payload.at("document").is_object());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const Fixture& w = World();
  const std::string_view compact = AsText(data, size);
  if (auto r = OpenBundleJws(compact, w.params)) CheckOpened(w, *r, compact);

  auto parts = JwsParse(compact);
  if (!parts) return 0;
  std::string kid;
  if (auto it = parts->header_json.find("kid"); it != parts->header_json.end() && it->is_string())
    kid = it->get<std::string>();
  const std::string resigned = JwsSignWithHeader(w.DeviceKeyFor(kid), parts->header, AsText(parts->payload));
  if (auto r = OpenBundleJws(resigned, w.params)) CheckOpened(w, *r, resigned);
  return 0;
}
