// The key hierarchy (bundle/key_wrap.h): a random database key wrapped by the passphrase (Argon2id), re-wrapped
// on a passphrase change, optionally wrapped to the office's recovery recipient, and wrapping the device seed.
#include <doctest/doctest.h>

#include <string>

#include "bundle/crypto.h"
#include "bundle/key_wrap.h"

using namespace sip;
using namespace sip::bundle;

namespace {

const KdfParams kFast{1, 8};   // the smallest Argon2id: keeps the tests quick (the real cost is measured in bench/)
constexpr std::string_view kPass = "blå tåg sjunger högt i natt";
constexpr std::string_view kNewPass = "sju sorters kakor till kaffet";

NewKey Fresh() {
  REQUIRE(InitCrypto());
  auto k = CreateDbKey(kPass, kFast);
  REQUIRE(k.ok());
  return std::move(*k);
}

Errc UnlockCode(const KeyFile& f, std::string_view pass) {
  auto r = UnlockDbKey(f, pass);
  return r.ok() ? Errc::Ok : r.error().code;
}

}  // namespace

TEST_CASE("key wrap: a new key unlocks with its passphrase only, and survives the text form") {
  NewKey k = Fresh();
  auto text = SerializeKeyFile(k.file);
  auto parsed = ParseKeyFile(text);
  REQUIRE(parsed.ok());
  CHECK(parsed->kdf == kFast);
  auto unlocked = UnlockDbKey(*parsed, kPass);
  REQUIRE(unlocked.ok());
  CHECK(unlocked->bytes() == k.key.bytes());
  CHECK(UnlockCode(*parsed, "blå tåg sjunger högt i dag") == Errc::WrongPassphrase);
  CHECK(UnlockCode(*parsed, "") == Errc::WrongPassphrase);
  // The key never appears in the file, in any encoding.
  CHECK(text.find(Base64UrlEncode(k.key.bytes().data(), 32)) == std::string::npos);
  CHECK(text.find(HexEncode(k.key.bytes().data(), 32)) == std::string::npos);
  // Two keys are different keys with different salts.
  NewKey k2 = Fresh();
  CHECK(k2.key.bytes() != k.key.bytes());
  CHECK(k2.file.salt != k.file.salt);
}

TEST_CASE("key wrap: the passphrase rules apply when a key is created or the passphrase changed") {
  REQUIRE(InitCrypto());
  CHECK(CreateDbKey("kort", kFast).error().code == Errc::PassphraseTooShort);
  CHECK(CreateDbKey("Lösenord2024!", kFast).error().code == Errc::PassphraseCommon);
  CHECK(CreateDbKey(kPass, KdfParams{0, 8}).error().code == Errc::InvalidArgument);
  NewKey k = Fresh();
  CHECK(ChangePassphrase(k.file, kPass, "aaaaaaaaaaaaaaa", kFast).error().code == Errc::PassphraseRepetitive);
}

TEST_CASE("key wrap: a passphrase change re-wraps the same key; parameters can be raised; lowering them fails") {
  NewKey k = Fresh();
  WrapDeviceSeed(k.file, k.key, Ed25519Seed{1, 2, 3});
  CHECK(ChangePassphrase(k.file, "fel fras för den här nyckeln", kNewPass, kFast).error().code == Errc::WrongPassphrase);
  auto changed = ChangePassphrase(k.file, kPass, kNewPass, KdfParams{2, 16});
  REQUIRE(changed.ok());
  CHECK(changed->kdf == KdfParams{2, 16});
  CHECK(changed->salt != k.file.salt);
  CHECK(changed->device_seed == k.file.device_seed);   // the rest is kept, nothing re-encrypted
  CHECK(UnlockCode(*changed, kPass) == Errc::WrongPassphrase);
  auto unlocked = UnlockDbKey(*changed, kNewPass);
  REQUIRE(unlocked.ok());
  CHECK(unlocked->bytes() == k.key.bytes());
  // Parameters are bound to the wrap: writing lower ones into the file makes it fail, not cheaper.
  KeyFile lowered = *changed;
  lowered.kdf = kFast;
  CHECK(UnlockCode(lowered, kNewPass) == Errc::WrongPassphrase);
  // Out-of-bounds parameters in a file are refused before Argon2 runs.
  std::string text = SerializeKeyFile(*changed);
  const auto at = text.find("\"memlimit_kib\":16");
  REQUIRE(at != std::string::npos);
  text.replace(at, 17, "\"memlimit_kib\":99999999");
  CHECK(ParseKeyFile(text).error().code == Errc::KeyFileDamaged);
}

