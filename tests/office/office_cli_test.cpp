// `sipfield office …` run in-process through cli::Run, as tests/cli does: arguments, output (human and
// --json), exit codes and the stable codes of refusals.
#include <doctest/doctest.h>
#include <stdlib.h>

#include <filesystem>
#include <sstream>

#include "cli/cli.h"
#include "office_support.h"

using namespace sip;
using namespace sip::officetest;

namespace {

struct Run {
  std::stringstream in, out, err;
  int code = -1;
  Run(std::vector<std::string> args, int64_t now_s = kNow) {
    code = cli::Run(args, {in, out, err, [now_s] { return UnixMs{now_s * 1000 + 123}; }, {}});
  }
  std::vector<Json> Lines() {
    std::vector<Json> v;
    std::string line;
    std::stringstream s(out.str());
    while (std::getline(s, line)) v.push_back(Json::parse(line));
    return v;
  }
  Json Last() {
    auto l = Lines();
    REQUIRE_FALSE(l.empty());
    return l.back();
  }
  bool Says(const std::string& text) const {
    return out.str().find(text) != std::string::npos || err.str().find(text) != std::string::npos;
  }
};

struct PassphraseEnv {
  explicit PassphraseEnv(const char* value = kPass) {
    if (value) setenv("SIPFIELD_PASSPHRASE", value, 1);
    else unsetenv("SIPFIELD_PASSPHRASE");
  }
  ~PassphraseEnv() { unsetenv("SIPFIELD_PASSPHRASE"); }
};

// An office made by the library with a cheap KDF, then closed so the CLI opens it.
struct CliFixture : Fixture {
  CliFixture() : Fixture("cli") { office.reset(); }
  std::vector<std::string> A(std::vector<std::string> args) const {
    args.insert(args.begin(), "office");
    args.push_back("--office");
    args.push_back(dir.path);
    return args;
  }
  // Opens the office in-process (for sealing bundles to its current key), then closes it again.
  template <class Fn>
  void WithOffice(Fn fn) {
    Reopen();
    fn();
    office.reset();
  }
};

}  // namespace

TEST_CASE("office CLI: init (real KDF), profile, and a second init refused") {
  PassphraseEnv pass;
  TempDir dir("cli-init");
  const std::string office_dir = dir / "kontor";
  Run init({"office", "init", "--name", "Kontoret Testby", "--office", office_dir, "--json"});
  REQUIRE_MESSAGE(init.code == 0, init.err.str());
  const Json j = init.Last();
  CHECK(j["ok"].get<bool>());
  CHECK(j["import_keys"].size() == 2);
  CHECK(std::filesystem::status(office_dir).permissions() ==
        std::filesystem::perms::owner_all);

  Run again({"office", "init", "--name", "X", "--office", office_dir});
  CHECK(again.code == 1);
  CHECK(again.Says("office_exists"));

  Run profile({"office", "profile", "--office", office_dir, "--out", dir / "kontor.profile"});
  REQUIRE(profile.code == 0);
  std::string text = ReadText(dir / "kontor.profile");
  while (!text.empty() && text.back() == '\n') text.pop_back();
  auto p = bundle::ReadOfficeProfile(text, j["admin_kid"].get<std::string>());
  REQUIRE(p.ok());
  CHECK(p->office == "Kontoret Testby");
  CHECK(bundle::EncodeRecipient(p->Current().recipient) == j["import_keys"][0]["recipient"].get<std::string>());
  // The admin key's fingerprint, for the office to give its staff: what the app shows before pinning.
  const std::string fingerprint = bundle::KeyFingerprint(j["admin_kid"].get<std::string>());
  CHECK(j["admin_fingerprint"] == fingerprint);
  CHECK(profile.Says(fingerprint));

  CHECK_FALSE(p->recovery_recipient.has_value());

  // --recovery-recipient: kept by the office and carried by every later profile; a bad one changes nothing;
  // "none" takes it out again.
  const std::string recipient = bundle::EncodeRecipient(bundle::RecipientOf(bundle::X25519Generate()));
  Run bad_recipient({"office", "profile", "--office", office_dir, "--recovery-recipient", "age1nope", "--json"});
  CHECK(bad_recipient.code == 1);
  CHECK(bad_recipient.Says("age_bad_recipient"));
  Run with({"office", "profile", "--office", office_dir, "--recovery-recipient", recipient, "--json"});
  REQUIRE_MESSAGE(with.code == 0, with.err.str());
  CHECK(with.Last()["recovery_recipient"] == recipient);
  Run later({"office", "profile", "--office", office_dir, "--json"});
  REQUIRE(later.code == 0);
  auto carried = bundle::ReadOfficeProfile(later.Last()["profile"].get<std::string>());
  REQUIRE(carried.ok());
  REQUIRE(carried->recovery_recipient.has_value());
  CHECK(bundle::EncodeRecipient(*carried->recovery_recipient) == recipient);
  Run removed({"office", "profile", "--office", office_dir, "--recovery-recipient", "none", "--json"});
  REQUIRE(removed.code == 0);
  CHECK(removed.Last()["recovery_recipient"].is_null());

  Run wrong_pass = [&] {
    PassphraseEnv bad("fel lösenfras här");
    return Run({"office", "profile", "--office", office_dir});
  }();
  CHECK(wrong_pass.code == 1);
  CHECK(wrong_pass.Says("office_wrong_passphrase"));
}

