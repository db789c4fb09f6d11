// sipfield platform/web_outbox.h — the outbox's C++ half. web/sipfield-outbox.js sends the bundles that wait
// to the office server this app was loaded from and reports each round here (sipfield_set_outbox); the report
// becomes UiStatus::outbox, which the status bar and Planpaket show. "Skicka nu" (FileHooks::send_outbox)
// asks the JS half for a round now; FileHooks::fetch_profile (first contact) asks it for the office server's
// profile, whose text comes back to the screens through the `on_profile` callback. Nothing here is stored: deliveries are marked in the database by the
// receipt the JS half hands to receipt.import, which checks it against the pinned admin key.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "ui/app_ui.h"

namespace sip::platform::outbox {

// Where reports go (the app's status) and fetched profiles (text, or "" and an error code); called once at
// start-up.
using ProfileFetched = std::function<void(const std::string& text, const std::string& error_code)>;
void Attach(ui::UiStatus* status, std::function<void()> wake, ProfileFetched on_profile);
// FileHooks::send_outbox.
std::function<void()> SendNowHook();
// FileHooks::fetch_profile.
std::function<void()> FetchProfileHook();
// For the frame gate: changes whenever what the status bar or Planpaket shows of the outbox changes.
uint64_t Fingerprint(const ui::OutboxStatus& o);

}  // namespace sip::platform::outbox
