#include "store/sqlite.h"

#include <sqlite3.h>

#include <utility>

#include "store/json_valid.h"

namespace sip::store {

Errc ErrcFromSqlite(int rc) {
  switch (rc & 0xff) {
    case SQLITE_OK:
    case SQLITE_ROW:
    case SQLITE_DONE: return Errc::Ok;
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return Errc::DbBusy;
    case SQLITE_CONSTRAINT: return Errc::DbConstraint;
    case SQLITE_FULL: return Errc::DbFull;
    case SQLITE_IOERR: return Errc::DbIo;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB: return Errc::DbCorrupt;
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_READONLY: return Errc::DbOpenFailed;
    default: return Errc::DbError;
  }
}

namespace {
// Technical detail for an error: SQLite's message, which names tables and constraints but never values.
Error SqlError(sqlite3* db, int rc) {
  std::string detail = sqlite3_errstr(rc);
  if (db) detail = sqlite3_errmsg(db);
  return Error{ErrcFromSqlite(rc), std::move(detail)};
}
}  // namespace

// --- Database ----------------------------------------------------------------------------------------------

Database::~Database() { Close(); }

Database::Database(Database&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), path_(std::move(other.path_)) {}

Database& Database::operator=(Database&& other) noexcept {
  if (this != &other) {
    Close();
    db_ = std::exchange(other.db_, nullptr);
    path_ = std::move(other.path_);
  }
  return *this;
}

void Database::Close() {
  if (db_) {
    sqlite3_close_v2(db_);
    db_ = nullptr;
  }
}

Result<Database> Database::Open(const std::string& path, OpenOptions options) {
  int flags = options.read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
  if (options.create && !options.read_only) flags |= SQLITE_OPEN_CREATE;
  flags |= SQLITE_OPEN_EXRESCODE;
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, options.vfs.empty() ? nullptr : options.vfs.c_str());
  if (rc != SQLITE_OK) {
    Error e{ErrcFromSqlite(rc) == Errc::DbCorrupt ? Errc::DbCorrupt : Errc::DbOpenFailed,
            raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)};
    sqlite3_close_v2(raw);
    return e;
  }
  Database db(raw, path);
  sqlite3_busy_timeout(raw, 2000);
  rc = RegisterJsonValid(raw);   // the schema's CHECK constraints call it (json_valid.h)
  if (rc != SQLITE_OK) return SqlError(raw, rc);
  if (auto r = db.Exec("PRAGMA foreign_keys=ON;"); !r) return r.error();
  return db;
}

Result<void> Database::Exec(std::string_view sql) {
  std::string s(sql);
  char* msg = nullptr;
  int rc = sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &msg);
  if (rc != SQLITE_OK) {
    Error e{ErrcFromSqlite(rc), msg ? msg : sqlite3_errstr(rc)};
    sqlite3_free(msg);
    return e;
  }
  return {};
}

int64_t Database::changes() const { return sqlite3_changes64(db_); }
int64_t Database::total_changes() const { return sqlite3_total_changes64(db_); }
const char* Database::SqliteVersion() { return sqlite3_libversion(); }

Result<void> Database::QuickCheck(bool check_constraints) {
  // SQLite's quick_check skips CHECK constraints while ignore_check_constraints is on (pragma.c); it is on only
  // for this check.
  if (!check_constraints)
    if (auto r = Exec("PRAGMA ignore_check_constraints=ON;"); !r) return r.error();
  Result<void> out;
  {
    auto st = Statement::Prepare(*this, "PRAGMA quick_check;");
    if (!st) {
      out = Error{Errc::DbCorrupt, st.error().detail};
    } else if (auto row = st->Step(); !row) {
      out = Error{Errc::DbCorrupt, row.error().detail};
    } else if (!*row || st->Text(0) != "ok") {
      out = Error{Errc::DbCorrupt, "quick_check failed"};
    }
  }
  if (!check_constraints)
    if (auto r = Exec("PRAGMA ignore_check_constraints=OFF;"); !r && out) return r.error();
  return out;
}

Result<int> Database::UserVersion() {
  auto st = Statement::Prepare(*this, "PRAGMA user_version;");
  if (!st) return st.error();
  auto row = st->Step();
  if (!row) return row.error();
  return static_cast<int>(st->Int(0));
}

// --- Statement ---------------------------------------------------------------------------------------------

Statement::~Statement() {
  if (st_) sqlite3_finalize(st_);
}

