#include "bundle/documents.h"

#include <algorithm>
#include <initializer_list>
#include <set>

#include "bundle/crypto.h"
#include "bundle/encoding.h"
#include "core/display_text.h"

namespace sip::bundle {
namespace {

constexpr size_t kMaxNameBytes = 120;
constexpr size_t kMaxListItems = 10000;

Error Invalid(std::string detail) { return Error{Errc::DocumentInvalid, std::move(detail)}; }

// Strict reading of one JSON object: every member must be known, required ones present, types exact.
class Reader {
 public:
  Reader(const Json& obj, std::string where) : obj_(obj), where_(std::move(where)) {}

  // Refuses members outside `known`; call once, first.
  Result<void> Only(std::initializer_list<std::string_view> known) const {
    if (!obj_.is_object()) return Invalid(where_ + " is not an object");
    for (const auto& [k, v] : obj_.items())
      if (std::find(known.begin(), known.end(), k) == known.end()) return Invalid(where_ + " has unknown member " + k);
    return {};
  }
  Result<std::string> Str(const char* name, size_t max_bytes, bool allow_empty = false) const {
    auto it = obj_.find(name);
    if (it == obj_.end() || !it->is_string()) return Invalid(where_ + "." + name + " missing or not a string");
    std::string s = it->get<std::string>();
    if ((!allow_empty && s.empty()) || s.size() > max_bytes) return Invalid(where_ + "." + name + " empty or too long");
    return s;
  }
  Result<int64_t> Int(const char* name, int64_t min = 0) const {
    auto it = obj_.find(name);
    if (it == obj_.end() || !(it->is_number_integer())) return Invalid(where_ + "." + name + " missing or not an integer");
    if (it->is_number_unsigned() && it->get<uint64_t>() > static_cast<uint64_t>(INT64_MAX))
      return Invalid(where_ + "." + name + " out of range");
    const int64_t v = it->get<int64_t>();
    if (v < min) return Invalid(where_ + "." + name + " out of range");
    return v;
  }
  Result<void> Version() const {
    auto v = Int("v");
    if (!v) return v.error();
    if (*v != 1) return Invalid(where_ + ".v is not 1");
    return {};
  }
  Result<const Json*> Array(const char* name, size_t min_items, size_t max_items) const {
    auto it = obj_.find(name);
    if (it == obj_.end() || !it->is_array()) return Invalid(where_ + "." + name + " missing or not an array");
    if (it->size() < min_items || it->size() > max_items) return Invalid(where_ + "." + name + " item count");
    return &*it;
  }
  bool Has(const char* name) const { return obj_.contains(name); }
  const Json& At(const char* name) const { return obj_.at(name); }

 private:
  const Json& obj_;
  std::string where_;
};

// The public JWK object of an Ed25519 key, as JSON (members crv, kty, x).
Json JwkObject(const Ed25519PublicKey& key) { return Json::parse(PublicJwk(key)); }

Result<Ed25519PublicKey> KeyFromJwk(const Json& jwk, const std::string& where) {
  if (!jwk.is_object()) return Invalid(where + " is not a JWK object");
  auto key = ParsePublicJwk(jwk.dump());
  if (!key) return Invalid(where + " is not a public Ed25519 JWK");
  return *key;
}

bool ValidName(std::string_view s) { return !s.empty() && s.size() <= kMaxNameBytes; }

// A lookup that knows exactly one key.
JwsKeyLookup OnlyKey(const Ed25519PublicKey& key) {
  return [key](std::string_view) -> std::optional<Ed25519PublicKey> { return key; };
}

const char* RoleName(ImportKeyRole r) { return r == ImportKeyRole::Current ? "current" : "next"; }

}  // namespace

// --- key ids --------------------------------------------------------------------------------------------

std::string KeyFingerprint(std::string_view kid) {
  std::string out;
  for (size_t i = 0; i < kid.size(); i += 4) {
    if (!out.empty()) out += ' ';
    out += kid.substr(i, 4);
  }
  return out;
}

std::string ImportKeyId(const X25519Recipient& recipient) {
  const std::string jwk =
      R"({"crv":"X25519","kty":"OKP","x":")" + Base64UrlEncode(recipient.data(), recipient.size()) + "\"}";
  const Sha256Digest d = Sha256(jwk);
  return Base64UrlEncode(d.data(), d.size());
}

