#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

#include "app/handler.h"
#include "bundle/backup.h"
#include "bundle/crypto.h"
#include "store/store.h"

using namespace sip;

namespace {
constexpr UnixMs kNow = 1795336070123;

struct Fixture {
  store::Store store = [] {
    auto s = store::Store::Open(":memory:", kNow);
    REQUIRE(s.ok());
    return std::move(*s);
  }();
  app::CommandHandler handler{&store, {[] { return kNow; }, "test", {}}};
  Fixture() { bundle::InitCrypto(); }
  Json Do(const std::string& text) { return handler.DispatchText(text); }
};

std::string Code(const Json& r) { return r["error"]["code"].get<std::string>(); }
}  // namespace

TEST_CASE("ping and version answer without a store") {
  app::CommandHandler h(nullptr, {[] { return kNow; }, "test", {}});
  Json p = h.DispatchText(R"({"cmd":"ping","id":"a"})");
  CHECK(p["ok"].get<bool>());
  CHECK(p["id"].get<std::string>() == "a");
  CHECK(p["result"]["pong"].get<bool>());
  Json v = h.Dispatch({{"cmd", "version"}});
  CHECK(v["result"]["app"].get<std::string>() == SIP_VERSION);
  CHECK(v["result"]["schema"].get<int>() == store::CodeSchemaVersion());
  CHECK(v["result"]["db_schema"].is_null());
  CHECK(v["result"]["platform"].get<std::string>() == "test");
  CHECK(Code(h.Dispatch({{"cmd", "settings.list"}})) == "not_ready");
}

TEST_CASE("malformed requests get stable codes") {
  Fixture f;
  CHECK(Code(f.Do("not json")) == "invalid_json");
  CHECK(Code(f.Do(R"({"cmd":"ping","cmd":"ping"})")) == "invalid_json");
  CHECK(Code(f.Do(R"({"nocmd":1,"id":9})")) == "invalid_request");
  CHECK(f.Do(R"({"nocmd":1,"id":9})")["id"].get<int>() == 9);
  CHECK(Code(f.Do(R"({"cmd":"no.such"})")) == "unknown_command");
}

TEST_CASE("settings.set and settings.get round-trip; bad input changes nothing") {
  Fixture f;
  Json set = f.Do(R"({"cmd":"settings.set","key":"staff.name","value":"Testa Testsson"})");
  REQUIRE(set["ok"].get<bool>());
  Json get = f.Do(R"({"cmd":"settings.get","key":"staff.name"})");
  CHECK(get["result"]["value"].get<std::string>() == "Testa Testsson");

  CHECK(Code(f.Do(R"({"cmd":"settings.set","key":"nope","value":"x"})")) == "unknown_setting");
  CHECK(Code(f.Do(R"({"cmd":"settings.set","key":"staff.name"})")) == "invalid_argument");
  CHECK(Code(f.Do(R"({"cmd":"settings.set","key":"staff.name","value":5})")) == "invalid_argument");
  CHECK(Code(f.Do(R"({"cmd":"settings.get","key":"nope"})")) == "unknown_setting");
  Json too_long = {{"cmd", "settings.set"}, {"key", "staff.name"}, {"value", std::string(500, 'x')}};
  CHECK(Code(f.handler.Dispatch(too_long)) == "setting_too_long");
  CHECK(f.Do(R"({"cmd":"settings.get","key":"staff.name"})")["result"]["value"].get<std::string>() ==
        "Testa Testsson");
  CHECK(f.Do(R"({"cmd":"settings.get","key":"staff.unit"})")["result"]["value"].is_null());
}

TEST_CASE("settings.list returns every known setting with label and value") {
  Fixture f;
  f.Do(R"({"cmd":"settings.set","key":"device.name","value":"Laptop 3"})");
  Json l = f.Do(R"({"cmd":"settings.list"})");
  REQUIRE(l["ok"].get<bool>());
  bool found = false;
  for (const auto& s : l["result"]["settings"]) {
    CHECK(s["label"].is_string());
    if (s["key"] == "device.name") {
      found = true;
      CHECK(s["value"].get<std::string>() == "Laptop 3");
    }
  }
  CHECK(found);
}

TEST_CASE("every command in the catalogue is documented in docs/commands.md") {
  std::ifstream f(std::string(SIP_SOURCE_DIR) + "/docs/commands.md");
  REQUIRE(f.good());
  std::stringstream ss;
  ss << f.rdbuf();
  const std::string doc = ss.str();
  for (const auto& c : app::CommandHandler::Catalogue()) {
    INFO(c.name);
    CHECK(doc.find("`" + std::string(c.name) + "`") != std::string::npos);
  }
  Fixture fx;
  Json list = fx.Do(R"({"cmd":"commands.list"})");
  CHECK(list["result"]["commands"].size() == app::CommandHandler::Catalogue().size());
}

