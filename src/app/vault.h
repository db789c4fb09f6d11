// sipapp/vault.h — one staff member's unlocked database: the API the lock screen, the idle lock and the
// browser's storage glue call (issue 13). It joins the key hierarchy (bundle/key_wrap.h) and the sealed page
// log (store/page_cipher.h) and owns every secret of an unlocked session; Lock() (or the destructor) wipes
// them all. No I/O: the platform reads and writes the bytes (web/opfs-worker.js, or store/sealed_file.h).
//
// Life of a session (the browser; the names in quotes are the files web/opfs-worker.js keeps):
//
//   first start   Vault::Create(passphrase)         → vault + NewFiles{key file text, sealed base}: write
//                                                     "sipfield.db-key", then "sipfield.db" (base), empty log
//   adoption      Vault::Create(passphrase, image)  → the same, holding today's plaintext image (then the
//                                                     plaintext files are overwritten and removed)
//   unlock        Vault::Unlock(files, passphrase)  → vault (wrong_passphrase: nothing changed, nothing kept)
//   open          Store::Open(any path, now, vault->options())  — SQLite on the decrypted in-memory image
//   each commit   the vault's PageLog calls `sink` with a sealed record: append it to the log and
//                 acknowledge as today (the vault seals before the sink sees anything)
//   checkpoint    vault->SealCheckpoint() between transactions → extents to write into the base, then the
//                 log emptied (the worker's `checkpoint` op); or, once the image outgrew the base's
//                 manifest, the whole base again (Checkpoint::whole: the worker's `reseal` op)
//   copies        vault->SealCopy(image) for sipfield.db.bak-v<N>, .before-restore-…, .damaged-… copies:
//                 each a sealed file of its own (own file id), readable with OpenCopy()
//   lock          close the Store (and every screen's cached data) FIRST, then vault->Lock(): the database
//                 key, the page key, the device key and the decrypted image are overwritten; the vault can
//                 only be destroyed or unlocked anew from the files
//   passphrase    vault->ChangePassphrase(old, new) → new key file text (write it atomically); the data is
//                 not re-encrypted
//
// Several staff members on one browser profile: one Vault (and one set of files under their own prefix)
// per user; the lock screen lists the users by the name each chose, read from a small plaintext index that
// holds no case data (the lead's part; not here).
//
// Sections: Vault (create, unlock, lock) · storage hooks · keys
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bundle/jwk.h"
#include "bundle/key_wrap.h"
#include "core/result.h"
#include "store/page_cipher.h"
#include "store/page_log.h"
#include "store/sqlite.h"

namespace sip::app {

class Vault {
 public:
  // What a first start (or an adoption) must write: the key file, then the sealed base file.
  struct NewFiles {
    std::string key_file;
    std::vector<uint8_t> base;
  };
  // What the platform read back at start-up.
  struct Files {
    std::string key_file;
    std::vector<uint8_t> base;
    std::vector<uint8_t> log;
  };
  using SealedSink = std::function<void(std::vector<uint8_t> sealed_record, uint64_t seq)>;

  // What Create() starts from; zero (empty) means default.
  struct CreateParams {
    std::vector<uint8_t> image;                        // empty: a fresh database; else the plaintext to adopt
    bundle::KdfParams kdf = bundle::kDefaultKdf;
    std::optional<bundle::Ed25519Seed> device_seed;    // the device's existing signing seed (adoption keeps the
                                                       // key the office knows); none: a new one is generated
    uint32_t min_capacity = 0;                         // blocks the base's manifest has room for at first
                                                       // (store/page_cipher.h; tests make it small)
  };

