// cli/local_db.h — the CLI's local database, plaintext or encrypted (issue 13): `sipfield apply`, `render`,
// `audit verify` and `backup export` open it through here.
//
//   <db>-key exists           encrypted (store/sealed_file.h); the passphrase comes from SIPFIELD_PASSPHRASE
//                             and unwraps the database key (bundle/key_wrap.h). A plaintext <db> next to a key
//                             file is an adoption a crash interrupted: it is finished first.
//   no key file, encrypt      a new key is created under SIPFIELD_PASSPHRASE (the passphrase rules apply); a
//                             missing database starts encrypted, an existing plaintext one is adopted
//                             (encrypted in place, crash-safe) and its plaintext overwritten
//   no key file               plaintext, as before
//
// Exit codes the callers use: 2 when SIPFIELD_PASSPHRASE is needed but missing, 3 when the database or the key
// cannot be opened (wrong_passphrase, key_file_damaged, db_page_auth, db_page_mismatch, …; the Swedish message
// and the code go to stderr).
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "cli/cli.h"
#include "store/sealed_file.h"
#include "store/store.h"

namespace sip::cli {

struct LocalDb {
  std::unique_ptr<store::SealedFile> sealed;   // declared first: outlives the store's connection
  std::optional<store::Store> store;
  // Folds an encrypted database's log into its base file when it has grown (a no-op for plaintext).
  void CheckpointIfDue();
  ~LocalDb();   // closes the store, then checkpoints an encrypted database (best effort; never throws)
  LocalDb() = default;
  LocalDb(LocalDb&&) = default;
  LocalDb& operator=(LocalDb&&) = default;
};

// The key file's path for a database path.
inline std::string KeyFilePath(const std::string& db_path) { return db_path + "-key"; }

// Opens (creating when `create`) the database at `path` as described above. On failure prints the reason to
// env.err, sets `exit_code` (2 or 3) and returns nullptr.
std::unique_ptr<LocalDb> OpenLocalDb(const std::string& path, Env& env, bool create, bool encrypt, int& exit_code);

}  // namespace sip::cli