TEST_CASE("every error code is documented in docs/commands.md") {
  std::ifstream f(std::string(SIP_SOURCE_DIR) + "/docs/commands.md");
  std::stringstream ss;
  ss << f.rdbuf();
  for (int i = 0; i < ErrorCount(); ++i) {
    const std::string code(ErrorCode(static_cast<Errc>(i)));
    INFO(code);
    CHECK(ss.str().find("`" + code + "`") != std::string::npos);
  }
}

TEST_CASE("case commands go through the store: the case, its audit trail and queries") {
  Fixture f;
  f.Do(R"({"cmd":"settings.set","key":"staff.name","value":"Testa Testsson"})");
  Json created = f.Do(R"({"cmd":"case.create","noticed_by":"home_care","noticed_on":"2026-11-20",
      "owner":{"name":"Tolvan Tolvansson","identity_number":"19901211-9948"}})");
  REQUIRE_MESSAGE(created["ok"].get<bool>(), created.dump());
  const std::string id = created["result"]["case_id"].get<std::string>();
  CHECK(id.rfind("c-", 0) == 0);
  CHECK(created["result"]["step"] == "need_detected");

  Json start = f.handler.Dispatch({{"cmd", "preparation.start"}, {"case_id", id}});
  CHECK(start["result"]["step"] == "preparation");
  Json again = f.handler.Dispatch({{"cmd", "preparation.start"}, {"case_id", id}});
  CHECK(Code(again) == "wrong_step");

  Json got = f.handler.Dispatch({{"cmd", "case.get"}, {"case_id", id}});
  REQUIRE(got["ok"].get<bool>());
  CHECK(got["result"]["case"]["owner"]["identity_number"] == "199012119948");
  CHECK(got["result"]["case"]["step"] == "preparation");
  CHECK(got["result"]["consent_in_force"] == false);

  Json list = f.Do(R"({"cmd":"case.list"})");
  REQUIRE(list["result"]["cases"].size() == 1);
  CHECK(list["result"]["cases"][0]["owner_name"] == "Tolvan Tolvansson");

  Json audit = f.handler.Dispatch({{"cmd", "audit.list"}, {"case_id", id}});
  REQUIRE(audit["ok"].get<bool>());
  const auto& e = audit["result"]["entries"];
  REQUIRE(e.size() == 3);   // case.create, preparation.start, case.step_changed
  CHECK(e[0]["action"] == "case.create");
  CHECK(e[0]["actor"] == "Testa Testsson");
  CHECK(e[1]["action"] == "preparation.start");
  CHECK(e[2]["action"] == "case.step_changed");
  CHECK(e[2]["data"]["to"] == "preparation");
}

TEST_CASE("a rejected case command changes neither the case nor the audit log") {
  Fixture f;
  Json created = f.Do(R"({"cmd":"case.create","noticed_by":"home_care","noticed_on":"2026-11-20",
      "owner":{"name":"Tolvan Tolvansson","identity_number":"199012119948"}})");
  const std::string id = created["result"]["case_id"].get<std::string>();
  const Json before = f.handler.Dispatch({{"cmd", "case.get"}, {"case_id", id}});
  const size_t audit_before = f.Do(R"({"cmd":"audit.list"})")["result"]["entries"].size();
  CHECK(Code(f.handler.Dispatch({{"cmd", "invitation.send"}, {"case_id", id}, {"sent_on", "2026-11-21"}})) ==
        "wrong_step");
  CHECK(Code(f.handler.Dispatch({{"cmd", "consent.record"}, {"case_id", id}, {"given_by", "person"},
                                 {"form", "oral"}, {"valid_from", "2026-11-21"}})) == "consent_incomplete");
  CHECK(Code(f.handler.Dispatch({{"cmd", "goal.add"}, {"case_id", id}, {"text", "x"}, {"colour", "red"}})) ==
        "invalid_argument");
  CHECK(f.handler.Dispatch({{"cmd", "case.get"}, {"case_id", id}}) == before);
  CHECK(f.Do(R"({"cmd":"audit.list"})")["result"]["entries"].size() == audit_before);
  CHECK(Code(f.handler.Dispatch({{"cmd", "goal.add"}, {"case_id", "c-nope"}, {"text", "x"}})) == "case_not_found");
  CHECK(Code(f.handler.Dispatch({{"cmd", "goal.add"}, {"text", "x"}})) == "invalid_argument");
}

