// `sipfield apply --db F --encrypt` and friends (cli/local_db.h): a new encrypted database, an adopted plaintext
// one, the passphrase from SIPFIELD_PASSPHRASE, refused when wrong or missing, nothing changed then.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/cli.h"
#include "store/test_util.h"

using namespace sip;

namespace {

struct Run {
  std::stringstream in, out, err;
  int code = -1;
  Run(std::vector<std::string> args, const std::string& input = {}) {
    in << input;
    code = cli::Run(args, {in, out, err, [] { return UnixMs{1795336070123}; }, {}});
  }
};

struct Pass {
  explicit Pass(const char* p) {
    if (p) ::setenv("SIPFIELD_PASSPHRASE", p, 1);
    else ::unsetenv("SIPFIELD_PASSPHRASE");
  }
  ~Pass() { ::unsetenv("SIPFIELD_PASSPHRASE"); }
};

struct DbFiles {
  test::TempDbPath db;
  explicit DbFiles(const std::string& name) : db(name) {}
  ~DbFiles() {
    for (const char* s : {"-key", "-log", ".adopt-tmp", ".plain-old"}) std::remove((db.path + s).c_str());
  }
  bool Leaks(const std::string& needle) const {
    for (const char* s : {"", "-key", "-log"}) {
      auto b = test::ReadFileBytes(db.path + s);
      if (std::search(b.begin(), b.end(), needle.begin(), needle.end()) != b.end()) return true;
    }
    return false;
  }
};

constexpr const char* kPass = "blå tåg sjunger högt i natt";
const std::string kName = "Märta Öberg-Åkesson";
const std::string kSet = "{\"cmd\":\"settings.set\",\"key\":\"staff.name\",\"value\":\"" + kName + "\"}\n";
const std::string kGet = "{\"cmd\":\"settings.get\",\"key\":\"staff.name\"}\n";

}  // namespace

TEST_CASE("cli: --encrypt creates an encrypted database that opens with the passphrase only") {
  DbFiles f("cli-enc");
  {
    Pass p(kPass);
    Run r({"apply", "--db", f.db.path, "--encrypt"}, kSet);
    INFO(r.err.str());
    REQUIRE(r.code == 0);
  }
  CHECK_FALSE(f.Leaks(kName));
  CHECK_FALSE(f.Leaks("SQLite format 3"));
  {
    Pass p(nullptr);
    Run r({"apply", "--db", f.db.path}, kGet);
    CHECK(r.code == 2);
  }
  const auto before = test::ReadFileBytes(f.db.path);
  {
    Pass p("fel lösenfras helt och hållet");
    Run r({"apply", "--db", f.db.path}, kGet);
    CHECK(r.code == 3);
    CHECK(r.err.str().find("wrong_passphrase") != std::string::npos);
    CHECK(r.err.str().find("Fel lösenfras") != std::string::npos);
  }
  CHECK(test::ReadFileBytes(f.db.path) == before);
  {
    Pass p(kPass);
    Run r({"apply", "--db", f.db.path}, kGet);
    REQUIRE(r.code == 0);
    CHECK(nlohmann::json::parse(r.out.str())["result"]["value"] == kName);
    Run a({"audit", "verify", "--db", f.db.path});
    CHECK(a.code == 0);
  }
  {
    Pass p("kort");
    DbFiles weak("cli-enc-weak");
    Run r({"apply", "--db", weak.db.path, "--encrypt"}, kSet);
    CHECK(r.code == 1);
    CHECK(r.err.str().find("passphrase_too_short") != std::string::npos);
  }
}

TEST_CASE("cli: --encrypt adopts an existing plaintext database in place") {
  DbFiles f("cli-adopt");
  {
    Run r({"apply", "--db", f.db.path}, kSet);
    REQUIRE(r.code == 0);
  }
  CHECK(f.Leaks(kName));   // plaintext today
  {
    Pass p(kPass);
    Run r({"apply", "--db", f.db.path, "--encrypt"}, kGet);
    INFO(r.err.str());
    REQUIRE(r.code == 0);
    CHECK(nlohmann::json::parse(r.out.str())["result"]["value"] == kName);
  }
  CHECK_FALSE(f.Leaks(kName));
  {
    Pass p(kPass);
    Run r({"apply", "--db", f.db.path}, kGet);
    REQUIRE(r.code == 0);
    CHECK(nlohmann::json::parse(r.out.str())["result"]["value"] == kName);
  }
}

TEST_CASE("cli: the office's recovery identity restores access under a new passphrase; the data is untouched") {
  DbFiles f("cli-recover");
  test::TempDbPath identity("cli-recovery-identity");
  {
    Pass p(kPass);
    REQUIRE(Run({"apply", "--db", f.db.path, "--encrypt"}, kSet).code == 0);
  }
  Run k({"office", "recovery-key", "--out", identity.path});
  REQUIRE(k.code == 0);
  const std::string recipient = nlohmann::json::parse(k.out.str())["recipient"].get<std::string>();
  CHECK(Run({"office", "recovery-key", "--out", identity.path}).code == 3);   // never overwritten
  {
    Pass p(kPass);
    Run r({"key", "recovery", "--db", f.db.path, "--recipient", recipient});
    INFO(r.out.str());
    REQUIRE(r.code == 0);
  }
  const auto base = test::ReadFileBytes(f.db.path);
  ::setenv("SIPFIELD_NEW_PASSPHRASE", "sju sorters kakor till kaffet", 1);
  Run rec({"office", "recover", "--identity", identity.path, "--key-file", f.db.path + "-key"});
  ::unsetenv("SIPFIELD_NEW_PASSPHRASE");
  INFO(rec.out.str());
  REQUIRE(rec.code == 0);
  CHECK(test::ReadFileBytes(f.db.path) == base);
  {
    Pass p(kPass);
    CHECK(Run({"apply", "--db", f.db.path}, kGet).code == 3);   // the old passphrase no longer opens it
  }
  {
    Pass p("sju sorters kakor till kaffet");
    Run r({"apply", "--db", f.db.path}, kGet);
    REQUIRE(r.code == 0);
    CHECK(nlohmann::json::parse(r.out.str())["result"]["value"] == kName);
  }
}
