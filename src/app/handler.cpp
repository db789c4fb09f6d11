#include "app/handler.h"

#include "bundle/crypto.h"
#include "core/settings.h"
#include "store/store.h"

namespace sip::app {

const std::vector<CommandInfo>& CommandHandler::Catalogue() {
  static const std::vector<CommandInfo> kCatalogue = {
      {"ping", CommandKind::Query, "Liveness check; answers {pong: true}."},
      {"version", CommandKind::Query, "Versions of the app, schema, SQLite and libsodium, and the platform."},
      {"commands.list", CommandKind::Query, "Every command and query with its kind."},
      {"settings.list", CommandKind::Query, "All known settings with their Swedish labels and current values."},
      {"settings.get", CommandKind::Query, "One setting's value (null when unset)."},
      {"settings.set", CommandKind::Command, "Sets one setting (staff.name, staff.title, staff.unit, device.name)."},
  };
  return kCatalogue;
}

CommandHandler::CommandHandler(store::Store* store, HandlerConfig config)
    : store_(store), config_(std::move(config)) {}

Json CommandHandler::DispatchText(std::string_view text) {
  auto parsed = ParseJsonStrict(text);
  if (!parsed) return ErrorResponse(nullptr, parsed.error());
  return Dispatch(*parsed);
}

Json CommandHandler::Dispatch(const Json& request) {
  auto r = ParseRequest(request);
  if (!r) {
    Json id = request.is_object() && request.contains("id") ? request["id"] : Json();
    return ErrorResponse(id, r.error());
  }
  try {
    auto result = Run(*r);
    if (!result) return ErrorResponse(r->id, result.error());
    return OkResponse(r->id, std::move(*result));
  } catch (const std::exception& e) {
    // A bug, not bad input; the store is untouched because writes roll back on unwinding.
    return ErrorResponse(r->id, Error{Errc::Internal, e.what()});
  }
}

Result<Json> CommandHandler::Run(const Request& r) {
  const UnixMs now = config_.clock();
  if (r.cmd == "ping") return Json{{"pong", true}, {"time", FormatIsoUtc(now)}};
  if (r.cmd == "version") {
    Json v = {{"app", SIP_VERSION},
              {"schema", store::CodeSchemaVersion()},
              {"sqlite", store::Database::SqliteVersion()},
              {"sodium", bundle::SodiumVersion()},
              {"platform", config_.platform}};
    v["db_schema"] = store_ ? Json(store_->schema().version_after) : Json();
    return v;
  }
  if (r.cmd == "commands.list") {
    Json list = Json::array();
    for (const auto& c : Catalogue())
      list.push_back({{"name", c.name}, {"kind", c.kind == CommandKind::Query ? "query" : "command"},
                      {"summary", c.summary}});
    return Json{{"commands", std::move(list)}};
  }

  bool known = false;
  for (const auto& c : Catalogue()) known = known || c.name == r.cmd;
  if (!known) return Error{Errc::UnknownCommand, r.cmd.substr(0, 64)};
  if (!store_) return Error{Errc::NotReady, {}};

  if (r.cmd == "settings.list") {
    auto all = store::settings_repo::All(*store_);
    if (!all) return all.error();
    Json list = Json::array();
    for (const auto& def : KnownSettings()) {
      auto it = all->find(std::string(def.key));
      list.push_back({{"key", def.key}, {"label", def.label}, {"max_length", def.max_length},
                      {"value", it == all->end() ? Json() : Json(it->second)}});
    }
    return Json{{"settings", std::move(list)}};
  }
  if (r.cmd == "settings.get") {
    auto key = StringArg(r.args, "key");
    if (!key) return key.error();
    if (!FindSetting(*key)) return Error{Errc::UnknownSetting, key->substr(0, 64)};
    auto v = store::settings_repo::Get(*store_, *key);
    if (!v) return v.error();
    return Json{{"key", *key}, {"value", v->has_value() ? Json(**v) : Json()}};
  }
  if (r.cmd == "settings.set") {
    auto key = StringArg(r.args, "key");
    if (!key) return key.error();
    auto value = StringArg(r.args, "value");
    if (!value) return value.error();
    if (auto ok = ValidateSetting(*key, *value); !ok) return ok.error();
    auto w = store_->Write([&](store::WriteTx& tx) { return store::settings_repo::Put(tx, *key, *value, now); });
    if (!w) return w.error();
    return Json{{"key", *key}, {"value", *value}};
  }
  return Error{Errc::Internal, "command registered but not implemented"};
}

}  // namespace sip::app