// --- generic --------------------------------------------------------------------------------------------

Result<std::string> SignDocument(const Ed25519KeyPair& key, std::string_view typ, const Json& payload) {
  return JwsSign(key, typ, payload.dump());
}

Result<VerifiedDocument> VerifyDocument(std::string_view compact, std::string_view typ, const JwsKeyLookup& lookup) {
  auto v = JwsVerify(compact, lookup, typ, JwsLimits{.max_compact_bytes = kMaxDocumentBytes});
  if (!v) return v.error();
  auto json = ParseJsonStrict(std::string_view(reinterpret_cast<const char*>(v->payload.data()), v->payload.size()));
  if (!json) return Invalid("payload is not JSON within the limits");
  if (!json->is_object()) return Invalid("payload is not an object");
  return VerifiedDocument{std::move(v->kid), std::move(*json)};
}

// --- enrollment -----------------------------------------------------------------------------------------

Result<std::string> MakeEnrollmentRequest(const Ed25519KeyPair& device, std::string_view device_name,
                                          std::string_view staff, int64_t iat) {
  if (!ValidName(device_name)) return Error{Errc::InvalidArgument, "device"};
  if (!ValidName(staff)) return Error{Errc::InvalidArgument, "staff"};
  if (HasControlOrBidi(device_name)) return Error{Errc::EnrollmentTextInvalid, "device"};
  if (HasControlOrBidi(staff)) return Error{Errc::EnrollmentTextInvalid, "staff"};
  const Json payload{{"v", 1},
                     {"kid", JwkThumbprint(device.public_key)},
                     {"jwk", JwkObject(device.public_key)},
                     {"device", device_name},
                     {"staff", staff},
                     {"iat", iat}};
  return SignDocument(device, kTypEnrollment, payload);
}

Result<EnrollmentRequest> ReadEnrollmentRequest(std::string_view compact) {
  // The key to verify with is inside the payload: read it unverified, then verify under it (JwsVerify
  // checks that its thumbprint is the header's kid, so a request cannot name one key and carry another).
  auto parts = JwsParse(compact, JwsLimits{.max_compact_bytes = kMaxDocumentBytes});
  if (!parts) return parts.error();
  auto unverified = ParseJsonStrict(
      std::string_view(reinterpret_cast<const char*>(parts->payload.data()), parts->payload.size()));
  if (!unverified || !unverified->is_object() || !unverified->contains("jwk"))
    return Invalid("enrollment payload has no jwk");
  auto key = KeyFromJwk(unverified->at("jwk"), "enrollment.jwk");
  if (!key) return key.error();
  auto doc = VerifyDocument(compact, kTypEnrollment, OnlyKey(*key));
  if (!doc) return doc.error();

  const Reader r(doc->payload, "enrollment");
  if (auto ok = r.Only({"v", "kid", "jwk", "device", "staff", "iat"}); !ok) return ok.error();
  if (auto ok = r.Version(); !ok) return ok.error();
  EnrollmentRequest out;
  auto kid = r.Str("kid", 64);
  if (!kid) return kid.error();
  if (*kid != doc->kid) return Invalid("enrollment.kid is not the signing key");
  out.kid = *kid;
  out.key = *key;
  auto device = r.Str("device", kMaxNameBytes);
  if (!device) return device.error();
  out.device_name = *device;
  auto staff = r.Str("staff", kMaxNameBytes);
  if (!staff) return staff.error();
  out.staff = *staff;
  // Names the office prints and signs into its trust list: no control or bidi characters (they could
  // rewrite the administrator's terminal or reorder what is shown). Checked after the signature.
  if (HasControlOrBidi(out.device_name)) return Error{Errc::EnrollmentTextInvalid, "device"};
  if (HasControlOrBidi(out.staff)) return Error{Errc::EnrollmentTextInvalid, "staff"};
  auto iat = r.Int("iat");
  if (!iat) return iat.error();
  out.iat = *iat;
  return out;
}

