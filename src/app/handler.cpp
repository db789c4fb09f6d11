#include "app/handler.h"

#include "app/bundle_commands.h"

#include "bundle/backup.h"
#include "bundle/crypto.h"
#include "bundle/encoding.h"
#include "core/case_commands.h"
#include "core/deadlines.h"
#include "core/need_summary.h"
#include "core/papers/papers.h"
#include "core/rules.h"
#include "core/settings.h"
#include "store/audit.h"
#include "store/backup.h"
#include "store/store.h"

namespace sip::app {

const std::vector<CommandInfo>& CommandHandler::Catalogue() {
  static const std::vector<CommandInfo> kCatalogue = [] {
    std::vector<CommandInfo> v = {
        {"ping", CommandKind::Query, "Liveness check; answers {pong: true}."},
        {"version", CommandKind::Query, "Versions of the app, schema, SQLite and libsodium, and the platform."},
        {"commands.list", CommandKind::Query, "Every command and query with its kind."},
        {"settings.list", CommandKind::Query, "All known settings with their Swedish labels and current values."},
        {"settings.get", CommandKind::Query, "One setting's value (null when unset)."},
        {"settings.set", CommandKind::Command, "Sets one setting (staff.name, staff.title, staff.unit, device.name)."},
        {"case.list", CommandKind::Query, "Every case with its step, plan owner's name, dates and warnings."},
        {"case.get", CommandKind::Query, "One case in full, with warnings and derived facts (child, consent in force)."},
        {"case.plan", CommandKind::Query, "The working plan, every established version, and the latest one."},
        {"case.need_summary", CommandKind::Query, "The need summary without personal data, for a first e-mail."},
        {"case.paper", CommandKind::Query, "One paper as a complete HTML page: min-sip, invitation or consent."},
        {"audit.list", CommandKind::Query, "The audit log, for one case or all, newest `limit` entries in order."},
        {"audit.verify", CommandKind::Query, "Recomputes the audit log's hash chain and names the first broken link."},
        {"backup.export", CommandKind::Query, "The whole database as one passphrase-encrypted .sipbackup file (base64)."},
        {"job.start", CommandKind::Query, "Starts a long operation in steps (op: backup.export) for a progress bar."},
        {"job.step", CommandKind::Query, "Runs a job's next step; answers its phase, progress and, when done, result."},
        {"job.cancel", CommandKind::Query, "Ends a job before its last step; nothing it did is kept."},
    };
    for (const auto& c : CaseCommandCatalogue()) v.push_back({c.name, CommandKind::Command, c.summary});
    for (const auto& c : BundleCommandCatalogue()) v.push_back(c);
    return v;
  }();
  return kCatalogue;
}

namespace {
// The case named by the request's `case_id`: invalid_argument without one, case_not_found when absent.
Result<Case> LoadCase(const store::Store& store, const Json& args) {
  auto id = StringArg(args, "case_id");
  if (!id) return id.error();
  auto c = store::cases_repo::Get(store, *id);
  if (!c) return c.error();
  if (!c->has_value()) return Error{Errc::CaseNotFound, {}};
  return std::move(**c);
}
}  // namespace

namespace {
// Distinct for every store a handler is given, across handlers (see CommandHandler::epoch_).
uint64_t NextEpoch() {
  static uint64_t counter = 0;
  return ++counter;
}
}  // namespace

CommandHandler::CommandHandler(store::Store* store, HandlerConfig config)
    : store_(store), config_(std::move(config)), epoch_(NextEpoch()) {}

void CommandHandler::SetStore(store::Store* store) {
  store_ = store;
  epoch_ = NextEpoch();
}

CivilDate CommandHandler::Today(UnixMs now) const {
  const int offset = config_.utc_offset_min ? config_.utc_offset_min(now) : 0;
  return CivilFromUnixMs(now + int64_t{offset} * 60000);
}

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
  if (IsCaseCommand(r.cmd)) return RunCaseCommand(r, now);
  if (IsBundleCommand(r.cmd)) return RunBundleCommand(r, now);
  if (r.cmd.rfind("job.", 0) == 0) return RunJobCommand(r, now);
  return RunQuery(r, now);
}

Result<Json> CommandHandler::RunCaseCommand(const Request& r, UnixMs now) {
  CommandContext ctx;
  ctx.today = Today(now);
  auto actor = store::settings_repo::Get(*store_, "staff.name");
  if (!actor) return actor.error();
  ctx.actor = actor->value_or("");

  std::optional<Case> current;
  if (r.cmd == "case.create") {
    ctx.new_case_id = "c-" + bundle::HexEncode(bundle::RandomBytes(8));
  } else {
    auto found = LoadCase(*store_, r.args);
    if (!found) return found.error();
    current = std::move(*found);
  }
  auto outcome = ApplyCaseCommand(current ? &*current : nullptr, r, ctx);
  if (!outcome) return outcome.error();
  auto w = store_->Write([&](store::WriteTx& tx) -> Result<void> {
    SIP_TRY(store::cases_repo::Put(tx, outcome->state, now));
    for (const auto& e : outcome->events)
      SIP_TRY(store::audit_repo::Append(tx, {0, FormatIsoUtc(now), ctx.actor, outcome->state.id, e.type, e.data.dump(), {}, {}}));
    return {};
  });
  if (!w) return w.error();
  return outcome->result;
}

