// fuzz_json_claims — the payload of a plan bundle as text: ParseJsonStrict() (duplicates, depth, size),
// ReadClaims(), and the FHIR document check on its "document" member.
//
// Invariants: ParsePayloadJson() (bundle/payload_json.h: simdjson natively) gives ParseJsonStrict()'s answer,
// the same refusal or the same value with the same number types (compared through dump()). Claims that ReadClaims() accepts, written back with BundlePayload() (what SealBundle() signs),
// read back to the same claims, and the payload's serialisation parses strictly again.
#include "bundle/payload_json.h"
#include "fuzz_fixture.h"

using namespace sip;
using namespace sip::bundle;
using namespace sip::fuzz;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  (void)World();
  auto payload = ParseJsonStrict(AsText(data, size));
  auto fast = ParsePayloadJson(AsText(data, size));
  SIP_FUZZ_CHECK(fast.ok() == payload.ok());
  if (!payload) {
    SIP_FUZZ_CHECK(fast.error().code == payload.error().code);
    return 0;
  }
  SIP_FUZZ_CHECK(*fast == *payload && fast->dump() == payload->dump());
  auto claims = ReadClaims(*payload);
  if (payload->is_object()) {
    if (auto doc = payload->find("document"); doc != payload->end()) (void)sip::fuzz::CheckDocument(*doc);
  }
  if (!claims) return 0;

  const Json rebuilt = BundlePayload(*claims, payload->at("document"), payload->at("audit"));
  auto again = ReadClaims(rebuilt);
  SIP_FUZZ_CHECK(again.ok());
  SIP_FUZZ_CHECK(again->iss == claims->iss && again->sub == claims->sub && again->aud == claims->aud);
  SIP_FUZZ_CHECK(again->jti == claims->jti && again->seq == claims->seq && again->prev == claims->prev);
  SIP_FUZZ_CHECK(again->iat == claims->iat && again->case_id == claims->case_id);
  SIP_FUZZ_CHECK(again->kind == claims->kind && again->plan_version == claims->plan_version);
  auto reparsed = ParseJsonStrict(payload->dump());
  SIP_FUZZ_CHECK(reparsed.ok());
  return 0;
}
