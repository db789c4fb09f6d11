// sipui/screens/settings_screen.h — Inställningar: the staff member's name, role, unit and the device name.
//
// The form is loaded from `settings.list` when first drawn and saved with one `settings.set` per changed
// field; a rejected value keeps the user's input and shows the Swedish message next to the button.
#pragma once

#include <string>
#include <vector>

namespace sip::ui {

struct UiContext;

struct SettingsScreen {
  struct Field {
    std::string key, label, saved, edit;
    size_t max_length = 0;
  };
  std::vector<Field> fields;
  bool loaded = false;
  std::string message;      // feedback after "Spara"
  bool message_is_error = false;

  void Draw(const UiContext& ctx);
  // Loads the fields from the handler (valid any time; called by Draw() the first time).
  void Load(const UiContext& ctx);
  // Saves changed fields through the handler; returns true when all were accepted.
  bool Save(const UiContext& ctx);
  bool Dirty() const;
};

}  // namespace sip::ui
