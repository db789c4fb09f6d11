// The native round trip of a plan bundle: the device (the command handler with a CLI device key, as the app
// runs it) → `sipfield office …` (enroll, profile, import, receipt) → the device again.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

#include "app/app_test_support.h"
#include "app/handler.h"
#include "bundle/crypto.h"
#include "bundle/encoding.h"
#include "cli/cli.h"
#include "cli/device_key.h"
#include "store/store.h"

using namespace sip;

namespace {
constexpr UnixMs kNow = 1795336070123;
const char* const kPass = "kontorets lösenfras 1";

struct Dir {
  std::string path;
  Dir() {
    char tmpl[] = "/tmp/sipfield-roundtrip-XXXXXX";
    REQUIRE(mkdtemp(tmpl) != nullptr);
    path = tmpl;
  }
  ~Dir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  std::string operator/(const std::string& name) const { return path + "/" + name; }
};

int Office(const Dir& d, std::vector<std::string> args, std::string* out = nullptr) {
  std::stringstream in, o, e;
  args.insert(args.begin(), "office");
  args.push_back("--office");
  args.push_back(d / "office");
  const int rc = cli::Run(args, {in, o, e, [] { return kNow + 60000; }, {}});
  if (out) *out = o.str();
  INFO(o.str() << e.str());
  return rc;
}

std::string ReadText(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}
}  // namespace

TEST_CASE("round trip: device export → office import and receipt → device marks it delivered") {
  bundle::InitCrypto();
  ::setenv("SIPFIELD_PASSPHRASE", kPass, 1);
  Dir d;
  auto key = cli::CreateDeviceKeyFile(d / "device.key", kPass);
  REQUIRE(key.ok());
  auto store = store::Store::Open(d / "device.db", kNow);
  REQUIRE(store.ok());
  app::CommandHandler device(&*store, {[] { return kNow; }, "native", {}, [&] { return &*key; }});
  app::testing::Must(device, {{"cmd", "settings.set"}, {"key", "staff.name"}, {"value", "Olle Omsorgshandledare"}});
  app::testing::Must(device, {{"cmd", "settings.set"}, {"key", "device.name"}, {"value", "Laptop 7"}});
  const std::string case_id = app::testing::EstablishedCase(device);

  // Enrollment and the office profile.
  std::ofstream(d / "request.jws") << app::testing::Must(device, {{"cmd", "device.enrollment_request"}})["jws"].get<std::string>();
  REQUIRE(Office(d, {"init", "--name", "Kontoret Test"}) == 0);
  REQUIRE(Office(d, {"enroll", d / "request.jws"}) == 0);
  REQUIRE(Office(d, {"profile", "--out", d / "profile.jws"}) == 0);
  app::testing::Must(device, {{"cmd", "profile.import"}, {"profile", ReadText(d / "profile.jws")}});

  // Two bundles, imported; the second import of the first is a no-op.
  std::vector<std::string> files;
  for (int i = 0; i < 2; ++i) {
    Json e = app::testing::Must(device, {{"cmd", "bundle.export"}, {"case_id", case_id}});
    auto bytes = bundle::Base64StdPaddedDecode(e["file"].get<std::string>());
    REQUIRE(bytes.has_value());
    files.push_back(d / e["file_name"].get<std::string>());
    std::ofstream(files.back(), std::ios::binary).write(reinterpret_cast<const char*>(bytes->data()),
                                                         static_cast<std::streamsize>(bytes->size()));
    // `file` is what the docs say: padded standard base64 that coreutils' base64 -d reads as it stands.
    std::ofstream(d / "file.b64") << e["file"].get<std::string>();
    REQUIRE(std::system(("base64 -d '" + (d / "file.b64") + "' > '" + (d / "file.bin") + "'").c_str()) == 0);
    CHECK(ReadText(d / "file.bin") == std::string(bytes->begin(), bytes->end()));
  }
  CHECK(Office(d, {"verify", files[0], files[1]}) == 0);
  CHECK(Office(d, {"import", files[0]}) == 0);
  CHECK(Office(d, {"import", files[0], files[1]}) == 0);
  CHECK(Office(d, {"status", "--json"}) == 0);

  // Standard tools open the app's bundles with the exported office identity (age -d -i).
  REQUIRE(Office(d, {"export-identity", "--out", d / "office.agekey"}) == 0);
  if (std::system("command -v age >/dev/null 2>&1") == 0) {
    REQUIRE(std::system(("age -d -i '" + (d / "office.agekey") + "' -o '" + (d / "b.jws") + "' '" + files[0] + "'").c_str()) == 0);
    const std::string jws = ReadText(d / "b.jws");
    CHECK(std::count(jws.begin(), jws.end(), '.') == 2);
    CHECK(jws.rfind("eyJ", 0) == 0);
  } else {
    MESSAGE("age not installed: skipping age -d");
  }

  // The receipt goes back to the device.
  REQUIRE(Office(d, {"receipt", "--out", d / "receipt.jws"}) == 0);
  Json r = app::testing::Must(device, {{"cmd", "receipt.import"}, {"receipt", ReadText(d / "receipt.jws")}});
  CHECK(r["delivered"] == 2);
  CHECK(r["unknown"] == 0);
  CHECK(r["mismatched"] == 0);
  for (const auto& b : app::testing::Must(device, {{"cmd", "bundle.list"}})["bundles"]) CHECK(b["status"] == "delivered");
  ::unsetenv("SIPFIELD_PASSPHRASE");
}
