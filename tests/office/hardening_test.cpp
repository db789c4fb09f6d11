// Hardening of the office tool (issue 14, "Hardening"): each test builds the bad input an outside probe used —
// escape sequences and bidi overrides in device-controlled text, planted links and device nodes as `--out`,
// bundles that contradict the format doc — and checks the refusal or the escaped output. Also the age
// identity export that lets standard tools open the office's bundles.
#include <doctest/doctest.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <sstream>

#include "bundle/encoding.h"
#include "bundle/jwk.h"
#include "cli/cli.h"
#include "office_support.h"

using namespace sip;
using namespace sip::officetest;

namespace {

// ESC ] 0 ; … BEL (sets the terminal title), a CSI colour, C1 CSI (U+009B), RIGHT-TO-LEFT OVERRIDE (U+202E)
// and FIRST STRONG ISOLATE (U+2068).
const std::string kHostile = "St\x1b]0;pwned\x07" "d\x1b[31mning \xC2\x9B" "2J \xE2\x80\xAE" "evil \xE2\x81\xA8" "x";

bool HasRawControl(const std::string& s) {
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 && c != '\n' && c != '\t') return true;
    if (c == 0x7F) return true;
    if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0x80 &&
        static_cast<unsigned char>(s[i + 1]) <= 0x9F)
      return true;   // C1 as UTF-8
    if (s.compare(i, 2, "\xE2\x80") == 0 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 2]) >= 0xAA &&
        static_cast<unsigned char>(s[i + 2]) <= 0xAE)
      return true;   // U+202A–U+202E
    if (s.compare(i, 2, "\xE2\x81") == 0 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 2]) >= 0xA6 &&
        static_cast<unsigned char>(s[i + 2]) <= 0xA9)
      return true;   // U+2066–U+2069
  }
  return false;
}

struct Run {
  std::stringstream in, out, err;
  int code = -1;
  explicit Run(std::vector<std::string> args) {
    code = cli::Run(args, {in, out, err, [] { return UnixMs{kNow * 1000 + 123}; }, {}});
  }
  bool Says(const std::string& text) const {
    return out.str().find(text) != std::string::npos || err.str().find(text) != std::string::npos;
  }
  std::string All() const { return out.str() + err.str(); }
};

struct PassphraseEnv {
  PassphraseEnv() { setenv("SIPFIELD_PASSPHRASE", kPass, 1); }
  ~PassphraseEnv() { unsetenv("SIPFIELD_PASSPHRASE"); }
};

struct CliFixture : Fixture {
  CliFixture() : Fixture("hard") {}
  std::vector<std::string> A(std::vector<std::string> args) const {
    args.insert(args.begin(), "office");
    args.push_back("--office");
    args.push_back(dir.path);
    return args;
  }
};

// An enrollment request signed by `d` whose names are whatever the test wants (MakeEnrollmentRequest
// refuses these; a hostile device signs its own).
std::string RawRequest(const Device& d, const std::string& device_name, const std::string& staff) {
  const Json payload{{"v", 1},           {"kid", d.kid},   {"jwk", Json::parse(bundle::PublicJwk(d.key.public_key))},
                     {"device", device_name}, {"staff", staff}, {"iat", kNow - 30}};
  auto jws = bundle::SignDocument(d.key, bundle::kTypEnrollment, payload);
  REQUIRE(jws.ok());
  return *jws;
}

bool Executable(const char* tool) {
  return std::system((std::string("command -v ") + tool + " >/dev/null 2>&1").c_str()) == 0;
}

}  // namespace

TEST_CASE("hardening: enrollment requests with control or bidi characters are refused") {
  CliFixture f;
  Device d = Fixture::NewDevice(3);
  CHECK(bundle::MakeEnrollmentRequest(d.key, "Laptop\x1b[2J", "Olle", kNow).error().code == Errc::EnrollmentTextInvalid);
  CHECK(bundle::MakeEnrollmentRequest(d.key, "Laptop", "Olle\n", kNow).error().code == Errc::EnrollmentTextInvalid);
  for (const std::string& bad : {std::string("Laptop\x1b]0;x\x07"), std::string("a\tb"), std::string("\xC2\x85"),
                                std::string("\xE2\x80\xAE" "3potpaL"), std::string("x\xE2\x81\xA6y"), std::string("\x7F"),
                                std::string("\xE2\x81\xA9")}) {
    CAPTURE(bundle::HexEncode(reinterpret_cast<const uint8_t*>(bad.data()), bad.size()));
    CHECK(bundle::ReadEnrollmentRequest(RawRequest(d, bad, "Olle")).error().code == Errc::EnrollmentTextInvalid);
    CHECK(bundle::ReadEnrollmentRequest(RawRequest(d, "Laptop", bad)).error().code == Errc::EnrollmentTextInvalid);
    CHECK(f.office->Enroll(RawRequest(d, bad, "Olle"), 30).error().code == Errc::EnrollmentTextInvalid);
  }
  // Swedish letters, punctuation and other scripts are fine.
  CHECK(bundle::ReadEnrollmentRequest(RawRequest(d, "Bärbar dator – Åsa’s", "Özlem Çelik 李")).ok());

  PassphraseEnv pass;
  f.office.reset();
  WriteFile(f.dir / "evil.request", RawRequest(d, kHostile, "Olle"));
  Run enroll(f.A({"enroll", f.dir / "evil.request"}));
  CHECK(enroll.code == 1);
  CHECK(enroll.Says("enrollment_text_invalid"));
  CHECK_FALSE(HasRawControl(enroll.All()));
  Run list(f.A({"trust-list", "--json"}));
  CHECK(list.out.str().find("\"devices\":[]") != std::string::npos);
}

