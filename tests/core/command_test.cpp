#include <doctest/doctest.h>

#include <string>

#include "core/command.h"

using namespace sip;

TEST_CASE("ParseJsonStrict accepts ordinary JSON") {
  auto j = ParseJsonStrict(R"({"cmd":"ping","n":[1,2,{"x":"å"}]})");
  REQUIRE(j.ok());
  CHECK((*j)["n"][2]["x"].get<std::string>() == "å");
}

TEST_CASE("ParseJsonStrict refuses syntax errors, duplicate keys and deep nesting") {
  CHECK(ParseJsonStrict("{").error().code == Errc::InvalidJson);
  CHECK(ParseJsonStrict("").error().code == Errc::InvalidJson);
  CHECK(ParseJsonStrict(R"({"a":1,"a":2})").error().code == Errc::InvalidJson);
  CHECK(ParseJsonStrict(R"({"o":{"a":1,"b":{"a":2}},"p":{"a":3}})").ok());   // same key, different objects
  CHECK(ParseJsonStrict(R"({"o":{"k":1,"k":1}})").error().code == Errc::InvalidJson);
  std::string deep(kMaxJsonDepth + 1, '[');
  deep += std::string(kMaxJsonDepth + 1, ']');
  CHECK(ParseJsonStrict(deep).error().code == Errc::InvalidJson);
  std::string ok_depth(kMaxJsonDepth - 1, '[');
  ok_depth += std::string(kMaxJsonDepth - 1, ']');
  CHECK(ParseJsonStrict(ok_depth).ok());
}

TEST_CASE("ParseJsonStrict refuses requests over the size limit before parsing") {
  std::string big = "\"" + std::string(kMaxRequestBytes, 'x') + "\"";
  CHECK(ParseJsonStrict(big).error().code == Errc::InvalidRequest);
}

TEST_CASE("ParseRequest splits cmd, id and arguments") {
  auto r = ParseRequest(Json::parse(R"({"cmd":"settings.set","id":7,"key":"k","value":"v"})"));
  REQUIRE(r.ok());
  CHECK(r->cmd == "settings.set");
  CHECK(r->id.get<int>() == 7);
  CHECK(r->args.size() == 2);
  CHECK_FALSE(r->args.contains("cmd"));
  auto no_id = ParseRequest(Json::parse(R"({"cmd":"ping"})"));
  REQUIRE(no_id.ok());
  CHECK(no_id->id.is_null());
  CHECK(no_id->args.is_object());
}

TEST_CASE("ParseRequest refuses what is not a command") {
  CHECK(ParseRequest(Json::parse("[]")).error().code == Errc::InvalidRequest);
  CHECK(ParseRequest(Json::parse(R"({"id":1})")).error().code == Errc::InvalidRequest);
  CHECK(ParseRequest(Json::parse(R"({"cmd":5})")).error().code == Errc::InvalidRequest);
  CHECK(ParseRequest(Json::parse(R"({"cmd":""})")).error().code == Errc::InvalidRequest);
}

TEST_CASE("responses carry ok, id, result or code and Swedish message") {
  Json ok = OkResponse(3, Json{{"x", 1}});
  CHECK(ok["ok"].get<bool>());
  CHECK(ok["id"].get<int>() == 3);
  CHECK(ok["result"]["x"].get<int>() == 1);
  Json err = ErrorResponse(nullptr, Error{Errc::UnknownCommand, "nope"});
  CHECK_FALSE(err["ok"].get<bool>());
  CHECK_FALSE(err.contains("id"));
  CHECK(err["error"]["code"].get<std::string>() == "unknown_command");
  CHECK(err["error"]["message"].get<std::string>() == std::string(ErrorMessage(Errc::UnknownCommand)));
  CHECK(err["error"]["detail"].get<std::string>() == "nope");
}

TEST_CASE("argument helpers name the missing or mistyped argument") {
  Json args = {{"s", "x"}, {"n", 1}};
  CHECK(*StringArg(args, "s") == "x");
  CHECK(StringArg(args, "n").error().code == Errc::InvalidArgument);
  CHECK(StringArg(args, "missing").error().detail == "missing");
  CHECK(*OptionalStringArg(args, "missing", "dflt") == "dflt");
  CHECK(OptionalStringArg(args, "n").error().code == Errc::InvalidArgument);
}
