// fuzz_open_bundle — the office importer's whole path: OpenBundle() on an untrusted *.sipbundle file
// (size limit, age decryption, JWS, trust list, claims, FHIR document), with the fixture's office.
// Random bytes rarely get past age decryption; fuzz_bundle_payload covers everything after it.
#include "fuzz_fixture.h"

using namespace sip;
using namespace sip::bundle;
using namespace sip::fuzz;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const Fixture& w = World();
  auto r = OpenBundle(data, size, w.params);
  if (r) {
    SIP_FUZZ_CHECK(r->device != nullptr);
    SIP_FUZZ_CHECK(r->claims.iss == r->device->kid);
    SIP_FUZZ_CHECK(r->jws_hash == JwsHash(r->jws));
    SIP_FUZZ_CHECK(r->file_sha256.size() == 64);
  }
  return 0;
}