TEST_CASE("hardening: CLI output escapes control and bidi characters from bundles and file names") {
  PassphraseEnv pass;
  CliFixture f;
  Device d = Fixture::NewDevice(4);
  f.Enroll(d);
  // A bundle whose commitments carry escape sequences (FHIR strings are free text: they are allowed in, and
  // must be shown escaped).
  bundle::BundleClaims c = f.Claims(d, 1, "");
  Json doc = PlanDocFor(c.jti);
  int changed = 0;
  for (auto& e : doc["entry"])
    if (e["resource"]["resourceType"] == "CarePlan")
      for (auto& a : e["resource"]["activity"])
        if (a.contains("detail") && a["detail"].contains("description")) {
          a["detail"]["description"] = a["detail"]["description"].get<std::string>() + kHostile;
          ++changed;
        }
  REQUIRE(changed > 0);
  auto sealed = bundle::SealBundle(d.key, bundle::BundlePayload(c, doc, Json::array()), {f.Recipient()});
  REQUIRE(sealed.ok());
  f.office.reset();
  const std::string evil_name = f.dir / "plan\x1b[8m\xE2\x80\xAE.sipbundle";
  WriteFile(evil_name, sealed->file);

  Run import(f.A({"import", evil_name}));
  REQUIRE_MESSAGE(import.code == 0, import.All());
  CHECK_FALSE(HasRawControl(import.All()));
  CHECK(import.Says("plan\\u001B[8m\\u202E.sipbundle"));

  for (const char* what : {"show", "commitments", "render", "fhir"}) {
    CAPTURE(what);
    Run r(f.A({what, c.jti}));
    REQUIRE_MESSAGE(r.code == 0, r.All());
    CHECK_FALSE(HasRawControl(r.All()));
    Run j(f.A({what, c.jti, "--json"}));
    REQUIRE(j.code == 0);
    CHECK_FALSE(HasRawControl(j.All()));
    // --json stays JSON with the same meaning: the escapes are JSON escapes.
    std::string line = j.out.str();
    const Json parsed = Json::parse(line);
    if (std::string(what) == "commitments") {
      bool found = false;
      for (const auto& item : parsed["commitments"])
        if (item.value("what", "").find(kHostile) != std::string::npos) found = true;
      CHECK(found);
    }
    if (std::string(what) == "commitments") CHECK(r.Says("\\u001B]0;pwned\\u0007"));
    if (std::string(what) == "show") CHECK(r.Says("\\u202E"));
  }
}

TEST_CASE("hardening: --out refuses links, folders and device nodes, writes through a fresh temporary file") {
  PassphraseEnv pass;
  CliFixture f;
  Device d = Fixture::NewDevice(5);
  f.Enroll(d);
  const Sealed s = f.Next(d);
  REQUIRE(f.Import(s).status == office::ImportStatus::Imported);
  f.office.reset();
  const std::string victim = f.dir / "victim.txt";
  WriteFile(victim, std::string("do not touch"));

  // The old way (<out>.tmp) followed a planted symlink: a link there is now simply never used.
  const std::string out = f.dir / "plan.html";
  REQUIRE(symlink(victim.c_str(), (out + ".tmp").c_str()) == 0);
  Run render(f.A({"render", s.jti, "--out", out}));
  REQUIRE_MESSAGE(render.code == 0, render.All());
  CHECK(ReadText(victim) == "do not touch");
  CHECK(ReadText(out).find("<!DOCTYPE html>") != std::string::npos);
  struct stat st {};
  REQUIRE(lstat(out.c_str(), &st) == 0);
  CHECK(S_ISREG(st.st_mode));
  CHECK((st.st_mode & 0777) == 0600);   // the plan is personal data

  // A target that is a symlink, a folder or a device node is refused, and nothing is changed.
  const std::string link = f.dir / "link.html";
  REQUIRE(symlink(victim.c_str(), link.c_str()) == 0);
  for (const std::string& target : {link, f.dir.path, std::string("/dev/null")}) {
    CAPTURE(target);
    Run r(f.A({"fhir", s.jti, "--out", target}));
    CHECK(r.code == 1);
    CHECK(r.Says("output_not_a_file"));
  }
  CHECK(ReadText(victim) == "do not touch");
  {
    struct stat dn {};
    REQUIRE(stat("/dev/null", &dn) == 0);
    CHECK(S_ISCHR(dn.st_mode));
  }
  // No temporary file is left behind in the folder.
  for (const auto& e : std::filesystem::directory_iterator(f.dir.path)) {
    const std::string name = e.path().filename().string();
    const bool leftover = name.find(".tmp") != std::string::npos && name != "plan.html.tmp";
    CHECK_FALSE(leftover);
  }

  // An existing regular file is replaced atomically; the profile is for handing out (0644).
  Run profile(f.A({"profile", "--out", out}));
  REQUIRE(profile.code == 0);
  REQUIRE(lstat(out.c_str(), &st) == 0);
  const mode_t mask = umask(0);
  umask(mask);
  CHECK((st.st_mode & 0777) == (0644u & ~mask));
}

