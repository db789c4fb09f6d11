// bench_office_import — how fast the office imports plan bundles, against the raw Ed25519 verify rate.
//
//   bench_office_import [N=10000] [DEVICES=20] [DIR]
//
// 1. Creates a fresh office (default Argon2id cost) in DIR (default: a new folder under /tmp, removed at the
//    end) and enrols DEVICES devices.
// 2. Generates N bundles, N/DEVICES per device with seq 1, 2, … chained by prev, each a real FHIR document
//    from the scenario cases (tests/core/fhir_cases.h, 12–19 KB) plus 0–3 KB of audit entries, sealed with
//    SealBundle to the office's current import key and written to DIR/in/*.sipbundle.
// 3. Imports every file the way `sipfield office import DIR/in` does (Office::ImportFiles: bundles opened on
//    one worker thread per core, stored in file order on the calling thread, 64 bundles per commit, WAL
//    checkpoint at the end) into the fresh office: bundles/s. Then the same again (every file already
//    imported: the no-op path); then with one thread into a copy of the fresh office; and Office::Verify
//    alone, one thread (decrypt + verify + claims + FHIR checks, nothing stored).
// 4. Measures libsodium's crypto_sign_verify_detached over the same N JWS signing inputs, one thread, before
//    the import, after it and at the end, and prints import/raw against the fastest of the three.
// Output: human lines, then one JSON line (machine-readable).
#include <sodium.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "bundle/crypto.h"
#include "bundle/documents.h"
#include "bundle/encoding.h"
#include "bundle/payload_json.h"
#include "bundle/plan_bundle.h"
#include "core/fhir.h"
#include "core/fhir_cases.h"
#include "office/office.h"
#include "platform/platform.h"

using namespace sip;
using Clock = std::chrono::steady_clock;

namespace {

double Since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

[[noreturn]] void Die(const std::string& what, const Error& e) {
  std::fprintf(stderr, "bench_office_import: %s: %s %s\n", what.c_str(), std::string(ErrorCode(e.code)).c_str(),
               e.detail.c_str());
  std::exit(1);
}

// As the CLI reads a bundle file: its size, then one read.
bundle::Bytes ReadAll(const std::string& path) {
  std::error_code ec;
  bundle::Bytes b(static_cast<size_t>(std::filesystem::file_size(path, ec)));
  std::ifstream f(path, std::ios::binary);
  f.read(reinterpret_cast<char*>(b.data()), static_cast<std::streamsize>(b.size()));
  return b;
}

// Process CPU time (user + system), seconds: robust against other processes on a shared machine.
double Cpu() { return static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }

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

struct SigningInput {
  std::string input;                    // "<header b64>.<payload b64>"
  std::array<uint8_t, 64> signature{};
  bundle::Ed25519PublicKey key{};
};

}  // namespace

