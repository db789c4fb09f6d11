// bench/unlock.cpp — how long unlocking the database key takes (bundle/key_wrap.h: Argon2id + one
// XChaCha20-Poly1305 open), natively and in wasm under Node, for a grid of Argon2id parameters, so the
// default (kDefaultKdf) can be chosen and justified (docs/protection-at-rest.md).
//
//   .build/native/tests/bench_unlock [runs]                                   native
//   node --no-experimental-fetch .build/web/tests/bench_unlock.js [runs]      wasm (the app's libsodium build)
//
// Prints one line per parameter set: opslimit, memlimit, median and p95 in ms over `runs` unlocks (default 9).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "bundle/crypto.h"
#include "bundle/key_wrap.h"

using namespace sip::bundle;

int main(int argc, char** argv) {
  const int runs = argc > 1 ? std::max(3, std::atoi(argv[1])) : 9;
  if (!InitCrypto()) return 1;
  const KdfParams grid[] = {{2, 32 * 1024}, {3, 32 * 1024}, {2, 64 * 1024}, {3, 64 * 1024}, {4, 64 * 1024},
                            {2, 128 * 1024}, {3, 128 * 1024}, {2, 256 * 1024}};
  const char* pass = "blå tåg sjunger högt i natt";
  std::printf("%-9s %-12s %10s %10s   (%d unlocks each; default %u/%u KiB)\n", "opslimit", "memlimit", "median", "p95",
              runs, kDefaultKdf.opslimit, kDefaultKdf.memlimit_kib);
  for (const KdfParams& p : grid) {
    auto file = WrapDbKey(DbKey::Generate(), pass, p);
    if (!file) {
      std::printf("%-9u %-8u KiB  failed: %s\n", p.opslimit, p.memlimit_kib, file.error().detail.c_str());
      continue;
    }
    std::vector<double> ms;
    for (int i = 0; i < runs; ++i) {
      const auto t0 = std::chrono::steady_clock::now();
      auto key = UnlockDbKey(*file, pass);
      ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
      if (!key) return 2;
    }
    std::sort(ms.begin(), ms.end());
    const double median = ms[ms.size() / 2];
    const double p95 = ms[std::min(ms.size() - 1, static_cast<size_t>(0.95 * static_cast<double>(ms.size())))];
    std::printf("%-9u %-8u KiB %8.1f ms %8.1f ms\n", p.opslimit, p.memlimit_kib, median, p95);
    std::fflush(stdout);
  }
  return 0;
}
