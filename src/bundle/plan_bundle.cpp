#include "bundle/plan_bundle.h"

#include <algorithm>

#include "bundle/crypto.h"
#include "bundle/encoding.h"
#include "bundle/payload_json.h"
#include "core/fhir.h"

namespace sip::bundle {
namespace {

Error Claims(std::string detail) { return Error{Errc::BundleClaimsInvalid, std::move(detail)}; }

const char* KindName(BundleKind k) { return k == BundleKind::Plan ? "plan" : "follow_up"; }

bool IsUuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return false;
    }
  }
  return true;
}

// The case id format the app makes (app/handler.cpp, case.create): "c-" and 16 lower-case hex digits.
bool IsCaseId(std::string_view s) {
  if (s.size() != 18 || s.substr(0, 2) != "c-") return false;
  for (char ch : s.substr(2))
    if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f'))) return false;
  return true;
}

bool IsHash(std::string_view s) { return s.size() == 43 && Base64UrlDecode(s).has_value(); }

Result<std::string> Str(const Json& p, const char* name, size_t max_bytes) {
  auto it = p.find(name);
  if (it == p.end() || !it->is_string()) return Claims(std::string(name) + " missing or not a string");
  std::string s = it->get<std::string>();
  if (s.size() > max_bytes) return Claims(std::string(name) + " too long");
  return s;
}

Result<int64_t> Int(const Json& p, const char* name, int64_t min) {
  auto it = p.find(name);
  if (it == p.end() || !it->is_number_integer()) return Claims(std::string(name) + " missing or not an integer");
  if (it->is_number_unsigned() && it->get<uint64_t>() > static_cast<uint64_t>(INT64_MAX))
    return Claims(std::string(name) + " out of range");
  const int64_t v = it->get<int64_t>();
  if (v < min) return Claims(std::string(name) + " out of range");
  return v;
}

}  // namespace

// --- claims ---------------------------------------------------------------------------------------------

Json BundlePayload(const BundleClaims& c, const Json& document, const Json& audit) {
  return Json{{"v", 1},
              {"iss", c.iss},
              {"sub", c.sub},
              {"aud", c.aud},
              {"jti", c.jti},
              {"seq", c.seq},
              {"prev", c.prev},
              {"iat", c.iat},
              {"case", Json{{"id", c.case_id}, {"kind", KindName(c.kind)}, {"plan_version", c.plan_version}}},
              {"document", document},
              {"audit", audit}};
}

Result<BundleClaims> ReadClaims(const Json& p) {
  if (!p.is_object()) return Claims("payload is not an object");
  static const char* const kKnown[] = {"v", "iss", "sub", "aud", "jti", "seq", "prev", "iat", "case", "document", "audit"};
  for (const auto& item : p.items()) {
    const std::string& k = item.key();   // not a structured binding: clang 14 (the fuzz build) cannot capture one
    if (std::find_if(std::begin(kKnown), std::end(kKnown), [&](const char* n) { return k == n; }) == std::end(kKnown))
      return Claims("unknown member " + k);
  }
  auto v = Int(p, "v", 0);
  if (!v) return v.error();
  if (*v != 1) return Claims("v is not 1");
  BundleClaims c;
  auto iss = Str(p, "iss", 64);
  if (!iss) return iss.error();
  c.iss = *iss;
  auto sub = Str(p, "sub", 120);
  if (!sub) return sub.error();
  c.sub = *sub;
  auto aud = Str(p, "aud", 64);
  if (!aud) return aud.error();
  c.aud = *aud;
  auto jti = Str(p, "jti", 36);
  if (!jti) return jti.error();
  if (!IsUuid(*jti)) return Claims("jti is not a lower-case UUID");
  c.jti = *jti;
  auto seq = Int(p, "seq", 1);
  if (!seq) return seq.error();
  c.seq = static_cast<uint64_t>(*seq);
  auto prev = Str(p, "prev", 43);
  if (!prev) return prev.error();
  if (c.seq == 1 ? !prev->empty() : !IsHash(*prev)) return Claims("prev must be empty for seq 1, else a hash");
  c.prev = *prev;
  auto iat = Int(p, "iat", 0);
  if (!iat) return iat.error();
  c.iat = *iat;

  auto cs = p.find("case");
  if (cs == p.end() || !cs->is_object()) return Claims("case missing or not an object");
  for (const auto& [k, val] : cs->items())
    if (k != "id" && k != "kind" && k != "plan_version") return Claims("case has unknown member " + k);
  auto id = Str(*cs, "id", 64);
  if (!id) return id.error();
  if (!IsCaseId(*id)) return Claims("case.id is not c- and 16 lower-case hex digits");
  c.case_id = *id;
  auto kind = Str(*cs, "kind", 16);
  if (!kind) return kind.error();
  if (*kind == "plan")
    c.kind = BundleKind::Plan;
  else if (*kind == "follow_up")
    c.kind = BundleKind::FollowUp;
  else
    return Claims("case.kind unknown");
  auto pv = Int(*cs, "plan_version", 1);
  if (!pv) return pv.error();
  if (*pv > 100000) return Claims("case.plan_version out of range");
  c.plan_version = static_cast<int>(*pv);

  auto doc = p.find("document");
  if (doc == p.end() || !doc->is_object()) return Claims("document missing or not an object");
  auto audit = p.find("audit");
  if (audit == p.end() || !audit->is_array()) return Claims("audit missing or not an array");
  return c;
}