TEST_CASE("key wrap: a damaged key file is key_file_damaged, an altered wrap is wrong_passphrase") {
  NewKey k = Fresh();
  const std::string text = SerializeKeyFile(k.file);
  for (const std::string& bad : {std::string("{}"), std::string("not json"), text.substr(0, text.size() - 2),
                                 std::string(text).replace(text.find("sipfield-key-v1"), 15, "sipfield-key-v2")}) {
    CHECK(ParseKeyFile(bad).error().code == Errc::KeyFileDamaged);
  }
  KeyFile altered = k.file;
  altered.wrapped_key[30] ^= 1;
  CHECK(UnlockCode(altered, kPass) == Errc::WrongPassphrase);
  altered = k.file;
  altered.salt[0] ^= 1;
  CHECK(UnlockCode(altered, kPass) == Errc::WrongPassphrase);
}

TEST_CASE("key wrap: the office's recovery identity unwraps the key; another identity does not") {
  NewKey k = Fresh();
  const X25519Identity office = X25519Generate();
  CHECK(RecoverDbKey(k.file, office).error().code == Errc::RecoveryMissing);
  CHECK(SetRecoveryRecipient(k.file, k.key, "age1inte-en-nyckel").error().code == Errc::AgeBadRecipient);
  REQUIRE(SetRecoveryRecipient(k.file, k.key, EncodeRecipient(RecipientOf(office))).ok());
  auto parsed = ParseKeyFile(SerializeKeyFile(k.file));
  REQUIRE(parsed.ok());
  CHECK(parsed->recovery_recipient == EncodeRecipient(RecipientOf(office)));
  auto recovered = RecoverDbKey(*parsed, office);
  REQUIRE(recovered.ok());
  CHECK(recovered->bytes() == k.key.bytes());
  CHECK(RecoverDbKey(*parsed, X25519Generate()).error().code == Errc::WrongPassphrase);
  // After recovery the office (or the staff member with it) sets a new passphrase on the same key.
  auto rewrapped = WrapDbKey(*recovered, kNewPass, kFast);
  REQUIRE(rewrapped.ok());
  CHECK(UnlockDbKey(*rewrapped, kNewPass)->bytes() == k.key.bytes());
}

TEST_CASE("key wrap: the device seed is wrapped by the database key; without that key it cannot sign") {
  NewKey k = Fresh();
  CHECK(UnwrapDeviceKey(k.file, k.key).error().code == Errc::NotFound);
  const Ed25519KeyPair device = Ed25519FromSeed(Ed25519Seed{9, 8, 7, 6});
  WrapDeviceSeed(k.file, k.key, device.seed);
  auto parsed = ParseKeyFile(SerializeKeyFile(k.file));
  REQUIRE(parsed.ok());
  auto back = UnwrapDeviceKey(*parsed, k.key);
  REQUIRE(back.ok());
  CHECK(back->public_key == device.public_key);
  NewKey other = Fresh();
  CHECK(UnwrapDeviceKey(*parsed, other.key).error().code == Errc::WrongPassphrase);
  // DbKey wipes itself: a moved-from or wiped key is all zeros.
  DbKey moved = std::move(other.key);
  CHECK(other.key.bytes() == std::array<uint8_t, 32>{});
  moved.Wipe();
  CHECK(moved.bytes() == std::array<uint8_t, 32>{});
}
