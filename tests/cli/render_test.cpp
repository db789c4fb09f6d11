// tests/cli/render_test.cpp — `sipfield render --db FILE --case ID --doc DOC [--version N]` (src/cli/cli.cpp):
// the paper on stdout, the same bytes as RenderPaper(), and the exit codes of every refusal.
#include <doctest/doctest.h>

#include <sstream>

#include "cli/cli.h"
#include "core/fhir_cases.h"
#include "core/papers/papers.h"
#include "store/store.h"
#include "store/test_util.h"

using namespace sip;

namespace {
constexpr UnixMs kNow = 1795336070123;   // 2026-11-22 (UTC; the test runs with a zero offset)

struct Run {
  std::stringstream in, out, err;
  int code = -1;
  explicit Run(std::vector<std::string> args) { code = cli::Run(args, {in, out, err, [] { return kNow; }, {}}); }
};

// A database holding the scenario cases of tests/core/fhir_cases.h under their own ids.
void Seed(const std::string& path, const std::vector<Case>& cases) {
  auto store = store::Store::Open(path, kNow);
  REQUIRE(store.ok());
  auto w = store->Write([&](store::WriteTx& tx) -> Result<void> {
    for (const auto& c : cases) SIP_TRY(store::cases_repo::Put(tx, c, kNow));
    return {};
  });
  REQUIRE(w.ok());
}
}  // namespace

TEST_CASE("render: each paper to stdout with exit code 0, identical to RenderPaper()") {
  test::TempDbPath db("cli-render");
  Case child = fhirtest::CaseChild();
  child.id = "c-child";
  Case home = fhirtest::CaseHomeCare();
  Seed(db.path, {home, child});
  for (const auto& [c, doc, kind] : {std::tuple{&home, "min-sip", PaperKind::MinSip},
                                     std::tuple{&home, "invitation", PaperKind::Invitation},
                                     std::tuple{&home, "consent", PaperKind::Consent},
                                     std::tuple{&child, "consent", PaperKind::Consent}}) {
    INFO(doc);
    Run r({"render", "--db", db.path, "--case", c->id, "--doc", doc});
    CHECK(r.code == 0);
    CHECK(r.err.str().empty());
    auto expected = RenderPaper(*c, {kind, 0, "2026-11-22"});
    REQUIRE(expected.ok());
    CHECK(r.out.str() == expected->html);
  }
  Run v1({"render", "--db", db.path, "--case", home.id, "--doc", "min-sip", "--version", "1"});
  CHECK(v1.code == 0);
  CHECK(v1.out.str() == RenderPaper(home, {PaperKind::MinSip, 1, "2026-11-22"})->html);
  // Options in any order.
  Run shuffled({"render", "--doc", "consent", "--case", home.id, "--db", db.path});
  CHECK(shuffled.code == 0);
  CHECK(Run({"--help"}).out.str().find("sipfield render --db FIL --case ID --doc min-sip|invitation|consent") !=
        std::string::npos);
}

TEST_CASE("render: unknown case, doc or version exit 1 with the code on stderr; usage 2; no database 3") {
  test::TempDbPath db("cli-render-err");
  const Case home = fhirtest::CaseHomeCare();
  Seed(db.path, {home});
  auto refused = [&](std::vector<std::string> args, const char* code) {
    Run r(args);
    INFO(r.err.str());
    CHECK(r.code == 1);
    CHECK(r.out.str().empty());
    CHECK(r.err.str().find(std::string("[") + code + "]") != std::string::npos);
  };
  refused({"render", "--db", db.path, "--case", "c-nope", "--doc", "min-sip"}, "case_not_found");
  refused({"render", "--db", db.path, "--case", home.id, "--doc", "kallelse"}, "invalid_argument");
  refused({"render", "--db", db.path, "--case", home.id, "--doc", "min-sip", "--version", "9"}, "not_found");
  refused({"render", "--db", db.path, "--case", home.id, "--doc", "invitation", "--version", "1"}, "invalid_argument");

  for (const std::vector<std::string>& usage :
       {std::vector<std::string>{"render"}, {"render", "--db", db.path, "--case", home.id},
        {"render", "--db", db.path, "--doc", "min-sip"}, {"render", "--case", home.id, "--doc", "min-sip"},
        {"render", "--db", db.path, "--case", home.id, "--doc", "min-sip", "--version", "x"},
        {"render", "--db", db.path, "--case", home.id, "--doc", "min-sip", "--version", "-1"},
        {"render", "--db", db.path, "--case", home.id, "--doc", "min-sip", "--frobnicate"}}) {
    Run r(usage);
    CHECK(r.code == 2);
    CHECK(r.out.str().empty());
  }

  test::TempDbPath missing("cli-render-missing");
  Run none({"render", "--db", missing.path, "--case", home.id, "--doc", "min-sip"});
  CHECK(none.code == 3);
  CHECK(none.err.str().find("[db_open_failed]") != std::string::npos);
  CHECK(test::ReadFileBytes(missing.path).empty());   // no empty database was created
}
