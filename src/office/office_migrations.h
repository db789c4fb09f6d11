// sipoffice/office_migrations.h — the office database's own numbered migrations.
//
// src/office/migrations/NNNN_name.sql, embedded at build time by src/store/embed_migrations.cmake (with
// FUNCTION=OfficeMigrations) and applied by store/migrations.h Migrate(db, now, OfficeMigrations()): the same
// rules as the device database (never edited once shipped; a newer or foreign database is refused untouched).
// Every shipped schema is frozen under tests/office/schemas/.
#pragma once

#include <vector>

#include "store/migrations.h"

namespace sip::office {

// The embedded list, sorted by version (generated file).
const std::vector<::sip::store::Migration>& OfficeMigrations();

// The office schema version this code writes.
inline int OfficeSchemaVersion() { return static_cast<int>(OfficeMigrations().size()); }

}  // namespace sip::office
