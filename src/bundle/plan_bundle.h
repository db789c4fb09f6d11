// sipbundle/plan_bundle.h — the plan bundle, format v1: what a device sends and what the office accepts.
//
// A bundle is one file, `*.sipbundle`: an age v1 file (age.h) to the office import key, holding a compact
// EdDSA JWS (jws.h, typ "sipfield-plan+jws") signed by the device key, whose payload is this JSON object:
//
//   {"v":1,
//    "iss":"<device kid>", "sub":"<staff>", "aud":"<import key id>", "jti":"<UUID>",
//    "seq":<per-device counter, 1, 2, …>, "prev":"<base64url SHA-256 of the previous bundle's JWS, or "">",
//    "iat":<Unix seconds>,
//    "case":{"id":"…","kind":"plan"|"follow_up","plan_version":<n>},
//    "document":{FHIR R4 Bundle of type document},
//    "audit":[audit-log entries of the case since the device's previous bundle of that case]}
//
// Bundles of one device form a chain: seq counts up from 1 without gaps and prev is the hash of the JWS of
// seq−1 (the first bundle has prev ""). The office reports gaps and broken links; a device never reuses a
// seq (it is stored before the file is offered).
//
// OpenBundle() checks, in this order, each failure with its own code and nothing returned:
//   bundle_too_large                       the file is over the size limit (before any decryption)
//   age_*                                  decryption (age.h), plaintext capped while streaming
//   jws_*                                  JWS syntax, alg, crit, kid, signature, typ (jws.h)
//   bundle_kid_revoked                     the trust list revoked the key for this seq
//   bundle_kid_expired                     iat outside the key's validity
//   bundle_payload_invalid                 payload not a JSON object within the limits (duplicates, depth)
//   bundle_claims_invalid                  a claim missing, mistyped, or an unknown member
//   bundle_kid_mismatch                    iss is not the signing kid, or sub is not the enrolled staff
//   bundle_wrong_aud                       aud is not one of the office's import keys
//   bundle_iat_future                      iat more than the allowed skew after `now`
//   fhir_invalid                           the document fails core/fhir.h ValidateDocument()
//
// Sections: claims · sealing (device) · opening (office)
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "bundle/age.h"
#include "bundle/crypto.h"
#include "bundle/documents.h"
#include "bundle/jwk.h"
#include "core/command.h"
#include "core/result.h"

namespace sip::bundle {

inline constexpr std::string_view kTypPlan = "sipfield-plan+jws";
inline constexpr std::string_view kBundleExtension = ".sipbundle";

// --- claims -----------------------------------------------------------------------------------------------

enum class BundleKind { Plan, FollowUp };

struct BundleClaims {
  std::string iss;          // device kid
  std::string sub;          // staff as enrolled
  std::string aud;          // ImportKeyId of the office's import key
  std::string jti;          // UUID (lower-case, 8-4-4-4-12)
  uint64_t seq = 0;         // 1, 2, …
  std::string prev;         // "" for seq 1, else 43 characters of base64url
  int64_t iat = 0;          // Unix seconds
  std::string case_id;
  BundleKind kind = BundleKind::Plan;
  int plan_version = 0;     // ≥ 1
};

// The whole payload: the claims plus the FHIR document and the audit entries (JSON objects, as given).
Json BundlePayload(const BundleClaims& claims, const Json& document, const Json& audit);
// Reads the claims of a parsed payload. Errors: bundle_claims_invalid.
Result<BundleClaims> ReadClaims(const Json& payload);

// A fresh random UUID v4, lower case. Valid after InitCrypto().
std::string NewUuid();

// base64url SHA-256 of a bundle's JWS text: what the next bundle's `prev` and receipts name.
std::string JwsHash(std::string_view compact_jws);

// --- sealing (device) -------------------------------------------------------------------------------------

struct SealedBundle {
  std::string jws;        // the signed payload
  std::string jws_hash;   // JwsHash(jws)
  Bytes file;             // the age file: the *.sipbundle
};
// Signs the payload with the device key and encrypts it to 1–2 recipients. Valid after InitCrypto().
Result<SealedBundle> SealBundle(const Ed25519KeyPair& device, const Json& payload,
                                const std::vector<X25519Recipient>& recipients, const RandomSource& random = {});

// --- opening (office) -------------------------------------------------------------------------------------

struct OpenLimits {
  size_t max_file_bytes = 16u << 20;   // the *.sipbundle, checked before decrypting
  int64_t max_future_skew_s = 300;     // how far iat may be ahead of the office clock
};

struct OpenParams {
  std::vector<X25519Identity> identities;   // the office import keys (current first)
  // ImportKeyId of each identity, same order (optional: computed per call when the sizes differ; an
  // importer opening many bundles passes them to skip one X25519 base-point multiplication per key).
  std::vector<std::string> identity_ids;
  // RecipientOf each identity, same order (optional, as identity_ids: saves one more multiplication per key).
  std::vector<X25519Recipient> identity_recipients;
  const TrustList* trust = nullptr;         // required
  int64_t now = 0;                          // Unix seconds
  OpenLimits limits;
  // Checks the FHIR document; empty = core/fhir.h ValidateDocument (tests may replace it).
  std::function<Result<void>(const Json& document)> validate_document;
};

struct OpenedBundle {
  BundleClaims claims;
  Json payload;                // the whole payload
  std::string payload_text;    // the payload exactly as signed (the JWS's middle segment, decoded)
  std::string jws;
  std::string jws_hash;        // JwsHash(jws)
  std::string file_sha256;     // hex SHA-256 of the file as received
  const TrustEntry* device = nullptr;   // into params.trust
};
// Decrypts, verifies and checks one bundle file (see the order of checks above). Valid after InitCrypto().
// `file_digest`: the file's SHA-256 when the caller has it already (the importer hashes every file first to
// skip those it has), so that it is not computed twice.
Result<OpenedBundle> OpenBundle(const uint8_t* file, size_t size, const OpenParams& params,
                                const Sha256Digest* file_digest = nullptr);
inline Result<OpenedBundle> OpenBundle(const Bytes& file, const OpenParams& params) {
  return OpenBundle(file.data(), file.size(), params);
}
// The part of OpenBundle() after decryption, on the JWS text itself: every check from jws_* on, in the same
// order. The result's file_sha256 is empty (there is no file). OpenBundle() is this plus the size limit and
// decryption; it exists on its own for the fuzz targets (tests/fuzz). Valid after InitCrypto().
Result<OpenedBundle> OpenBundleJws(std::string_view compact, const OpenParams& params);

}  // namespace sip::bundle
