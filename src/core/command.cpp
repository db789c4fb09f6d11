#include "core/command.h"

#include <set>
#include <vector>

namespace sip {

Result<Json> ParseJsonStrict(std::string_view text) {
  if (text.size() > kMaxRequestBytes) return Error{Errc::InvalidRequest, "request too large"};
  // The parser callback sees every key; one set of seen keys per open object catches duplicates, and the
  // depth argument bounds nesting before the parser recurses further.
  std::vector<std::set<std::string>> seen;
  bool duplicate = false;
  bool too_deep = false;
  auto cb = [&](int depth, Json::parse_event_t event, Json& parsed) {
    switch (event) {
      case Json::parse_event_t::object_start:
        seen.emplace_back();
        [[fallthrough]];
      case Json::parse_event_t::array_start:
        if (depth >= kMaxJsonDepth) too_deep = true;
        break;
      case Json::parse_event_t::object_end:
        if (!seen.empty()) seen.pop_back();
        break;
      case Json::parse_event_t::key:
        if (!seen.empty() && !seen.back().insert(parsed.get<std::string>()).second) duplicate = true;
        break;
      default:
        break;
    }
    return !(duplicate || too_deep);
  };
  Json j = Json::parse(text.begin(), text.end(), cb, /*allow_exceptions=*/false);
  if (too_deep) return Error{Errc::InvalidJson, "nesting too deep"};
  if (duplicate) return Error{Errc::InvalidJson, "duplicate key"};
  if (j.is_discarded()) return Error{Errc::InvalidJson, "syntax error"};
  return j;
}

Result<Request> ParseRequest(const Json& request) {
  if (!request.is_object()) return Error{Errc::InvalidRequest, "request is not an object"};
  auto it = request.find("cmd");
  if (it == request.end() || !it->is_string() || it->get<std::string>().empty())
    return Error{Errc::InvalidRequest, "missing string member cmd"};
  Request r;
  r.cmd = it->get<std::string>();
  if (auto id = request.find("id"); id != request.end()) r.id = *id;
  r.args = Json::object();
  for (auto m = request.begin(); m != request.end(); ++m)
    if (m.key() != "cmd" && m.key() != "id") r.args[m.key()] = m.value();
  return r;
}

Json OkResponse(const Json& id, Json result) {
  Json r = {{"ok", true}, {"result", std::move(result)}};
  if (!id.is_null()) r["id"] = id;
  return r;
}

Json ErrorResponse(const Json& id, const Error& error) {
  Json e = {{"code", std::string(ErrorCode(error.code))}, {"message", std::string(ErrorMessage(error.code))}};
  if (!error.detail.empty()) e["detail"] = error.detail;
  Json r = {{"ok", false}, {"error", std::move(e)}};
  if (!id.is_null()) r["id"] = id;
  return r;
}

Result<std::string> StringArg(const Json& args, const char* name) {
  auto it = args.find(name);
  if (it == args.end() || !it->is_string()) return Error{Errc::InvalidArgument, name};
  return it->get<std::string>();
}

Result<std::string> OptionalStringArg(const Json& args, const char* name, std::string fallback) {
  auto it = args.find(name);
  if (it == args.end() || it->is_null()) return fallback;
  if (!it->is_string()) return Error{Errc::InvalidArgument, name};
  return it->get<std::string>();
}

}  // namespace sip
