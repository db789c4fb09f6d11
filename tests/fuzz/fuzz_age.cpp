// fuzz_age — AgeDecrypt() on an untrusted file with the fixture's two import keys (current and next) and a
// 256 KiB plaintext cap.
#include "fuzz_fixture.h"

using namespace sip;
using namespace sip::bundle;
using namespace sip::fuzz;

namespace {
constexpr size_t kMaxPlaintext = 256 * 1024;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const Fixture& w = World();
  auto r = AgeDecrypt(data, size, w.params.identities, kMaxPlaintext);
  if (r) {
    SIP_FUZZ_CHECK(r->size() <= kMaxPlaintext);
    SIP_FUZZ_CHECK(r->size() < size);   // a nonce, a header and a tag per chunk are always there
  }
  return 0;
}
