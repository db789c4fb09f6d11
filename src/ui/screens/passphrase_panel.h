// sipui/screens/passphrase_panel.h — Inställningar → Skydd → "Byt lösenfras" (issue 13): the current passphrase,
// the new one typed twice. The platform re-wraps the database key under the new passphrase (Vault::
// ChangePassphrase); the data is not re-encrypted. The panel only checks and collects: the new passphrase must
// meet the rules (core/passphrase.h) and be typed the same twice; the change runs one frame after the click,
// so "Byter lösenfras …" is on screen while Argon2id blocks the page. Every field is wiped at the click.
//
// Sections: ChangePassphraseHook · PassphrasePanel
#pragma once

#include <functional>
#include <string>

namespace sip::ui {

// --- ChangePassphraseHook ---------------------------------------------------------------------------------
// Returns "" when the new passphrase is in force (its key file on its way to storage), otherwise an error code (core/error.h:
// wrong_passphrase, passphrase_*, not_ready …), and then nothing was changed.
using ChangePassphraseHook = std::function<std::string(const std::string& current, const std::string& next)>;

// --- PassphrasePanel --------------------------------------------------------------------------------------
struct PassphrasePanel {
  std::string current, next, repeat;   // the fields (wiped at the click and by Wipe())
  std::string message;                 // the last outcome (Swedish), "" when none
  bool message_is_error = false;

  // Draws the fields and "Byt lösenfras"; a change submitted in an earlier frame runs through `change` now.
  void Draw(const ChangePassphraseHook& change);
  // The checks of the click: true when the change is pending (the fields are then wiped).
  bool Submit();
  bool Pending() const { return pending_; }
  // True while anything is typed (unsaved input).
  bool Holds() const { return !current.empty() || !next.empty() || !repeat.empty(); }
  void Wipe();

 private:
  void Run(const ChangePassphraseHook& change);
  bool pending_ = false;
  bool shown_ = false;                  // the frame saying "Byter lösenfras …" has been drawn
  std::string pending_current_, pending_next_;
};

}  // namespace sip::ui