std::string NewUuid() {
  std::array<uint8_t, 16> b{};
  RandomFill(b.data(), b.size());
  b[6] = static_cast<uint8_t>((b[6] & 0x0f) | 0x40);
  b[8] = static_cast<uint8_t>((b[8] & 0x3f) | 0x80);
  const std::string hex = HexEncode(b.data(), b.size());
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" + hex.substr(16, 4) + "-" +
         hex.substr(20, 12);
}

std::string JwsHash(std::string_view compact_jws) {
  const Sha256Digest d = Sha256(compact_jws);
  return Base64UrlEncode(d.data(), d.size());
}

// --- sealing --------------------------------------------------------------------------------------------

Result<SealedBundle> SealBundle(const Ed25519KeyPair& device, const Json& payload,
                                const std::vector<X25519Recipient>& recipients, const RandomSource& random) {
  auto jws = JwsSign(device, kTypPlan, payload.dump());
  if (!jws) return jws.error();
  auto file = AgeEncrypt(reinterpret_cast<const uint8_t*>(jws->data()), jws->size(), recipients, random);
  if (!file) return file.error();
  SealedBundle out;
  out.jws_hash = JwsHash(*jws);
  out.jws = std::move(*jws);
  out.file = std::move(*file);
  return out;
}

// --- opening --------------------------------------------------------------------------------------------

Result<OpenedBundle> OpenBundle(const uint8_t* file, size_t size, const OpenParams& params,
                                const Sha256Digest* file_digest) {
  if (!params.trust) return Error{Errc::Internal, "OpenBundle without a trust list"};
  if (size > params.limits.max_file_bytes) return Error{Errc::BundleTooLarge, "file over the limit"};

  auto plain = AgeDecrypt(file, size, params.identities, params.limits.max_file_bytes, &params.identity_recipients);
  if (!plain) return plain.error();
  const std::string_view compact(reinterpret_cast<const char*>(plain->data()), plain->size());

  auto out = OpenBundleJws(compact, params);
  if (!out) return out.error();
  const Sha256Digest fh = file_digest ? *file_digest : Sha256(file, size);
  out->file_sha256 = HexEncode(fh.data(), fh.size());
  return out;
}

Result<OpenedBundle> OpenBundleJws(std::string_view compact, const OpenParams& params) {
  if (!params.trust) return Error{Errc::Internal, "OpenBundle without a trust list"};

  auto parts = JwsParse(compact, JwsLimits{.max_compact_bytes = params.limits.max_file_bytes});
  if (!parts) return parts.error();
  const Json& h = parts->header_json;
  auto kid_it = h.find("kid");
  if (kid_it == h.end()) return Error{Errc::JwsKidMissing, "no kid"};
  const std::string kid = kid_it->get<std::string>();
  const TrustEntry* device = params.trust->Find(kid);
  if (!device) return Error{Errc::JwsUnknownKid, "kid not in the trust list"};
  if (!JwsSignatureValid(*parts, device->key)) return Error{Errc::JwsBadSignature, "signature does not verify"};
  auto typ = h.find("typ");
  if (typ == h.end() || typ->get<std::string>() != kTypPlan) return Error{Errc::JwsWrongTyp, "not a plan bundle"};

  auto payload = ParsePayloadJson(
      std::string_view(reinterpret_cast<const char*>(parts->payload.data()), parts->payload.size()));
  if (!payload) return Error{Errc::BundlePayloadInvalid, payload.error().detail};
  if (!payload->is_object()) return Error{Errc::BundlePayloadInvalid, "payload is not an object"};
  auto claims = ReadClaims(*payload);

  // Key status needs the (signed) seq and iat; a payload without them cannot pass a revoked key either.
  if (device->status == TrustStatus::Revoked) {
    if (!claims || !device->revoked_after_seq || claims->seq > *device->revoked_after_seq)
      return Error{Errc::BundleKidRevoked, "key revoked"};
  }
  if (!claims) return claims.error();
  if (claims->iat < device->valid_from || (device->valid_to != 0 && claims->iat > device->valid_to))
    return Error{Errc::BundleKidExpired, "iat outside the key's validity"};
  if (claims->iss != kid) return Error{Errc::BundleKidMismatch, "iss is not the signing key"};
  if (claims->sub != device->staff) return Error{Errc::BundleKidMismatch, "sub is not the enrolled staff"};
  bool aud_ok = false;
  if (params.identity_ids.size() == params.identities.size()) {
    for (const auto& id : params.identity_ids)
      if (id == claims->aud) aud_ok = true;
  } else {
    for (const auto& id : params.identities)
      if (ImportKeyId(RecipientOf(id)) == claims->aud) aud_ok = true;
  }
  if (!aud_ok) return Error{Errc::BundleWrongAud, "aud is not an import key of this office"};
  if (claims->iat > params.now + params.limits.max_future_skew_s)
    return Error{Errc::BundleIatFuture, "iat in the future"};
  const Json& document = payload->at("document");
  // One id names both: the document's Bundle.identifier is urn:uuid:<jti> (fhir-mapping.md).
  const auto ident = document.find("identifier");
  if (ident == document.end() || !ident->is_object() || !ident->contains("value") || !ident->at("value").is_string() ||
      ident->at("value").get_ref<const std::string&>() != "urn:uuid:" + claims->jti)
    return Error{Errc::BundleJtiMismatch, "jti is not the document identifier"};
  auto valid = params.validate_document ? params.validate_document(document) : ValidateDocument(document);
  if (!valid) return valid.error();

  OpenedBundle out;
  out.claims = std::move(*claims);
  out.payload = std::move(*payload);
  out.payload_text.assign(reinterpret_cast<const char*>(parts->payload.data()), parts->payload.size());
  out.jws.assign(compact);
  out.jws_hash = JwsHash(out.jws);
  out.device = device;
  return out;
}

}  // namespace sip::bundle
