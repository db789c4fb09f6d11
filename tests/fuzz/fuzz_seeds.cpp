// fuzz_seeds OUT_DIR — writes the seed corpora of every fuzz target, valid inputs made by the project's
// own writers from the fixture (fuzz_fixture.h): OUT_DIR/<target>/<name>. Nothing binary is committed;
// scripts/fuzz runs this before fuzzing (files are overwritten, the fuzzers' own finds next to them stay).
//
// Linked like the targets (libFuzzer provides main); the work happens in LLVMFuzzerInitialize, which exits.
#include <filesystem>
#include <fstream>

#include "bundle/backup.h"
#include "fuzz_fixture.h"

// The FHIR scenario documents of tests/core (real PlanDocument() output that ValidateDocument() accepts).
#if SIP_FUZZ_HAVE_FHIR && __has_include("core/fhir_cases.h")
#include "core/fhir_cases.h"
#define SIP_FUZZ_SCENARIOS 1
#else
#define SIP_FUZZ_SCENARIOS 0
#endif

using namespace sip;
using namespace sip::bundle;
using namespace sip::fuzz;
namespace fs = std::filesystem;

namespace {

// Reproducible "randomness" for age files: SHA-256(label || counter). Seeds only.
RandomSource Deterministic(std::string label) {
  auto state = std::make_shared<std::pair<std::string, uint64_t>>(std::move(label), 0);
  return [state](uint8_t* out, size_t size) {
    while (size > 0) {
      const Sha256Digest d = Sha256(state->first + "#" + std::to_string(state->second++));
      const size_t n = std::min(size, d.size());
      std::copy_n(d.begin(), n, out);
      out += n;
      size -= n;
    }
  };
}

class Writer {
 public:
  explicit Writer(fs::path root) : root_(std::move(root)) {}
  void Put(const std::string& target, const std::string& name, std::string_view bytes) {
    const fs::path dir = root_ / target;
    fs::create_directories(dir);
    std::ofstream f(dir / name, std::ios::binary | std::ios::trunc);
    f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!f) Fixture::Die("cannot write a seed");
    ++count_;
  }
  void Put(const std::string& target, const std::string& name, const Bytes& bytes) { Put(target, name, AsText(bytes)); }
  int count() const { return count_; }

 private:
  fs::path root_;
  int count_ = 0;
};

template <typename T>
T Must(Result<T> r, const char* what) {
  if (!r) Fixture::Die(what);
  return std::move(*r);
}

// A small hand-written document Bundle in the shape core/fhir.h PlanDocument() makes (Composition first,
// references to urn:uuid fullUrls), used when the scenario documents are not available. Fictional data.
[[maybe_unused]] Json HandDocument(bool follow_up) {
  const std::string p = "urn:uuid:0b1e7a52-5c1d-5e8a-9f0b-3c4d5e6f7a8b";
  const std::string comp = "urn:uuid:1c2f8b63-6d2e-5f9b-8a1c-4d5e6f7a8b9c";
  const std::string goal = "urn:uuid:2d3a9c74-7e3f-5a0c-9b2d-5e6f7a8b9c0d";
  Json entries = Json::array();
  entries.push_back(Json{{"fullUrl", comp},
                         {"resource",
                          {{"resourceType", "Composition"},
                           {"status", "final"},
                           {"type", {{"text", follow_up ? "SIP uppföljning" : "SIP"}}},
                           {"subject", {{"reference", p}}},
                           {"date", "2026-11-18T09:30:00Z"},
                           {"author", Json::array({Json{{"display", std::string(kStaff)}}})},
                           {"title", "Samordnad individuell plan"},
                           {"section", Json::array({Json{{"title", "Mål"},
                                                         {"entry", Json::array({Json{{"reference", goal}}})}}})}}}});
  entries.push_back(Json{{"fullUrl", p},
                         {"resource",
                          {{"resourceType", "Patient"},
                           {"identifier", Json::array({Json{{"system", "http://electronichealth.se/identifier/personnummer"},
                                                            {"value", "199012119948"}}})},
                           {"name", Json::array({Json{{"family", "Testsson"}, {"given", Json::array({"Tolvan"})}}})}}}});
  entries.push_back(Json{{"fullUrl", goal},
                         {"resource",
                          {{"resourceType", "Goal"},
                           {"lifecycleStatus", "active"},
                           {"description", {{"text", "Klara morgonrutinen själv"}}},
                           {"subject", {{"reference", p}}}}}});
  return Json{{"resourceType", "Bundle"},
              {"type", "document"},
              {"identifier", {{"system", "urn:ietf:rfc:3986"}, {"value", "urn:uuid:5d0f3c1e-8a4b-4c2d-9e6f-1a2b3c4d5e6f"}}},
              {"timestamp", "2026-11-18T09:30:00Z"},
              {"entry", entries}};
}

