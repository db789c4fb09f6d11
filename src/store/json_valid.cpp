#include "store/json_valid.h"

#include <sqlite3.h>

#include <nlohmann/json.hpp>
#include <string_view>

namespace sip::store {
namespace {

void JsonValid(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
    sqlite3_result_null(ctx);
    return;
  }
  const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(argv[0]));
  const int bytes = sqlite3_value_bytes(argv[0]);
  bool ok = false;
  try {
    ok = text && nlohmann::json::accept(std::string_view(text, static_cast<size_t>(bytes)));
  } catch (...) {
    ok = false;   // never through SQLite's C frames
  }
  sqlite3_result_int(ctx, ok ? 1 : 0);
}

}  // namespace

int RegisterJsonValid(sqlite3* db) {
  return sqlite3_create_function_v2(db, "json_valid", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                                    nullptr, JsonValid, nullptr, nullptr, nullptr);
}

}  // namespace sip::store
