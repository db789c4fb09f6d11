// sipui/app_ui.h — the application window: navigation, the current screen and the status bar.
//
// Each screen is a state struct with Draw(UiContext&); screens change data only by dispatching commands
// through the handler (never by touching the store). The platform layer owns the AppUi, feeds it the
// status it alone knows (save state, storage persistence, network), and calls Draw() once per frame
// between ImGui::NewFrame() and ImGui::Render().
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "app/handler.h"
#include "core/time.h"
#include "ui/file_hooks.h"
#include "ui/screens/bundles_screen.h"
#include "ui/screens/case/workspace.h"
#include "ui/screens/home_screen.h"
#include "ui/screens/meeting/meeting_view.h"
#include "ui/screens/new_case_screen.h"
#include "ui/screens/settings_screen.h"

namespace sip::ui {

// What the platform reports about durability; shown in the status bar at all times.
struct SaveStatus {
  // Full: the disk refused a write; the platform retries it and acknowledges nothing until it is stored.
  enum class State { Idle, Saving, Saved, Error, Full };
  State state = State::Idle;
  UnixMs saved_at = 0;        // valid when state == Saved
  std::string error;          // valid when state == Error (technical, no personal data)
};

// The outbox (web/sipfield-outbox.js): bundles sent to the office server this app was loaded from, as the
// platform reports it after each round. Not stored: the bundles themselves and their delivery are in the
// database (bundle.list); this is only how the last attempts went.
struct OutboxStatus {
  bool active = false;             // a profile is imported and the office answers at this address
  int waiting = 0;                 // bundles not yet delivered
  bool sending = false;            // a round runs now
  UnixMs last_sent_at = 0;         // the last bundle the office confirmed (0: none this session)
  UnixMs next_try_at = 0;          // after a failed round: when the next one starts (0: none planned)
  std::string error_code;          // why the last round failed ("" when it did not)
  std::map<std::string, std::string> refused;   // jti → the office's error code for a bundle it refused
  std::set<std::string> not_at_office;          // waiting bundles the office said it does not hold (its receipt
                                                // list, GET /api/v1/receipts), until one is sent
  std::string enrollment;          // the office's last answer to the enrollment request: "", pending, approved, revoked
};

struct UiStatus {
  SaveStatus save;
  bool db_open = false;
  uint64_t data_generation = 0;      // bumped after every commit: screens reload cached reads when it moves
  std::string db_error_code;         // stable code when the database could not be opened
  std::string damaged_path;          // where an unreadable database was kept aside, "" when none
  int local_utc_offset_min = 0;      // to show local clock times
  int storage_persisted = -1;        // browser's answer to navigator.storage.persist(): -1 unknown, 0 no, 1 yes
  int online = -1;                   // navigator.onLine: -1 unknown, 0 offline, 1 online
  bool update_available = false;     // a new version is installed and waits for the user's go-ahead
  float file_read = -1;              // a picked file being read: the share read so far, 0…1; -1 when none
  OutboxStatus outbox;
};

// Everything a screen may use while drawing.
struct UiContext {
  app::CommandHandler& handler;
  const UiStatus& status;
  UnixMs now;
  const FileHooks* files = nullptr;   // the platform's file handling (file_hooks.h); null in most tests
};

enum class Screen { Home, NewCase, Case, Bundles, Settings, Meeting };

class AppUi {
 public:
  explicit AppUi(app::CommandHandler& handler) : handler_(handler) {}

  // Draws the whole application into the current ImGui frame, filling the main viewport.
  void Draw(const UiStatus& status, UnixMs now);

  Screen current() const { return current_; }
  void Show(Screen s) { current_ = s; }
  // Opens a case in the workspace (Screen::Case).
  void OpenCase(const UiStatus& status, UnixMs now, const std::string& case_id);
  // Opens the meeting view (Screen::Meeting) for a case; its input is the case's draft in the workspace.
  void OpenMeeting(const UiStatus& status, UnixMs now, const std::string& case_id);
  MeetingView& meeting() { return meeting_; }
  SettingsScreen& settings() { return settings_; }
  BundlesScreen& bundles() { return bundles_; }
  HomeScreen& home() { return home_; }
  NewCaseScreen& new_case() { return new_case_; }
  CaseWorkspace& workspace() { return workspace_; }
  bool help_open() const { return help_open_; }

  // Reads the saved text size and theme (settings ui.text_size, ui.theme) and applies them; called once the
  // database is open. The platform rebuilds the font atlas when theme.h FontAtlasChanged() says so.
  void LoadAppearance(const UiStatus& status, UnixMs now);

  // Downloads and file pickers, as the platform offers them (see bundles_screen.h).
  void SetFileHooks(FileHooks hooks) { files_ = std::move(hooks); }
  // A file the user picked after FileHooks::pick: handed to the screen that asked. Returns true when the
  // file was accepted.
  bool OnFilePicked(PickKind kind, const std::string& text, const UiStatus& status, UnixMs now);
  // The office server's profile after FileHooks::fetch_profile: its text, or an error code (then text is "").
  bool OnProfileFetched(const std::string& text, const std::string& error_code, const UiStatus& status, UnixMs now);
  // A binary file the user picked (PickKind::Backup): its bytes. Returns true when the file was accepted.
  bool OnFileBytesPicked(PickKind kind, std::vector<uint8_t> bytes);

