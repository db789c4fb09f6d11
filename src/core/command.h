// sipcore/command.h — the JSON envelope of commands and queries.
//
// Every change to SIP Field's data is a command; every read is a query. Both arrive as one JSON object:
//
//   {"cmd": "settings.set", "id": 7, "key": "device.name", "value": "Laptop 3"}
//
// `cmd` names the command, `id` (optional, any JSON value) is echoed in the response so scripts can match
// answers to requests, and every other member is an argument. Responses are
//
//   {"ok": true,  "id": 7, "result": {...}}
//   {"ok": false, "id": 7, "error": {"code": "unknown_setting", "message": "Inställningen finns inte."}}
//
// The handler that executes them lives in sipapp (src/app/handler.h); the catalogue is docs/commands.md.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/result.h"

namespace sip {

using Json = nlohmann::json;

// Limits on what a request may be; beyond them the request is refused before it is interpreted.
inline constexpr size_t kMaxRequestBytes = 4u << 20;   // 4 MiB of JSON text
inline constexpr int kMaxJsonDepth = 64;               // nesting of objects and arrays

struct Request {
  std::string cmd;   // e.g. "settings.set"
  Json id;           // null when absent
  Json args;         // always an object: the request minus "cmd" and "id"
};

// Parses JSON text with the limits above, refusing duplicate object keys. Errors: invalid_json, invalid_request.
Result<Json> ParseJsonStrict(std::string_view text);
// Splits a parsed request into its envelope. Errors: invalid_request (not an object, no string "cmd").
Result<Request> ParseRequest(const Json& request);

// Builds the response objects described above.
Json OkResponse(const Json& id, Json result);
Json ErrorResponse(const Json& id, const Error& error);

// Argument helpers for command implementations: a missing or mistyped argument is invalid_argument with
// the argument's name as detail.
Result<std::string> StringArg(const Json& args, const char* name);
Result<std::string> OptionalStringArg(const Json& args, const char* name, std::string fallback = {});

}  // namespace sip
