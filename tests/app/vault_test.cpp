// The unlocked session (app/vault.h): a first start, a session written through the command handler that leaves
// no known string in any stored byte, unlock with the passphrase only, lock wiping keys and pages, a passphrase
// change without re-encryption, sealed copies.
#include <doctest/doctest.h>

#include <algorithm>

#include "app/handler.h"
#include "app/vault.h"
#include "app_test_support.h"
#include "bundle/crypto.h"
#include "store/store.h"

using namespace sip;
using namespace sip::app;

namespace {

const bundle::KdfParams kFast{1, 8};
constexpr std::string_view kPass = "blå tåg sjunger högt i natt";
constexpr UnixMs kNow = 1795336070123;

// The files as the platform keeps them: the sealed base, the log of sealed records, the key file.
struct Disk {
  Vault::Files files;
  void Attach(Vault& v) {
    v.SetSink([this](std::vector<uint8_t> rec, uint64_t) { files.log.insert(files.log.end(), rec.begin(), rec.end()); });
  }
  void Checkpoint(Vault& v) {
    auto cp = v.SealCheckpoint();
    REQUIRE(cp.ok());
    store::ApplyCheckpoint(files.base, *cp);
    files.log.clear();
  }
  bool Holds(const std::string& s) const {
    for (const auto* b : {&files.base, &files.log})
      if (std::search(b->begin(), b->end(), s.begin(), s.end()) != b->end()) return true;
    return files.key_file.find(s) != std::string::npos;
  }
};

}  // namespace

TEST_CASE("vault: a session through the handler leaves only sealed bytes and unlocks with the passphrase only") {
  REQUIRE(bundle::InitCrypto());
  CHECK(Vault::Create("kort", "sip-vault-weak", {}, kFast).error().code == Errc::PassphraseTooShort);
  auto created = Vault::Create(kPass, "sip-vault-t1", {}, kFast);
  REQUIRE(created.ok());
  Disk disk;
  disk.files.key_file = created->second.key_file;
  disk.files.base = created->second.base;
  std::unique_ptr<Vault> vault = std::move(created->first);
  disk.Attach(*vault);
  REQUIRE(vault->device_key() != nullptr);
  const bundle::Ed25519PublicKey device_public = vault->device_key()->public_key;
  std::string case_id;
  {
    auto s = store::Store::Open("sipfield.db", kNow, vault->options());
    REQUIRE(s.ok());
    CommandHandler h(&*s, {[] { return kNow; }, "native", {}, [&vault] { return vault->device_key(); }});
    case_id = testing::EstablishedCase(h, "Märta Öberg-Åkesson");
    disk.Checkpoint(*vault);
    testing::Must(h, {{"cmd", "settings.set"}, {"key", "staff.name"}, {"value", "Astrid Lindqvist"}});
  }
  for (const std::string s : {"Märta Öberg-Åkesson", "Astrid Lindqvist", "19821105-9954", "198211059954",
                              "8211059954", "821105-9954", "SQLite format 3"})
    CHECK_FALSE(disk.Holds(s));
  REQUIRE(vault->Lock().ok());
  CHECK(vault->device_key() == nullptr);
  CHECK(vault->page_log().image().empty());
  CHECK(vault->SealCheckpoint().error().code == Errc::NotReady);
  vault.reset();

  CHECK(Vault::Unlock(disk.files, "fel lösenfras helt och hållet", "sip-vault-t1").error().code ==
        Errc::WrongPassphrase);
  auto again = Vault::Unlock(disk.files, kPass, "sip-vault-t1");
  REQUIRE(again.ok());
  CHECK((*again)->device_key()->public_key == device_public);
  {
    auto s = store::Store::Open("sipfield.db", kNow, (*again)->options());
    REQUIRE(s.ok());
    CHECK(store::settings_repo::Get(*s, "staff.name")->value_or("") == "Astrid Lindqvist");
    CHECK(store::cases_repo::Get(*s, case_id)->has_value());
    // Locking with the store still open wipes the keys but refuses to drop the pages under SQLite's feet.
    CHECK((*again)->Lock().error().code == Errc::DbBusy);
    CHECK((*again)->device_key() == nullptr);
  }
}