TEST_CASE("hardening: import refuses a jti that is not the document's identifier, and a foreign case id") {
  Fixture f("strict");
  Device d = Fixture::NewDevice(6);
  f.Enroll(d);
  bundle::BundleClaims c = f.Claims(d, 1, "");
  {
    auto s = bundle::SealBundle(d.key, bundle::BundlePayload(c, PlanDocFor(bundle::NewUuid()), Json::array()),
                                {f.Recipient()});
    REQUIRE(s.ok());
    const auto r = f.office->Import(s->file.data(), s->file.size(), "x.sipbundle");
    CHECK(r.status == office::ImportStatus::Refused);
    CHECK(r.error.code == Errc::BundleJtiMismatch);
  }
  for (const char* id : {"c-1", "c-00112233445566", "c-00112233445566778", "c-0011223344556G77", "C-0011223344556677",
                         "c-0011223344556677\x1b", "x-0011223344556677", "c-00112233445566AB"}) {
    CAPTURE(id);
    bundle::BundleClaims bad = c;
    bad.case_id = id;
    auto s = bundle::SealBundle(d.key, bundle::BundlePayload(bad, PlanDocFor(bad.jti), Json::array()), {f.Recipient()});
    REQUIRE(s.ok());
    const auto r = f.office->Import(s->file.data(), s->file.size(), "x.sipbundle");
    CHECK(r.status == office::ImportStatus::Refused);
    CHECK(r.error.code == Errc::BundleClaimsInvalid);
  }
  // An element FHIR R4 does not define, deep inside a resource.
  {
    Json doc = PlanDocFor(c.jti);
    for (auto& e : doc["entry"])
      if (e["resource"]["resourceType"] == "CarePlan") e["resource"]["activity"][0]["detail"]["notAnElement"] = "x";
    auto s = bundle::SealBundle(d.key, bundle::BundlePayload(c, doc, Json::array()), {f.Recipient()});
    REQUIRE(s.ok());
    const auto r = f.office->Import(s->file.data(), s->file.size(), "x.sipbundle");
    CHECK(r.error.code == Errc::FhirInvalid);
    CHECK(r.error.detail.find("unknown-element in CarePlan.activity.detail") != std::string::npos);
  }
  // The good one still imports.
  const Sealed ok = f.Seal(d, c, f.Recipient());
  CHECK(f.Import(ok).status == office::ImportStatus::Imported);
}

TEST_CASE("hardening: export-identity writes the import keys for age -d (0600, a loud warning)") {
  PassphraseEnv pass;
  CliFixture f;
  Device d = Fixture::NewDevice(7);
  f.Enroll(d);
  const Sealed before = f.Next(d);                      // to the current key
  REQUIRE(f.office->Rotate().ok());                     // … which is now retired
  const Sealed after = f.Next(d);                       // to the new current key
  f.office.reset();

  Run no_out(f.A({"export-identity"}));
  CHECK(no_out.code == 2);
  {
    unsetenv("SIPFIELD_PASSPHRASE");
    Run no_pass(f.A({"export-identity", "--out", f.dir / "k"}));
    CHECK(no_pass.code == 2);
    setenv("SIPFIELD_PASSPHRASE", kPass, 1);
  }
  const std::string keys = f.dir / "office-keys.txt";
  Run exp(f.A({"export-identity", "--out", keys}));
  REQUIRE_MESSAGE(exp.code == 0, exp.All());
  CHECK(exp.err.str().find("VARNING") != std::string::npos);
  CHECK(exp.out.str().find("AGE-SECRET-KEY-1") == std::string::npos);   // never printed
  struct stat st {};
  REQUIRE(stat(keys.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  const std::string text = ReadText(keys);
  size_t n = 0;
  for (size_t p = text.find("AGE-SECRET-KEY-1"); p != std::string::npos; p = text.find("AGE-SECRET-KEY-1", p + 1)) ++n;
  CHECK(n == 3);   // current, next, retired

  if (!Executable("age")) {
    MESSAGE("age not installed: skipping the age -d check");
    return;
  }
  for (const Sealed* s : {&before, &after}) {
    WriteFile(f.dir / "b.sipbundle", s->file);
    const std::string cmd = "age -d -i '" + keys + "' -o '" + (f.dir / "b.jws") + "' '" + (f.dir / "b.sipbundle") + "'";
    REQUIRE(std::system(cmd.c_str()) == 0);
    CHECK(ReadText(f.dir / "b.jws") == s->jws);
  }
}
