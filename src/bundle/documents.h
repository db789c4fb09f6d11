// sipbundle/documents.h — the small signed documents that bind devices and the office together.
//
// A plan bundle (plan_bundle.h) is only trusted because of four other documents, each a compact EdDSA JWS
// (jws.h) with its own `typ`, so one can never be passed off as another:
//
//   enrollment request  sipfield-enrollment+jws    device → office   signed by the device key itself (proof
//                                                                     that the device holds the key it enrols)
//   trust list          sipfield-trust-list+jws    office (archive)  signed by the office admin key: which
//                                                                     device keys may sign bundles, and when
//   office profile      sipfield-office-profile+jws office → device  signed by the admin key: where bundles
//                                                                     go (import keys) and who signs receipts
//   receipt             sipfield-receipt+jws       office → device   signed by the admin key: these bundles
//                                                                     arrived and were imported
//
// Payloads are JSON objects parsed strictly (duplicate members, depth and size refused); every member
// listed below is required unless marked optional, and members not listed are refused, so a document has
// one meaning. Times are Unix seconds (UTC). Key ids are RFC 7638 thumbprints: Ed25519 device and admin keys
// as in jwk.h, X25519 import keys of {"crv":"X25519","kty":"OKP","x":…} (ImportKeyId()).
//
// Sections:
//   key ids ........... ImportKeyId, KeyFingerprint
//   generic ........... SignDocument, VerifyDocument
//   enrollment ........ EnrollmentRequest
//   trust list ........ TrustEntry, TrustList
//   office profile .... ImportKey, OfficeProfile
//   receipt ........... ReceiptItem, Receipt
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bundle/age.h"
#include "bundle/jwk.h"
#include "bundle/jws.h"
#include "core/command.h"
#include "core/result.h"

namespace sip::bundle {

// --- key ids ----------------------------------------------------------------------------------------------

// RFC 7638 thumbprint of an X25519 public key's JWK {"crv":"X25519","kty":"OKP","x":…}: the `aud` of a
// bundle. Valid after InitCrypto().
std::string ImportKeyId(const X25519Recipient& recipient);

// A key id grouped in fours for reading aloud and comparing by eye: "kPrK qmxV WaYV …". What the app shows
// for the office's admin key before pinning it, and `sipfield office profile` prints for the office to give
// its staff (on paper or by phone); and what `office enroll --pending` shows for a device's key.
std::string KeyFingerprint(std::string_view kid);

// --- generic ----------------------------------------------------------------------------------------------

inline constexpr std::string_view kTypEnrollment = "sipfield-enrollment+jws";
inline constexpr std::string_view kTypTrustList = "sipfield-trust-list+jws";
inline constexpr std::string_view kTypProfile = "sipfield-office-profile+jws";
inline constexpr std::string_view kTypReceipt = "sipfield-receipt+jws";
inline constexpr size_t kMaxDocumentBytes = 4u << 20;   // compact JWS of any document above

// Signs `payload` (serialised compactly) with `key` under `typ`. Valid after InitCrypto().
Result<std::string> SignDocument(const Ed25519KeyPair& key, std::string_view typ, const Json& payload);

struct VerifiedDocument {
  std::string kid;   // who signed
  Json payload;      // a JSON object
};
// Verifies a document JWS of type `typ` (jws_* codes), then parses its payload strictly: document_invalid
// when it is not a JSON object within the limits of core/command.h. Valid after InitCrypto().
Result<VerifiedDocument> VerifyDocument(std::string_view compact, std::string_view typ, const JwsKeyLookup& lookup);

// --- enrollment -------------------------------------------------------------------------------------------

// What a device asks the office to trust. Payload: {"v":1,"kid","jwk","device","staff","iat"}.
struct EnrollmentRequest {
  std::string kid;                 // JwkThumbprint(key)
  Ed25519PublicKey key{};          // the device signing key (payload member "jwk": the public JWK object)
  std::string device_name;         // "device": 1–120 characters
  std::string staff;               // "staff": who uses the device, 1–120 characters
  int64_t iat = 0;
};
// The request signed by the device's own key. Valid after InitCrypto(). Errors: invalid_argument (a name
// empty or too long), enrollment_text_invalid (a name with a control or bidi character: core/display_text.h).
Result<std::string> MakeEnrollmentRequest(const Ed25519KeyPair& device, std::string_view device_name,
                                          std::string_view staff, int64_t iat);
// Reads a request: the signature must verify under the key the request carries, and that key's
// thumbprint must be the JWS kid (jws_unknown_kid otherwise). Errors: jws_*, document_invalid,
// enrollment_text_invalid (`device` or `staff` holds a control or bidi character, or malformed UTF-8).
Result<EnrollmentRequest> ReadEnrollmentRequest(std::string_view compact);

// --- trust list -------------------------------------------------------------------------------------------

enum class TrustStatus { Active, Revoked };

// One enrolled device. Payload form: {"kid","jwk","device","staff","valid_from","valid_to","status",
// "revoked_after_seq"(optional, with status "revoked")}.
struct TrustEntry {
  std::string kid;
  Ed25519PublicKey key{};
  std::string device_name;
  std::string staff;                           // the bundle's `sub` must equal this
  int64_t valid_from = 0;                      // bundles with iat before this are refused
  int64_t valid_to = 0;                        // … and after this (0 = no end)
  TrustStatus status = TrustStatus::Active;
  std::optional<uint64_t> revoked_after_seq;   // revoked: bundles with seq above this are refused
};

// The office's list of trusted devices. Payload: {"v":1,"office","version","iat","devices":[…]}.
struct TrustList {
  std::string office;
  uint64_t version = 0;   // increases with every change
  int64_t iat = 0;
  std::vector<TrustEntry> devices;

