#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <cstdlib>

#include "cli/cli.h"
#include "store/store.h"
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
  std::vector<nlohmann::json> Lines() {
    std::vector<nlohmann::json> v;
    std::string line;
    std::stringstream s(out.str());
    while (std::getline(s, line)) v.push_back(nlohmann::json::parse(line));
    return v;
  }
};
}  // namespace

TEST_CASE("--help and --version") {
  Run h({"--help"});
  CHECK(h.code == 0);
  CHECK(h.out.str().find("apply --db") != std::string::npos);
  Run v({"--version"});
  CHECK(v.code == 0);
  CHECK(v.out.str().rfind(std::string("sipfield ") + SIP_VERSION, 0) == 0);
  CHECK(Run({}).code == 2);
  CHECK(Run({"frobnicate"}).code == 2);
  CHECK(Run({"apply"}).code == 2);
}

TEST_CASE("apply: one JSON result per line, stops at the first error") {
  test::TempDbPath db("cli");
  Run r({"apply", "--db", db.path},
        "{\"cmd\":\"ping\",\"id\":1}\n\n{\"cmd\":\"nope\",\"id\":2}\n{\"cmd\":\"ping\",\"id\":3}\n");
  CHECK(r.code == 1);
  auto lines = r.Lines();
  REQUIRE(lines.size() == 2);
  CHECK(lines[0]["ok"].get<bool>());
  CHECK(lines[1]["error"]["code"] == "unknown_command");
}

TEST_CASE("apply --keep-going runs every line and still reports failure") {
  test::TempDbPath db("cli-kg");
  Run r({"apply", "--db", db.path, "--keep-going"},
        "{\"cmd\":\"nope\"}\n{\"cmd\":\"settings.set\",\"key\":\"staff.name\",\"value\":\"Testa\"}\n");
  CHECK(r.code == 1);
  REQUIRE(r.Lines().size() == 2);
  // The write in the second line is durable: a second run reads it back.
  Run again({"apply", "--db", db.path}, "{\"cmd\":\"settings.get\",\"key\":\"staff.name\"}\n");
  CHECK(again.code == 0);
  CHECK(again.Lines()[0]["result"]["value"] == "Testa");
}

TEST_CASE("apply refuses a database it cannot use, and says why") {
  test::TempDbPath db("cli-bad");
  test::WriteFileBytes(db.path, std::string(8192, 'z'));
  Run r({"apply", "--db", db.path}, "{\"cmd\":\"ping\"}\n");
  CHECK(r.code == 3);
  CHECK(r.err.str().find("db_corrupt") != std::string::npos);
}

TEST_CASE("id: a valid number gives one JSON line and exit code 0") {
  // The test clock is 2026-11-22: 121212+1212 is 1912, 121212-1212 is 2012.
  Run r({"id", "121212+1212"});
  CHECK(r.code == 0);
  CHECK(r.out.str() ==
        "{\"valid\":true,\"type\":\"personnummer\",\"normalized\":\"191212121212\",\"birth_date\":\"1912-12-12\","
        "\"sex\":\"male\"}\n");
  Run s({"id", "120389-1237"});
  CHECK(s.code == 0);
  auto lines = s.Lines();
  REQUIRE(lines.size() == 1);
  CHECK(lines[0]["type"] == "samordningsnummer");
  CHECK(lines[0]["normalized"] == "201203891237");
  CHECK(lines[0]["birth_date"] == "2012-03-29");
  CHECK(lines[0]["sex"] == "male");
  CHECK(Run({"id", "19901211-9948"}).Lines()[0]["sex"] == "female");
}

TEST_CASE("id: an invalid number says why, without the number, and exits 1") {
  Run r({"id", "19821105-9953"});
  CHECK(r.code == 1);
  CHECK(r.out.str() == "{\"valid\":false,\"reason\":\"bad check digit\",\"code\":\"invalid_identity_number\"}\n");
  CHECK(r.err.str().empty());
  Run future({"id", "261201-1235"});   // today is 2026-11-22
  CHECK(future.code == 1);
  CHECK(future.Lines()[0]["reason"] == "birth date in the future");
  Run empty({"id", ""});
  CHECK(empty.code == 1);
  CHECK(empty.Lines()[0]["reason"] == "empty");
}

TEST_CASE("id: usage errors exit 2 and print nothing on stdout") {
  Run none({"id"});
  CHECK(none.code == 2);
  CHECK(none.out.str().empty());
  CHECK(!none.err.str().empty());
  Run two({"id", "121212-1212", "121212-1212"});
  CHECK(two.code == 2);
  CHECK(two.out.str().empty());
  Run h({"--help"});
  CHECK(h.out.str().find("sipfield id NUMMER") != std::string::npos);
}

