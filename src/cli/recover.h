// cli/recover.h — the office's side of database-key recovery (issue 13; docs/protection-at-rest.md):
//
//   sipfield office recovery-key --out FIL      a new X25519 recovery identity (AGE-SECRET-KEY-1…, file mode
//                                               0600, refuses to overwrite); prints {"recipient":"age1…"} — the
//                                               public half the devices wrap their database key to
//   sipfield office recover --identity FIL --key-file DBKEY
//                                               unwraps a device's database key with the recovery identity and
//                                               wraps it under the new passphrase in SIPFIELD_NEW_PASSPHRASE
//                                               (the passphrase rules apply); DBKEY is replaced atomically, the
//                                               database itself is not touched
//   sipfield key recovery --db F --recipient age1…
//                                               the device's side: adds the recovery stanza to F-key
//                                               (SIPFIELD_PASSPHRASE unlocks it)
//
// Exit codes: 0 done · 1 refused (wrong identity or passphrase, weak new passphrase, no recovery stanza: the
// code is in the JSON line) · 2 usage · 3 a file cannot be read or written.
#pragma once

#include <string>
#include <vector>

#include "cli/cli.h"

namespace sip::cli {

int OfficeRecoveryKey(const std::vector<std::string>& args, Env& env);
int OfficeRecover(const std::vector<std::string>& args, Env& env);
int KeyRecovery(const std::vector<std::string>& args, Env& env);

}  // namespace sip::cli
