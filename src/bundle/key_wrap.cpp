#include "bundle/key_wrap.h"

#include <sodium.h>

#include <cstring>
#include <utility>

#include "bundle/crypto.h"
#include "core/command.h"
#include "core/passphrase.h"

namespace sip::bundle {
namespace {

constexpr std::string_view kFormat = "sipfield-key-v1";
constexpr std::string_view kKdfName = "argon2id13";
constexpr std::string_view kWrapLabel = "sipfield-dbkey-v1";
constexpr std::string_view kSeedLabel = "sipfield/device-seed/v1";
constexpr size_t kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr size_t kTag = crypto_aead_xchacha20poly1305_ietf_ABYTES;
constexpr size_t kWrappedSize = kNonce + 32 + kTag;
static_assert(crypto_pwhash_argon2id_SALTBYTES == 16);

struct Secret32 {
  std::array<uint8_t, 32> b{};
  ~Secret32() { sodium_memzero(b.data(), b.size()); }
};

bool InBounds(KdfParams p) {
  return p.opslimit >= kKdfMinOpslimit && p.opslimit <= kKdfMaxOpslimit && p.memlimit_kib >= kKdfMinMemlimitKib &&
         p.memlimit_kib <= kKdfMaxMemlimitKib;
}

void PutBe32(Bytes& out, uint32_t v) {
  for (int i = 3; i >= 0; --i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

Bytes WrapAd(const KeyFile& f) {
  Bytes ad(kWrapLabel.begin(), kWrapLabel.end());
  PutBe32(ad, f.kdf.opslimit);
  PutBe32(ad, f.kdf.memlimit_kib);
  ad.insert(ad.end(), f.salt.begin(), f.salt.end());
  return ad;
}

bool DeriveKek(Secret32& kek, std::string_view passphrase, const KeyFile& f) {
  return crypto_pwhash_argon2id(kek.b.data(), kek.b.size(), passphrase.data(), passphrase.size(), f.salt.data(),
                                f.kdf.opslimit, static_cast<size_t>(f.kdf.memlimit_kib) * 1024,
                                crypto_pwhash_argon2id_ALG_ARGON2ID13) == 0;
}

// nonce ‖ XChaCha20-Poly1305(key, nonce, plain, ad)
Bytes Seal(const uint8_t* key, const uint8_t* plain, size_t size, const Bytes& ad) {
  Bytes out(kNonce + size + kTag);
  randombytes_buf(out.data(), kNonce);
  unsigned long long n = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(out.data() + kNonce, &n, plain, size, ad.data(), ad.size(), nullptr,
                                             out.data(), key);
  return out;
}

// Opens Seal()'s output into `out` (size bytes); false when it does not authenticate.
bool Open(const uint8_t* key, const Bytes& sealed, uint8_t* out, size_t size, const Bytes& ad) {
  if (sealed.size() != kNonce + size + kTag) return false;
  unsigned long long n = 0;
  return crypto_aead_xchacha20poly1305_ietf_decrypt(out, &n, nullptr, sealed.data() + kNonce, sealed.size() - kNonce,
                                                    ad.data(), ad.size(), sealed.data(), key) == 0 &&
         n == size;
}

void SeedKey(Secret32& sub, const DbKey& key) {
  crypto_generichash(sub.b.data(), sub.b.size(), reinterpret_cast<const uint8_t*>(kSeedLabel.data()),
                     kSeedLabel.size(), key.bytes().data(), key.bytes().size());
}

Error Damaged(const char* what) { return Error{Errc::KeyFileDamaged, what}; }

}  // namespace

// --- DbKey ------------------------------------------------------------------------------------------------------

DbKey::~DbKey() { Wipe(); }
DbKey::DbKey(DbKey&& other) noexcept : key_(other.key_) { other.Wipe(); }
DbKey& DbKey::operator=(DbKey&& other) noexcept {
  if (this != &other) {
    key_ = other.key_;
    other.Wipe();
  }
  return *this;
}
DbKey DbKey::Generate() {
  DbKey k;
  randombytes_buf(k.key_.data(), k.key_.size());
  return k;
}
DbKey DbKey::FromBytes(const uint8_t* bytes) {
  DbKey k;
  std::memcpy(k.key_.data(), bytes, kDbKeySize);
  return k;
}
void DbKey::Wipe() { sodium_memzero(key_.data(), key_.size()); }

// --- KeyFile ----------------------------------------------------------------------------------------------------

std::string SerializeKeyFile(const KeyFile& f) {
  Json j = {{"format", kFormat},
            {"kdf", kKdfName},
            {"opslimit", f.kdf.opslimit},
            {"memlimit_kib", f.kdf.memlimit_kib},
            {"salt", Base64UrlEncode(f.salt.data(), f.salt.size())},
            {"wrapped_key", Base64UrlEncode(f.wrapped_key)}};
  if (!f.recovery_age.empty())
    j["recovery"] = {{"recipient", f.recovery_recipient}, {"age", Base64StdEncode(f.recovery_age)}};
  if (!f.device_seed.empty()) j["device_seed"] = Base64UrlEncode(f.device_seed);
  return j.dump();
}

Result<KeyFile> ParseKeyFile(std::string_view text) {
  auto parsed = ParseJsonStrict(text);
  if (!parsed || !parsed->is_object()) return Damaged("not a JSON object");
  const Json& j = *parsed;
  auto str = [&j](const char* k) -> const std::string* {
    auto it = j.find(k);
    return it != j.end() && it->is_string() ? it->get_ptr<const std::string*>() : nullptr;
  };
  auto u32 = [&j](const char* k, uint32_t& out) {
    auto it = j.find(k);
    if (it == j.end() || !it->is_number_unsigned() || it->get<uint64_t>() > 0xffffffffu) return false;
    out = static_cast<uint32_t>(it->get<uint64_t>());
    return true;
  };
  for (const auto& item : j.items())
    if (item.key() != "format" && item.key() != "kdf" && item.key() != "opslimit" && item.key() != "memlimit_kib" &&
        item.key() != "salt" && item.key() != "wrapped_key" && item.key() != "recovery" && item.key() != "device_seed")
      return Damaged("unknown member");
  const std::string* format = str("format");
  if (!format || *format != kFormat) return Damaged("unknown format");
  const std::string* kdf = str("kdf");
  if (!kdf || *kdf != kKdfName) return Damaged("unknown KDF");
  KeyFile f;
  if (!u32("opslimit", f.kdf.opslimit) || !u32("memlimit_kib", f.kdf.memlimit_kib) || !InBounds(f.kdf))
    return Damaged("KDF parameters missing or out of bounds");
  const std::string* salt = str("salt");
  auto salt_bytes = salt ? Base64UrlDecode(*salt) : std::nullopt;
  if (!salt_bytes || salt_bytes->size() != f.salt.size()) return Damaged("bad salt");
  std::memcpy(f.salt.data(), salt_bytes->data(), f.salt.size());
  const std::string* wrapped = str("wrapped_key");
  auto wrapped_bytes = wrapped ? Base64UrlDecode(*wrapped) : std::nullopt;
  if (!wrapped_bytes || wrapped_bytes->size() != kWrappedSize) return Damaged("bad wrapped key");
  f.wrapped_key = std::move(*wrapped_bytes);
  if (auto it = j.find("recovery"); it != j.end()) {
    if (!it->is_object() || it->size() != 2 || !it->contains("recipient") || !it->contains("age") ||
        !(*it)["recipient"].is_string() || !(*it)["age"].is_string())
      return Damaged("bad recovery stanza");
    f.recovery_recipient = (*it)["recipient"].get<std::string>();
    if (!ParseRecipient(f.recovery_recipient)) return Damaged("bad recovery recipient");
    auto age = Base64StdDecode((*it)["age"].get<std::string>());
    if (!age || age->empty()) return Damaged("bad recovery file");
    f.recovery_age = std::move(*age);
  }
  if (auto it = j.find("device_seed"); it != j.end()) {
    auto seed = it->is_string() ? Base64UrlDecode(it->get<std::string>()) : std::nullopt;
    if (!seed || seed->size() != kWrappedSize) return Damaged("bad device seed");
    f.device_seed = std::move(*seed);
  }
  return f;
}

// --- create / unlock / change -----------------------------------------------------------------------------------

Result<KeyFile> WrapDbKey(const DbKey& key, std::string_view passphrase, KdfParams params) {
  if (!InBounds(params)) return Error{Errc::InvalidArgument, "Argon2id parameters out of bounds"};
  if (passphrase.size() > kPassphraseMaxBytes) return Error{Errc::PassphraseTooLong, "over 1024 bytes"};
  KeyFile f;
  f.kdf = params;
  randombytes_buf(f.salt.data(), f.salt.size());
  Secret32 kek;
  if (!DeriveKek(kek, passphrase, f)) return Error{Errc::Internal, "Argon2id failed (out of memory?)"};
  f.wrapped_key = Seal(kek.b.data(), key.bytes().data(), kDbKeySize, WrapAd(f));
  return f;
}

Result<NewKey> CreateDbKey(std::string_view passphrase, KdfParams params) {
  SIP_TRY(CheckNewPassphrase(passphrase));
  NewKey out{DbKey::Generate(), {}};
  auto file = WrapDbKey(out.key, passphrase, params);
  if (!file) return file.error();
  out.file = std::move(*file);
  return out;
}

Result<DbKey> UnlockDbKey(const KeyFile& file, std::string_view passphrase) {
  if (!InBounds(file.kdf)) return Damaged("KDF parameters out of bounds");
  if (passphrase.size() > kPassphraseMaxBytes) return Error{Errc::WrongPassphrase, "passphrase of impossible length"};
  Secret32 kek;
  if (!DeriveKek(kek, passphrase, file)) return Error{Errc::Internal, "Argon2id failed (out of memory?)"};
  Secret32 plain;
  if (!Open(kek.b.data(), file.wrapped_key, plain.b.data(), kDbKeySize, WrapAd(file)))
    return Error{Errc::WrongPassphrase, "the wrapped key does not authenticate"};
  return DbKey::FromBytes(plain.b.data());
}

Result<KeyFile> ChangePassphrase(const KeyFile& file, std::string_view old_passphrase,
                                 std::string_view new_passphrase, KdfParams params) {
  auto key = UnlockDbKey(file, old_passphrase);
  if (!key) return key.error();
  SIP_TRY(CheckNewPassphrase(new_passphrase));
  auto wrapped = WrapDbKey(*key, new_passphrase, params);
  if (!wrapped) return wrapped.error();
  KeyFile out = file;
  out.kdf = wrapped->kdf;
  out.salt = wrapped->salt;
  out.wrapped_key = std::move(wrapped->wrapped_key);
  return out;
}

// --- recovery ---------------------------------------------------------------------------------------------------

Result<void> SetRecoveryRecipient(KeyFile& file, const DbKey& key, std::string_view recipient) {
  auto r = ParseRecipient(recipient);
  if (!r) return r.error();
  auto age = AgeEncrypt(key.bytes().data(), key.bytes().size(), {*r});
  if (!age) return age.error();
  file.recovery_recipient = std::string(recipient);
  file.recovery_age = std::move(*age);
  return {};
}

Result<DbKey> RecoverDbKey(const KeyFile& file, const X25519Identity& identity) {
  if (file.recovery_age.empty()) return Error{Errc::RecoveryMissing, "no recovery stanza"};
  auto plain = AgeDecrypt(file.recovery_age, identity, kDbKeySize);
  if (!plain) {
    if (plain.error().code == Errc::AgeWrongRecipient)
      return Error{Errc::WrongPassphrase, "the identity does not open the recovery stanza"};
    return Error{Errc::KeyFileDamaged, "recovery stanza: " + std::string(ErrorCode(plain.error().code))};
  }
  if (plain->size() != kDbKeySize) {
    sodium_memzero(plain->data(), plain->size());
    return Damaged("recovery stanza does not hold a 32-byte key");
  }
  DbKey key = DbKey::FromBytes(plain->data());
  sodium_memzero(plain->data(), plain->size());
  return key;
}

// --- device seed ------------------------------------------------------------------------------------------------

void WrapDeviceSeed(KeyFile& file, const DbKey& key, const Ed25519Seed& seed) {
  Secret32 sub;
  SeedKey(sub, key);
  file.device_seed = Seal(sub.b.data(), seed.data(), seed.size(), Bytes(kSeedLabel.begin(), kSeedLabel.end()));
}

Result<Ed25519KeyPair> UnwrapDeviceKey(const KeyFile& file, const DbKey& key) {
  if (file.device_seed.empty()) return Error{Errc::NotFound, "no device seed stored"};
  Secret32 sub;
  SeedKey(sub, key);
  Secret32 seed;
  if (!Open(sub.b.data(), file.device_seed, seed.b.data(), seed.b.size(), Bytes(kSeedLabel.begin(), kSeedLabel.end())))
    return Error{Errc::WrongPassphrase, "the wrapped seed does not authenticate"};
  return Ed25519FromSeed(seed.b);
}

}  // namespace sip::bundle
