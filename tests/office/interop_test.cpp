// Interop, the reverse direction: a bundle that SIP Field did not make — the JWS signed by npm `jose`
// (tests/bundle/jose-sign.mjs), encrypted by Debian's `age -r` to the office's current import key — from an
// enrolled device key, imports like one of ours, through the library and through `sipfield office import`.
// Fails, never skips, when a tool is missing (scripts/setup installs them).
#include <doctest/doctest.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <sstream>

#include "cli/cli.h"
#include "office_support.h"

using namespace sip;
using namespace sip::officetest;

namespace {

const std::string kRoot = SIP_SOURCE_DIR;

int Sh(const std::string& cmd, std::string* out = nullptr) {
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p != nullptr);
  std::string buf;
  char chunk[4096];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, p)) > 0) buf.append(chunk, n);
  const int status = pclose(p);
  if (out) *out = buf;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}
std::string Q(const std::string& s) { return "'" + s + "'"; }

// Signs `payload` with jose and encrypts the JWS with age to `recipient`; returns the .sipbundle path.
std::string ForeignBundle(const TempDir& dir, const std::string& name, const Device& d, const Json& payload,
                          const bundle::X25519Recipient& recipient) {
  WriteFile(dir / (name + ".jwk"), bundle::PrivateJwk(d.key));
  WriteFile(dir / (name + ".json"), payload.dump());
  std::string jws;
  REQUIRE(Sh("node " + Q(kRoot + "/tests/bundle/jose-sign.mjs") + " " + Q(dir / (name + ".jwk")) + " " +
                 Q(dir / (name + ".json")) + " sipfield-plan+jws",
             &jws) == 0);
  REQUIRE(jws.size() > 100);
  WriteFile(dir / (name + ".jws"), jws);
  const std::string out = dir / (name + ".sipbundle");
  REQUIRE(Sh("age -r " + bundle::EncodeRecipient(recipient) + " -o " + Q(out) + " " + Q(dir / (name + ".jws"))) == 0);
  return out;
}

}  // namespace

TEST_CASE("interop: a bundle signed by jose and encrypted by age -r imports from an enrolled key") {
  INFO("node, node_modules/jose and age are installed by scripts/setup");
  REQUIRE(Sh("command -v age >/dev/null 2>&1") == 0);
  REQUIRE(Sh("command -v node >/dev/null 2>&1") == 0);
  REQUIRE(std::filesystem::exists(kRoot + "/node_modules/jose/package.json"));

  Fixture f("interop");
  TempDir work("interop-work");
  Device d = Fixture::NewDevice(7, "Laptop 7", "Olle Omsorgshandledare");
  f.Enroll(d);

  const bundle::BundleClaims c1 = f.Claims(d, 1, "");
  const std::string one = ForeignBundle(work, "one", d, bundle::BundlePayload(c1, PlanDocFor(c1.jti), AuditEntries(2000)),
                                        f.Recipient());
  const Bytes file = ReadFile(one);
  auto r = f.office->Import(file.data(), file.size(), "one.sipbundle");
  REQUIRE_MESSAGE(r.status == office::ImportStatus::Imported, ErrorCode(r.error.code), " ", r.error.detail);
  CHECK(r.jti == c1.jti);
  CHECK(r.kid == d.kid);   // jose's RFC 7638 thumbprint is our kid
  auto stored = f.office->FindBundle(c1.jti);
  REQUIRE(stored.ok());
  CHECK(stored->jws == ReadText(work / "one.jws"));
  CHECK(stored->payload.at("document") == PlanDocFor(c1.jti));
  CHECK(f.office->Import(file.data(), file.size(), "one.sipbundle").status == office::ImportStatus::AlreadyImported);

  // The second link of the chain, to the next import key, through the CLI.
  const bundle::BundleClaims c2 = f.Claims(d, 2, stored->jws_hash);
  const std::string two = ForeignBundle(work, "two", d, bundle::BundlePayload(c2, PlanDocFor(c2.jti), Json::array()),
                                        f.Recipient("next"));
  f.office.reset();
  setenv("SIPFIELD_PASSPHRASE", kPass, 1);
  std::stringstream in, out, err;
  const int code = cli::Run({"office", "import", two, "--office", f.dir.path, "--json"},
                            {in, out, err, [&f] { return UnixMs{f.now * 1000}; }, {}});
  unsetenv("SIPFIELD_PASSPHRASE");
  CHECK_MESSAGE(code == 0, out.str(), err.str());
  CHECK(out.str().find("\"status\":\"imported\"") != std::string::npos);
  CHECK(out.str().find("\"missing\":[]") != std::string::npos);
  CHECK(out.str().find("\"broken_links\":[]") != std::string::npos);
}
