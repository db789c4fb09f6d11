#include "bundle/jws.h"

#include <sodium.h>

namespace sip::bundle {
namespace {

// kid and typ are written into the header without escaping, so they must not need any.
bool PlainHeaderText(std::string_view s) {
  if (s.empty() || s.size() > kJwsMaxFieldBytes) return false;
  for (char c : s)
    if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') return false;
  return true;
}

std::string Sign(const Ed25519KeyPair& key, std::string_view header_json, const uint8_t* payload, size_t size) {
  std::string out = Base64UrlEncode(header_json);
  out += '.';
  out += Base64UrlEncode(payload, size);
  std::array<uint8_t, 64> sig{};
  crypto_sign_ed25519_detached(sig.data(), nullptr, reinterpret_cast<const uint8_t*>(out.data()), out.size(),
                               key.secret_key.data());
  out += '.';
  out += Base64UrlEncode(sig.data(), sig.size());
  return out;
}

}  // namespace

Result<std::string> JwsSign(const Ed25519KeyPair& key, std::string_view typ, const uint8_t* payload,
                            size_t size) {
  if (!PlainHeaderText(typ)) return Error{Errc::InvalidArgument, "typ"};
  const std::string header =
      R"({"alg":"EdDSA","kid":")" + JwkThumbprint(key.public_key) + R"(","typ":")" + std::string(typ) + "\"}";
  return Sign(key, header, payload, size);
}

std::string JwsSignWithHeader(const Ed25519KeyPair& key, std::string_view header_json, std::string_view payload) {
  return Sign(key, header_json, reinterpret_cast<const uint8_t*>(payload.data()), payload.size());
}

Result<JwsParts> JwsParse(std::string_view compact, const JwsLimits& limits) {
  if (compact.size() > limits.max_compact_bytes) return Error{Errc::JwsTooLarge, "compact JWS too large"};
  const size_t d1 = compact.find('.');
  const size_t d2 = d1 == std::string_view::npos ? d1 : compact.find('.', d1 + 1);
  if (d2 == std::string_view::npos || compact.find('.', d2 + 1) != std::string_view::npos)
    return Error{Errc::JwsMalformed, "not three segments"};
  const std::string_view h64 = compact.substr(0, d1);
  const std::string_view p64 = compact.substr(d1 + 1, d2 - d1 - 1);
  const std::string_view s64 = compact.substr(d2 + 1);
  if (h64.size() > (kJwsMaxHeaderBytes * 4 + 2) / 3) return Error{Errc::JwsTooLarge, "header too large"};

  auto header = Base64UrlDecode(h64);
  if (!header) return Error{Errc::JwsBadBase64, "header"};
  auto payload = Base64UrlDecode(p64);
  if (!payload) return Error{Errc::JwsBadBase64, "payload"};
  auto sig = Base64UrlDecode(s64);
  if (!sig) return Error{Errc::JwsBadBase64, "signature"};
  if (sig->size() != 64) return Error{Errc::JwsMalformed, "signature is not 64 bytes"};

  JwsParts parts;
  parts.header.assign(header->begin(), header->end());
  auto json = ParseJsonStrict(parts.header);
  if (!json) return Error{Errc::JwsMalformed, "header is not JSON or has a duplicate member"};
  if (!json->is_object()) return Error{Errc::JwsMalformed, "header is not an object"};
  parts.header_json = std::move(*json);
  const Json& h = parts.header_json;

  auto alg = h.find("alg");
  if (alg == h.end() || !alg->is_string() || alg->get<std::string>() != "EdDSA")
    return Error{Errc::JwsAlg, "alg is not EdDSA"};
  if (h.contains("crit")) return Error{Errc::JwsCrit, "crit is not supported"};
  for (const char* name : {"kid", "typ"}) {
    auto it = h.find(name);
    if (it != h.end() && !it->is_string()) return Error{Errc::JwsMalformed, std::string(name) + " is not a string"};
  }

  parts.payload = std::move(*payload);
  std::copy(sig->begin(), sig->end(), parts.signature.begin());
  parts.signing_input.assign(compact.substr(0, d2));
  return parts;
}

bool JwsSignatureValid(const JwsParts& parts, const Ed25519PublicKey& key) {
  return crypto_sign_ed25519_verify_detached(parts.signature.data(),
                                             reinterpret_cast<const uint8_t*>(parts.signing_input.data()),
                                             parts.signing_input.size(), key.data()) == 0;
}

Result<JwsVerified> JwsVerify(std::string_view compact, const JwsKeyLookup& lookup, std::string_view expected_typ,
                              const JwsLimits& limits) {
  auto parts = JwsParse(compact, limits);
  if (!parts) return parts.error();
  const Json& h = parts->header_json;
  auto kid = h.find("kid");
  if (kid == h.end()) return Error{Errc::JwsKidMissing, "no kid"};
  JwsVerified v;
  v.kid = kid->get<std::string>();
  std::optional<Ed25519PublicKey> key = lookup ? lookup(v.kid) : std::nullopt;
  if (!key) return Error{Errc::JwsUnknownKid, "kid not registered"};
  if (JwkThumbprint(*key) != v.kid) return Error{Errc::JwsUnknownKid, "kid is not the key's thumbprint"};
  if (!JwsSignatureValid(*parts, *key)) return Error{Errc::JwsBadSignature, "signature does not verify"};
  if (auto typ = h.find("typ"); typ != h.end()) v.typ = typ->get<std::string>();
  if (!expected_typ.empty() && v.typ != expected_typ) return Error{Errc::JwsWrongTyp, "unexpected typ"};
  v.header = std::move(parts->header);
  v.payload = std::move(parts->payload);
  return v;
}

}  // namespace sip::bundle