Statement::Statement(Statement&& other) noexcept
    : st_(std::exchange(other.st_, nullptr)), db_(other.db_), bind_error_(other.bind_error_) {}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    if (st_) sqlite3_finalize(st_);
    st_ = std::exchange(other.st_, nullptr);
    db_ = other.db_;
    bind_error_ = other.bind_error_;
  }
  return *this;
}

Result<Statement> Statement::Prepare(Database& db, std::string_view sql) {
  sqlite3_stmt* st = nullptr;
  const char* tail = nullptr;
  int rc = sqlite3_prepare_v2(db.handle(), sql.data(), static_cast<int>(sql.size()), &st, &tail);
  if (rc != SQLITE_OK) return SqlError(db.handle(), rc);
  if (!st) return Error{Errc::Internal, "empty statement"};
  Statement s(st, db.handle());
  for (; tail && tail < sql.data() + sql.size(); ++tail)
    if (*tail != ' ' && *tail != '\n' && *tail != '\t' && *tail != '\r' && *tail != ';')
      return Error{Errc::Internal, "more than one statement"};
  return s;
}

Statement& Statement::Bind(int index, int64_t value) {
  int rc = sqlite3_bind_int64(st_, index, value);
  if (rc != SQLITE_OK && !bind_error_) bind_error_ = rc;
  return *this;
}

Statement& Statement::Bind(int index, std::string_view text) {
  int rc = sqlite3_bind_text64(st_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  if (rc != SQLITE_OK && !bind_error_) bind_error_ = rc;
  return *this;
}

Statement& Statement::BindBlob(int index, const void* data, size_t size) {
  int rc = sqlite3_bind_blob64(st_, index, data ? data : "", size, SQLITE_TRANSIENT);
  if (rc != SQLITE_OK && !bind_error_) bind_error_ = rc;
  return *this;
}

Statement& Statement::BindNull(int index) {
  int rc = sqlite3_bind_null(st_, index);
  if (rc != SQLITE_OK && !bind_error_) bind_error_ = rc;
  return *this;
}

Result<bool> Statement::Step() {
  if (bind_error_) return Error{ErrcFromSqlite(bind_error_), "bind failed"};
  int rc = sqlite3_step(st_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return SqlError(db_, rc);
}

Result<void> Statement::Run() {
  for (;;) {
    auto r = Step();
    if (!r) return r.error();
    if (!*r) return {};
  }
}

void Statement::Reset() {
  sqlite3_reset(st_);
  sqlite3_clear_bindings(st_);
  bind_error_ = 0;
}

int64_t Statement::Int(int col) const { return sqlite3_column_int64(st_, col); }
bool Statement::IsNull(int col) const { return sqlite3_column_type(st_, col) == SQLITE_NULL; }
int Statement::ColumnCount() const { return sqlite3_column_count(st_); }

std::string Statement::Text(int col) const {
  const unsigned char* p = sqlite3_column_text(st_, col);
  int n = sqlite3_column_bytes(st_, col);
  return p ? std::string(reinterpret_cast<const char*>(p), static_cast<size_t>(n)) : std::string();
}

std::vector<uint8_t> Statement::Blob(int col) const {
  const auto* p = static_cast<const uint8_t*>(sqlite3_column_blob(st_, col));
  int n = sqlite3_column_bytes(st_, col);
  return p ? std::vector<uint8_t>(p, p + n) : std::vector<uint8_t>();
}

// --- Transaction -------------------------------------------------------------------------------------------

Result<Transaction> Transaction::Begin(Database& db) {
  const bool nested = sqlite3_get_autocommit(db.handle()) == 0;
  if (auto r = db.Exec(nested ? "SAVEPOINT nested;" : "BEGIN IMMEDIATE;"); !r) return r.error();
  return Transaction(&db, nested);
}

Transaction::Transaction(Transaction&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), nested_(other.nested_), done_(std::exchange(other.done_, true)) {}

Transaction::~Transaction() {
  if (db_ && !done_) {
    // Never throws; a failed rollback leaves SQLite to roll back when the connection closes.
    sqlite3_exec(db_->handle(), nested_ ? "ROLLBACK TO nested; RELEASE nested;" : "ROLLBACK;", nullptr, nullptr,
                 nullptr);
  }
}

Result<void> Transaction::Commit() {
  if (!db_ || done_) return Error{Errc::Internal, "transaction already finished"};
  auto r = db_->Exec(nested_ ? "RELEASE nested;" : "COMMIT;");
  if (r) done_ = true;
  return r;
}

}  // namespace sip::store
