// sipui/screens/passphrase_panel.cpp — see passphrase_panel.h.
#include "ui/screens/passphrase_panel.h"

#include <imgui.h>

#include "app/handler.h"
#include "core/error.h"
#include "core/passphrase.h"
#include "ui/widgets/form.h"

namespace sip::ui {

void PassphrasePanel::Wipe() {
  app::WipeSecret(current);
  app::WipeSecret(next);
  app::WipeSecret(repeat);
}

bool PassphrasePanel::Submit() {
  if (pending_) return false;
  message_is_error = true;
  if (current.empty()) {
    message = "Skriv din nuvarande lösenfras.";
    return false;
  }
  if (auto ok = CheckNewPassphrase(next); !ok) {
    message = std::string(ErrorMessage(ok.error().code));
    return false;
  }
  if (next != repeat) {
    message = "Den nya lösenfrasen är inte likadan båda gångerna.";
    return false;
  }
  pending_current_ = current;
  pending_next_ = next;
  Wipe();
  pending_ = true;
  shown_ = false;
  message.clear();
  return true;
}

void PassphrasePanel::Run(const ChangePassphraseHook& change) {
  const std::string code = change ? change(pending_current_, pending_next_) : std::string(ErrorCode(Errc::NotReady));
  app::WipeSecret(pending_current_);
  app::WipeSecret(pending_next_);
  pending_ = false;
  message_is_error = !code.empty();
  if (code.empty()) {
    message = "Lösenfrasen är bytt. Använd den nya nästa gång du låser upp.";
  } else {
    const auto errc = ErrcFromCode(code);
    message = errc ? std::string(ErrorMessage(*errc)) : "Lösenfrasen kunde inte bytas. Felkod: " + code;
  }
}

void PassphrasePanel::Draw(const ChangePassphraseHook& change) {
  if (pending_) {
    if (shown_) {
      Run(change);
    } else {
      shown_ = true;
      ImGui::TextUnformatted("Byter lösenfras …");
      return;
    }
  }
  TextField("Nuvarande lösenfras", current, {.password = true});
  TextField("Ny lösenfras", next,
            {.help = "Minst 12 tecken eller fyra ord. Databasen krypteras inte om; bara nyckeln låses med den nya.",
             .password = true});
  TextField("Upprepa den nya lösenfrasen", repeat, {.password = true});
  if (Button("Byt lösenfras", Holds())) Submit();
  Feedback(message, message_is_error);
}

}  // namespace sip::ui
