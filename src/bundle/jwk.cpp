#include "bundle/jwk.h"

#include <sodium.h>

#include "bundle/crypto.h"
#include "core/command.h"

namespace sip::bundle {

Ed25519KeyPair::~Ed25519KeyPair() {
  sodium_memzero(seed.data(), seed.size());
  sodium_memzero(secret_key.data(), secret_key.size());
}

Ed25519KeyPair Ed25519FromSeed(const Ed25519Seed& seed) {
  Ed25519KeyPair k;
  k.seed = seed;
  crypto_sign_ed25519_seed_keypair(k.public_key.data(), k.secret_key.data(), seed.data());
  return k;
}

Ed25519KeyPair Ed25519Generate() {
  Ed25519Seed seed;
  randombytes_buf(seed.data(), seed.size());
  Ed25519KeyPair k = Ed25519FromSeed(seed);
  sodium_memzero(seed.data(), seed.size());
  return k;
}

std::string PublicJwk(const Ed25519PublicKey& key) {
  return R"({"crv":"Ed25519","kty":"OKP","x":")" + Base64UrlEncode(key.data(), key.size()) + "\"}";
}

std::string PrivateJwk(const Ed25519KeyPair& key) {
  return R"({"crv":"Ed25519","d":")" + Base64UrlEncode(key.seed.data(), key.seed.size()) +
         R"(","kty":"OKP","x":")" + Base64UrlEncode(key.public_key.data(), key.public_key.size()) + "\"}";
}

Result<Ed25519PublicKey> ParsePublicJwk(std::string_view json) {
  if (json.size() > 4096) return Error{Errc::JwkInvalid, "too large"};
  auto parsed = ParseJsonStrict(json);
  if (!parsed) return Error{Errc::JwkInvalid, "not JSON or duplicate member"};
  const Json& j = *parsed;
  if (!j.is_object()) return Error{Errc::JwkInvalid, "not an object"};
  auto member = [&](const char* name) -> const Json* {
    auto it = j.find(name);
    return it == j.end() ? nullptr : &*it;
  };
  const Json* kty = member("kty");
  const Json* crv = member("crv");
  const Json* x = member("x");
  if (!kty || !kty->is_string() || *kty != "OKP") return Error{Errc::JwkInvalid, "kty is not OKP"};
  if (!crv || !crv->is_string() || *crv != "Ed25519") return Error{Errc::JwkInvalid, "crv is not Ed25519"};
  if (member("d")) return Error{Errc::JwkInvalid, "private key given where a public key is expected"};
  if (!x || !x->is_string()) return Error{Errc::JwkInvalid, "x missing"};
  auto bytes = Base64UrlDecode(x->get<std::string>());
  if (!bytes || bytes->size() != 32) return Error{Errc::JwkInvalid, "x is not 32 bytes of canonical base64url"};
  Ed25519PublicKey key;
  std::copy(bytes->begin(), bytes->end(), key.begin());
  return key;
}

std::string JwkThumbprint(const Ed25519PublicKey& key) {
  const Sha256Digest d = Sha256(PublicJwk(key));
  return Base64UrlEncode(d.data(), d.size());
}

}  // namespace sip::bundle
