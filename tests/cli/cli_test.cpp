#include <doctest/doctest.h>

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
    code = cli::Run(args, {in, out, err, [] { return UnixMs{1795336070123}; }});
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
