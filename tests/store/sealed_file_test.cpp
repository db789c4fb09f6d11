// An encrypted database on ordinary files (store/sealed_file.h): a Store on it reopens with the key and only
// with it, leaves no known string in any file, survives kills mid-write with every acknowledged commit, and a
// plaintext database is adopted with a crash at any step leaving the old plaintext or the new encrypted
// database, never a mix.
#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "store/sealed_file.h"
#include "store/store.h"
#include "test_util.h"

#ifndef __EMSCRIPTEN__
#include <signal.h>
#include <sys/wait.h>
#include <chrono>
#include <thread>
#endif

using namespace sip;
using namespace sip::store;

namespace {

constexpr UnixMs kNow = 1795336070123;
const std::array<uint8_t, 32> kKey = [] {
  std::array<uint8_t, 32> k{};
  for (size_t i = 0; i < k.size(); ++i) k[i] = static_cast<uint8_t>(i * 13 + 5);
  return k;
}();
const std::vector<std::string> kSecrets = {"Märta Öberg-Åkesson", "19121212-1212", "191212121212",
                                           "Rädd att falla i badrummet på natten"};

struct Files {
  sip::test::TempDbPath db;
  explicit Files(const std::string& name) : db(name) { Clean(); }
  ~Files() { Clean(); }
  void Clean() const {
    for (const char* s : {"", "-log", "-journal", ".adopt-tmp", ".plain-old", ".reseal-tmp"}) std::remove((db.path + s).c_str());
  }
  std::vector<uint8_t> Bytes(const char* suffix = "") const {
    auto b = sip::test::ReadFileBytes(db.path + suffix);
    return {b.begin(), b.end()};
  }
  bool Exists(const char* suffix) const {
    struct stat st {};
    return ::stat((db.path + suffix).c_str(), &st) == 0;
  }
};

bool Contains(const std::vector<uint8_t>& hay, const std::string& needle) {
  return std::search(hay.begin(), hay.end(), needle.begin(), needle.end()) != hay.end();
}

Result<void> Put(Store& s, const std::string& key, const std::string& value) {
  return s.Write([&](WriteTx& tx) { return settings_repo::Put(tx, key, value, kNow); });
}

std::string Get(const Store& s, const std::string& key) {
  auto v = settings_repo::Get(s, key);
  REQUIRE(v.ok());
  return v->value_or("");
}

// Writes the secrets into a plaintext database at `path`.
void MakePlaintext(const std::string& path) {
  auto s = Store::Open(path, kNow);
  REQUIRE(s.ok());
  REQUIRE(Put(*s, "staff.name", kSecrets[0]).ok());
  REQUIRE(Put(*s, "staff.unit", kSecrets[1] + " " + kSecrets[2] + " " + kSecrets[3]).ok());
}

void CheckContent(const Store& s) {
  CHECK(Get(s, "staff.name") == kSecrets[0]);
  CHECK(Get(s, "staff.unit") == kSecrets[1] + " " + kSecrets[2] + " " + kSecrets[3]);
}

}  // namespace

TEST_CASE("sealed file: a Store on it reopens with the key, only with it, and no file holds a known string") {
  Files f("sealed-basic");
  {
    auto sf = SealedFile::Open(f.db.path, kKey, "sip-sealed-t1", true);
    REQUIRE(sf.ok());
    auto s = Store::Open("sipfield.db", kNow, (*sf)->options());
    REQUIRE(s.ok());
    REQUIRE(Put(*s, "staff.name", kSecrets[0]).ok());
    REQUIRE((*sf)->Checkpoint().ok());
    REQUIRE(Put(*s, "staff.unit", kSecrets[1] + " " + kSecrets[2] + " " + kSecrets[3]).ok());
  }
  CHECK(f.Bytes("-log").size() > 0);   // the last commit is only in the log
  for (const auto& secret : kSecrets) {
    CHECK_FALSE(Contains(f.Bytes(), secret));
    CHECK_FALSE(Contains(f.Bytes("-log"), secret));
  }
  {
    auto sf = SealedFile::Open(f.db.path, kKey, "sip-sealed-t1", false);
    REQUIRE(sf.ok());
    auto s = Store::Open("sipfield.db", kNow, (*sf)->options());
    REQUIRE(s.ok());
    CheckContent(*s);
  }
  // The wrong key: refused, and nothing changed on disk.
  const auto base = f.Bytes(), log = f.Bytes("-log");
  std::array<uint8_t, 32> wrong = kKey;
  wrong[0] ^= 1;
  auto bad = SealedFile::Open(f.db.path, wrong, "sip-sealed-t1", false);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().code == Errc::DbPageAuth);
  CHECK(f.Bytes() == base);
  CHECK(f.Bytes("-log") == log);
  // A flipped byte in the log: refused with a code, nothing changed (the database is kept aside by the caller).
  {
    std::vector<uint8_t> tampered = log;
    tampered[tampered.size() / 2] ^= 4;
    sip::test::WriteFileBytes(f.db.path + "-log", std::string(tampered.begin(), tampered.end()));
    auto r = SealedFile::Open(f.db.path, kKey, "sip-sealed-t1", false);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == Errc::DbPageAuth);
  }
}