  // The entry for `kid`, or nullptr.
  const TrustEntry* Find(std::string_view kid) const;
};
Json TrustListToJson(const TrustList& list);
// Errors: document_invalid (missing, mistyped or unknown members; a kid that is not its key's thumbprint;
// a kid listed twice).
Result<TrustList> TrustListFromJson(const Json& payload);
// Signed by the admin key. Valid after InitCrypto().
Result<std::string> SignTrustList(const Ed25519KeyPair& admin, const TrustList& list);
// Verifies under `admin` (jws_unknown_kid when signed by another key) and reads it.
Result<TrustList> ReadTrustList(std::string_view compact, const Ed25519PublicKey& admin);

// --- office profile ---------------------------------------------------------------------------------------

enum class ImportKeyRole { Current, Next };

struct ImportKey {
  X25519Recipient recipient{};   // payload: "recipient": "age1…"
  std::string kid;               // ImportKeyId(recipient)
  ImportKeyRole role = ImportKeyRole::Current;
};

// What a device needs to send bundles to the office. Payload:
// {"v":1,"office","admin_jwk","iat","import_keys":[{"recipient","kid","role":"current"|"next"}]}.
// Exactly one current import key; at most one next.
struct OfficeProfile {
  std::string office;              // 1–120 characters, shown to the user
  Ed25519PublicKey admin_key{};    // signs trust lists and receipts
  std::string admin_kid;           // JwkThumbprint(admin_key)
  int64_t iat = 0;
  std::vector<ImportKey> import_keys;
  // The office's recovery recipient (issue 13; docs/protection-at-rest.md): devices that import the profile
  // also wrap their database key to it, so `sipfield office recover` can open a forgotten passphrase's data.
  // Optional ("recovery_recipient" absent): then no device key is wrapped to the office.
  std::optional<X25519Recipient> recovery_recipient;

  const ImportKey& Current() const;   // valid on a profile that ReadOfficeProfile returned
};
// Signed by `admin` (whose public key goes into the profile). Valid after InitCrypto(). Errors:
// invalid_argument (no current key, two current keys, a next key twice, an office name empty or too long).
Result<std::string> MakeOfficeProfile(const Ed25519KeyPair& admin, const OfficeProfile& profile);
// Reads a profile. It must be signed by the admin key it carries; when `pinned_admin_kid` is given (the
// device already trusts an office), that key must be the pinned one: profile_admin_mismatch otherwise.
// Errors: jws_*, document_invalid, profile_admin_mismatch.
Result<OfficeProfile> ReadOfficeProfile(std::string_view compact, std::string_view pinned_admin_kid = {});

// --- receipt ----------------------------------------------------------------------------------------------

struct ReceiptItem {
  std::string jti;
  uint64_t seq = 0;
  std::string hash;        // base64url SHA-256 of the bundle's JWS (PlanBundle::jws_hash)
  int64_t imported_at = 0;
};

// The office confirms bundles of one device. Payload: {"v":1,"office","device","iat","bundles":[…]}.
struct Receipt {
  std::string office;
  std::string device;      // the device kid the bundles came from
  int64_t iat = 0;
  std::vector<ReceiptItem> bundles;   // 1–10,000 items
};
// Signed by the admin key. Valid after InitCrypto(). Errors: invalid_argument (no items, too many).
Result<std::string> MakeReceipt(const Ed25519KeyPair& admin, const Receipt& receipt);
// Verifies under `admin` and reads. Errors: jws_*, document_invalid.
Result<Receipt> ReadReceipt(std::string_view compact, const Ed25519PublicKey& admin);

}  // namespace sip::bundle
