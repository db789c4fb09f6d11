#include <doctest/doctest.h>

#include <chrono>
#include <string>

#include "bundle/backup.h"
#include "bundle/crypto.h"
#include "bundle_test_support.h"

using namespace sip;
using namespace sip::bundle;
using namespace sip::bundle::testing;

namespace {

constexpr size_t kCap = 1u << 20;
constexpr std::string_view kPass = "korrekt häst batteri";
const BackupParams kFast{1, 8};   // the smallest Argon2id: keeps the byte-by-byte tests quick

Errc OpenCode(const Bytes& file, std::string_view pass = kPass, size_t cap = kCap) {
  auto r = OpenBackup(file, pass, cap);
  return r.ok() ? Errc::Ok : r.error().code;
}

Bytes Sealed(const Bytes& plain, const BackupParams& params = kFast) {
  REQUIRE(InitCrypto());
  auto r = SealBackup(plain, kPass, params);
  REQUIRE(r.ok());
  return *r;
}

double MsSince(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

TEST_CASE("backup: a sealed database opens with its passphrase, and only with it") {
  const Bytes plain = ToBytes("SQLite format 3\0 pretend this is a database");
  const Bytes file = Sealed(plain);
  CHECK(file.size() == kBackupHeaderSize + plain.size() + kBackupTagSize);
  CHECK(ToString(Bytes(file.begin(), file.begin() + 18)) == "SIPFIELD-BACKUP-1\n");
  auto opened = OpenBackup(file, kPass, kCap);
  REQUIRE(opened.ok());
  CHECK(*opened == plain);
  // Fresh salt and nonce every time.
  CHECK(Sealed(plain) != file);
  CHECK(OpenCode(file, "korrekt häst batterI") == Errc::BackupWrongPassphrase);
  CHECK(OpenCode(file, "kort") == Errc::BackupWrongPassphrase);
  // An empty database image round-trips too.
  auto empty = OpenBackup(Sealed({}), kPass, kCap);
  REQUIRE(empty.ok());
  CHECK(empty->empty());
}

TEST_CASE("backup in two steps: a derived key seals once, the file opens like SealBackup's") {
  REQUIRE(InitCrypto());
  const Bytes plain = {'S', 'Q', 'L', 'i', 't', 'e', 0, 1, 2, 3};
  auto key = DeriveBackupKey(kPass, kFast);
  REQUIRE(key.ok());
  BackupKey moved = std::move(*key);
  auto sealed = SealBackupWithKey(plain, moved);
  REQUIRE(sealed.ok());
  auto opened = OpenBackup(*sealed, kPass, kCap);
  REQUIRE(opened.ok());
  CHECK(*opened == plain);
  CHECK(OpenCode(*sealed, "fel lösenfras här") == Errc::BackupWrongPassphrase);
  // Its nonce is spent: a second file under the same key is refused, as is a key moved away or never derived.
  CHECK(SealBackupWithKey(plain, moved).error().code == Errc::Internal);
  CHECK(SealBackupWithKey(plain, *key).error().code == Errc::Internal);
  BackupKey none;
  CHECK(SealBackupWithKey(plain, none).error().code == Errc::Internal);
  CHECK(DeriveBackupKey("kort", kFast).error().code == Errc::BackupWeakPassphrase);
  CHECK(DeriveBackupKey(kPass, {0, 8}).error().code == Errc::InvalidArgument);
}

TEST_CASE("backup: the default (interactive) parameters round-trip") {
  const Bytes plain(4096, 0x5a);
  const Bytes file = Sealed(plain, BackupParams{});
  auto opened = OpenBackup(file, kPass, kCap);
  REQUIRE(opened.ok());
  CHECK(*opened == plain);
  CHECK(OpenCode(file, "fel lösenfras") == Errc::BackupWrongPassphrase);
}

TEST_CASE("backup: passphrases shorter than 8 bytes and out-of-bounds parameters are refused") {
  REQUIRE(InitCrypto());
  const Bytes plain = ToBytes("x");
  CHECK(SealBackup(plain, "", kFast).error().code == Errc::BackupWeakPassphrase);
  CHECK(SealBackup(plain, "1234567", kFast).error().code == Errc::BackupWeakPassphrase);
  CHECK(SealBackup(plain, "12345678", kFast).ok());
  CHECK(SealBackup(plain, std::string(kBackupMaxPassphrase + 1, 'a'), kFast).error().code == Errc::InvalidArgument);
  CHECK(SealBackup(plain, kPass, {0, 8}).error().code == Errc::InvalidArgument);
  CHECK(SealBackup(plain, kPass, {kBackupMaxOpslimit + 1, 8}).error().code == Errc::InvalidArgument);
  CHECK(SealBackup(plain, kPass, {1, kBackupMaxMemlimitKib + 1}).error().code == Errc::InvalidArgument);
}

TEST_CASE("backup: damage anywhere gives a code and no plaintext") {
  const Bytes plain = ToBytes("SQLite format 3\0 — cases, settings and the audit log");
  const Bytes file = Sealed(plain);
  for (size_t i = 0; i < file.size(); ++i) {
    for (uint8_t bit : {uint8_t{0x01}, uint8_t{0x80}}) {
      Bytes bad = file;
      bad[i] ^= bit;
      auto r = OpenBackup(bad, kPass, kCap);
      CAPTURE(i);
      REQUIRE_FALSE(r.ok());
      const Errc code = r.error().code;
      if (i < 18) CHECK(code == Errc::BackupNotABackup);
      else if (i == 18) CHECK(code == Errc::BackupDamaged);                                  // KDF id
      else if (i < 27) CHECK((code == Errc::BackupDamaged || code == Errc::BackupWrongPassphrase));   // params
      else if (i < 67) CHECK(code == Errc::BackupWrongPassphrase);                           // salt, nonce
      else if (i < 75) CHECK((code == Errc::BackupDamaged || code == Errc::BackupTooLarge));  // length
      else CHECK(code == Errc::BackupWrongPassphrase);                                       // ciphertext, tag
    }
  }
}

TEST_CASE("backup: truncated, extended and foreign files") {
  const Bytes file = Sealed(ToBytes("SQLite format 3\0 data"));
  for (size_t n = 0; n < file.size(); ++n) {
    CAPTURE(n);
    const Errc code = OpenCode(Bytes(file.begin(), file.begin() + static_cast<std::ptrdiff_t>(n)));
    if (n == 0) CHECK(code == Errc::BackupNotABackup);
    else CHECK(code == Errc::BackupDamaged);
  }
  Bytes longer = file;
  longer.push_back(0);
  CHECK(OpenCode(longer) == Errc::BackupDamaged);
  CHECK(OpenCode(ToBytes("SQLite format 3\0")) == Errc::BackupNotABackup);
  CHECK(OpenCode(ToBytes("SIPFIELD-BACKUP-2\n" + std::string(200, 'x'))) == Errc::BackupNotABackup);
  CHECK(OpenCode(ToBytes("age-encryption.org/v1\n")) == Errc::BackupNotABackup);
}

TEST_CASE("backup: absurd parameters and sizes are refused before any key derivation") {
  const Bytes file = Sealed(Bytes(100, 1));
  auto with = [&](size_t offset, std::initializer_list<uint8_t> bytes) {
    Bytes b = file;
    for (uint8_t v : bytes) b[offset++] = v;
    return b;
  };
  const auto t0 = std::chrono::steady_clock::now();
  CHECK(OpenCode(with(23, {0xff, 0xff, 0xff, 0xff})) == Errc::BackupDamaged);   // memlimit 4 TiB
  CHECK(OpenCode(with(23, {0x00, 0x04, 0x00, 0x01})) == Errc::BackupDamaged);   // 256 MiB + 1 KiB
  CHECK(OpenCode(with(19, {0xff, 0xff, 0xff, 0xff})) == Errc::BackupDamaged);   // 4 billion passes
  CHECK(OpenCode(with(19, {0x00, 0x00, 0x00, 0x00})) == Errc::BackupDamaged);
  CHECK(OpenCode(with(23, {0x00, 0x00, 0x00, 0x07})) == Errc::BackupDamaged);   // under libsodium's minimum
  CHECK(OpenCode(with(18, {2})) == Errc::BackupDamaged);                         // unknown KDF
  CHECK(OpenCode(with(67, {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff})) == Errc::BackupTooLarge);
  CHECK(OpenCode(file, kPass, 99) == Errc::BackupTooLarge);
  CHECK(OpenCode(file, kPass, 100) == Errc::Ok);
  CHECK(MsSince(t0) < 200.0);
}

TEST_CASE("backup: timing of a 10 MB database with the default parameters") {
  REQUIRE(InitCrypto());
  Bytes plain = RandomBytes(10u << 20);
  auto t0 = std::chrono::steady_clock::now();
  auto sealed = SealBackup(plain, kPass);
  const double seal_ms = MsSince(t0);
  REQUIRE(sealed.ok());
  t0 = std::chrono::steady_clock::now();
  auto opened = OpenBackup(*sealed, kPass, 16u << 20);
  const double open_ms = MsSince(t0);
  REQUIRE(opened.ok());
  CHECK(*opened == plain);
  MESSAGE("SealBackup 10 MB: " << seal_ms << " ms, OpenBackup 10 MB: " << open_ms << " ms");
  CHECK(seal_ms < 2000.0);
  CHECK(open_ms < 2000.0);
}
