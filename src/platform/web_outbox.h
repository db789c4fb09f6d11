// sipfield platform/web_outbox.h — the outbox's C++ half. web/sipfield-outbox.js sends the bundles that wait
// to the office server this app was loaded from and reports each round here (sipfield_set_outbox); the report
// becomes UiStatus::outbox, which the status bar and Planpaket show. "Skicka nu" (FileHooks::send_outbox)
// asks the JS half for a round now. Nothing here is stored: deliveries are marked in the database by the
// receipt the JS half hands to receipt.import, which checks it against the pinned admin key.
#pragma once

#include <cstdint>
#include <functional>

#include "ui/app_ui.h"

namespace sip::platform::outbox {

// Where reports go (the app's status); called once at start-up.
void Attach(ui::UiStatus* status, std::function<void()> wake);
// FileHooks::send_outbox.
std::function<void()> SendNowHook();
// For the frame gate: changes whenever what the status bar or Planpaket shows of the outbox changes.
uint64_t Fingerprint(const ui::OutboxStatus& o);

}  // namespace sip::platform::outbox
