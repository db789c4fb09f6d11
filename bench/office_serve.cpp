// bench_office_serve — bundles per second through POST /api/v1/bundles (`sipfield office serve`, on
// loopback) with 1, 8 and 64 concurrent senders, p50/p95 latency per request, against libsodium's raw
// Ed25519 verify rate over the same signing inputs in the same run.
//
//   bench_office_serve [N_PER_LEVEL=600] [DEVICES=64]
//
// A fresh office (minimal Argon2id cost: unlocking is not measured) in a folder under /tmp, removed at the
// end; DEVICES enrolled devices; for each level a fresh set of N bundles (chained per device; real FHIR
// scenario documents plus 0–3 KB of audit entries), so every request is a real import that ends with a
// signed receipt. Output: a table, then one JSON line.
#include <httplib.h>
#include <sodium.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "bundle/crypto.h"
#include "bundle/documents.h"
#include "bundle/plan_bundle.h"
#include "core/fhir.h"
#include "core/fhir_cases.h"
#include "office/office.h"
#include "platform/platform.h"
#include "office/server.h"

using namespace sip;
using Clock = std::chrono::steady_clock;

namespace {

[[noreturn]] void Die(const std::string& what, const Error& e) {
  std::fprintf(stderr, "bench_office_serve: %s: %s %s\n", what.c_str(), std::string(ErrorCode(e.code)).c_str(),
               e.detail.c_str());
  std::exit(1);
}

Json Audit(size_t bytes) {
  Json a = Json::array();
  for (size_t i = 0; bytes > 0; ++i) {
    Json e{{"seq", i + 1}, {"at", "2026-11-20T09:00:00.000Z"}, {"actor", "Olle Omsorgshandledare"},
           {"action", "plan.update"}, {"data", {{"field", "interventions"}, {"note", std::string(160, 'x')}}},
           {"hash", std::string(43, 'A')}};
    const size_t n = e.dump().size();
    a.push_back(std::move(e));
    bytes = bytes > n ? bytes - n : 0;
  }
  return a;
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
}

}  // namespace

