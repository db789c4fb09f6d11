// sipbundle/jws.h — compact JWS (RFC 7515) signed with Ed25519 (`alg: "EdDSA"`, RFC 8037).
//
// What SIP Field signs has exactly this protected header, members in this order, no spaces:
//
//   {"alg":"EdDSA","kid":"<RFC 7638 thumbprint of the signer's public JWK>","typ":"<media type>"}
//
//   alg  always "EdDSA" (Ed25519; the only algorithm accepted on verification)
//   kid  the signer's key id: JwkThumbprint() of its public key (jwk.h); the verifier looks the key up by it
//   typ  what the payload is, chosen by the caller (e.g. "sipfield-plan+jws"); checked when the verifier
//        names the type it expects
//
// Verification is strict, so that exactly one spelling of a signed bundle is accepted:
//   - three segments of canonical unpadded base64url (no padding, no whitespace, zero trailing bits);
//   - the header is a JSON object without duplicate members, at most kJwsMaxHeaderBytes;
//   - `alg` must be "EdDSA"; a `crit` member is refused whatever it lists (we implement no extensions, so
//     `b64: false` and the like are never honoured); `kid` is required and must be the thumbprint of the
//     key the lookup returns; embedded keys (`jwk`, `jku`, `x5c`, …) are never used;
//   - the signature is 64 bytes and verifies under libsodium's strict Ed25519 (canonical S, no small-order
//     points).
//
// Sections:
//   limits ........ JwsLimits, kJwsMaxHeaderBytes
//   signing ....... JwsSign, JwsSignWithHeader
//   verification .. JwsVerify (the one to use), JwsParse + JwsSignatureValid (its two halves)
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "bundle/jwk.h"
#include "core/command.h"
#include "core/result.h"

namespace sip::bundle {

// --- limits -----------------------------------------------------------------------------------------------

inline constexpr size_t kJwsMaxHeaderBytes = 4096;     // decoded protected header
inline constexpr size_t kJwsMaxFieldBytes = 256;       // kid and typ when signing

struct JwsLimits {
  size_t max_compact_bytes = 32u << 20;   // the whole compact serialization; beyond it jws_too_large
};

// --- signing ----------------------------------------------------------------------------------------------

// Compact JWS of `payload` with the header above (kid = JwkThumbprint(key.public_key)). Valid after
// InitCrypto(). Errors: invalid_argument (typ empty, longer than kJwsMaxFieldBytes, or not printable ASCII
// without `"` and `\`).
Result<std::string> JwsSign(const Ed25519KeyPair& key, std::string_view typ, const uint8_t* payload,
                            size_t size);
inline Result<std::string> JwsSign(const Ed25519KeyPair& key, std::string_view typ, std::string_view payload) {
  return JwsSign(key, typ, reinterpret_cast<const uint8_t*>(payload.data()), payload.size());
}

// Signs with `header_json` used verbatim as the protected header (known-answer tests, or reproducing
// another tool's header). Nothing is checked: JwsSign is the one for bundles. Valid after InitCrypto().
std::string JwsSignWithHeader(const Ed25519KeyPair& key, std::string_view header_json, std::string_view payload);

// --- verification -----------------------------------------------------------------------------------------

// Finds the public key registered under a kid; nullopt when the kid is not known.
using JwsKeyLookup = std::function<std::optional<Ed25519PublicKey>(std::string_view kid)>;

struct JwsVerified {
  std::string kid;
  std::string typ;        // empty when the header has none
  std::string header;     // the protected header's JSON text, as signed
  Bytes payload;
};

// Parses and verifies a compact JWS. If `expected_typ` is non-empty the header's typ must equal it.
// Valid after InitCrypto(). Errors, in the order checked:
//   jws_too_large      longer than limits.max_compact_bytes, or the header segment too long
//   jws_malformed      not three segments; header not a JSON object, with duplicate members, or with a
//                      kid/typ that is not a string; signature not 64 bytes
//   jws_bad_base64     a segment is not canonical unpadded base64url
//   jws_alg            alg missing or not "EdDSA"
//   jws_crit           a crit member is present
//   jws_kid_missing    no kid
//   jws_unknown_kid    the lookup does not know the kid, or the key it returns has another thumbprint
//   jws_bad_signature  the signature does not verify
//   jws_wrong_typ      the typ is not expected_typ
Result<JwsVerified> JwsVerify(std::string_view compact, const JwsKeyLookup& lookup,
                              std::string_view expected_typ = {}, const JwsLimits& limits = {});

// The first half of JwsVerify: every check up to and including jws_crit, nothing about kid or signature.
struct JwsParts {
  std::string header;                  // decoded protected header text
  Json header_json;                    // the same, parsed (an object)
  Bytes payload;
  std::array<uint8_t, 64> signature{};
  std::string signing_input;           // "<header b64>.<payload b64>": the bytes the signature covers
};
Result<JwsParts> JwsParse(std::string_view compact, const JwsLimits& limits = {});
// The second half: true when parts.signature is a valid Ed25519 signature by `key` over the signing input.
// Valid after InitCrypto().
bool JwsSignatureValid(const JwsParts& parts, const Ed25519PublicKey& key);

}  // namespace sip::bundle