// --- trust list -----------------------------------------------------------------------------------------

const TrustEntry* TrustList::Find(std::string_view kid) const {
  for (const auto& d : devices)
    if (d.kid == kid) return &d;
  return nullptr;
}

Json TrustListToJson(const TrustList& list) {
  Json devices = Json::array();
  for (const auto& d : list.devices) {
    Json e{{"kid", d.kid},
           {"jwk", JwkObject(d.key)},
           {"device", d.device_name},
           {"staff", d.staff},
           {"valid_from", d.valid_from},
           {"valid_to", d.valid_to},
           {"status", d.status == TrustStatus::Active ? "active" : "revoked"}};
    if (d.revoked_after_seq) e["revoked_after_seq"] = *d.revoked_after_seq;
    devices.push_back(std::move(e));
  }
  return Json{{"v", 1}, {"office", list.office}, {"version", list.version}, {"iat", list.iat}, {"devices", devices}};
}

Result<TrustList> TrustListFromJson(const Json& payload) {
  const Reader r(payload, "trust_list");
  if (auto ok = r.Only({"v", "office", "version", "iat", "devices"}); !ok) return ok.error();
  if (auto ok = r.Version(); !ok) return ok.error();
  TrustList out;
  auto office = r.Str("office", kMaxNameBytes);
  if (!office) return office.error();
  out.office = *office;
  auto version = r.Int("version");
  if (!version) return version.error();
  out.version = static_cast<uint64_t>(*version);
  auto iat = r.Int("iat");
  if (!iat) return iat.error();
  out.iat = *iat;
  auto devices = r.Array("devices", 0, kMaxListItems);
  if (!devices) return devices.error();
  std::set<std::string> seen;
  for (const Json& item : **devices) {
    const Reader e(item, "trust_list.devices[]");
    if (auto ok = e.Only({"kid", "jwk", "device", "staff", "valid_from", "valid_to", "status", "revoked_after_seq"});
        !ok)
      return ok.error();
    TrustEntry d;
    auto kid = e.Str("kid", 64);
    if (!kid) return kid.error();
    d.kid = *kid;
    if (!item.contains("jwk")) return Invalid("trust_list.devices[].jwk missing");
    auto key = KeyFromJwk(item.at("jwk"), "trust_list.devices[].jwk");
    if (!key) return key.error();
    d.key = *key;
    if (JwkThumbprint(d.key) != d.kid) return Invalid("trust_list.devices[].kid is not the key's thumbprint");
    if (!seen.insert(d.kid).second) return Invalid("trust_list lists a kid twice");
    auto device = e.Str("device", kMaxNameBytes);
    if (!device) return device.error();
    d.device_name = *device;
    auto staff = e.Str("staff", kMaxNameBytes);
    if (!staff) return staff.error();
    d.staff = *staff;
    auto from = e.Int("valid_from");
    if (!from) return from.error();
    d.valid_from = *from;
    auto to = e.Int("valid_to");
    if (!to) return to.error();
    d.valid_to = *to;
    if (d.valid_to != 0 && d.valid_to < d.valid_from) return Invalid("trust_list.devices[] validity ends before it starts");
    auto status = e.Str("status", 16);
    if (!status) return status.error();
    if (*status == "active") {
      d.status = TrustStatus::Active;
      if (e.Has("revoked_after_seq")) return Invalid("trust_list.devices[] active with revoked_after_seq");
    } else if (*status == "revoked") {
      d.status = TrustStatus::Revoked;
      if (e.Has("revoked_after_seq")) {
        auto after = e.Int("revoked_after_seq");
        if (!after) return after.error();
        d.revoked_after_seq = static_cast<uint64_t>(*after);
      }
    } else {
      return Invalid("trust_list.devices[].status unknown");
    }
    out.devices.push_back(std::move(d));
  }
  return out;
}

