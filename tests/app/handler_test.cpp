#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "app/handler.h"
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
  app::CommandHandler handler{&store, {[] { return kNow; }, "test"}};
  Fixture() { bundle::InitCrypto(); }
  Json Do(const std::string& text) { return handler.DispatchText(text); }
};

std::string Code(const Json& r) { return r["error"]["code"].get<std::string>(); }
}  // namespace

TEST_CASE("ping and version answer without a store") {
  app::CommandHandler h(nullptr, {[] { return kNow; }, "test"});
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
