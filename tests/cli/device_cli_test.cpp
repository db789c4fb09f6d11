// `sipfield device init` and `sipfield apply --device-key`: the CLI as a device that signs (the native half
// of the app → office round trip; the office half is tests/office).
#include <doctest/doctest.h>

#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <sstream>

#include "bundle/crypto.h"
#include "bundle/documents.h"
#include "cli/cli.h"
#include "store/test_util.h"

using namespace sip;

namespace {
struct Run {
  std::stringstream in, out, err;
  int code = -1;
  explicit Run(std::vector<std::string> args, const std::string& input = {}) {
    in << input;
    code = cli::Run(args, {in, out, err, [] { return UnixMs{1795336070123}; }, {}});
  }
  nlohmann::json Line(size_t i = 0) {
    std::string line;
    std::stringstream s(out.str());
    for (size_t k = 0; k <= i; ++k) REQUIRE(std::getline(s, line));
    return nlohmann::json::parse(line);
  }
};

struct Passphrase {
  explicit Passphrase(const char* value) {
    if (value) ::setenv("SIPFIELD_PASSPHRASE", value, 1);
    else ::unsetenv("SIPFIELD_PASSPHRASE");
  }
  ~Passphrase() { ::unsetenv("SIPFIELD_PASSPHRASE"); }
};
}  // namespace

TEST_CASE("device init creates a sealed key once; apply --device-key signs with it") {
  test::TempDbPath db("device-cli");
  const std::string key = db.path + ".key";
  std::remove(key.c_str());
  {
    Passphrase none(nullptr);
    CHECK(Run({"device", "init", "--key", key}).code == 2);
  }
  Passphrase pass("korrekt häst batteri");
  Run init({"device", "init", "--key", key});
  REQUIRE(init.code == 0);
  const std::string kid = init.Line()["kid"].get<std::string>();
  CHECK(kid.size() == 43);
  CHECK(Run({"device", "init", "--key", key}).code == 1);   // never overwritten

  Run apply({"apply", "--db", db.path, "--device-key", key},
            "{\"cmd\":\"settings.set\",\"key\":\"staff.name\",\"value\":\"Testa Testsson\"}\n"
            "{\"cmd\":\"settings.set\",\"key\":\"device.name\",\"value\":\"Laptop 9\"}\n"
            "{\"cmd\":\"device.enrollment_request\"}\n");
  REQUIRE(apply.code == 0);
  const nlohmann::json req = apply.Line(2);
  CHECK(req["result"]["kid"] == kid);
  auto read = bundle::ReadEnrollmentRequest(req["result"]["jws"].get<std::string>());
  REQUIRE(read.ok());
  CHECK(read->kid == kid);

  {
    Passphrase wrong("fel lösenfras här");
    Run bad({"apply", "--db", db.path, "--device-key", key}, "{\"cmd\":\"ping\"}\n");
    CHECK(bad.code == 3);
    CHECK(bad.err.str().find("backup_wrong_passphrase") != std::string::npos);
  }
  // Without a key the device cannot sign.
  Run nokey({"apply", "--db", db.path}, "{\"cmd\":\"device.enrollment_request\"}\n");
  CHECK(nokey.code == 1);
  CHECK(nokey.Line()["error"]["code"] == "device_key_missing");
  std::remove(key.c_str());
}
