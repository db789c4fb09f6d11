// sipbundle/jwk.h — Ed25519 device keys and their JSON Web Key form (RFC 8037) and thumbprint (RFC 7638).
//
// Every laptop signs its plan bundles with one Ed25519 key. The office knows the key by its RFC 7638 JWK
// thumbprint, which is also the `kid` of every JWS the device signs (see jws.h):
//
//   public JWK   {"crv":"Ed25519","kty":"OKP","x":"<base64url of the 32-byte public key>"}
//   thumbprint   base64url(SHA-256 of exactly that text: members crv, kty, x in that order, no spaces)
//
// Sections:
//   keys ........ Ed25519PublicKey, Ed25519KeyPair (from a 32-byte seed, or fresh)
//   JWK ......... PublicJwk, PrivateJwk, ParsePublicJwk
//   thumbprint .. JwkThumbprint
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "bundle/encoding.h"
#include "core/result.h"

namespace sip::bundle {

// --- keys -------------------------------------------------------------------------------------------------

using Ed25519PublicKey = std::array<uint8_t, 32>;
using Ed25519Seed = std::array<uint8_t, 32>;

// A signing key: the 32-byte seed (RFC 8032's private key, JWK "d") and what libsodium derives from it.
// The destructor wipes the secret parts; copies are independent and wiped too.
struct Ed25519KeyPair {
  Ed25519Seed seed{};
  Ed25519PublicKey public_key{};
  std::array<uint8_t, 64> secret_key{};   // libsodium's form: seed || public key

  Ed25519KeyPair() = default;
  Ed25519KeyPair(const Ed25519KeyPair&) = default;
  Ed25519KeyPair& operator=(const Ed25519KeyPair&) = default;
  ~Ed25519KeyPair();
};

// The key pair of a seed (deterministic; RFC 8032 §5.1.5). Valid after InitCrypto().
Ed25519KeyPair Ed25519FromSeed(const Ed25519Seed& seed);
// A fresh key pair from the CSPRNG. Valid after InitCrypto().
Ed25519KeyPair Ed25519Generate();

// --- JWK --------------------------------------------------------------------------------------------------

// The canonical public JWK text {"crv":"Ed25519","kty":"OKP","x":…} (also the thumbprint input).
std::string PublicJwk(const Ed25519PublicKey& key);
// {"crv":"Ed25519","d":…,"kty":"OKP","x":…}: secret. Only for handing a key to another tool in tests.
std::string PrivateJwk(const Ed25519KeyPair& key);
// Reads a public Ed25519 JWK (members in any order; extra members such as "kid", "alg" or "use" are
// ignored; a "d" member is refused so a secret key is never taken for a public one). Errors: jwk_invalid.
Result<Ed25519PublicKey> ParsePublicJwk(std::string_view json);

// --- thumbprint -------------------------------------------------------------------------------------------

// RFC 7638 thumbprint: base64url(SHA-256(PublicJwk(key))), 43 characters. Valid after InitCrypto().
std::string JwkThumbprint(const Ed25519PublicKey& key);

}  // namespace sip::bundle
