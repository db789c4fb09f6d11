// sipui/screens/lock_screen.h — what the app shows while the database is locked (issue 13): the first start
// (choose a passphrase), the adoption of an unencrypted database (choose one, then it is encrypted), the
// unlock, and why nothing can be opened. It shows no names and no case data: nothing of the database can be
// read before the passphrase unwraps its key.
//
// The screen only collects and checks input; the platform does the work. Draw() returns a request when the
// user submits; the screen shows "Låser upp …" for one frame first (the key derivation then blocks the
// page for a moment). The platform reports the outcome with Failed() / Succeeded().
//
// Several staff members may share one browser profile, each with their own encrypted database: the screen
// lists them by the name each chose (never by anything in a database) and offers to switch or add one.
//
// Sections: LockMode · DeviceUser · LockRequest · LockScreen
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/time.h"

namespace sip::ui {

// --- LockMode ---------------------------------------------------------------------------------------------
enum class LockMode {
  Create,    // no database yet: choose a passphrase
  Adopt,     // an unencrypted database from an earlier version: choose a passphrase, then it is encrypted
  Unlock,    // an encrypted database: enter the passphrase
  Closed,    // nothing can be opened (the storage is not available, a key file is missing): `message` says why
  Locking,   // the database is closed and the keys wiped; the page is about to reload into Unlock
};

// --- DeviceUser -------------------------------------------------------------------------------------------
struct DeviceUser {
  int id = 1;         // 1 is the profile's first user (the files an earlier version wrote)
  std::string name;   // what they chose to be called on this screen; "" before they chose
};
// The name shown for `u`: their own, or "Användare <id>".
std::string UserLabel(const DeviceUser& u);

// --- LockRequest ------------------------------------------------------------------------------------------
struct LockRequest {
  // SwitchUser: the page reloads into `user`'s lock screen (0: a new user's first start).
  enum class Kind { Create, Unlock, SwitchUser } kind = Kind::Unlock;
  std::string passphrase;   // the caller wipes it (sodium_memzero) after use
  std::string name;         // Create: the name for this screen ("" keeps the one there is)
  int user = 0;             // SwitchUser
};

// --- LockScreen -------------------------------------------------------------------------------------------
struct LockScreen {
  LockMode mode = LockMode::Unlock;
  std::string passphrase, repeat;   // the fields (wiped on submit and by Wipe())
  std::string message;              // the last outcome (Swedish), "" when none
  bool message_is_error = false;
  int failures = 0;                 // wrong passphrases in a row (kept by the platform across reloads)
  UnixMs wait_until = 0;            // no try before this (core/lock_policy.h)
  bool locked_by_idle = false;      // "Appen låstes efter … minuter utan aktivitet."
  std::vector<DeviceUser> users;    // everyone with a database on this profile (the current one included)
  int current_user = 1;
  std::string name;                 // Create: the name field

  // Draws the whole window. Returns the request in the frame after the user submitted (Enter, or the
  // button) and the input passed the checks (the rules for a new passphrase, both fields equal, no wait
  // pending): that frame shows "Låser upp …", and the platform handles the request after rendering it.
  std::optional<LockRequest> Draw(UnixMs now);
  // True while a request is on its way (the frame showing "Låser upp …" must be drawn).
  bool Working() const { return pending_.has_value(); }

  // The platform's answer: a wrong passphrase (code: core/error.h) or another failure.
  void Failed(const std::string& code, int failures_now, UnixMs wait_until_now);
  // Overwrites the fields.
  void Wipe();

 private:
  void Submit(UnixMs now);
  void DrawUsers();
  const DeviceUser* Current() const;
  bool NewUser() const { return mode == LockMode::Create && current_user != 1; }
  std::optional<LockRequest> pending_;
  bool focus_ = true;
};

}  // namespace sip::ui
