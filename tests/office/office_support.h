// tests/office/office_support.h — an office in a temporary directory, devices that enrol with it, and plan
// bundles they seal (SealBundle + BundlePayload around a real FHIR document from core/fhir.h). Header-only;
// no production code depends on it. All people and devices are fictional.
#pragma once

#include <doctest/doctest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include "bundle/crypto.h"
#include "bundle/documents.h"
#include "bundle/plan_bundle.h"
#include "core/fhir.h"
#include "core/fhir_cases.h"
#include "office/office.h"

namespace sip::officetest {

using bundle::Bytes;

inline constexpr int64_t kNow = 1795336070;   // 2026-11-22
inline constexpr const char* kPass = "korrekt häst batteri";

class TempDir {
 public:
  explicit TempDir(const char* label = "office") {
    std::string tmpl = std::string("/tmp/sipoffice-") + label + "-XXXXXX";
    std::vector<char> buf(tmpl.begin(), tmpl.end());
    buf.push_back('\0');
    const char* p = mkdtemp(buf.data());
    REQUIRE(p != nullptr);
    path = p;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  std::string operator/(const std::string& name) const { return path + "/" + name; }
  std::string path;
};

inline void WriteFile(const std::string& path, const Bytes& data) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f.write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(data.size()));
  REQUIRE(f.good());
}
inline void WriteFile(const std::string& path, std::string_view text) { WriteFile(path, Bytes(text.begin(), text.end())); }
inline Bytes ReadFile(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  REQUIRE(f.good());
  return Bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
}
inline std::string ReadText(const std::string& path) {
  const Bytes b = ReadFile(path);
  return std::string(b.begin(), b.end());
}

// A real plan document (tests/core/fhir_cases.h, case (a), plan version 1), made once.
inline const Json& PlanDoc() {
  static const Json doc = [] {
    auto d = PlanDocument(fhirtest::CaseHomeCare(), fhirtest::Params(1));
    REQUIRE(d.ok());
    return *d;
  }();
  return doc;
}

// PlanDoc() with its identifier set to `jti` (a bundle's jti is its document's identifier).
inline Json PlanDocFor(const std::string& jti) {
  Json d = PlanDoc();
  d["identifier"]["value"] = "urn:uuid:" + jti;
  return d;
}

// Fictional audit entries that make a payload about `bytes` larger (bundles carry the case's audit trail).
inline Json AuditEntries(size_t bytes) {
  Json a = Json::array();
  for (size_t i = 0; bytes > 0; ++i) {
    Json e{{"seq", i + 1},
           {"at", "2026-11-20T09:00:00.000Z"},
           {"actor", "Olle Omsorgshandledare"},
           {"action", "plan.update"},
           {"data", {{"field", "interventions"}, {"note", std::string(160, 'x')}}},
           {"hash", std::string(43, 'A')}};
    const size_t n = e.dump().size();
    a.push_back(std::move(e));
    bytes = bytes > n ? bytes - n : 0;
  }
  return a;
}

struct Device {
  bundle::Ed25519KeyPair key;
  std::string kid;
  std::string name;
  std::string staff;
  uint64_t seq = 0;     // last seq sealed
  std::string prev;     // jws_hash of the last bundle sealed
};

struct Sealed {
  Bytes file;
  std::string jti;
  std::string jws;
  std::string jws_hash;
  uint64_t seq = 0;
};

class Fixture {
 public:
  int64_t now = kNow;
  TempDir dir;
  std::optional<office::Office> office;

  explicit Fixture(const char* label = "office") : dir(label) {
    REQUIRE(bundle::InitCrypto());
    auto o = office::Office::Create(dir.path, "Kontoret Testby", kPass, Clock(), LightKdf());
    REQUIRE_MESSAGE(o.ok(), ErrorCode(o.error().code), " ", o.error().detail);
    office.emplace(std::move(*o));
  }

  static office::CreateOptions LightKdf() {
    office::CreateOptions c;
    c.kdf.opslimit = 1;
    c.kdf.memlimit_kib = 8;
    return c;
  }
  office::Clock Clock() {
    return [this] { return now; };
  }

  // Closes and opens the office again (locked), then unlocks it.
  void Reopen() {
    office.reset();
    auto o = office::Office::Open(dir.path, Clock());
    REQUIRE_MESSAGE(o.ok(), ErrorCode(o.error().code), " ", o.error().detail);
    office.emplace(std::move(*o));
    REQUIRE(office->Unlock(kPass, office::KeyUse::All).ok());
  }

  // The office's import key recipient of `role` ("current", "next", "retired").
  bundle::X25519Recipient Recipient(const std::string& role = "current") const {
    auto keys = office->Keys();
    REQUIRE(keys.ok());
    for (const auto& k : *keys)
      if (k.kind == "import" && k.role == role) return *bundle::ParseRecipient(k.public_key);
    FAIL("no import key with role " << role);
    return {};
  }

  static Device NewDevice(uint8_t seed_byte, std::string name = "Laptop 3", std::string staff = "Olle Omsorgshandledare") {
    bundle::Ed25519Seed s{};
    s.fill(seed_byte);
    Device d;
    d.key = bundle::Ed25519FromSeed(s);
    d.kid = bundle::JwkThumbprint(d.key.public_key);
    d.name = std::move(name);
    d.staff = std::move(staff);
    return d;
  }
  std::string Request(const Device& d) const {
    auto r = bundle::MakeEnrollmentRequest(d.key, d.name, d.staff, now - 30);
    REQUIRE(r.ok());
    return *r;
  }
  void Enroll(const Device& d, int64_t days = office::kDefaultValidDays) {
    auto r = office->Enroll(Request(d), days);
    REQUIRE_MESSAGE(r.ok(), ErrorCode(r.error().code));
  }

  bundle::BundleClaims Claims(const Device& d, uint64_t seq, std::string prev) const {
    bundle::BundleClaims c;
    c.iss = d.kid;
    c.sub = d.staff;
    c.aud = bundle::ImportKeyId(Recipient());
    c.jti = bundle::NewUuid();
    c.seq = seq;
    c.prev = std::move(prev);
    c.iat = now - 10;
    c.case_id = "c-0000000000000001";
    c.kind = bundle::BundleKind::Plan;
    c.plan_version = 1;
    return c;
  }

  static Sealed Seal(const Device& d, const bundle::BundleClaims& c, const bundle::X25519Recipient& to,
                     const Json& audit = Json::array()) {
    auto s = bundle::SealBundle(d.key, bundle::BundlePayload(c, PlanDocFor(c.jti), audit), {to});
    REQUIRE(s.ok());
    return Sealed{s->file, c.jti, s->jws, s->jws_hash, c.seq};
  }

  // The device's next bundle in its chain.
  Sealed Next(Device& d, const Json& audit = Json::array()) {
    const bundle::BundleClaims c = Claims(d, d.seq + 1, d.prev);
    Sealed s = Seal(d, c, Recipient(), audit);
    d.seq = c.seq;
    d.prev = s.jws_hash;
    return s;
  }

  office::ImportOutcome Import(const Sealed& s, const std::string& name = "x.sipbundle") {
    return office->Import(s.file.data(), s.file.size(), name);
  }
};

}  // namespace sip::officetest
