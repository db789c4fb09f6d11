// cli/device_key.h — a device signing key for the command line: what the browser keeps wrapped by a
// non-extractable WebCrypto key, the CLI keeps in a file sealed with a passphrase (the backup format of
// bundle/backup.h around the 32-byte Ed25519 seed; the passphrase comes from SIPFIELD_PASSPHRASE).
//
//   sipfield device init --key FILE          creates FILE (refuses to overwrite); prints {kid}
//   sipfield apply --db DB --device-key FILE  the handler signs bundles and enrollment requests with it
#pragma once

#include <string>

#include "bundle/jwk.h"
#include "core/result.h"

namespace sip::cli {

// Creates a fresh key and writes it sealed to `path` (atomically; invalid_argument if the file exists).
// Valid after InitCrypto(). Returns the key.
Result<bundle::Ed25519KeyPair> CreateDeviceKeyFile(const std::string& path, std::string_view passphrase);
// Reads and opens a key file. Errors: db_io (unreadable), backup_* (wrong passphrase, damaged),
// invalid_argument (not a 32-byte seed inside).
Result<bundle::Ed25519KeyPair> LoadDeviceKeyFile(const std::string& path, std::string_view passphrase);

}  // namespace sip::cli