Result<std::string> SignTrustList(const Ed25519KeyPair& admin, const TrustList& list) {
  return SignDocument(admin, kTypTrustList, TrustListToJson(list));
}

Result<TrustList> ReadTrustList(std::string_view compact, const Ed25519PublicKey& admin) {
  auto doc = VerifyDocument(compact, kTypTrustList, OnlyKey(admin));
  if (!doc) return doc.error();
  return TrustListFromJson(doc->payload);
}

// --- office profile -------------------------------------------------------------------------------------

const ImportKey& OfficeProfile::Current() const {
  for (const auto& k : import_keys)
    if (k.role == ImportKeyRole::Current) return k;
  return import_keys.front();   // unreachable for a profile ReadOfficeProfile accepted
}

namespace {
Result<void> CheckImportKeys(const std::vector<ImportKey>& keys) {
  int current = 0, next = 0;
  for (const auto& k : keys) (k.role == ImportKeyRole::Current ? current : next)++;
  if (current != 1) return Error{Errc::InvalidArgument, "exactly one current import key"};
  if (next > 1) return Error{Errc::InvalidArgument, "at most one next import key"};
  return {};
}
}  // namespace

Result<std::string> MakeOfficeProfile(const Ed25519KeyPair& admin, const OfficeProfile& profile) {
  if (!ValidName(profile.office)) return Error{Errc::InvalidArgument, "office"};
  if (auto ok = CheckImportKeys(profile.import_keys); !ok) return ok.error();
  Json keys = Json::array();
  for (const auto& k : profile.import_keys)
    keys.push_back(Json{{"recipient", EncodeRecipient(k.recipient)},
                        {"kid", ImportKeyId(k.recipient)},
                        {"role", RoleName(k.role)}});
  Json payload{{"v", 1},
               {"office", profile.office},
               {"admin_jwk", JwkObject(admin.public_key)},
               {"iat", profile.iat},
               {"import_keys", keys}};
  if (profile.recovery_recipient) payload["recovery_recipient"] = EncodeRecipient(*profile.recovery_recipient);
  return SignDocument(admin, kTypProfile, payload);
}

Result<OfficeProfile> ReadOfficeProfile(std::string_view compact, std::string_view pinned_admin_kid) {
  auto parts = JwsParse(compact, JwsLimits{.max_compact_bytes = kMaxDocumentBytes});
  if (!parts) return parts.error();
  auto unverified = ParseJsonStrict(
      std::string_view(reinterpret_cast<const char*>(parts->payload.data()), parts->payload.size()));
  if (!unverified || !unverified->is_object() || !unverified->contains("admin_jwk"))
    return Invalid("profile payload has no admin_jwk");
  auto admin = KeyFromJwk(unverified->at("admin_jwk"), "profile.admin_jwk");
  if (!admin) return admin.error();
  const std::string admin_kid = JwkThumbprint(*admin);
  if (!pinned_admin_kid.empty() && admin_kid != pinned_admin_kid)
    return Error{Errc::ProfileAdminMismatch, "profile signed by another admin key"};
  auto doc = VerifyDocument(compact, kTypProfile, OnlyKey(*admin));
  if (!doc) return doc.error();

  const Reader r(doc->payload, "profile");
  if (auto ok = r.Only({"v", "office", "admin_jwk", "iat", "import_keys", "recovery_recipient"}); !ok) return ok.error();
  if (auto ok = r.Version(); !ok) return ok.error();
  OfficeProfile out;
  auto office = r.Str("office", kMaxNameBytes);
  if (!office) return office.error();
  out.office = *office;
  out.admin_key = *admin;
  out.admin_kid = admin_kid;
  auto iat = r.Int("iat");
  if (!iat) return iat.error();
  out.iat = *iat;
  auto keys = r.Array("import_keys", 1, 2);
  if (!keys) return keys.error();
  for (const Json& item : **keys) {
    const Reader k(item, "profile.import_keys[]");
    if (auto ok = k.Only({"recipient", "kid", "role"}); !ok) return ok.error();
    ImportKey key;
    auto recipient = k.Str("recipient", 100);
    if (!recipient) return recipient.error();
    auto parsed = ParseRecipient(*recipient);
    if (!parsed) return Invalid("profile.import_keys[].recipient is not an age recipient");
    key.recipient = *parsed;
    key.kid = ImportKeyId(key.recipient);
    auto kid = k.Str("kid", 64);
    if (!kid) return kid.error();
    if (*kid != key.kid) return Invalid("profile.import_keys[].kid is not the key's id");
    auto role = k.Str("role", 16);
    if (!role) return role.error();
    if (*role == "current")
      key.role = ImportKeyRole::Current;
    else if (*role == "next")
      key.role = ImportKeyRole::Next;
    else
      return Invalid("profile.import_keys[].role unknown");
    out.import_keys.push_back(key);
  }
  if (auto ok = CheckImportKeys(out.import_keys); !ok) return Invalid(ok.error().detail);
  if (r.Has("recovery_recipient")) {
    auto text = r.Str("recovery_recipient", 100);
    if (!text) return text.error();
    auto parsed = ParseRecipient(*text);
    if (!parsed) return Invalid("profile.recovery_recipient is not an age recipient");
    out.recovery_recipient = *parsed;
  }
  return out;
}

