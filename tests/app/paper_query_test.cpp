// tests/app/paper_query_test.cpp — the `case.paper` query (src/app/handler.cpp): the papers of
// core/papers/papers.h through the command handler, as the browser UI will open them.
#include <tuple>
#include <doctest/doctest.h>

#include "app/app_test_support.h"
#include "app/handler.h"
#include "bundle/crypto.h"
#include "core/case_commands.h"
#include "core/papers/papers.h"
#include "store/store.h"

using namespace sip;
using sip::app::testing::EstablishedCase;
using sip::app::testing::Must;

namespace {
constexpr UnixMs kNow = 1795336070123;   // 2026-11-22T…Z

struct Fixture {
  store::Store store = [] {
    auto s = store::Store::Open(":memory:", kNow);
    REQUIRE(s.ok());
    return std::move(*s);
  }();
  app::CommandHandler handler{&store, {[] { return kNow; }, "test", {}}};
  Fixture() { bundle::InitCrypto(); }
};

std::string Code(const Json& r) { return r["error"]["code"].get<std::string>(); }
}  // namespace

TEST_CASE("case.paper: the three papers of an established case, the same bytes as RenderPaper()") {
  Fixture f;
  const std::string id = EstablishedCase(f.handler);
  const Case stored = Must(f.handler, {{"cmd", "case.get"}, {"case_id", id}})["case"].get<Case>();
  // (No structured binding: clang 14 cannot capture one in doctest's INFO lambda.)
  for (const auto& t : {std::tuple{"min-sip", PaperKind::MinSip, "min-sip-version-1.html"},
                        std::tuple{"invitation", PaperKind::Invitation, "kallelse-sip-mote.html"},
                        std::tuple{"consent", PaperKind::Consent, "samtycke.html"}}) {
    const char* doc = std::get<0>(t);
    const PaperKind kind = std::get<1>(t);
    const char* file = std::get<2>(t);
    INFO(doc);
    const Json r = Must(f.handler, {{"cmd", "case.paper"}, {"case_id", id}, {"doc", doc}});
    CHECK(r["doc"] == doc);
    CHECK(r["file_name"] == file);
    auto direct = RenderPaper(stored, {kind, 0, "2026-11-22"});   // the handler's "today" is the printed day
    REQUIRE(direct.ok());
    CHECK(r["html"].get<std::string>() == direct->html);
    CHECK(r["html"].get<std::string>().find("Utskriven 22 november 2026.") != std::string::npos);
  }
  CHECK(Must(f.handler, {{"cmd", "case.paper"}, {"case_id", id}, {"doc", "min-sip"}, {"version", 1}})["html"] ==
        Must(f.handler, {{"cmd", "case.paper"}, {"case_id", id}, {"doc", "min-sip"}})["html"]);
  // A query: nothing is written to the audit log.
  const size_t before = Must(f.handler, {{"cmd", "audit.list"}, {"case_id", id}})["entries"].size();
  Must(f.handler, {{"cmd", "case.paper"}, {"case_id", id}, {"doc", "consent"}});
  CHECK(Must(f.handler, {{"cmd", "audit.list"}, {"case_id", id}})["entries"].size() == before);
}

TEST_CASE("case.paper refuses with stable codes") {
  Fixture f;
  const std::string id = EstablishedCase(f.handler);
  auto paper = [&](Json args) {
    args["cmd"] = "case.paper";
    return f.handler.Dispatch(args);
  };
  CHECK(Code(paper({{"case_id", id}, {"doc", "kallelse"}})) == "invalid_argument");
  CHECK(paper({{"case_id", id}, {"doc", "kallelse"}})["error"]["detail"] == "doc");
  CHECK(Code(paper({{"case_id", id}})) == "invalid_argument");
  CHECK(Code(paper({{"case_id", id}, {"doc", 3}})) == "invalid_argument");
  CHECK(Code(paper({{"doc", "min-sip"}})) == "invalid_argument");
  CHECK(Code(paper({{"case_id", "c-nope"}, {"doc", "min-sip"}})) == "case_not_found");
  CHECK(Code(paper({{"case_id", id}, {"doc", "min-sip"}, {"version", 2}})) == "not_found");
  for (const Json& bad : {Json(0), Json(-1), Json("1"), Json(1.5), Json(2000000)}) {
    INFO(bad.dump());
    CHECK(Code(paper({{"case_id", id}, {"doc", "min-sip"}, {"version", bad}})) == "invalid_argument");
  }
  CHECK(Code(paper({{"case_id", id}, {"doc", "consent"}, {"version", 1}})) == "invalid_argument");

  // Before a plan is established there is no Min SIP; before any consent, no consent paper.
  const std::string fresh = Must(f.handler, {{"cmd", "case.create"},
                                             {"owner", {{"name", "Bengt Testsson"}, {"identity_number", "199012119948"}}},
                                             {"noticed_by", "home_care"},
                                             {"noticed_on", "2026-11-20"}})["case_id"].get<std::string>();
  const Json none = paper({{"case_id", fresh}, {"doc", "min-sip"}});
  CHECK(Code(none) == "wrong_step");
  CHECK(none["error"]["detail"] == "no established plan");
  CHECK(Code(paper({{"case_id", fresh}, {"doc", "consent"}})) == "consent_missing");
  CHECK(Must(f.handler, {{"cmd", "case.paper"}, {"case_id", fresh}, {"doc", "invitation"}})["html"].get<std::string>().find(
            "Utkast: kallelsen är inte skickad ännu.") != std::string::npos);
}