TEST_CASE("a rejected command leaves the database file byte-identical") {
  const std::string path = "/tmp/sipfield-test-rejected-" + std::to_string(std::rand()) + ".db";
  std::remove(path.c_str());
  auto read = [&] {
    std::ifstream f(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
  };
  {
    auto s = store::Store::Open(path, kNow);
    REQUIRE(s.ok());
    app::CommandHandler h(&*s, {[] { return kNow; }, "test", {}});
    Json c = h.DispatchText(R"({"cmd":"case.create","noticed_by":"home_care","noticed_on":"2026-11-20",
        "owner":{"name":"Tolvan Tolvansson","identity_number":"199012119948"}})");
    REQUIRE(c["ok"].get<bool>());
    const std::string id = c["result"]["case_id"].get<std::string>();
    const std::string before = read();
    for (const Json& bad : {Json{{"cmd", "invitation.send"}, {"case_id", id}, {"sent_on", "2026-11-21"}},
                            Json{{"cmd", "settings.set"}, {"key", "nope"}, {"value", "x"}},
                            Json{{"cmd", "consent.record"}, {"case_id", id}, {"given_by", "r99"}, {"form", "written"},
                                 {"valid_from", "2026-11-21"}},
                            Json{{"cmd", "case.close"}, {"case_id", id}, {"reason", "goals_met"}, {"closed_on", "2026-11-22"}}}) {
      INFO(bad.dump());
      CHECK_FALSE(h.Dispatch(bad)["ok"].get<bool>());
      CHECK(read() == before);
    }
  }
  std::remove(path.c_str());
}

TEST_CASE("case.list since a revision lists only the cases written after it; a new store is a new epoch") {
  Fixture f;
  auto create = [&](const char* name) {
    Json c = f.handler.Dispatch({{"cmd", "case.create"}, {"noticed_by", "home_care"}, {"noticed_on", "2026-11-16"},
                                 {"form", "sip"}, {"scenario", "home_care_detects"},
                                 {"owner", {{"name", name}, {"identity_number", "19821105-9954"}}}});
    REQUIRE_MESSAGE(c["ok"].get<bool>(), c.dump());
    return c["result"]["case_id"].get<std::string>();
  };
  const std::string a = create("Arvid Testsson");
  create("Berit Testsson");
  Json full = f.handler.Dispatch({{"cmd", "case.list"}});
  REQUIRE(full["ok"].get<bool>());
  const Json& r = full["result"];
  CHECK(r["full"] == true);
  CHECK(r["count"] == 2);
  REQUIRE(r["cases"].size() == 2);
  const int64_t revision = r["revision"].get<int64_t>();
  CHECK(revision == 2);

  Json none = f.handler.Dispatch({{"cmd", "case.list"}, {"since", revision}});
  CHECK(none["result"]["cases"].empty());
  CHECK(none["result"]["full"] == false);
  CHECK(none["result"]["epoch"] == r["epoch"]);

  REQUIRE(f.handler.Dispatch({{"cmd", "preparation.start"}, {"case_id", a}})["ok"].get<bool>());
  Json one = f.handler.Dispatch({{"cmd", "case.list"}, {"since", revision}});
  REQUIRE(one["result"]["cases"].size() == 1);
  CHECK(one["result"]["cases"][0]["case_id"] == a);
  CHECK(one["result"]["cases"][0]["step"] == "preparation");
  CHECK(one["result"]["cases"][0]["warnings"].is_array());
  CHECK(one["result"]["revision"] == revision + 1);
  CHECK(one["result"]["count"] == 2);

  // A refused command writes nothing: no revision moves.
  CHECK(Code(f.handler.Dispatch({{"cmd", "preparation.start"}, {"case_id", a}})) == "wrong_step");
  CHECK(f.handler.Dispatch({{"cmd", "case.list"}, {"since", revision + 1}})["result"]["cases"].empty());

  CHECK(Code(f.handler.Dispatch({{"cmd", "case.list"}, {"since", -1}})) == "invalid_argument");
  CHECK(Code(f.handler.Dispatch({{"cmd", "case.list"}, {"since", "3"}})) == "invalid_argument");

  f.handler.SetStore(f.handler.store());
  CHECK(f.handler.Dispatch({{"cmd", "case.list"}, {"since", 0}})["result"]["epoch"] != r["epoch"]);
}