TEST_CASE("office CLI: usage errors are exit 2, a missing office exit 3") {
  PassphraseEnv pass;
  CHECK(Run({"office"}).code == 2);
  CHECK(Run({"office", "frobnicate"}).code == 2);
  CHECK(Run({"office", "init", "--office", "/tmp/x"}).code == 2);   // no --name
  CHECK(Run({"office", "import"}).code == 2);
  CHECK(Run({"office", "trust-list", "--bogus", "1"}).code == 2);
  CHECK(Run({"office", "receipt", "--office", "/tmp/x"}).code == 2);   // no --out
  TempDir empty("cli-empty");
  Run missing({"office", "trust-list", "--office", empty.path});
  CHECK(missing.code == 3);
  CHECK(missing.Says("office_not_found"));
  {
    PassphraseEnv none(nullptr);
    Run no_pass({"office", "import", empty.path, "--office", empty.path});
    CHECK(no_pass.code == 2);
    CHECK(no_pass.Says("SIPFIELD_PASSPHRASE"));
  }
  Run help({"--help"});
  CHECK(help.out.str().find("sipfield office import") != std::string::npos);
  Run office_help({"office", "--help"});
  CHECK(office_help.code == 0);
  CHECK(office_help.Says("sipfield office receipt"));
}

TEST_CASE("office CLI: enroll, trust-list, revoke") {
  PassphraseEnv pass;
  CliFixture f;
  Device d = Fixture::NewDevice(1);
  WriteFile(f.dir / "laptop3.request", f.Request(d) + "\n");

  Run enroll(f.A({"enroll", f.dir / "laptop3.request", "--valid-days", "30"}));
  REQUIRE_MESSAGE(enroll.code == 0, enroll.err.str());
  CHECK(enroll.Says("registrerad"));
  CHECK(enroll.Says(d.kid));
  CHECK_FALSE(enroll.Says(d.staff));   // no personal data in the progress line

  Run again(f.A({"enroll", f.dir / "laptop3.request", "--json"}));
  REQUIRE(again.code == 0);
  CHECK_FALSE(again.Last()["changed"].get<bool>());
  CHECK(again.Last()["version"] == 2);
  Run again_human(f.A({"enroll", f.dir / "laptop3.request"}));
  CHECK(again_human.Says("redan registrerad"));

  Run list(f.A({"trust-list", "--json"}));
  REQUIRE(list.code == 0);
  const Json l = list.Last();
  CHECK(l["version"] == 2);
  REQUIRE(l["devices"].size() == 1);
  CHECK(l["devices"][0]["kid"] == d.kid);
  CHECK(l["devices"][0]["device"] == "Laptop 3");
  CHECK(l["devices"][0]["staff"] == d.staff);
  CHECK(l["devices"][0]["status"] == "active");
  Run human(f.A({"trust-list"}));
  CHECK(human.Says("aktiv"));

  Run revoke(f.A({"revoke", d.kid.substr(0, 12), "--after-seq", "5", "--json"}));
  REQUIRE(revoke.code == 0);
  CHECK(revoke.Last()["changed"].get<bool>());
  CHECK(revoke.Last()["after_seq"] == 5);
  Run listed(f.A({"trust-list", "--json"}));
  CHECK(listed.Last()["devices"][0]["status"] == "revoked");
  CHECK(listed.Last()["devices"][0]["revoked_after_seq"] == 5);

  Run unknown(f.A({"revoke", "AAAAAAAAAAAAAAAAAAAA"}));
  CHECK(unknown.code == 1);
  CHECK(unknown.Says("device_not_enrolled"));
  Run re_enroll(f.A({"enroll", f.dir / "laptop3.request"}));
  CHECK(re_enroll.code == 1);
  CHECK(re_enroll.Says("device_revoked"));
  WriteFile(f.dir / "junk.request", std::string("inte en begäran"));
  Run junk(f.A({"enroll", f.dir / "junk.request"}));
  CHECK(junk.code == 1);
  CHECK(junk.Says("jws_malformed"));
}