  // True while a screen holds input the user has not saved: switching versions now would lose it.
  // A screen with a form adds its own check here (Inställningar: changed fields, or a backup passphrase typed;
  // Ny SIP: anything typed; the case workspace: any case's draft).
  bool HasUnsavedInput() const;
  // True while a long operation runs (a backup export or restore): the platform keeps drawing frames so that
  // it advances, one step per frame, with its progress bar.
  bool Busy() const { return settings_.Busy(); }

  // The user asks to switch to the new version ("Uppdatera" in the status bar, or window.sipfield.update()).
  // Refused while there is unsaved input (the status bar then says "Spara dina ändringar först") or when no
  // new version waits; otherwise the update hook (set by the platform) makes the switch.
  enum class UpdateRequest { Started, UnsavedInput, NoUpdate };
  UpdateRequest RequestUpdate(const UiStatus& status);
  void SetUpdateHook(std::function<void()> hook) { update_hook_ = std::move(hook); }
  // What the platform does for the two offers made when the database was damaged and kept aside: export
  // (download) the damaged file, and start a fresh database. Unset hooks hide the buttons.
  void SetDamageHooks(std::function<void()> export_damaged, std::function<void()> start_fresh) {
    export_damaged_ = std::move(export_damaged);
    start_fresh_ = std::move(start_fresh);
  }
  // The platform could not make the switch after all (e.g. the last save failed): offer it again.
  void UpdateFailed() { update_started_ = false; }
  // The status bar's note about the update, "" when there is none.
  std::string UpdateNote(const UiStatus& status) const;

  // --- Lock (issue 13; the platform owns the keys) ---
  // "Lås" in the navigation and Ctrl+L call the hook; without one, neither is offered.
  void SetLockHook(std::function<void()> hook) { lock_hook_ = std::move(hook); }
  // Where the user is, to come back to after an unlock: {"screen": n, "case": id, "panel": n, "input": {…}}.
  // Without unsaved input it holds ids only; "input" carries what was typed and not saved (ui/unsaved_input.h:
  // Ny SIP, Inställningar, every case's draft, the meeting view's dates and timer), so the platform must seal
  // the note before it leaves the process (web: app/vault.h SealNote). Resume() ignores what it cannot read.
  std::string ResumeNote() const;
  void Resume(const std::string& note, const UiStatus& status, UnixMs now);
  // Inställningar → "Lås appen efter" in minutes (core/lock_policy.h; the default until the settings are read).
  int IdleLockMinutes() const;

 private:
  void DrawStatusBar(const UiContext& ctx, float height);
  void DrawStorageFull();
  void HandleShortcuts(const UiContext& ctx);
  void DrawHelp();
  // The meeting view fills the window (no navigation, little chrome); false when it cannot be shown.
  bool DrawMeeting(const UiContext& ctx, bool help_was_open);
  app::CommandHandler& handler_;
  Screen current_ = Screen::Home;
  bool help_open_ = false;
  HomeScreen home_;
  NewCaseScreen new_case_;
  CaseWorkspace workspace_;
  SettingsScreen settings_;
  BundlesScreen bundles_;
  MeetingView meeting_;
  FileHooks files_;
  std::function<void()> update_hook_;
  std::function<void()> lock_hook_;
  std::function<void()> export_damaged_, start_fresh_;
  void DrawClosedDatabase(const UiStatus& status);
  bool update_refused_ = false;   // the last request met unsaved input
  bool update_started_ = false;
};

// "Online" / "Offline – allt sparas lokalt" ("" while the platform has not said).
std::string NetworkStatusText(int online);
// The outbox in the status bar: "2 planpaket väntar", "Skickat 14:32", "Kontoret svarar inte – försöker igen
// 14:50"; "" when nothing waits and nothing was sent. Offline (`online` 0) only what waits: the network
// status beside it says why.
std::string OutboxStatusText(const OutboxStatus& o, int online, int local_utc_offset_min);

// "Sparat 09:41", "Sparar…", "Fel vid sparande" — the status-bar text for a save status.
std::string SaveStatusText(const SaveStatus& s, int local_utc_offset_min);
// The same for the status bar, where a screen may hold typed input that is not saved yet: then "Osparade
// ändringar i ett formulär" instead of "Inga osparade ändringar" / "Sparat …" (a failure or a full disk still
// says so first).
std::string SaveStatusText(const SaveStatus& s, int local_utc_offset_min, bool unsaved_input);

// A Unix time in local clock time (UTC + the offset): "14:32", and "2026-11-30 14:32".
std::string ClockOf(UnixMs at, int local_utc_offset_min);
std::string LocalDateTimeOf(UnixMs at, int local_utc_offset_min);

}  // namespace sip::ui
