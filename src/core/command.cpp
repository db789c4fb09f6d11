#include "core/command.h"

#include <utility>
#include <vector>

namespace sip {

namespace {

// A SAX handler that builds the DOM itself (as nlohmann's json_sax_dom_parser does) and refuses, while it
// builds, a key repeated in one object (found by the insert into that object: no set of keys on the side)
// and nesting deeper than kMaxJsonDepth (before the parser goes deeper). Cheaper than Json::parse with a
// callback: no std::function call per token, and no copy of every key.
class StrictDom {
 public:
  explicit StrictDom(Json& root) : root_(root) {}
  enum class Refusal { None, Syntax, Duplicate, TooDeep };
  Refusal refusal = Refusal::None;

  bool null() { return Put(nullptr); }
  bool boolean(bool v) { return Put(v); }
  bool number_integer(Json::number_integer_t v) { return Put(v); }
  bool number_unsigned(Json::number_unsigned_t v) { return Put(v); }
  bool number_float(Json::number_float_t v, const Json::string_t&) { return Put(v); }
  bool string(Json::string_t& v) { return Put(std::move(v)); }
  bool binary(Json::binary_t& v) { return Put(std::move(v)); }
  bool start_object(std::size_t) { return Open(Json::value_t::object); }
  bool start_array(std::size_t) { return Open(Json::value_t::array); }
  bool end_object() { return Close(); }
  bool end_array() { return Close(); }
  bool key(Json::string_t& k) {
    auto& object = stack_.back()->get_ref<Json::object_t&>();
    auto [it, inserted] = object.emplace(std::move(k), nullptr);
    if (!inserted) return Refuse(Refusal::Duplicate);
    slot_ = &it->second;
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) {
    return Refuse(Refusal::Syntax);
  }

 private:
  template <class V>
  Json* Place(V&& v) {
    if (stack_.empty()) {
      root_ = Json(std::forward<V>(v));
      return &root_;
    }
    Json& parent = *stack_.back();
    if (parent.is_array()) {
      auto& array = parent.get_ref<Json::array_t&>();
      array.emplace_back(std::forward<V>(v));
      return &array.back();
    }
    *slot_ = Json(std::forward<V>(v));
    return slot_;
  }
  template <class V>
  bool Put(V&& v) {
    Place(std::forward<V>(v));
    return true;
  }
  bool Open(Json::value_t type) {
    if (stack_.size() >= static_cast<size_t>(kMaxJsonDepth)) return Refuse(Refusal::TooDeep);
    stack_.push_back(Place(type));
    return true;
  }
  bool Close() {
    stack_.pop_back();
    return true;
  }
  bool Refuse(Refusal r) {
    if (refusal == Refusal::None) refusal = r;
    return false;
  }

  Json& root_;
  std::vector<Json*> stack_;   // the open objects and arrays (pointers stay valid: a child is only ever
                               // added to the innermost open container, after its own children are done)
  Json* slot_ = nullptr;       // the value of the key just read
};

}  // namespace

Result<Json> ParseJsonStrict(std::string_view text) {
  if (text.size() > kMaxRequestBytes) return Error{Errc::InvalidRequest, "request too large"};
  Json j;
  StrictDom dom(j);
  const bool ok = Json::sax_parse(text.begin(), text.end(), &dom);
  switch (dom.refusal) {
    case StrictDom::Refusal::TooDeep: return Error{Errc::InvalidJson, "nesting too deep"};
    case StrictDom::Refusal::Duplicate: return Error{Errc::InvalidJson, "duplicate key"};
    case StrictDom::Refusal::Syntax: return Error{Errc::InvalidJson, "syntax error"};
    case StrictDom::Refusal::None: break;
  }
  if (!ok) return Error{Errc::InvalidJson, "syntax error"};
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
