#include "store/backup.h"

#include <sqlite3.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>

#include "store/sqlite.h"
#include "store/store.h"

namespace sip::store {

Result<ImageBytes> ExportDatabase(const Store& store) {
  sqlite3_int64 size = 0;
  unsigned char* data = sqlite3_serialize(store.db().handle(), "main", &size, 0);
  if (!data) return Error{Errc::DbError, "sqlite3_serialize failed"};
  ImageBytes out(data, data + size);
  sqlite3_free(data);
  return out;
}

Result<SchemaState> ValidateDatabaseImage(const ImageBytes& image, UnixMs now) {
  static constexpr char kSqliteHeader[] = "SQLite format 3";   // 16 bytes with the NUL
  if (image.size() < 512 || std::memcmp(image.data(), kSqliteHeader, sizeof kSqliteHeader) != 0)
    return Error{Errc::DbCorrupt, "not an SQLite database image"};
  auto db = Database::Open(":memory:");
  if (!db) return db.error();
  auto* copy = static_cast<unsigned char*>(sqlite3_malloc64(image.size()));
  if (!copy) return Error{Errc::DbError, "out of memory"};
  std::memcpy(copy, image.data(), image.size());
  const auto n = static_cast<sqlite3_int64>(image.size());
  // FREEONCLOSE: SQLite owns `copy` from here on, also when deserialize fails.
  const int rc = sqlite3_deserialize(db->handle(), "main", copy, n, n,
                                     SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE);
  if (rc != SQLITE_OK) return Error{ErrcFromSqlite(rc) == Errc::DbCorrupt ? Errc::DbCorrupt : Errc::DbError,
                                    sqlite3_errstr(rc)};
  if (auto check = db->QuickCheck(); !check) {
    // Whatever quick_check could not read is damage in the image.
    return Error{Errc::DbCorrupt, check.error().detail};
  }
  return Migrate(*db, FormatIsoUtc(now));
}

Result<SchemaState> RestoreDatabaseFile(const std::string& path, const ImageBytes& image, UnixMs now) {
  auto state = ValidateDatabaseImage(image, now);
  if (!state) return state.error();
  const std::string tmp = path + ".restore-tmp";
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (!f) return Error{Errc::DbIo, "cannot create the temporary restore file"};
  bool ok = std::fwrite(image.data(), 1, image.size(), f) == image.size();
  ok = std::fflush(f) == 0 && ok;
  ok = ::fsync(fileno(f)) == 0 && ok;
  ok = std::fclose(f) == 0 && ok;
  if (!ok) {
    std::remove(tmp.c_str());
    return Error{Errc::DbIo, "cannot write the temporary restore file"};
  }
  // A journal left by the old file would be "rolled back" onto the new one: it goes first.
  for (const char* suffix : {"-journal", "-wal", "-shm"}) std::remove((path + suffix).c_str());
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    return Error{Errc::DbIo, "cannot rename the restored file into place"};
  }
  return *state;
}

}  // namespace sip::store
