// fuzz_backup — OpenBackup() on an untrusted backup file with the fixture's passphrase and a 1 MiB cap.
//
// The file names its own Argon2id cost. Within the format's bounds (up to 10 passes over 256 MiB) one
// derivation can take seconds, which would starve the fuzzer, so inputs asking for more than the tiny cost
// the seeds use (1 pass, 8 KiB) and still within the bounds are skipped here. Parameters outside the bounds
// are passed on: OpenBackup() must refuse them before Argon2 runs, cheaply.
#include "bundle/backup.h"
#include "fuzz_fixture.h"

using namespace sip;
using namespace sip::bundle;
using namespace sip::fuzz;

namespace {

constexpr size_t kMaxPlaintext = 1u << 20;
constexpr uint32_t kTinyOpslimit = 1;
constexpr uint32_t kTinyMemlimitKib = 8;

uint32_t Be32(const uint8_t* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | uint32_t{p[3]};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  (void)World();
  constexpr size_t kOps = kBackupMagic.size() + 1;   // after the magic line and the KDF byte
  if (size >= kOps + 8) {
    const uint32_t ops = Be32(data + kOps);
    const uint32_t mem = Be32(data + kOps + 4);
    const bool in_bounds = ops >= kBackupMinOpslimit && ops <= kBackupMaxOpslimit &&
                           mem >= kBackupMinMemlimitKib && mem <= kBackupMaxMemlimitKib;
    if (in_bounds && (ops > kTinyOpslimit || mem > kTinyMemlimitKib)) return 0;
  }
  auto r = OpenBackup(data, size, kBackupPassphrase, kMaxPlaintext);
  if (r) SIP_FUZZ_CHECK(r->size() + kBackupHeaderSize + kBackupTagSize == size);
  return 0;
}