TEST_CASE("office CLI: verify and import a directory; again is a no-op; conflicts, gaps, receipts, reading") {
  PassphraseEnv pass;
  CliFixture f;
  Device d = Fixture::NewDevice(1);
  const std::string in = f.dir / "inkorg";
  std::filesystem::create_directories(in);
  Sealed s1, s2, s3, fork;
  f.WithOffice([&] {
    f.Enroll(d);
    s1 = f.Next(d);
    s2 = f.Next(d);
    s3 = f.Next(d);
    fork = Fixture::Seal(d, f.Claims(d, 2, s1.jws_hash), f.Recipient());
  });
  WriteFile(in + "/a-1.sipbundle", s1.file);
  WriteFile(in + "/a-3.sipbundle", s3.file);
  WriteFile(in + "/readme.txt", std::string("ignored: not *.sipbundle"));

  Run verify(f.A({"verify", in, "--json"}));
  CHECK(verify.code == 0);
  REQUIRE(verify.Lines().size() == 2);
  CHECK(verify.Lines()[0]["jti"] == s1.jti);
  WriteFile(f.dir / "broken.sipbundle", std::string("age-encryption.org/v1\n"));
  Run verify_bad(f.A({"verify", in + "/a-1.sipbundle", f.dir / "broken.sipbundle"}));
  CHECK(verify_bad.code == 1);
  CHECK(verify_bad.Says("giltigt"));
  CHECK(verify_bad.Says("age_"));

  Run nofile(f.A({"import", f.dir / "saknas.sipbundle"}));
  CHECK(nofile.code == 1);
  CHECK(nofile.Says("file_unreadable"));

  Run import(f.A({"import", in, "--json"}));
  REQUIRE_MESSAGE(import.code == 0, import.out.str());
  auto lines = import.Lines();
  REQUIRE(lines.size() == 3);
  CHECK(lines[0]["status"] == "imported");
  CHECK(lines[0]["file"] == "a-1.sipbundle");
  CHECK(lines[1]["seq"] == 3);
  const Json summary = lines[2]["summary"];
  CHECK(summary["imported"] == 2);
  REQUIRE(summary["chains"]["missing"].size() == 1);
  CHECK(summary["chains"]["missing"][0]["from_seq"] == 2);
  CHECK(summary["chains"]["missing"][0]["to_seq"] == 2);
  CHECK(import.err.str().find("paket/s") != std::string::npos);

  Run twice(f.A({"import", in}));
  CHECK(twice.code == 0);
  CHECK(twice.Says("redan importerat"));
  CHECK(twice.Says("0 importerade, 2 redan importerade"));

  // A fork of seq 2 (another jti) arrives first and fills the gap; the real seq 2 is then refused and
  // flagged, and seq 3 (whose prev is the real seq 2) shows as a broken link.
  WriteFile(f.dir / "fork.sipbundle", fork.file);
  Run forked(f.A({"import", f.dir / "fork.sipbundle", "--json"}));
  CHECK(forked.code == 0);
  CHECK(forked.Last()["summary"]["chains"]["missing"].empty());
  CHECK(forked.Last()["summary"]["chains"]["broken_links"].size() == 1);
  WriteFile(f.dir / "a-2.sipbundle", s2.file);
  Run conflict(f.A({"import", f.dir / "a-2.sipbundle"}));
  CHECK(conflict.code == 1);
  CHECK(conflict.Says("bundle_seq_conflict"));
  CHECK(conflict.Says("flaggat"));
  CHECK(conflict.Says("Bruten kedja"));
  Run flags(f.A({"flags", "--json"}));
  REQUIRE(flags.code == 0);
  CHECK(flags.Last()["flags"].size() == 1);
  Run status(f.A({"status", "--json"}));
  REQUIRE(status.code == 0);
  CHECK(status.Last()["bundles"] == 3);
  CHECK(status.Last()["chains"]["missing"].empty());
  CHECK(status.Last()["chains"]["broken_links"][0]["seq"] == 3);
  CHECK(status.Last()["flags"] == 1);

  // Reading an imported plan.
  Run show(f.A({"show", s1.jti.substr(0, 8)}));
  REQUIRE(show.code == 0);
  CHECK(show.Says(s1.jti));
  CHECK(show.Says("kvitterat: nej"));
  Run render(f.A({"render", s1.jti, "--out", f.dir / "plan.html"}));
  REQUIRE(render.code == 0);
  CHECK(ReadText(f.dir / "plan.html").find("<html") != std::string::npos);
  Run fhir(f.A({"fhir", s1.jti, "--json"}));
  REQUIRE(fhir.code == 0);
  CHECK(fhir.Last()["document"] == PlanDocFor(s1.jti));
  Run commitments(f.A({"commitments", s1.jti, "--json"}));
  REQUIRE(commitments.code == 0);
  CHECK(commitments.Last()["commitments"] == Commitments(PlanDoc()));
  Run missing(f.A({"show", "00000000-0000-4000-8000-000000000000"}));
  CHECK(missing.code == 1);
  CHECK(missing.Says("bundle_not_found"));

  // Receipt: one device pending, so --device may be left out.
  Run receipt(f.A({"receipt", "--out", f.dir / "kvitto.jws", "--json"}));
  REQUIRE_MESSAGE(receipt.code == 0, receipt.out.str(), receipt.err.str());
  CHECK(receipt.Last()["bundles"] == 3);
  std::string jws = ReadText(f.dir / "kvitto.jws");
  while (!jws.empty() && jws.back() == '\n') jws.pop_back();
  f.WithOffice([&] {
    auto r = bundle::ReadReceipt(jws, f.office->AdminPublicKey());
    REQUIRE(r.ok());
    CHECK(r->device == d.kid);
    CHECK(r->bundles.size() == 3);
  });
  Run empty(f.A({"receipt", "--device", d.kid, "--out", f.dir / "kvitto2.jws"}));
  CHECK(empty.code == 1);
  CHECK(empty.Says("receipt_empty"));
  CHECK_FALSE(std::filesystem::exists(f.dir / "kvitto2.jws"));
}

TEST_CASE("office CLI: a damaged office.db is exit 3 with office_damaged, and left as it was") {
  PassphraseEnv pass;
  CliFixture f;
  const Bytes junk(12000, 0x17);
  WriteFile(f.dir / "office.db", junk);
  Run r(f.A({"import", f.dir.path}));
  CHECK(r.code == 3);
  CHECK(r.Says("office_damaged"));
  Run j(f.A({"status", "--json"}));
  CHECK(j.code == 3);
  CHECK(j.Last()["error"]["code"] == "office_damaged");
  CHECK(ReadFile(f.dir / "office.db") == junk);
}