TEST_CASE("job.start backup.export: steps with phases and progress, the same file as backup.export opens") {
  Fixture f;
  f.Do(R"({"cmd":"settings.set","key":"staff.name","value":"Testa Testsson"})");
  CHECK(Code(f.handler.Dispatch({{"cmd", "job.start"}, {"op", "nothing"}})) == "invalid_argument");
  CHECK(Code(f.handler.Dispatch({{"cmd", "job.start"}, {"op", "backup.export"}, {"passphrase", "kort"}})) ==
        "backup_weak_passphrase");
  CHECK(Code(f.handler.Dispatch({{"cmd", "job.step"}, {"job_id", "job-999"}})) == "not_found");

  Json started = f.handler.Dispatch({{"cmd", "job.start"}, {"op", "backup.export"}, {"passphrase", "rätt lösenfras"}});
  REQUIRE_MESSAGE(started["ok"].get<bool>(), started.dump());
  const std::string id = started["result"]["job_id"].get<std::string>();
  CHECK(started["result"]["phase"] == "read_database");
  CHECK(started["result"]["progress"] == 0.0);
  std::vector<std::string> phases{"read_database"};
  double last = 0;
  Json result;
  for (int i = 0; i < 10; ++i) {
    Json step = f.handler.Dispatch({{"cmd", "job.step"}, {"job_id", id}});
    REQUIRE_MESSAGE(step["ok"].get<bool>(), step.dump());
    const double p = step["result"]["progress"].get<double>();
    CHECK(p > last);
    last = p;
    if (step["result"]["done"].get<bool>()) {
      result = step["result"]["result"];
      break;
    }
    phases.push_back(step["result"]["phase"].get<std::string>());
  }
  CHECK(phases == std::vector<std::string>{"read_database", "derive_key", "encrypt", "encode"});
  CHECK(last == 1.0);
  REQUIRE(result.is_object());
  CHECK(result["file_name"] == "sipfield-2026-11-22.sipbackup");
  auto file = app::FileBytes(result);
  REQUIRE(file);
  CHECK(result["size"] == file->size());
  auto image = bundle::OpenBackup(*file, "rätt lösenfras", size_t{64} << 20);
  REQUIRE(image.ok());
  CHECK(Code(f.handler.Dispatch({{"cmd", "job.step"}, {"job_id", id}})) == "not_found");   // finished

  // Cancel ends a job; at most four run at once.
  std::vector<std::string> ids;
  for (int i = 0; i < 4; ++i)
    ids.push_back(f.handler.Dispatch({{"cmd", "job.start"}, {"op", "backup.export"}, {"passphrase", "rätt lösenfras"}})
                      ["result"]["job_id"].get<std::string>());
  CHECK(Code(f.handler.Dispatch({{"cmd", "job.start"}, {"op", "backup.export"}, {"passphrase", "rätt lösenfras"}})) ==
        "invalid_argument");
  CHECK(f.handler.Dispatch({{"cmd", "job.cancel"}, {"job_id", ids[0]}})["result"]["cancelled"] == true);
  CHECK(Code(f.handler.Dispatch({{"cmd", "job.cancel"}, {"job_id", ids[0]}})) == "not_found");
  CHECK(f.handler.Dispatch({{"cmd", "job.start"}, {"op", "backup.export"}, {"passphrase", "rätt lösenfras"}})["ok"] == true);
}

TEST_CASE("case.list and case.get carry warnings; the need summary names nobody") {
  Fixture f;
  // kNow is 2026-11-22; the need was noticed 2026-11-20, so the meeting is due 2026-12-11.
  Json c = f.Do(R"({"cmd":"case.create","noticed_by":"home_care","noticed_on":"2026-11-20",
      "owner":{"name":"Tolvan Tolvansson","identity_number":"199012119948","address":"Testgatan 1"}})");
  const std::string id = c["result"]["case_id"].get<std::string>();
  Json list = f.Do(R"({"cmd":"case.list"})");
  bool meeting_due = false;
  for (const auto& w : list["result"]["cases"][0]["warnings"])
    if (w["code"] == "meeting_due") {
      meeting_due = true;
      CHECK(w["due"] == "2026-12-11");
    }
  CHECK(meeting_due);
  CHECK(f.handler.Dispatch({{"cmd", "case.get"}, {"case_id", id}})["result"]["warnings"].is_array());
  Json plan = f.handler.Dispatch({{"cmd", "case.plan"}, {"case_id", id}});
  REQUIRE(plan["ok"].get<bool>());
  CHECK(plan["result"]["versions"].empty());
  CHECK(plan["result"]["established"].is_null());
  CHECK(plan["result"]["complete"] == false);
  Json summary = f.handler.Dispatch({{"cmd", "case.need_summary"}, {"case_id", id}});
  REQUIRE(summary["ok"].get<bool>());
  const std::string text = summary["result"]["text"].get<std::string>();
  CHECK(!text.empty());
  CHECK(text.find("Tolvan") == std::string::npos);
  CHECK(text.find("9948") == std::string::npos);
  CHECK(text.find("Testgatan") == std::string::npos);
}