int main(int argc, char** argv) {
  const size_t n = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 600;
  const size_t devices = argc > 2 ? std::max<size_t>(1, std::strtoul(argv[2], nullptr, 10)) : 64;
  if (!bundle::InitCrypto()) return 1;
  char tmpl[] = "/tmp/sipfield-bench-serve-XXXXXX";
  if (!mkdtemp(tmpl)) return 1;
  const std::string dir = tmpl;
  const int64_t now = 1795336070;
  office::CreateOptions light;
  light.kdf.opslimit = 1;
  light.kdf.memlimit_kib = 8;
  auto created = office::Office::Create(dir + "/office", "Kontoret Bänk", "bänkprov lösenfras", [now] { return now; }, light);
  if (!created) Die("create", created.error());
  office::Office& office = *created;
  bundle::X25519Recipient current{};
  auto key_list = office.Keys();
  if (!key_list) Die("keys", key_list.error());
  for (const auto& k : *key_list)
    if (k.role == "current") current = *bundle::ParseRecipient(k.public_key);
  std::vector<bundle::Ed25519KeyPair> keys;
  std::vector<std::string> staff, prev;
  std::vector<uint64_t> seq;
  for (size_t i = 0; i < devices; ++i) {
    keys.push_back(bundle::Ed25519Generate());
    staff.push_back("Personal " + std::to_string(i + 1));
    auto req = bundle::MakeEnrollmentRequest(keys.back(), "Laptop " + std::to_string(i + 1), staff.back(), now - 3600);
    if (!req) Die("request", req.error());
    if (auto e = office.Enroll(*req, 365); !e) Die("enroll", e.error());
    prev.emplace_back();
    seq.push_back(0);
  }
  std::vector<Json> docs;
  for (auto& item : fhirtest::ScenarioDocuments()) docs.push_back(item.second);
  std::mt19937 rng(7);

  const int levels[] = {1, 8, 64};
  std::vector<std::vector<std::string>> files(3);
  std::vector<std::vector<std::string>> signing(3);
  std::vector<std::vector<std::array<uint8_t, 64>>> sigs(3);
  std::vector<std::vector<size_t>> signer(3);
  for (size_t l = 0; l < 3; ++l)
    for (size_t i = 0; i < n; ++i) {
      const size_t d = i % devices;
      bundle::BundleClaims c;
      c.iss = bundle::JwkThumbprint(keys[d].public_key);
      c.sub = staff[d];
      c.aud = bundle::ImportKeyId(current);
      c.jti = bundle::NewUuid();
      c.seq = ++seq[d];
      c.prev = prev[d];
      c.iat = now - 600;
      char case_id[24];
      std::snprintf(case_id, sizeof case_id, "c-%016zx", 1000 + i % 300);
      c.case_id = case_id;
      c.plan_version = 1;
      Json doc = docs[i % docs.size()];
      doc["identifier"]["value"] = "urn:uuid:" + c.jti;
      auto sealed = bundle::SealBundle(keys[d], bundle::BundlePayload(c, doc, Audit(rng() % 3000)), {current});
      if (!sealed) Die("seal", sealed.error());
      prev[d] = sealed->jws_hash;
      files[l].emplace_back(sealed->file.begin(), sealed->file.end());
      const size_t dot = sealed->jws.rfind('.');
      signing[l].push_back(sealed->jws.substr(0, dot));
      auto sig = bundle::Base64UrlDecode(std::string_view(sealed->jws).substr(dot + 1));
      std::array<uint8_t, 64> s{};
      std::copy(sig->begin(), sig->end(), s.begin());
      sigs[l].push_back(s);
      signer[l].push_back(d);
    }

  office::ServeOptions o;
  o.port = 0;
  o.threads = 64;
  o.limits.posts_per_second = 1e9;
  o.limits.post_burst = 1e9;
  office::Server server(office, o, {});
  auto port = server.Start();
  if (!port) Die("serve", port.error());

  // Raw verify over the same signing inputs (all levels), one thread.
  size_t verified = 0;
  const auto v0 = Clock::now();
  for (size_t l = 0; l < 3; ++l)
    for (size_t i = 0; i < n; ++i) {
      const auto& pk = keys[signer[l][i]].public_key;
      if (crypto_sign_verify_detached(sigs[l][i].data(), reinterpret_cast<const uint8_t*>(signing[l][i].data()),
                                      signing[l][i].size(), pk.data()) == 0)
        ++verified;
    }
  const double raw_rate = static_cast<double>(verified) / std::chrono::duration<double>(Clock::now() - v0).count();

  std::printf("allocator: %s\n", platform::AllocatorName().c_str());
  std::printf("bench_office_serve: %zu bundles per level, %zu devices, %u cores; raw Ed25519 verify %.0f/s (1 thread)\n",
              n, devices, std::thread::hardware_concurrency(), raw_rate);
  std::printf("%8s %12s %10s %10s %12s\n", "senders", "bundles/s", "p50 ms", "p95 ms", "÷ raw verify");
  std::string json = "{\"raw_verify_per_s\":" + std::to_string(raw_rate) + ",\"levels\":[";
  for (size_t l = 0; l < 3; ++l) {
    const int senders = levels[l];
    std::vector<std::vector<double>> lat(static_cast<size_t>(senders));
    std::atomic<size_t> next{0}, ok{0};
    const auto t0 = Clock::now();
    std::vector<std::thread> ts;
    for (int s = 0; s < senders; ++s)
      ts.emplace_back([&, s] {
        httplib::Client c("127.0.0.1", *port);
        c.set_read_timeout(120, 0);
        for (size_t i = next++; i < n; i = next++) {
          const auto r0 = Clock::now();
          auto r = c.Post("/api/v1/bundles", files[l][i], "application/octet-stream");
          lat[static_cast<size_t>(s)].push_back(std::chrono::duration<double, std::milli>(Clock::now() - r0).count());
          if (r && r->status == 201) ++ok;
        }
      });
    for (auto& t : ts) t.join();
    const double secs = std::chrono::duration<double>(Clock::now() - t0).count();
    std::vector<double> all;
    for (auto& v : lat) all.insert(all.end(), v.begin(), v.end());
    const double rate = static_cast<double>(ok) / secs;
    std::printf("%8d %12.0f %10.1f %10.1f %12.3f%s\n", senders, rate, Percentile(all, 0.5), Percentile(all, 0.95),
                rate / raw_rate, ok == n ? "" : "  (some refused!)");
    json += std::string(l ? "," : "") + "{\"senders\":" + std::to_string(senders) + ",\"bundles_per_s\":" +
            std::to_string(rate) + ",\"p50_ms\":" + std::to_string(Percentile(all, 0.5)) + ",\"p95_ms\":" +
            std::to_string(Percentile(all, 0.95)) + ",\"imported\":" + std::to_string(ok.load()) + "}";
  }
  json += "]}";
  std::printf("%s\n", json.c_str());
  server.Stop();
  server.Wait();
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  return 0;
}