int main(int argc, char** argv) {
  const size_t n = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 10000;
  const size_t devices = argc > 2 ? std::max<size_t>(1, std::strtoul(argv[2], nullptr, 10)) : 20;
  const bool own_dir = argc <= 3;
  std::string dir;
  if (own_dir) {
    char tmpl[] = "/tmp/sipfield-bench-office-XXXXXX";
    if (!mkdtemp(tmpl)) return 1;
    dir = tmpl;
  } else {
    dir = argv[3];
  }
  const std::string office_dir = dir + "/office";
  const std::string in_dir = dir + "/in";
  std::filesystem::create_directories(in_dir);
  if (!bundle::InitCrypto()) return 1;
  const int64_t now = 1795336070;
  const char* pass = "bänkprov lösenfras";

  // --- 1. office and devices
  std::optional<office::Office> creator;
  {
    auto created = office::Office::Create(office_dir, "Kontoret Bänk", pass, [now] { return now; });
    if (!created) Die("create", created.error());
    creator.emplace(std::move(*created));
  }
  office::Office& office = *creator;
  bundle::X25519Recipient current{};
  auto key_list = office.Keys();
  if (!key_list) Die("keys", key_list.error());
  for (const auto& k : key_list.value())
    if (k.role == "current") current = *bundle::ParseRecipient(k.public_key);
  const std::string aud = bundle::ImportKeyId(current);
  std::vector<bundle::Ed25519KeyPair> keys;
  std::vector<std::string> staff;
  for (size_t i = 0; i < devices; ++i) {
    keys.push_back(bundle::Ed25519Generate());
    staff.push_back("Personal " + std::to_string(i + 1));
    auto req = bundle::MakeEnrollmentRequest(keys.back(), "Laptop " + std::to_string(i + 1), staff.back(), now - 3600);
    if (!req) Die("request", req.error());
    if (auto e = office.Enroll(*req, 365); !e) Die("enroll", e.error());
  }

  // --- 2. bundles
  std::vector<Json> docs;
  for (auto& [name, doc] : fhirtest::ScenarioDocuments()) docs.push_back(doc);
  std::mt19937 rng(42);
  std::vector<SigningInput> inputs;
  inputs.reserve(n);
  std::vector<std::string> prev(devices);
  std::vector<uint64_t> seq(devices, 0);
  size_t signing_bytes = 0;
  size_t payload_bytes = 0, file_bytes = 0, min_payload = SIZE_MAX, max_payload = 0;
  const auto gen_start = Clock::now();
  for (size_t i = 0; i < n; ++i) {
    const size_t d = i % devices;
    bundle::BundleClaims c;
    c.iss = bundle::JwkThumbprint(keys[d].public_key);
    c.sub = staff[d];
    c.aud = aud;
    c.jti = bundle::NewUuid();
    c.seq = ++seq[d];
    c.prev = prev[d];
    c.iat = now - 600 + static_cast<int64_t>(i % 500);
    char case_id[24];
    std::snprintf(case_id, sizeof case_id, "c-%016zx", 1000 + i % 300);
    c.case_id = case_id;
    c.kind = i % 4 == 3 ? bundle::BundleKind::FollowUp : bundle::BundleKind::Plan;
    c.plan_version = 1 + static_cast<int>(i % 3);
    Json doc = docs[i % docs.size()];   // a bundle's jti is its document's identifier
    doc["identifier"]["value"] = "urn:uuid:" + c.jti;
    const Json payload = bundle::BundlePayload(c, doc, Audit(rng() % 3000));
    auto sealed = bundle::SealBundle(keys[d], payload, {current});
    if (!sealed) Die("seal", sealed.error());
    prev[d] = sealed->jws_hash;
    const size_t pb = payload.dump().size();
    payload_bytes += pb;
    min_payload = std::min(min_payload, pb);
    max_payload = std::max(max_payload, pb);
    file_bytes += sealed->file.size();
    char name[96];
    std::snprintf(name, sizeof name, "/d%03zu-%06llu.sipbundle", d, static_cast<unsigned long long>(c.seq));
    std::ofstream f(in_dir + name, std::ios::binary);
    f.write(reinterpret_cast<const char*>(sealed->file.data()), static_cast<std::streamsize>(sealed->file.size()));
    auto parts = bundle::JwsParse(sealed->jws);
    if (!parts) Die("parse", parts.error());
    signing_bytes += parts->signing_input.size();
    inputs.push_back({parts->signing_input, parts->signature, keys[d].public_key});
  }
  const double gen_s = Since(gen_start);
  std::printf("generated %zu bundles from %zu devices in %.1f s: payload %zu–%zu bytes (mean %zu), files mean %zu bytes\n",
              n, devices, gen_s, min_payload, max_payload, payload_bytes / std::max<size_t>(n, 1),
              file_bytes / std::max<size_t>(n, 1));

  // --- 3. import into a fresh office, as the CLI does: Office::ImportFiles (worker threads open bundles, the
  // calling thread stores them in order), then the same with one thread into a copy of the fresh office.
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(in_dir)) files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  creator.reset();
  const std::string office_1t = dir + "/office-1t";
  std::filesystem::create_directories(office_1t);
  std::filesystem::copy_file(office_dir + "/office.db", office_1t + "/office.db");
  const unsigned hw = std::max(1u, std::min(8u, std::thread::hardware_concurrency()));
  // The CLI opens the office and unlocks the import keys once before its loop (two Argon2id runs); timed
  // separately.
  const auto unlock_start = Clock::now();
  auto opened = office::Office::Open(office_dir, [now] { return now; });
  if (!opened) Die("open", opened.error());
  if (auto u = opened->Unlock(pass, office::KeyUse::Import); !u) Die("unlock", u.error());
  const double unlock_s = Since(unlock_start);
  auto run = [&](office::Office& o, unsigned threads, const char* what, size_t* imported, double* cpu) {
    size_t ok = 0;
    const auto t = Clock::now();
    const double c0 = Cpu();
    o.ImportFiles(files, threads, [&](size_t i, const office::ImportOutcome& r) {
      if (r.status == office::ImportStatus::Imported || r.status == office::ImportStatus::AlreadyImported) ++ok;
      else Die(std::string(what) + " " + files[i], r.error);
    });
    if (auto c = o.Checkpoint(); !c) Die("checkpoint", c.error());
    *imported = ok;
    *cpu = Cpu() - c0;
    return Since(t);
  };
  // --- 4. raw Ed25519 verify over the same signing inputs, one thread: measured right before the import,
  // right after it and at the end. The machine's speed drifts between runs (a shared VM), so the ratio uses
  // the fastest of the three: the hardest comparison for the import.
  struct Raw {
    double rate = 0, rate_cpu = 0;
  };
  auto raw_verify = [&] {
    size_t ok = 0;
    const auto t = Clock::now();
    const double c0 = Cpu();
    for (const auto& in : inputs)
      if (crypto_sign_verify_detached(in.signature.data(), reinterpret_cast<const unsigned char*>(in.input.data()),
                                      in.input.size(), in.key.data()) == 0)
        ++ok;
    const double wall = Since(t), cpu = Cpu() - c0;
    if (ok != inputs.size()) std::fprintf(stderr, "bench_office_import: %zu signatures did not verify\n", inputs.size() - ok);
    return Raw{static_cast<double>(ok) / wall, static_cast<double>(ok) / cpu};
  };
  std::vector<Raw> raws;
  raws.push_back(raw_verify());
  size_t imported = 0, again_ok = 0, imported_1t = 0;
  double import_cpu = 0, again_cpu = 0, import_1t_cpu = 0;
  const double import_s = run(*opened, hw, "import", &imported, &import_cpu);
  raws.push_back(raw_verify());
  const double again_s = run(*opened, hw, "again", &again_ok, &again_cpu);
  auto chains = opened->Chains();
  if (!chains || !chains->clean()) std::fprintf(stderr, "bench_office_import: chains are not clean\n");
  double import_1t_s = 0;
  {
    auto one = office::Office::Open(office_1t, [now] { return now; });
    if (!one) Die("open", one.error());
    if (auto u = one->Unlock(pass, office::KeyUse::Import); !u) Die("unlock", u.error());
    import_1t_s = run(*one, 1, "import-1t", &imported_1t, &import_1t_cpu);
  }

  // Verify only (no database).
  size_t verified = 0;
  const auto verify_start = Clock::now();
  const double verify_c0 = Cpu();
  for (const auto& path : files) {
    const bundle::Bytes file = ReadAll(path);
    if (opened->Verify(file.data(), file.size())) ++verified;
  }
  const double verify_s = Since(verify_start);
  const double verify_cpu = Cpu() - verify_c0;

  // Where a bundle's verify time goes: each step of OpenBundle() timed alone over the same files (one thread).
  struct Step {
    const char* name;
    double s = 0;
  };
  Step steps[] = {{"SHA-256 of the file"}, {"age decrypt (X25519 + ChaCha20-Poly1305)"}, {"JWS split + base64url"},
                  {"Ed25519 verify"}, {"payload parse (payload_json.h)"}, {"claims"}, {"FHIR document checks"},
                  {"JWS hash"}, {"free the payload DOM"}};
  {
    bundle::OpenParams vp = opened->VerifyParams();
    const bundle::TrustList trust = opened->Trust();
    vp.trust = &trust;
    auto lap = [](Clock::time_point& t, Step& st) {
      const auto at = Clock::now();
      st.s += std::chrono::duration<double>(at - t).count();
      t = at;
    };
    for (const auto& path : files) {
      const bundle::Bytes file = ReadAll(path);
      auto t = Clock::now();
      (void)bundle::Sha256(file.data(), file.size());
      lap(t, steps[0]);
      auto plain = bundle::AgeDecrypt(file.data(), file.size(), vp.identities, vp.limits.max_file_bytes,
                                      &vp.identity_recipients);
      lap(t, steps[1]);
      if (!plain) Die("breakdown: decrypt", plain.error());
      const std::string_view compact(reinterpret_cast<const char*>(plain->data()), plain->size());
      auto parts = bundle::JwsParse(compact, bundle::JwsLimits{.max_compact_bytes = vp.limits.max_file_bytes});
      lap(t, steps[2]);
      if (!parts) Die("breakdown: parse", parts.error());
      const bundle::TrustEntry* device = trust.Find(parts->header_json["kid"].get<std::string>());
      if (!device || !bundle::JwsSignatureValid(*parts, device->key)) Die("breakdown: verify", Error{Errc::JwsBadSignature, ""});
      lap(t, steps[3]);
      auto payload = bundle::ParsePayloadJson(
          std::string_view(reinterpret_cast<const char*>(parts->payload.data()), parts->payload.size()));
      lap(t, steps[4]);
      if (!payload) Die("breakdown: payload", payload.error());
      auto claims = bundle::ReadClaims(*payload);
      lap(t, steps[5]);
      if (!claims) Die("breakdown: claims", claims.error());
      if (auto v = ValidateDocument(payload->at("document")); !v) Die("breakdown: document", v.error());
      lap(t, steps[6]);
      (void)bundle::JwsHash(compact);
      lap(t, steps[7]);
      *payload = Json();
      lap(t, steps[8]);
    }
  }

  const double import_rate = static_cast<double>(imported) / import_s;
  const double import_1t_rate = static_cast<double>(imported_1t) / import_1t_s;
  const double import_1t_rate_cpu = static_cast<double>(imported_1t) / import_1t_cpu;
  const double again_rate = static_cast<double>(again_ok) / again_s;
  const double verify_rate = static_cast<double>(verified) / verify_s;
  raws.push_back(raw_verify());
  double raw_rate = 0, raw_rate_cpu = 0;
  for (const Raw& r : raws) {
    raw_rate = std::max(raw_rate, r.rate);
    raw_rate_cpu = std::max(raw_rate_cpu, r.rate_cpu);
  }
  const double import_rate_cpu = static_cast<double>(imported) / import_cpu;
  const double verify_rate_cpu = static_cast<double>(verified) / verify_cpu;
  std::error_code ec;
  const auto db_bytes = std::filesystem::file_size(office_dir + "/office.db", ec);
  std::printf("allocator: %s\n", platform::AllocatorName().c_str());
  std::printf("rates per wall-clock second (per CPU second in brackets: the machine may be shared)\n");
  std::printf("unlock (Open + 2 Argon2id runs): %.2f s\n", unlock_s);
  std::printf("import into a fresh office, %u worker threads: %zu bundles in %.2f s = %.0f bundles/s [%.0f] "
              "(office.db %.1f MB)\n",
              hw, imported, import_s, import_rate, import_rate_cpu, static_cast<double>(db_bytes) / 1e6);
  std::printf("import into a fresh office, 1 thread:    %zu bundles in %.2f s = %.0f bundles/s [%.0f]\n", imported_1t,
              import_1t_s, import_1t_rate, import_1t_rate_cpu);
  std::printf("import again (all no-ops):       %.0f bundles/s [%.0f]\n", again_rate,
              static_cast<double>(again_ok) / again_cpu);
  std::printf("verify only (no database):       %.0f bundles/s [%.0f]\n", verify_rate, verify_rate_cpu);
  std::printf("raw Ed25519 verify (libsodium %s, crypto_sign_verify_detached, the same %zu signing inputs, "
              "mean %zu bytes): %.0f verifies/s [%.0f], the fastest of %.0f / %.0f / %.0f (before the import, "
              "after it, at the end)\n",
              bundle::SodiumVersion(), inputs.size(), signing_bytes / std::max<size_t>(n, 1), raw_rate, raw_rate_cpu,
              raws[0].rate, raws[1].rate, raws[2].rate);
  std::printf("ratio import/raw: %.3f (%u threads), %.3f [%.3f] (1 thread)   verify-only/raw: %.3f [%.3f]\n",
              import_rate / raw_rate, hw, import_1t_rate / raw_rate, import_1t_rate_cpu / raw_rate_cpu,
              verify_rate / raw_rate, verify_rate_cpu / raw_rate_cpu);
  std::printf("where one bundle's verify time goes (one thread, each step alone, µs per bundle):\n");
  double step_total = 0;
  for (const auto& st : steps) step_total += st.s;
  for (const auto& st : steps)
    std::printf("  %-44s %7.1f  (%4.1f %%)\n", st.name, st.s * 1e6 / static_cast<double>(n), 100 * st.s / step_total);
  std::printf("  %-44s %7.1f\n", "sum", step_total * 1e6 / static_cast<double>(n));
  Json j{{"bundles", n},
         {"devices", devices},
         {"mean_payload_bytes", payload_bytes / std::max<size_t>(n, 1)},
         {"mean_file_bytes", file_bytes / std::max<size_t>(n, 1)},
         {"threads", hw},
         {"allocator", platform::AllocatorName()},
         {"import_per_s", import_rate},
         {"import_1_thread_per_s", import_1t_rate},
         {"import_1_thread_per_cpu_s", import_1t_rate_cpu},
         {"import_per_cpu_s", import_rate_cpu},
         {"import_again_per_s", again_rate},
         {"verify_only_per_s", verify_rate},
         {"verify_only_per_cpu_s", verify_rate_cpu},
         {"raw_verify_per_s", raw_rate},
         {"raw_verify_per_cpu_s", raw_rate_cpu},
         {"ratio_import_raw", import_rate / raw_rate},
         {"ratio_import_1_thread_raw", import_1t_rate / raw_rate},
         {"ratio_import_1_thread_raw_cpu", import_1t_rate_cpu / raw_rate_cpu},
         {"unlock_s", unlock_s}};
  std::printf("%s\n", j.dump().c_str());
  if (own_dir) std::filesystem::remove_all(dir, ec);
  return imported == n ? 0 : 1;
}
