// sipstore/json_valid.h — json_valid(X) for the schema's CHECK constraints (migrations 0002…). SQLite is built
// without its JSON functions (SQLITE_OMIT_JSON in third_party.cmake: the download), so Database::Open gives
// every connection this one, on nlohmann::json. Like SQLite's own (3.40): NULL for NULL, else 1 when the text
// is well-formed JSON (RFC 8259) and 0 when it is not. Every write of a case document runs it; the start-up
// quick_check does not (store.cpp). Built like the rest (-Oz on the web): an -O2 file here gave the linker -O2
// copies of nlohmann's inline functions for the whole app (+13 KB gzip in a clean build), and was not faster.
#pragma once

struct sqlite3;

namespace sip::store {

// Registers json_valid() on the connection; SQLite's result code (SQLITE_OK = 0).
int RegisterJsonValid(sqlite3* db);

}  // namespace sip::store