Result<Json> CommandHandler::RunQuery(const Request& r, UnixMs now) {
  if (r.cmd == "settings.list") {
    auto all = store::settings_repo::All(*store_);
    if (!all) return all.error();
    Json list = Json::array();
    for (const auto& def : KnownSettings()) {
      auto it = all->find(std::string(def.key));
      Json item{{"key", def.key}, {"label", def.label}, {"max_length", def.max_length},
                {"value", it == all->end() ? Json() : Json(it->second)}};
      if (!def.allowed.empty()) item["allowed"] = def.allowed;
      list.push_back(std::move(item));
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
    auto actor = store::settings_repo::Get(*store_, "staff.name");
    if (!actor) return actor.error();
    auto w = store_->Write([&](store::WriteTx& tx) -> Result<void> {
      SIP_TRY(store::settings_repo::Put(tx, *key, *value, now));
      const std::string who = *key == "staff.name" ? *value : actor->value_or("");
      SIP_TRY(store::audit_repo::Append(tx, {0, FormatIsoUtc(now), who, "", "settings.set", Json{{"key", *key}}.dump(), {}, {}}));
      return {};
    });
    if (!w) return w.error();
    return Json{{"key", *key}, {"value", *value}};
  }
  const CivilDate today = Today(now);
  if (r.cmd == "case.list") {
    // With `since` (a revision from an earlier answer with the same `epoch`): only the cases written after it,
    // so a screen keeps its list current after a save without reading every case again.
    int64_t since = -1;
    if (auto it = r.args.find("since"); it != r.args.end() && !it->is_null()) {
      if (!it->is_number_integer() || it->get<int64_t>() < 0) return Error{Errc::InvalidArgument, "since"};
      since = it->get<int64_t>();
    }
    auto census = store::cases_repo::Count(*store_);
    if (!census) return census.error();
    auto changed = store::cases_repo::ChangedSince(*store_, since);
    if (!changed) return changed.error();
    Json list = Json::array();
    for (const auto& [c, revision] : *changed)
      list.push_back({{"case_id", c.id}, {"step", c.step}, {"owner_name", c.owner.name},
                      {"identity_number", c.owner.identity_number}, {"birth_date", c.owner.birth_date},
                      {"noticed_on", c.noticed_on}, {"created_on", c.created_on}, {"revision", revision},
                      {"warnings", ComputeWarnings(c, today)}});
    return Json{{"cases", std::move(list)}, {"revision", census->revision}, {"count", census->count},
                {"epoch", epoch_}, {"full", since < 0}};
  }
  if (r.cmd == "case.get") {
    auto c = LoadCase(*store_, r.args);
    if (!c) return c.error();
    const Case& k = *c;
    return Json{{"case", k},
                {"warnings", ComputeWarnings(k, today)},
                {"child", IsChild(k, today)},
                {"consent_in_force", CheckConsent(k, today).ok()},
                {"consent_withdrawn", ConsentWithdrawnForGood(k, today)}};
  }
  if (r.cmd == "case.plan") {
    auto c = LoadCase(*store_, r.args);
    if (!c) return c.error();
    const Case& k = *c;
    return Json{{"plan", k.plan},
                {"versions", k.versions},
                {"established", k.versions.empty() ? Json() : Json(k.versions.back())},
                {"complete", CheckPlanComplete(k, today).ok()}};
  }
  if (r.cmd == "case.need_summary") {
    auto c = LoadCase(*store_, r.args);
    if (!c) return c.error();
    return Json{{"text", NeedSummary(*c, today)}};
  }
  if (r.cmd == "case.paper") {
    // The papers (core/papers/papers.h); the same renderer as `sipfield render`.
    auto doc = StringArg(r.args, "doc");
    if (!doc) return doc.error();
    auto kind = ParsePaperKind(*doc);
    if (!kind) return Error{Errc::InvalidArgument, "doc"};
    PaperParams p;
    p.kind = *kind;
    p.printed_on = FormatDate(today);
    if (auto it = r.args.find("version"); it != r.args.end() && !it->is_null()) {
      if (!it->is_number_integer() || it->get<int64_t>() < 1 || it->get<int64_t>() > 1000000)
        return Error{Errc::InvalidArgument, "version"};
      p.version = static_cast<int>(it->get<int64_t>());
    }
    auto c = LoadCase(*store_, r.args);
    if (!c) return c.error();
    auto paper = RenderPaper(*c, p);
    if (!paper) return paper.error();
    return Json{{"doc", *doc}, {"html", std::move(paper->html)}, {"file_name", std::move(paper->file_name)}};
  }
  if (r.cmd == "audit.list") {
    auto case_id = OptionalStringArg(r.args, "case_id");
    if (!case_id) return case_id.error();
    int limit = 0;
    if (auto it = r.args.find("limit"); it != r.args.end()) {
      if (!it->is_number_integer() || it->get<int64_t>() < 0 || it->get<int64_t>() > 100000)
        return Error{Errc::InvalidArgument, "limit"};
      limit = static_cast<int>(it->get<int64_t>());
    }
    auto entries = store::audit_repo::List(*store_, *case_id, limit);
    if (!entries) return entries.error();
    Json list = Json::array();
    for (const auto& e : *entries)
      list.push_back({{"seq", e.seq}, {"at", e.at}, {"actor", e.actor},
                      {"case_id", e.case_id.empty() ? Json() : Json(e.case_id)}, {"action", e.action},
                      {"data", Json::parse(e.data, nullptr, false)}, {"hash", e.hash}});
    return Json{{"entries", std::move(list)}};
  }
  if (r.cmd == "backup.export") {
    // The passphrase is used only here and never echoed, logged or stored.
    auto passphrase = StringArg(r.args, "passphrase");
    if (!passphrase) return passphrase.error();
    auto image = store::ExportDatabase(*store_);
    if (!image) return image.error();
    auto sealed = bundle::SealBackup(*image, *passphrase);
    if (!sealed) return sealed.error();
    return Json{{"file_name", "sipfield-" + FormatDate(today) + ".sipbackup"},
                {"size", sealed->size()},
                {"file", bundle::Base64StdPaddedEncode(*sealed)}};
  }
  if (r.cmd == "audit.verify") {
    auto v = store::audit_repo::Verify(*store_);
    if (!v) return v.error();
    Json out = {{"ok", v->ok}, {"entries", v->entries}};
    if (!v->ok) out.update({{"first_broken_seq", v->first_broken_seq}, {"reason", v->reason}});
    return out;
  }
  return Error{Errc::Internal, "command registered but not implemented"};
}

Result<Json> CommandHandler::RunJobCommand(const Request& r, UnixMs now) {
  if (r.cmd == "job.step" || r.cmd == "job.cancel") {
    auto id = StringArg(r.args, "job_id");
    if (!id) return id.error();
    return r.cmd == "job.step" ? jobs_.Step(*id) : jobs_.Cancel(*id);
  }
  auto op = StringArg(r.args, "op");
  if (!op) return op.error();
  if (*op != "backup.export") return Error{Errc::InvalidArgument, "op"};
  // backup.export in four steps; the passphrase and the plain database bytes are wiped as soon as they are
  // used, and when the job ends or is cancelled.
  auto passphrase = StringArg(r.args, "passphrase");
  if (!passphrase) return passphrase.error();
  if (passphrase->size() < bundle::kBackupMinPassphrase)
    return Error{Errc::BackupWeakPassphrase, "passphrase shorter than 8 bytes"};
  struct State {
    std::string passphrase;
    bundle::Bytes image;
    bundle::BackupKey key;
    bundle::Bytes sealed;
    std::string file;
    ~State() {
      bundle::Wipe(passphrase.data(), passphrase.size());
      bundle::Wipe(image.data(), image.size());
    }
  };
  auto st = std::make_shared<State>();
  st->passphrase = std::move(*passphrase);
  store::Store* store = store_;
  const std::string file_name = "sipfield-" + FormatDate(Today(now)) + ".sipbackup";
  Job job;
  job.op = *op;
  job.state = st;
  job.steps.push_back({"read_database", 1, [st, store]() -> Result<void> {
                         auto image = store::ExportDatabase(*store);
                         if (!image) return image.error();
                         st->image = std::move(*image);
                         return {};
                       }});
  job.steps.push_back({"derive_key", 4, [st]() -> Result<void> {
                         auto key = bundle::DeriveBackupKey(st->passphrase);
                         bundle::Wipe(st->passphrase.data(), st->passphrase.size());
                         st->passphrase.clear();
                         if (!key) return key.error();
                         st->key = std::move(*key);
                         return {};
                       }});
  job.steps.push_back({"encrypt", 2, [st]() -> Result<void> {
                         auto sealed = bundle::SealBackupWithKey(st->image, st->key);
                         bundle::Wipe(st->image.data(), st->image.size());
                         st->image.clear();
                         if (!sealed) return sealed.error();
                         st->sealed = std::move(*sealed);
                         return {};
                       }});
  job.steps.push_back({"encode", 1, [st]() -> Result<void> {
                         st->file = bundle::Base64StdPaddedEncode(st->sealed);
                         return {};
                       }});
  job.result = [st, file_name]() -> Result<Json> {
    return Json{{"file_name", file_name}, {"size", st->sealed.size()}, {"file", std::move(st->file)}};
  };
  return jobs_.Start(std::move(job));
}

std::optional<std::vector<uint8_t>> FileBytes(const Json& result) {
  if (!result.is_object()) return std::nullopt;
  const auto it = result.find("file");
  if (it == result.end() || !it->is_string()) return std::nullopt;
  return bundle::Base64StdPaddedDecode(it->get<std::string>());
}

void WipeSecret(std::string& secret) {
  if (!secret.empty()) bundle::Wipe(secret.data(), secret.size());
  secret.clear();
}

}  // namespace sip::app