// --- receipt --------------------------------------------------------------------------------------------

Result<std::string> MakeReceipt(const Ed25519KeyPair& admin, const Receipt& receipt) {
  if (receipt.bundles.empty() || receipt.bundles.size() > kMaxListItems)
    return Error{Errc::InvalidArgument, "bundles"};
  if (!ValidName(receipt.office)) return Error{Errc::InvalidArgument, "office"};
  Json items = Json::array();
  for (const auto& b : receipt.bundles)
    items.push_back(Json{{"jti", b.jti}, {"seq", b.seq}, {"hash", b.hash}, {"imported_at", b.imported_at}});
  const Json payload{{"v", 1},
                     {"office", receipt.office},
                     {"device", receipt.device},
                     {"iat", receipt.iat},
                     {"bundles", items}};
  return SignDocument(admin, kTypReceipt, payload);
}

Result<Receipt> ReadReceipt(std::string_view compact, const Ed25519PublicKey& admin) {
  auto doc = VerifyDocument(compact, kTypReceipt, OnlyKey(admin));
  if (!doc) return doc.error();
  const Reader r(doc->payload, "receipt");
  if (auto ok = r.Only({"v", "office", "device", "iat", "bundles"}); !ok) return ok.error();
  if (auto ok = r.Version(); !ok) return ok.error();
  Receipt out;
  auto office = r.Str("office", kMaxNameBytes);
  if (!office) return office.error();
  out.office = *office;
  auto device = r.Str("device", 64);
  if (!device) return device.error();
  out.device = *device;
  auto iat = r.Int("iat");
  if (!iat) return iat.error();
  out.iat = *iat;
  auto items = r.Array("bundles", 1, kMaxListItems);
  if (!items) return items.error();
  for (const Json& item : **items) {
    const Reader b(item, "receipt.bundles[]");
    if (auto ok = b.Only({"jti", "seq", "hash", "imported_at"}); !ok) return ok.error();
    ReceiptItem it;
    auto jti = b.Str("jti", 64);
    if (!jti) return jti.error();
    it.jti = *jti;
    auto seq = b.Int("seq", 1);
    if (!seq) return seq.error();
    it.seq = static_cast<uint64_t>(*seq);
    auto hash = b.Str("hash", 64);
    if (!hash) return hash.error();
    it.hash = *hash;
    auto at = b.Int("imported_at");
    if (!at) return at.error();
    it.imported_at = *at;
    out.bundles.push_back(std::move(it));
  }
  return out;
}

}  // namespace sip::bundle
