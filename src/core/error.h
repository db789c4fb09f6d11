// sipcore/error.h — the one error enum of SIP Field.
//
// Every failure the user or a script can meet has a stable code (a snake_case string that never changes
// once shipped) and a Swedish message for the UI. Tests check codes, never message text. The table below is
// the single source: add a row to add an error; never renumber or rename a shipped code.
//
// Sections:
//   Errc ............ the enum, generated from SIP_ERROR_TABLE
//   ErrorCode() ..... stable code string ("invalid_json")
//   ErrorMessage() .. Swedish text for the UI
//   Error ........... a code plus an optional detail (never personal data: details end up in logs)
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sip {

// X(Enum, "stable_code", "Svenskt meddelande")
#define SIP_ERROR_TABLE(X)                                                                                    \
  X(Ok, "ok", "Klart.")                                                                                      \
  /* Requests and commands */                                                                                \
  X(InvalidJson, "invalid_json", "Begäran är inte giltig JSON.")                                             \
  X(InvalidRequest, "invalid_request", "Begäran saknar fält eller har fel format.")                         \
  X(UnknownCommand, "unknown_command", "Okänt kommando.")                                                    \
  X(InvalidArgument, "invalid_argument", "Ett värde i kommandot är ogiltigt.")                              \
  X(NotFound, "not_found", "Posten finns inte.")                                                             \
  /* Settings */                                                                                             \
  X(UnknownSetting, "unknown_setting", "Inställningen finns inte.")                                          \
  X(SettingTooLong, "setting_too_long", "Värdet är för långt.")                                              \
  /* Store */                                                                                                \
  X(DbOpenFailed, "db_open_failed", "Databasen kunde inte öppnas.")                                          \
  X(DbCorrupt, "db_corrupt", "Databasen är skadad och har lagts åt sidan.")                                  \
  X(DbTooNew, "db_too_new", "Databasen är skapad av en nyare version av SIP Field. Uppdatera appen.")        \
  X(DbMigrationHistory, "db_migration_history", "Databasens migreringshistorik är okänd för den här versionen.") \
  X(DbBusy, "db_busy", "Databasen är upptagen. Försök igen.")                                                \
  X(DbConstraint, "db_constraint", "Ändringen bryter mot en regel i databasen.")                            \
  X(DbFull, "db_full", "Lagringsutrymmet är fullt.")                                                         \
  X(DbIo, "db_io", "Läs- eller skrivfel i lagringen.")                                                       \
  X(DbError, "db_error", "Databasfel.")                                                                      \
  X(NotReady, "not_ready", "Databasen är inte öppen ännu.")                                                  \
  /* Internal */                                                                                             \
  X(Internal, "internal", "Ett internt fel inträffade.")

enum class Errc {
#define SIP_X(name, code, msg) name,
  SIP_ERROR_TABLE(SIP_X)
#undef SIP_X
};

// Stable machine code, e.g. "invalid_json". Valid for every Errc.
std::string_view ErrorCode(Errc e);
// Swedish message for the UI. Valid for every Errc.
std::string_view ErrorMessage(Errc e);
// Inverse of ErrorCode(); nullopt for an unknown string.
std::optional<Errc> ErrcFromCode(std::string_view code);
// Number of rows in the table (for tests that walk it).
int ErrorCount();

// A failure: the code plus an optional technical detail in English. The detail must never carry personal
// data (names, identity numbers, free text typed by the user): it may be logged.
struct Error {
  Errc code = Errc::Internal;
  std::string detail;
};

}  // namespace sip
