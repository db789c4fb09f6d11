// sipstore/backup.h — the whole local database as bytes, out and back in (for encrypted backups: the
// encryption is bundle/backup.h; this file knows only SQLite).
//
// Export is sqlite3_serialize() of "main": one consistent image of the file, independent of where it lives
// (a file natively, MEMFS/IDBFS in the browser). Restore never trusts the image: it is deserialized into a
// private in-memory connection, must start with SQLite's header, pass PRAGMA quick_check, and migrate
// (store/migrations.h) exactly as Store::Open would — so a damaged, foreign or too-new image is refused with
// the same codes Open uses — and only then is it written next to the target and renamed over it.
//
// Sections: ExportDatabase · ValidateDatabaseImage · RestoreDatabaseFile
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/time.h"
#include "store/migrations.h"

namespace sip::store {

class Store;
using ImageBytes = std::vector<uint8_t>;

// The database image of `store` (its "main" schema). Errors: db_error (SQLite could not serialize).
Result<ImageBytes> ExportDatabase(const Store& store);

// Checks an image without touching any file: the SQLite header, quick_check, then the migrations on a
// private copy. Returns the schema state that opening it would give. `now` only labels the copy's history.
// Errors: db_corrupt (not an SQLite image, or quick_check fails), db_migration_history (not SIP Field's, or
// an unknown history), db_too_new (written by a newer, incompatible version), db_error.
Result<SchemaState> ValidateDatabaseImage(const ImageBytes& image, UnixMs now);

// Validates `image` (above) and then replaces the database file at `path` with it: writes
// path + ".restore-tmp", syncs it, removes a stale rollback journal (path + "-journal", "-wal", "-shm") and
// renames the temporary file over `path` (atomic on POSIX and in Emscripten's MEMFS/IDBFS). The image is
// written as it is; Store::Open migrates it when it is older than the code. No connection to `path` may be
// open meanwhile (close the Store first). On any error before the rename `path` is untouched.
// Returns the image's schema state (version_before: the version it was written with).
// Errors: those of ValidateDatabaseImage, db_io (the temporary file could not be written or renamed).
Result<SchemaState> RestoreDatabaseFile(const std::string& path, const ImageBytes& image, UnixMs now);

}  // namespace sip::store