TEST_CASE("sealed file: a base that outgrows its manifest is replaced whole by a rename; a leftover of a crash goes") {
  Files f("sealed-reseal");
  auto count = [](Database& db) {
    auto st = Statement::Prepare(db, "SELECT count(*) FROM t;");
    REQUIRE(st.ok());
    REQUIRE(*st->Step());
    return st->Int(0);
  };
  {
    auto sf = SealedFile::Open(f.db.path, kKey, "sip-sealed-t4", true, 16);   // room for 16 blocks
    REQUIRE(sf.ok());
    auto db = Database::Open("sipfield.db", (*sf)->options());
    REQUIRE(db.ok());
    REQUIRE(db->Exec("CREATE TABLE t(pad TEXT);").ok());
    REQUIRE((*sf)->Checkpoint().ok());
    const size_t small = f.Bytes().size();
    REQUIRE(db->Exec("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300) "
                     "INSERT INTO t SELECT printf('%.500c', 'x') FROM n;").ok());
    REQUIRE((*sf)->Checkpoint().ok());
    CHECK(f.Bytes().size() > small);
    CHECK(f.Bytes("-log").empty());
    CHECK_FALSE(f.Exists(".reseal-tmp"));
    REQUIRE(db->Exec("INSERT INTO t VALUES ('sist');").ok());
    REQUIRE((*sf)->Checkpoint().ok());   // an ordinary one into the new file
    CHECK(count(*db) == 301);
  }
  // A crash while the new file was being written leaves it beside the base: the next open removes it.
  sip::test::WriteFileBytes(f.db.path + ".reseal-tmp", "half a file");
  auto sf = SealedFile::Open(f.db.path, kKey, "sip-sealed-t4", false);
  REQUIRE(sf.ok());
  CHECK_FALSE(f.Exists(".reseal-tmp"));
  auto db = Database::Open("sipfield.db", (*sf)->options());
  REQUIRE(db.ok());
  CHECK(count(*db) == 301);
}

TEST_CASE("sealed file: adopting a plaintext database, with a crash after any step, is old or new, never a mix") {
  for (int stop = 1; stop <= 6; ++stop) {
    CAPTURE(stop);
    Files f("sealed-adopt");
    MakePlaintext(f.db.path);
    REQUIRE(AdoptPlaintext(f.db.path, kKey, stop == 6 ? 0 : stop).ok());
    // What a new start finds: resume, and then either the plaintext (adopt again) or the sealed database.
    auto sealed = ResumeAdoption(f.db.path);
    REQUIRE(sealed.ok());
    CHECK(*sealed == IsSealedDatabase(f.db.path));
    CHECK(*sealed == (stop >= 3));
    if (!*sealed) {
      auto s = Store::Open(f.db.path, kNow);   // the old plaintext, whole
      REQUIRE(s.ok());
      CheckContent(*s);
    }
    if (!*sealed) REQUIRE(AdoptPlaintext(f.db.path, kKey).ok());
    CHECK_FALSE(f.Exists(".adopt-tmp"));
    CHECK_FALSE(f.Exists(".plain-old"));
    for (const auto& secret : kSecrets) {
      CHECK_FALSE(Contains(f.Bytes(), secret));
      CHECK_FALSE(Contains(f.Bytes("-log"), secret));
    }
    auto sf = SealedFile::Open(f.db.path, kKey, "sip-sealed-t2", false);
    REQUIRE(sf.ok());
    auto s = Store::Open("sipfield.db", kNow, (*sf)->options());
    REQUIRE(s.ok());
    CheckContent(*s);
  }
  // A damaged plaintext database is not adopted, and not touched.
  Files f("sealed-adopt-bad");
  sip::test::WriteFileBytes(f.db.path, std::string("SQLite format 3") + std::string(1, '\0') + std::string(5000, 'x'));
  const auto before = f.Bytes();
  CHECK_FALSE(AdoptPlaintext(f.db.path, kKey).ok());
  CHECK(f.Bytes() == before);
  CHECK_FALSE(f.Exists(".adopt-tmp"));
}

