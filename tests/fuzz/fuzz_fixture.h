// tests/fuzz/fuzz_fixture.h — the fixed world every fuzz target runs in: keys from fixed seeds, an office
// with one import key, a trust list, a clock, and the document validator. fuzz_seeds.cpp builds its valid
// inputs from the same fixture, so the seeds open (or verify) in the targets.
//
// Nothing here is secret: the keys are derived from constant seeds and exist only for fuzzing.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "bundle/age.h"
#include "bundle/crypto.h"
#include "bundle/documents.h"
#include "bundle/jwk.h"
#include "bundle/jws.h"
#include "bundle/plan_bundle.h"
#include "core/command.h"
#include "core/result.h"

#if SIP_FUZZ_HAVE_FHIR
#include "core/fhir.h"
#endif

namespace sip::fuzz {

inline constexpr int64_t kNow = 1795000000;   // 2026-11-18, the office clock
inline constexpr std::string_view kStaff = "Anna Andersson";
inline constexpr std::string_view kRevokedStaff = "Bertil Berg";
inline constexpr std::string_view kBackupPassphrase = "fuzz passphrase, not secret";

// The importer's FHIR check. sipcore gets ValidateDocument (core/fhir_validate.cpp) from another change; until it is in sipcore's
// sources (tests/fuzz/CMakeLists.txt looks, and defines SIP_FUZZ_HAVE_FHIR), this stand-in does the few
// structural checks any document must pass, so the targets still reach every line of OpenBundle().
// Once fhir_validate.cpp is built into sipcore, the real ValidateDocument() is used without any change here.
inline Result<void> CheckDocument(const Json& document) {
#if SIP_FUZZ_HAVE_FHIR
  return sip::ValidateDocument(document);
#else
  if (!document.is_object()) return Error{Errc::FhirInvalid, "not an object"};
  auto rt = document.find("resourceType");
  if (rt == document.end() || !rt->is_string() || rt->get<std::string>() != "Bundle")
    return Error{Errc::FhirInvalid, "resourceType"};
  auto type = document.find("type");
  if (type == document.end() || !type->is_string() || type->get<std::string>() != "document")
    return Error{Errc::FhirInvalid, "Bundle.type"};
  auto entry = document.find("entry");
  if (entry != document.end()) {
    if (!entry->is_array()) return Error{Errc::FhirInvalid, "Bundle.entry"};
    for (const Json& e : *entry) {
      if (!e.is_object()) return Error{Errc::FhirInvalid, "entry"};
      auto res = e.find("resource");
      if (res == e.end() || !res->is_object() || !res->contains("resourceType"))
        return Error{Errc::FhirInvalid, "entry.resource"};
    }
  }
  return {};
#endif
}

struct Fixture {
  bundle::Ed25519KeyPair device;    // enrolled, active
  bundle::Ed25519KeyPair revoked;   // enrolled, revoked after seq 2
  bundle::Ed25519KeyPair admin;     // the office admin key (trust lists, profiles, receipts)
  bundle::X25519Identity import_key;
  bundle::X25519Identity next_import_key;
  bundle::TrustList trust;
  bundle::OpenParams params;

  Fixture() {
    if (!bundle::InitCrypto()) Die("InitCrypto failed");
    bundle::Ed25519Seed s{};
    s.fill(0x11);
    device = bundle::Ed25519FromSeed(s);
    s.fill(0x22);
    revoked = bundle::Ed25519FromSeed(s);
    s.fill(0x33);
    admin = bundle::Ed25519FromSeed(s);
    import_key.secret.fill(0x44);
    next_import_key.secret.fill(0x55);

    trust.office = "Hemtjänsten Norr";
    trust.version = 3;
    trust.iat = kNow - 7 * 86400;
    bundle::TrustEntry e;
    e.kid = bundle::JwkThumbprint(device.public_key);
    e.key = device.public_key;
    e.device_name = "Laptop 1";
    e.staff = std::string(kStaff);
    e.valid_from = kNow - 30 * 86400;
    trust.devices.push_back(e);
    bundle::TrustEntry r;
    r.kid = bundle::JwkThumbprint(revoked.public_key);
    r.key = revoked.public_key;
    r.device_name = "Laptop 2";
    r.staff = std::string(kRevokedStaff);
    r.valid_from = kNow - 30 * 86400;
    r.valid_to = kNow + 365 * 86400;
    r.status = bundle::TrustStatus::Revoked;
    r.revoked_after_seq = 2;
    trust.devices.push_back(r);

    params.identities = {import_key, next_import_key};
    params.trust = &trust;
    params.now = kNow;
    params.validate_document = [](const Json& d) { return CheckDocument(d); };
  }

  // The key that signs as `kid` in this fixture (the active device key for any other kid), so a target
  // can re-sign a mutated header and payload and get past the signature check.
  const bundle::Ed25519KeyPair& DeviceKeyFor(std::string_view kid) const {
    if (kid == trust.devices[1].kid) return revoked;
    return device;
  }

  [[noreturn]] static void Die(const char* what) {
    std::fprintf(stderr, "fuzz fixture: %s\n", what);
    std::abort();
  }
};

inline const Fixture& World() {
  static const Fixture f;
  return f;
}

inline std::string_view AsText(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}
inline std::string_view AsText(const bundle::Bytes& b) { return {reinterpret_cast<const char*>(b.data()), b.size()}; }

// An invariant of the code under test failed: abort, so libFuzzer records the input as a crash.
#define SIP_FUZZ_CHECK(cond)                                                                  \
  do {                                                                                        \
    if (!(cond)) {                                                                            \
      std::fprintf(stderr, "fuzz invariant failed: %s (%s:%d)\n", #cond, __FILE__, __LINE__); \
      std::abort();                                                                           \
    }                                                                                         \
  } while (0)

}  // namespace sip::fuzz
