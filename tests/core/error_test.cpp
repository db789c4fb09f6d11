#include <doctest/doctest.h>

#include <set>
#include <string>

#include "core/error.h"

using namespace sip;

TEST_CASE("error table: codes are unique snake_case, messages Swedish and non-empty, lookup round-trips") {
  std::set<std::string> seen;
  for (int i = 0; i < ErrorCount(); ++i) {
    const auto e = static_cast<Errc>(i);
    const std::string code(ErrorCode(e));
    CHECK(seen.insert(code).second);
    CHECK(!code.empty());
    for (char c : code) CHECK(((c >= 'a' && c <= 'z') || c == '_' || (c >= '0' && c <= '9')));
    CHECK(!ErrorMessage(e).empty());
    REQUIRE(ErrcFromCode(code).has_value());
    CHECK(*ErrcFromCode(code) == e);
  }
  CHECK_FALSE(ErrcFromCode("no_such_code").has_value());
}

TEST_CASE("shipped error codes keep their spelling") {
  // Codes are part of the public API (scripts, tests, the office tool): renaming one is a breaking change.
  CHECK(ErrorCode(Errc::Ok) == "ok");
  CHECK(ErrorCode(Errc::InvalidJson) == "invalid_json");
  CHECK(ErrorCode(Errc::UnknownCommand) == "unknown_command");
  CHECK(ErrorCode(Errc::DbTooNew) == "db_too_new");
  CHECK(ErrorCode(Errc::DbMigrationHistory) == "db_migration_history");
}