TEST_CASE("audit verify: intact chain exits 0, a tampered one exits 1 and names the entry") {
  test::TempDbPath db("cli-audit");
  Run w({"apply", "--db", db.path},
        "{\"cmd\":\"settings.set\",\"key\":\"staff.name\",\"value\":\"Testa\"}\n"
        "{\"cmd\":\"settings.set\",\"key\":\"staff.unit\",\"value\":\"Öster\"}\n");
  REQUIRE(w.code == 0);
  Run ok({"audit", "verify", "--db", db.path});
  CHECK(ok.code == 0);
  CHECK(ok.Lines()[0]["ok"] == true);
  CHECK(ok.Lines()[0]["entries"] == 2);
  {
    auto s = store::Store::Open(db.path, 0);
    REQUIRE(s.ok());
    REQUIRE(s->db().Exec("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor='X' WHERE seq=1;").ok());
  }
  Run bad({"audit", "verify", "--db", db.path});
  CHECK(bad.code == 1);
  CHECK(bad.Lines()[0]["first_broken_seq"] == 1);
  CHECK(Run({"audit", "verify"}).code == 2);
}

namespace {
// Sets SIPFIELD_PASSPHRASE for the scope (the CLI never takes a passphrase from argv).
struct Passphrase {
  explicit Passphrase(const char* value) {
    if (value) ::setenv("SIPFIELD_PASSPHRASE", value, 1);
    else ::unsetenv("SIPFIELD_PASSPHRASE");
  }
  ~Passphrase() { ::unsetenv("SIPFIELD_PASSPHRASE"); }
};
}  // namespace

TEST_CASE("backup export and restore: round trip, wrong passphrase, existing target") {
  test::TempDbPath db("cli-backup-src"), target("cli-backup-dst"), other("cli-backup-other");
  test::TempDbPath file("cli-backup-file");
  Run seed({"apply", "--db", db.path}, "{\"cmd\":\"settings.set\",\"key\":\"staff.name\",\"value\":\"Testa\"}\n");
  REQUIRE(seed.code == 0);

  {
    Passphrase p(nullptr);
    Run r({"backup", "export", "--db", db.path, "--out", file.path});
    CHECK(r.code == 2);   // no passphrase in the environment
    CHECK(r.out.str().empty());
  }
  CHECK(Run({"backup", "export", "--db", db.path}).code == 2);
  CHECK(Run({"backup", "frobnicate"}).code == 2);
  {
    Passphrase p("kort");
    Run r({"backup", "export", "--db", db.path, "--out", file.path});
    CHECK(r.code == 1);
    CHECK(r.Lines().at(0)["error"]["code"] == "backup_weak_passphrase");
  }
  {
    Passphrase p("en lång och hemlig fras");
    Run missing({"backup", "export", "--db", "/tmp/sipfield-no-such-dir/x.db", "--out", file.path});
    CHECK(missing.code == 3);
    Run r({"backup", "export", "--db", db.path, "--out", file.path});
    REQUIRE(r.code == 0);
    CHECK(r.Lines().at(0)["ok"].get<bool>());
    CHECK(test::ReadFileBytes(file.path).size() == r.Lines().at(0)["backup_bytes"].get<size_t>());

    Run restore({"backup", "restore", "--in", file.path, "--db", target.path});
    REQUIRE(restore.code == 0);
    Run get({"apply", "--db", target.path}, "{\"cmd\":\"settings.get\",\"key\":\"staff.name\"}\n");
    CHECK(get.Lines().at(0)["result"]["value"] == "Testa");
    Run audit({"audit", "verify", "--db", target.path});
    CHECK(audit.code == 0);

    // An existing non-empty database is replaced only with --force.
    Run again({"backup", "restore", "--in", file.path, "--db", target.path});
    CHECK(again.code == 1);
    CHECK(again.Lines().at(0)["error"]["code"] == "backup_target_exists");
    CHECK(Run({"backup", "restore", "--in", file.path, "--db", target.path, "--force"}).code == 0);
  }

  // Wrong passphrase: exit 1, the target is not touched even with --force.
  Run other_seed({"apply", "--db", other.path}, "{\"cmd\":\"settings.set\",\"key\":\"staff.name\",\"value\":\"Annan\"}\n");
  REQUIRE(other_seed.code == 0);
  const auto before = test::ReadFileBytes(other.path);
  {
    Passphrase p("en annan fras som är fel");
    Run r({"backup", "restore", "--in", file.path, "--db", other.path, "--force"});
    CHECK(r.code == 1);
    CHECK(r.Lines().at(0)["error"]["code"] == "backup_wrong_passphrase");
  }
  {
    Passphrase p("en lång och hemlig fras");
    auto damaged = test::ReadFileBytes(file.path);
    damaged.resize(damaged.size() - 1);
    test::WriteFileBytes(file.path, std::string(damaged.begin(), damaged.end()));
    Run r({"backup", "restore", "--in", file.path, "--db", other.path, "--force"});
    CHECK(r.code == 1);
    CHECK(r.Lines().at(0)["error"]["code"] == "backup_damaged");
    Run none({"backup", "restore", "--in", "/tmp/sipfield-no-such-backup", "--db", other.path, "--force"});
    CHECK(none.code == 3);
  }
  CHECK(test::ReadFileBytes(other.path) == before);
}