#ifndef __EMSCRIPTEN__
TEST_CASE("sealed file: crash trials — killed mid-write, every acknowledged commit is there after reopening") {
  Files f("sealed-crash");
  {
    // Room for 16 blocks at first: the base outgrows its manifest and is re-sealed whole now and then, so
    // kills land in those too.
    auto sf = SealedFile::Open(f.db.path, kKey, "sip-sealed-t3", true, 16);
    REQUIRE(sf.ok());
    auto db = Database::Open("sipfield.db", (*sf)->options());
    REQUIRE(db.ok());
    REQUIRE(db->Exec("CREATE TABLE trial(n INTEGER PRIMARY KEY, pad TEXT);").ok());
  }
  // 20 kills by default; SIP_SEALED_CRASH_TRIALS=200 for the long run (docs/protection-at-rest.md).
  const char* trials_env = std::getenv("SIP_SEALED_CRASH_TRIALS");
  const int trials = trials_env ? std::max(1, std::atoi(trials_env)) : 20;
  int64_t acknowledged_total = 0;
  for (int kill = 0; kill < trials; ++kill) {
    CAPTURE(kill);
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      ::close(fds[0]);
      auto sf = SealedFile::Open(f.db.path, kKey, "sip-sealed-child", false);
      if (!sf) ::_exit(3);
      auto db = Database::Open("sipfield.db", (*sf)->options());
      if (!db) ::_exit(4);
      for (int64_t i = 0;; ++i) {
        auto st = Statement::Prepare(*db, "INSERT INTO trial(pad) VALUES (?1);");
        if (!st) ::_exit(5);
        st->Bind(1, std::string(static_cast<size_t>(100 + (i * 37) % 5000), 'p'));
        if (!st->Run()) ::_exit(6);
        const int64_t n = db->total_changes();   // acknowledged: the record is fsynced
        if (::write(fds[1], &n, sizeof n) != sizeof n) ::_exit(7);
        if (i % 7 == 6 && !(*sf)->Checkpoint(/*only_if_due=*/false)) ::_exit(8);   // kills land in checkpoints too
      }
    }
    ::close(fds[1]);
    std::this_thread::sleep_for(std::chrono::milliseconds(30 + (kill * 17) % 90));
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    CHECK(WIFSIGNALED(status));
    int64_t acked = 0, n = 0;
    while (::read(fds[0], &n, sizeof n) == sizeof n) acked = n;
    ::close(fds[0]);
    acknowledged_total += acked;
    auto sf = SealedFile::Open(f.db.path, kKey, "sip-sealed-t3", false);
    REQUIRE(sf.ok());
    auto db = Database::Open("sipfield.db", (*sf)->options());
    REQUIRE(db.ok());
    REQUIRE(db->QuickCheck().ok());
    auto st = Statement::Prepare(*db, "SELECT count(*) FROM trial;");
    REQUIRE(st.ok());
    REQUIRE(*st->Step());
    CHECK(st->Int(0) >= acknowledged_total);
    acknowledged_total = st->Int(0);   // a commit may land without its acknowledgement reaching us
  }
  CHECK(acknowledged_total > 20);
}
#endif
