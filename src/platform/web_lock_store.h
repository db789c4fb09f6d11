// sipfield platform/web_lock_store.h — what the browser keeps for the lock outside the database (issue 13): small
// bridges to the page's storage, none of which holds personal data in plain form.
//
//   failures ..... wrong passphrases in a row, in localStorage ("sipfield.unlock-failures": a number), so the
//                  back-off (core/lock_policy.h) survives reloads and restarts
//   resume ....... where the user was when the app locked, sealed by the vault (Vault::SealNote) and kept in
//                  the tab's sessionStorage ("sipfield.resume", hex) until the next unlock
//   legacy seed .. the device seed an earlier version kept in IndexedDB under a WebCrypto key
//                  (web/sipfield-device.js): taken once at the first start or adoption, so the office keeps
//                  knowing the device, and deleted once the key file wraps it
//   activity ..... the time of the last input (web/sipfield-pre.js records it), for the idle lock
//   reload ....... after a lock the page reloads: nothing decrypted survives in the heap
//   users ........ the staff members on this profile (ids and the names they chose: web/sipfield-pre.js,
//                  "Device users"); which one this page opened; switching reloads into another's lock screen.
//                  The failures and the resume note above are kept per user
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bundle/jwk.h"
#include "core/time.h"
#include "ui/screens/lock_screen.h"

namespace sip::platform::lock {

// --- failures ----------------------------------------------------------------------------------------------
int Failures();
void SetFailures(int n);
// The time of the last wrong passphrase (for the wait), 0 when none.
UnixMs LastFailureAt();

// --- resume ------------------------------------------------------------------------------------------------
void StoreResume(const std::vector<uint8_t>& sealed);
// Takes (and removes) the sealed note; empty when there is none.
std::vector<uint8_t> TakeResume();

// --- legacy seed -------------------------------------------------------------------------------------------
// The seed an earlier version kept, when web/sipfield-device.js could read it; none otherwise. (Its record is
// deleted once the key file wrapping it is durable: Module.sipfieldSeal's `forgetLegacy`.)
std::optional<bundle::Ed25519Seed> TakeLegacySeed();

// --- activity ----------------------------------------------------------------------------------------------
// The time of the last keyboard, mouse or touch input (the page's start when none).
UnixMs LastActivity();
// Counts now as activity (an unlock).
void NoteActivity();

// --- after the lock ----------------------------------------------------------------------------------------
// Once every write is acknowledged, reloads the page into the lock screen (idle: the screen says why).
void ReloadLocked(bool by_idle);
// True when this page was loaded by such a reload after an idle lock (and forgets it).
bool TakeLockedByIdle();

// --- users -------------------------------------------------------------------------------------------------
// Everyone with a database on this profile (the current user always among them), and who this page opened.
std::vector<ui::DeviceUser> Users(int* current);
// Reloads the page into user `id`'s lock screen (0: a new user's first start), once every write is stored.
void SwitchUser(int id);
// This user's database is open: the next start opens it again; `name` ("" keeps the one there is) is stored
// in the list for the lock screen.
void UserOpened(const std::string& name);

}  // namespace sip::platform::lock
