// bench/seal_cost.cpp — what encryption at rest adds to a commit (store/page_cipher.h), natively and in wasm
// under Node: single-row INSERT commits on the page-log VFS at ~1, 10 and 50 MB, the record framed and either
// handed on as it is (today) or sealed (XChaCha20-Poly1305, fresh nonce) first; then a checkpoint of the
// commits, plain against sealed. Storage is not included (the browser's durable save adds the worker round
// trip and the OPFS flush on top of both: docs/protection-at-rest.md relates the two).
//
//   .build/native/tests/bench_seal_cost [commits]
//   node --no-experimental-fetch .build/web/tests/bench_seal_cost.js [commits]
// (a second argument `plain-records` leaves the sealed run's records unsealed: to tell sealing from the rest)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "store/page_cipher.h"
#include "store/page_log.h"
#include "store/sqlite.h"

using namespace sip::store;
using Clock = std::chrono::steady_clock;

namespace {

bool g_plain_records = false;   // diagnosis: the sealed run's records are not sealed (everything else is)

struct Stats {
  double median = 0, p95 = 0;
};
Stats Of(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return {v[v.size() / 2], v[std::min(v.size() - 1, static_cast<size_t>(0.95 * static_cast<double>(v.size())))]};
}
double Ms(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double, std::milli>(b - a).count(); }

// A database image of about `mb` MB (rows of 1000 bytes), built once.
std::vector<uint8_t> MakeImage(int mb) {
  auto pl = PageLog::Create("bench-build");
  if (!pl) std::abort();
  {
    auto db = Database::Open("b.db", {.create = true, .read_only = false, .vfs = (*pl)->vfs_name()});
    if (!db) std::abort();
    (void)db->Exec("CREATE TABLE t(id INTEGER PRIMARY KEY, pad BLOB); BEGIN;");
    const int rows = mb * 1000;
    for (int i = 0; i < rows; ++i) (void)db->Exec("INSERT INTO t(pad) VALUES (randomblob(1000));");
    (void)db->Exec("COMMIT;");
  }
  return (*pl)->image();
}

// `commits` single-row commits; the sink seals when `cipher` is given. Returns per-commit ms and the
// checkpoint's ms.
std::pair<std::vector<double>, double> Run(const std::vector<uint8_t>& image, int commits, const PageCipher* cipher,
                                           const std::string& vfs) {
  auto pl = PageLog::Create(vfs, image);
  if (!pl) std::abort();
  SealedBase base;
  if (cipher && !SealedBase::SealImage(*cipher, image, 1, &base)) std::abort();
  size_t bytes = 0;
  const bool diag_plain_records = g_plain_records;   // diagnosis: argv[2] == "plain-records"
  (*pl)->SetSink([&](std::vector<uint8_t> rec, uint64_t seq) {
    if (cipher && !diag_plain_records) {
      auto sealed = cipher->SealRecord(base.file_id(), seq, rec);
      bytes += sealed.size();
    } else {
      bytes += rec.size();
    }
  });
  std::vector<double> ms;
  double cp_ms = 0;
  {
    auto db = Database::Open("b.db", {.create = true, .read_only = false, .vfs = (*pl)->vfs_name()});
    if (!db) std::abort();
    for (int i = 0; i < commits; ++i) {
      const auto t0 = Clock::now();
      (void)db->Exec("INSERT INTO t(pad) VALUES (randomblob(200));");
      ms.push_back(Ms(t0, Clock::now()));
    }
    const auto t0 = Clock::now();
    auto cp = (*pl)->TakeCheckpoint();
    if (!cp) std::abort();
    if (cipher) {
      auto sealed = base.SealCheckpoint(*cipher, *cp, (*pl)->image(), (*pl)->next_seq());
      if (!sealed) std::abort();
    }
    cp_ms = Ms(t0, Clock::now());
  }
  return {ms, cp_ms};
}

}  // namespace

int main(int argc, char** argv) {
  const int commits = argc > 1 ? std::max(20, std::atoi(argv[1])) : 150;
  g_plain_records = argc > 2 && std::string(argv[2]) == "plain-records";
  std::array<uint8_t, 32> key{};
  key.fill(42);
  const PageCipher cipher(key);
  std::printf("%-6s %-22s %-22s %-8s %-12s %-12s\n", "size", "plain median / p95", "sealed median / p95",
              "p95 +%", "cp plain", "cp sealed");
  int round = 0;
  for (int mb : {1, 10, 50}) {
    const std::vector<uint8_t> image = MakeImage(mb);
    // Interleaved, twice each, so a noisy machine hits both alike; the second pair is reported.
    std::pair<std::vector<double>, double> plain, sealed;
    for (int rep = 0; rep < 2; ++rep) {
      plain = Run(image, commits, nullptr, "bench-p" + std::to_string(++round));
      sealed = Run(image, commits, &cipher, "bench-s" + std::to_string(++round));
    }
    const Stats p = Of(plain.first), s = Of(sealed.first);
    std::printf("%3.0f MB  %7.3f / %7.3f ms    %7.3f / %7.3f ms    %+6.1f%%  %8.2f ms  %8.2f ms\n",
                static_cast<double>(image.size()) / 1e6, p.median, p.p95, s.median, s.p95, 100.0 * (s.p95 / p.p95 - 1.0),
                plain.second, sealed.second);
    std::fflush(stdout);
  }
  return 0;
}