TEST_CASE("vault: a passphrase change re-wraps only the key; sealed copies open with the vault's key only") {
  REQUIRE(bundle::InitCrypto());
  std::vector<uint8_t> image(3 * 4096 + 100, 0);
  std::copy_n("SQLite format 3", 16, image.begin());
  std::copy_n("Bengt Svensson", 14, image.begin() + 5000);
  auto created = Vault::Create(kPass, "sip-vault-t2", image, kFast);   // adoption of a plaintext image
  REQUIRE(created.ok());
  Vault& v = *created->first;
  Disk disk{{created->second.key_file, created->second.base, {}}};
  CHECK_FALSE(disk.Holds("Bengt Svensson"));
  CHECK(v.page_log().image() == image);

  auto changed = v.ChangePassphrase("fel lösenfras helt och hållet", "sju sorters kakor till kaffet", kFast);
  CHECK(changed.error().code == Errc::WrongPassphrase);
  changed = v.ChangePassphrase(kPass, "sju sorters kakor till kaffet", kFast);
  REQUIRE(changed.ok());
  disk.files.key_file = *changed;
  CHECK(Vault::Unlock(disk.files, kPass, "sip-vault-t2b").error().code == Errc::WrongPassphrase);
  {
    auto reopened = Vault::Unlock(disk.files, "sju sorters kakor till kaffet", "sip-vault-t2b");
    REQUIRE(reopened.ok());
    CHECK((*reopened)->page_log().image() == image);
  }

  auto copy = v.SealCopy(image);
  REQUIRE(copy.ok());
  CHECK(std::search(copy->begin(), copy->end(), image.begin() + 5000, image.begin() + 5014) == copy->end());
  auto back = v.OpenCopy(*copy);
  REQUIRE(back.ok());
  CHECK(*back == image);
  auto other = Vault::Create(kPass, "sip-vault-t2c", {}, kFast);
  REQUIRE(other.ok());
  CHECK(other->first->OpenCopy(*copy).error().code == Errc::DbPageAuth);
}

TEST_CASE("vault: adoption keeps the device's existing signing key; notes are sealed to their purpose") {
  REQUIRE(bundle::InitCrypto());
  const bundle::Ed25519KeyPair existing = bundle::Ed25519Generate();
  Vault::CreateParams params;
  params.kdf = kFast;
  params.device_seed = existing.seed;
  auto created = Vault::Create(kPass, "sip-vault-t4", std::move(params));
  REQUIRE(created.ok());
  Vault& v = *created->first;
  REQUIRE(v.device_key() != nullptr);
  CHECK(v.device_key()->public_key == existing.public_key);
  Disk disk;
  disk.files.key_file = created->second.key_file;
  disk.files.base = created->second.base;
  {
    auto again = Vault::Unlock(disk.files, kPass, "sip-vault-t4b");
    REQUIRE(again.ok());
    REQUIRE((*again)->device_key() != nullptr);
    CHECK((*again)->device_key()->public_key == existing.public_key);
  }

  const std::string where = R"({"screen":2,"case":"7c1f…"})";
  auto note = v.SealNote("resume", std::vector<uint8_t>(where.begin(), where.end()));
  REQUIRE(note.ok());
  CHECK(std::search(note->begin(), note->end(), where.begin(), where.end()) == note->end());
  auto opened = v.OpenNote("resume", *note);
  REQUIRE(opened.ok());
  CHECK(std::string(opened->begin(), opened->end()) == where);
  CHECK(v.OpenNote("drafts", *note).error().code == Errc::DbPageAuth);   // another purpose
  std::vector<uint8_t> flipped = *note;
  flipped[flipped.size() / 2] ^= 1;
  CHECK(v.OpenNote("resume", flipped).error().code == Errc::DbPageAuth);
  CHECK(v.OpenNote("resume", {1, 2, 3}).error().code == Errc::DbPageAuth);
  auto other = Vault::Create(kPass, "sip-vault-t4c", {}, kFast);
  REQUIRE(other.ok());
  CHECK(other->first->OpenNote("resume", *note).error().code == Errc::DbPageAuth);   // another database's key
  REQUIRE(v.Lock().ok());
  CHECK(v.SealNote("resume", {1}).error().code == Errc::NotReady);
}
