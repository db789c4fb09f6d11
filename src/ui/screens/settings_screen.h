// sipui/screens/settings_screen.h — Inställningar: the staff member's name, role, unit and the device name,
// "Utseende": text size and theme (applied at once, remembered on the device),
// and "Säkerhetskopia": the whole local database as one passphrase-encrypted file, out and back in.
//
// The form is loaded from `settings.list` when first drawn and saved with one `settings.set` per changed
// field; a rejected value keeps the user's input and shows the Swedish message next to the button.
//
// Säkerhetskopia: the user types a passphrase (masked) twice and "Spara säkerhetskopia" runs the export as a job
// (progress bar with the phase in Swedish, "Avbryt"; app/jobs.h) and downloads the file through
// FileHooks::download. "Återställ från säkerhetskopia…" asks the platform for
// a file (PickKind::Backup, its bytes arrive in OnBackupPicked()), asks for confirmation, and hands file and
// passphrase to FileHooks::restore_backup, which changes nothing unless the file opens and holds a SIP Field
// database. A typed passphrase counts as unsaved input (AppUi::HasUnsavedInput) and is wiped once used.
// Actions are methods so tests can run them without drawing.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ui/screens/passphrase_panel.h"
#include "ui/widgets/progress.h"

namespace sip::ui {

struct UiContext;
struct FileHooks;

struct SettingsScreen {
  struct Field {
    std::string key, label, saved, edit;
    size_t max_length = 0;
    std::string allowed;   // a choice setting's values ("light|dark|high_contrast"), "" for free text
  };
  std::vector<Field> fields;
  bool loaded = false;
  std::string message;      // feedback after "Spara"
  bool message_is_error = false;

  // Säkerhetskopia
  std::string passphrase, passphrase_repeat;   // never logged; wiped after use
  std::vector<uint8_t> picked_backup;          // a picked backup file waiting for the user's confirmation
  std::string backup_message;                  // feedback of the last backup action (Swedish)
  bool backup_message_is_error = false;
  JobView backup_job;                          // an export running as a job (progress bar, "Avbryt")
  bool restore_pending = false;                // "Ja, återställ" pressed: shown one frame, then run by Tick()
  bool restore_shown = false;

  // Skydd → "Byt lösenfras" (shown where FileHooks::change_passphrase is set)
  PassphrasePanel passphrase_change;

  void Draw(const UiContext& ctx, const FileHooks& files);
  void Draw(const UiContext& ctx);   // without the platform's file hooks (the backup buttons disabled)
  // Loads the fields from the handler (valid any time; called by Draw() the first time).
  void Load(const UiContext& ctx);
  // Saves changed fields through the handler; returns true when all were accepted.
  bool Save(const UiContext& ctx);
  bool Dirty() const;

  // True while a passphrase is typed (either field): unsaved input.
  bool HoldsPassphrase() const {
    return !passphrase.empty() || !passphrase_repeat.empty() || passphrase_change.Holds();
  }
  // Starts exporting a backup under the typed passphrase (which must be repeated) as a job; Tick() runs it and
  // downloads the file. Returns true when the job started (the passphrase is then wiped from the fields).
  bool ExportBackup(const UiContext& ctx, const FileHooks& files);
  // Once per frame, whichever screen is shown (AppUi): advances the export job, runs a confirmed restore.
  void Tick(const UiContext& ctx, const FileHooks& files);
  bool Busy() const { return backup_job.Running() || restore_pending || passphrase_change.Pending(); }
  // Asks the platform for a backup file.
  bool PickBackup(const FileHooks& files);
  // The picked file's bytes: kept until the user confirms or cancels.
  bool OnBackupPicked(std::vector<uint8_t> bytes);
  // Restores the picked file with the typed passphrase through FileHooks::restore_backup.
  bool ConfirmRestore(const FileHooks& files);
  void CancelRestore();
  void WipePassphrase();

  // Utseende: text size (100–200 %) and theme, saved at once and applied (theme.h SetAppearance).
  bool SetAppearance(const UiContext& ctx, const std::string& key, const std::string& value);
  std::string Value(const std::string& key) const;   // the saved value of a setting, "" when unset
};

}  // namespace sip::ui
