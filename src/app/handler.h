// sipapp/handler.h — the command handler: the one door through which every face of SIP Field changes or
// reads data. The ImGui screens, window.sipfield.dispatch() in the browser and `sipfield apply` on the
// command line all call Dispatch() with the JSON envelope of core/command.h.
//
// A handler may exist without a store (the database failed to open): then every command that needs data
// answers not_ready, while ping/version still work so the UI and tests can explain what happened.
//
// Catalogue of commands and queries: docs/commands.md (a test checks that every registered name is there).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/jobs.h"
#include "core/command.h"
#include "core/time.h"

namespace sip::store {
class Store;
}
namespace sip::bundle {
struct Ed25519KeyPair;
}

namespace sip::app {

struct HandlerConfig {
  std::function<UnixMs()> clock;               // required: "now" for every command
  std::string platform;                        // "web" or "native", reported by `version`
  std::function<int(UnixMs)> utc_offset_min;   // local time = UTC + this (minutes); null means UTC
  // The device's signing key (docs/bundle-format.md), or null/returning null when this platform has none:
  // then bundle.export and device.enrollment_request answer device_key_missing. The key must outlive the
  // handler.
  std::function<const bundle::Ed25519KeyPair*()> device_key = {};
  // Called after profile.import stored a profile that carries the office's recovery recipient ("age1…"): the
  // platform wraps the database key to it too (app/vault.h SetRecoveryRecipient). Null: nothing is done.
  std::function<void(const std::string& recipient)> recovery_recipient = {};
};

enum class CommandKind { Query, Command };

struct CommandInfo {
  std::string_view name;
  CommandKind kind;
  std::string_view summary;   // one line in English, mirrored in docs/commands.md
};

class CommandHandler {
 public:
  // `store` may be null (see above) and must outlive the handler.
  CommandHandler(store::Store* store, HandlerConfig config);

  // Executes one request object; always returns a response object (never throws).
  Json Dispatch(const Json& request);
  // Parses `text` strictly (core/command.h limits) and dispatches it.
  Json DispatchText(std::string_view text);

  // Every command and query the handler knows, in catalogue order.
  static const std::vector<CommandInfo>& Catalogue();

  // Replaces the store (a restore, a fresh start); answers from before (case.list `since`) no longer apply.
  void SetStore(store::Store* store);
  store::Store* store() const { return store_; }

 private:
  Result<Json> Run(const Request& r);
  Result<Json> RunCaseCommand(const Request& r, UnixMs now);
  Result<Json> RunQuery(const Request& r, UnixMs now);
  // job.start / job.step / job.cancel (app/jobs.h).
  Result<Json> RunJobCommand(const Request& r, UnixMs now);
  // Device keys, the office profile, bundle export and receipts (src/app/bundle_commands.cpp).
  Result<Json> RunBundleCommand(const Request& r, UnixMs now);
  const bundle::Ed25519KeyPair* DeviceKey() const;
  CivilDate Today(UnixMs now) const;
  store::Store* store_;
  HandlerConfig config_;
  JobTable jobs_;
  uint64_t epoch_;   // case.list `epoch`: changes whenever the store does, so revisions are never compared across
                     // databases
};

// --- For in-process callers (the screens), so that they need nothing below the handler -------------------
// The bytes of a result's `file` member (standard base64 with padding: backup.export, bundle.export,
// bundle.file …); nullopt when it is missing or not canonical padded base64.
std::optional<std::vector<uint8_t>> FileBytes(const Json& result);
// Overwrites a secret the user typed (a passphrase) before it is freed, and empties it.
void WipeSecret(std::string& secret);

}  // namespace sip::app