BundleClaims Claims(const Fixture& w, const Ed25519KeyPair& key, std::string_view staff, uint64_t seq,
                    std::string prev, BundleKind kind) {
  BundleClaims c;
  c.iss = JwkThumbprint(key.public_key);
  c.sub = std::string(staff);
  c.aud = ImportKeyId(RecipientOf(w.import_key));
  c.jti = "5d0f3c1e-8a4b-4c2d-9e6f-1a2b3c4d5e6" + std::to_string(seq % 10);
  c.seq = seq;
  c.prev = std::move(prev);
  c.iat = kNow - 3600;
  c.case_id = "c-0011223344556677";
  c.kind = kind;
  c.plan_version = kind == BundleKind::Plan ? 1 : 2;
  return c;
}

void WriteSeeds(const fs::path& out) {
  const Fixture& w = World();
  Writer put(out);
  const X25519Recipient current = RecipientOf(w.import_key);
  const X25519Recipient next = RecipientOf(w.next_import_key);
  const Json audit = Json::array({Json{{"seq", 1}, {"at", kNow - 4000}, {"event", "plan_established"}}});

  // Documents: PlanDocument() output for the scenario cases of tests/core when the real validator is built
  // in, otherwise a hand-written one that the stand-in check accepts.
  std::vector<std::pair<std::string, Json>> documents;
#if SIP_FUZZ_SCENARIOS
  documents = fhirtest::ScenarioDocuments();
#else
  documents = {{"hand-plan", HandDocument(false)}, {"hand-follow-up", HandDocument(true)}};
#endif

  // Plan bundles: one per document from the active device (seq 1, 2, … a chain: follow-ups for documents
  // whose name says so, two recipients on every second one), and one from the revoked device at seq 2
  // (still within revoked_after_seq).
  std::string prev;
  uint64_t seq = 0;
  auto seal = [&](const std::string& name, const Ed25519KeyPair& key, std::string_view staff, uint64_t n,
                  BundleKind kind, const Json& document, const std::vector<X25519Recipient>& to) {
    const BundleClaims c = Claims(w, key, staff, n, n == 1 ? "" : (prev.empty() ? JwsHash("x") : prev), kind);
    Json doc = document;   // a bundle's jti is its document's identifier
    doc["identifier"] = Json{{"system", "urn:ietf:rfc:3986"}, {"value", "urn:uuid:" + c.jti}};
    const Json payload = BundlePayload(c, doc, n == 1 ? Json::array() : audit);
    const SealedBundle b = Must(SealBundle(key, payload, to, Deterministic(name)), "SealBundle");
    auto opened = OpenBundle(b.file, w.params);
    if (!opened) {
      std::fprintf(stderr, "%s: %s %s\n", name.c_str(), std::string(ErrorCode(opened.error().code)).c_str(),
                   opened.error().detail.c_str());
      Fixture::Die("a seed bundle does not open");
    }
    prev = b.jws_hash;
    put.Put("fuzz_open_bundle", name + ".sipbundle", b.file);
    put.Put("fuzz_bundle_payload", name + ".jws", b.jws);
    put.Put("fuzz_json_claims", name + ".json", payload.dump());
    if (n <= 2) put.Put("fuzz_age", name + ".age", b.file);
  };
  for (const auto& [name, document] : documents) {
    ++seq;
    const BundleKind kind = name.find("follow") != std::string::npos ? BundleKind::FollowUp : BundleKind::Plan;
    seal(name, w.device, kStaff, seq, kind, document,
         seq % 2 == 0 ? std::vector<X25519Recipient>{current, next} : std::vector<X25519Recipient>{current});
  }
  seal("revoked-seq2", w.revoked, kRevokedStaff, 2, BundleKind::Plan, documents.front().second, {next});
  // The smallest payload the claims accept, pretty-printed (whitespace and member order differ).
  put.Put("fuzz_json_claims", "minimal-pretty.json",
          BundlePayload(Claims(w, w.device, kStaff, 1, "", BundleKind::Plan), Json::object(), Json::array()).dump(1));

  // age files of other sizes: empty, tiny, one full chunk, two chunks (the last one byte).
  for (size_t n : {size_t{0}, size_t{1}, size_t{64 * 1024}, size_t{64 * 1024 + 1}}) {
    Bytes plain(n);
    for (size_t i = 0; i < n; ++i) plain[i] = static_cast<uint8_t>('a' + i % 26);
    const std::string name = "plain-" + std::to_string(n) + ".age";
    put.Put("fuzz_age", name, Must(AgeEncrypt(plain, {current}, Deterministic(name)), "AgeEncrypt"));
  }

  // The documents.
  const Ed25519KeyPair& admin = w.admin;
  put.Put("fuzz_documents", "enrollment.jws",
          Must(MakeEnrollmentRequest(w.device, "Laptop 1", kStaff, kNow - 86400), "MakeEnrollmentRequest"));
  // The office server's requests (fuzz_http_api's text form: request line, headers, blank line, body).
  {
    const std::string req = Must(MakeEnrollmentRequest(w.device, "Laptop 1", "Anna Andersson", kNow - 60), "request");
    const std::string kid = JwkThumbprint(w.device.public_key);
    put.Put("fuzz_http_api", "health.txt", std::string("GET /api/v1/health\n\n"));
    put.Put("fuzz_http_api", "profile.txt", std::string("GET /api/v1/profile\n\n"));
    put.Put("fuzz_http_api", "receipts.txt", "GET /api/v1/receipts?kid=" + kid + "&after_seq=0\n\n");
    put.Put("fuzz_http_api", "enroll.txt",
            "POST /api/v1/enrollments\ncontent-length: " + std::to_string(req.size()) + "\n\n" + req);
    put.Put("fuzz_http_api", "static.txt", std::string("GET /index.html?x=%2e%2e\nif-none-match: \"a\"\n\n"));
    const SealedBundle b = Must(SealBundle(w.device, BundlePayload(Claims(w, w.device, kStaff, 1, "", BundleKind::Plan),
                                                                     Json::object(), Json::array()),
                                           {current}, Deterministic("http")), "SealBundle");
    put.Put("fuzz_http_api", "bundle.txt", "POST /api/v1/bundles\n\n" + std::string(AsText(b.file)));
  }
  put.Put("fuzz_documents", "trust-list.jws", Must(SignTrustList(admin, w.trust), "SignTrustList"));
  OfficeProfile profile;
  profile.office = w.trust.office;
  profile.admin_key = admin.public_key;
  profile.admin_kid = JwkThumbprint(admin.public_key);
  profile.iat = kNow - 86400;
  profile.import_keys = {ImportKey{current, ImportKeyId(current), ImportKeyRole::Current},
                         ImportKey{next, ImportKeyId(next), ImportKeyRole::Next}};
  put.Put("fuzz_documents", "office-profile.jws", Must(MakeOfficeProfile(admin, profile), "MakeOfficeProfile"));
  Receipt receipt;
  receipt.office = w.trust.office;
  receipt.device = w.trust.devices[0].kid;
  receipt.iat = kNow;
  receipt.bundles = {ReceiptItem{"5d0f3c1e-8a4b-4c2d-9e6f-1a2b3c4d5e61", 1, JwsHash("a"), kNow - 60},
                     ReceiptItem{"5d0f3c1e-8a4b-4c2d-9e6f-1a2b3c4d5e62", 2, JwsHash("b"), kNow - 30}};
  put.Put("fuzz_documents", "receipt.jws", Must(MakeReceipt(admin, receipt), "MakeReceipt"));

  // Backups at the tiny Argon2 cost fuzz_backup allows (random salt and nonce: these differ run to run).
  for (size_t n : {size_t{0}, size_t{1}, size_t{4096}}) {
    Bytes db(n, 0x5a);
    put.Put("fuzz_backup", "backup-" + std::to_string(n),
            Must(SealBackup(db, kBackupPassphrase, BackupParams{.opslimit = 1, .memlimit_kib = 8}), "SealBackup"));
  }
  std::printf("fuzz_seeds: %d seeds in %s\n", put.count(), out.c_str());
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) {
  if (*argc != 2 || (*argv)[1][0] == '-') {
    std::fprintf(stderr, "usage: fuzz_seeds OUT_DIR\n");
    std::exit(2);
  }
  WriteSeeds((*argv)[1]);
  std::exit(0);
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t*, size_t) { return 0; }