  // --- create, unlock, lock --------------------------------------------------------------------------------
  // A new database key under `passphrase` (core/passphrase.h rules), the device seed wrapped by it, and a
  // sealed base holding the image. Registers the VFS `vfs_name`. Errors: passphrase_*, invalid_argument,
  // db_full, internal.
  static Result<std::pair<std::unique_ptr<Vault>, NewFiles>> Create(std::string_view passphrase, std::string vfs_name,
                                                                    CreateParams params);
  static Result<std::pair<std::unique_ptr<Vault>, NewFiles>> Create(std::string_view passphrase, std::string vfs_name,
                                                                    std::vector<uint8_t> image = {},
                                                                    bundle::KdfParams kdf = bundle::kDefaultKdf) {
    return Create(passphrase, std::move(vfs_name), CreateParams{std::move(image), kdf, std::nullopt});
  }
  // Unwraps the key and opens the sealed files (store/page_cipher.h). Errors: key_file_damaged,
  // wrong_passphrase, db_page_auth, db_page_mismatch (keep the files aside; nothing was written).
  static Result<std::unique_ptr<Vault>> Unlock(const Files& files, std::string_view passphrase, std::string vfs_name);
  ~Vault();   // Lock()s
  Vault(const Vault&) = delete;
  Vault& operator=(const Vault&) = delete;

  // Wipes every secret and the decrypted image. Errors: db_busy (a connection is still open: close the
  // Store first; the keys are wiped anyway, so nothing more can be sealed or opened).
  Result<void> Lock();
  bool locked() const { return locked_; }

  // --- storage hooks ---------------------------------------------------------------------------------------
  // For Database::Open / Store::Open. Valid while unlocked.
  store::OpenOptions options() const;
  store::PageLog& page_log() { return *log_; }
  // Where sealed records go (e.g. the worker's `append`). Set before the first write.
  void SetSink(SealedSink sink) { sink_ = std::move(sink); }
  // The next checkpoint, sealed (PageLog::TakeCheckpoint + SealedBase::SealCheckpoint). Between transactions.
  Result<store::Checkpoint> SealCheckpoint();
  // A standalone sealed copy of `image` (backups before migrations, copies kept aside).
  Result<std::vector<uint8_t>> SealCopy(const std::vector<uint8_t>& image) const;
  // The plaintext of such a copy. Errors: db_page_auth, db_page_mismatch.
  Result<std::vector<uint8_t>> OpenCopy(const std::vector<uint8_t>& sealed) const;
  // A small sealed note under the page key (e.g. where the user was when the app locked, kept in the tab's
  // session storage until the next unlock): nonce 24 · ciphertext · tag 16, associated data
  // "sipfield-note-v1" · `purpose`. OpenNote errors: db_page_auth (altered, another purpose, another key).
  Result<std::vector<uint8_t>> SealNote(std::string_view purpose, const std::vector<uint8_t>& plain) const;
  Result<std::vector<uint8_t>> OpenNote(std::string_view purpose, const std::vector<uint8_t>& sealed) const;

  // --- keys --------------------------------------------------------------------------------------------------
  // The device signing key, unwrapped by the database key; null when locked.
  const bundle::Ed25519KeyPair* device_key() const { return device_key_ ? &*device_key_ : nullptr; }
  // The key file with the passphrase changed (the same database key). Errors: wrong_passphrase, passphrase_*.
  Result<std::string> ChangePassphrase(std::string_view old_passphrase, std::string_view new_passphrase,
                                       bundle::KdfParams params = bundle::kDefaultKdf);
  // The key file with a recovery stanza to `recipient` ("age1…"). Errors: age_bad_recipient.
  Result<std::string> SetRecoveryRecipient(std::string_view recipient);
  // The recipient the key is wrapped to besides the passphrase ("age1…"), "" when none.
  const std::string& recovery_recipient() const { return key_file_.recovery_recipient; }

 private:
  Vault() = default;
  Result<void> Start(std::string vfs_name, store::OpenedDatabase opened);

  bool locked_ = false;
  bundle::DbKey key_;
  bundle::KeyFile key_file_;
  std::optional<store::PageCipher> cipher_;
  store::SealedBase base_;
  std::unique_ptr<store::PageLog> log_;
  std::optional<bundle::Ed25519KeyPair> device_key_;
  SealedSink sink_;
};

}  // namespace sip::app
