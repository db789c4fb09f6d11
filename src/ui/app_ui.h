// sipui/app_ui.h — the application window: navigation, the current screen and the status bar.
//
// Each screen is a state struct with Draw(UiContext&); screens change data only by dispatching commands
// through the handler (never by touching the store). The platform layer owns the AppUi, feeds it the
// status it alone knows (save state, storage persistence, network), and calls Draw() once per frame
// between ImGui::NewFrame() and ImGui::Render().
#pragma once

#include <cstdint>
#include <string>

#include "app/handler.h"
#include "core/time.h"
#include "ui/screens/home_screen.h"
#include "ui/screens/settings_screen.h"

namespace sip::ui {

// What the platform reports about durability; shown in the status bar at all times.
struct SaveStatus {
  enum class State { Idle, Saving, Saved, Error };
  State state = State::Idle;
  UnixMs saved_at = 0;        // valid when state == Saved
  std::string error;          // valid when state == Error (technical, no personal data)
};

struct UiStatus {
  SaveStatus save;
  bool db_open = false;
  uint64_t data_generation = 0;      // bumped after every commit: screens reload cached reads when it moves
  std::string db_error_code;         // stable code when the database could not be opened
  int local_utc_offset_min = 0;      // to show local clock times
  int storage_persisted = -1;        // browser's answer to navigator.storage.persist(): -1 unknown, 0 no, 1 yes
};

// Everything a screen may use while drawing.
struct UiContext {
  app::CommandHandler& handler;
  const UiStatus& status;
  UnixMs now;
};

enum class Screen { Home, Settings };

class AppUi {
 public:
  explicit AppUi(app::CommandHandler& handler) : handler_(handler) {}

  // Draws the whole application into the current ImGui frame, filling the main viewport.
  void Draw(const UiStatus& status, UnixMs now);

  Screen current() const { return current_; }
  void Show(Screen s) { current_ = s; }

 private:
  void DrawStatusBar(const UiContext& ctx, float height);
  app::CommandHandler& handler_;
  Screen current_ = Screen::Home;
  HomeScreen home_;
  SettingsScreen settings_;
};

// "Sparat 09:41", "Sparar…", "Fel vid sparande" — the status-bar text for a save status.
std::string SaveStatusText(const SaveStatus& s, int local_utc_offset_min);

}  // namespace sip::ui
