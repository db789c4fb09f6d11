// sipstore/sqlite.h — RAII over the SQLite C API: Database, Statement, Transaction.
//
// Ownership: a Database owns one connection; a Statement owns one prepared statement and must not outlive
// its Database; a Transaction is a scope — it commits only when Commit() is called and rolls back in its
// destructor otherwise (never throwing there). No exceptions: every call that can fail returns Result<>,
// with SQLite's result codes mapped onto the project's Errc (see ErrcFromSqlite).
//
// Sections: Database · Statement · Transaction · helpers
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

struct sqlite3;
struct sqlite3_stmt;

namespace sip::store {

// Maps a primary or extended SQLite result code onto the project's error enum.
Errc ErrcFromSqlite(int rc);

// ---------------------------------------------------------------------------------------------------------
// Database
// ---------------------------------------------------------------------------------------------------------
struct OpenOptions {
  bool create = true;          // create the file when missing (false: fail with db_open_failed)
  bool read_only = false;
  std::string vfs{};           // a registered SQLite VFS by name (e.g. store/page_log.h); "" = the default
};

class Database {
 public:
  Database() = default;
  ~Database();
  Database(Database&& other) noexcept;
  Database& operator=(Database&& other) noexcept;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Opens `path` (":memory:" for an in-memory database). Sets foreign_keys=ON and a busy timeout.
  static Result<Database> Open(const std::string& path, OpenOptions options = {});

  bool is_open() const { return db_ != nullptr; }
  sqlite3* handle() const { return db_; }
  const std::string& path() const { return path_; }

  // Runs one or more statements without results (DDL, PRAGMAs). Valid when open.
  Result<void> Exec(std::string_view sql);
  // Rows changed by the last statement / since the connection opened.
  int64_t changes() const;
  int64_t total_changes() const;
  // Runs PRAGMA quick_check; ok when SQLite answers "ok".
  // `check_constraints` false: the file's structure only (pages, b-trees, NOT NULL), not the rows' CHECK
  // constraints, which would run json_valid() over every document (Store::Open at start-up).
  Result<void> QuickCheck(bool check_constraints = true);
  // The current PRAGMA user_version / sets it (used by migrations).
  Result<int> UserVersion();
  // SQLite's version string, e.g. "3.40.1".
  static const char* SqliteVersion();

 private:
  explicit Database(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  void Close();
  sqlite3* db_ = nullptr;
  std::string path_;
};

// ---------------------------------------------------------------------------------------------------------
// Statement
// ---------------------------------------------------------------------------------------------------------
class Statement {
 public:
  Statement() = default;
  ~Statement();
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Prepares exactly one statement; trailing SQL is an error.
  static Result<Statement> Prepare(Database& db, std::string_view sql);

  // Binds by 1-based index. Text and blobs are copied (SQLITE_TRANSIENT).
  Statement& Bind(int index, int64_t value);
  Statement& Bind(int index, std::string_view text);
  Statement& BindBlob(int index, const void* data, size_t size);
  Statement& BindNull(int index);

  // Advances: true when a row is available, false when done; errors as Result.
  Result<bool> Step();
  // Steps to completion, expecting no rows (INSERT/UPDATE/DELETE).
  Result<void> Run();
  // Resets for re-execution and clears bindings.
  void Reset();

  // Column accessors; valid after Step() returned true.
  int64_t Int(int col) const;
  std::string Text(int col) const;
  std::vector<uint8_t> Blob(int col) const;
  bool IsNull(int col) const;
  int ColumnCount() const;

 private:
  Statement(sqlite3_stmt* st, sqlite3* db) : st_(st), db_(db) {}
  sqlite3_stmt* st_ = nullptr;
  sqlite3* db_ = nullptr;
  int bind_error_ = 0;   // first failed bind, reported by Step()
};

// ---------------------------------------------------------------------------------------------------------
// Transaction
// ---------------------------------------------------------------------------------------------------------
class Transaction {
 public:
  // BEGIN IMMEDIATE (takes the write lock now, so a commit cannot fail for lock upgrades). Inside a
  // transaction already open on `db`, a savepoint instead: its Commit() releases it into the outer one, and
  // its rollback undoes only what was done since it began (the office stores many bundles in one commit).
  static Result<Transaction> Begin(Database& db);
  ~Transaction();   // rolls back unless committed; never throws
  Transaction(Transaction&& other) noexcept;
  Transaction& operator=(Transaction&&) = delete;
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  // Commits; valid once. After a failed commit the destructor still rolls back.
  Result<void> Commit();

 private:
  Transaction(Database* db, bool nested) : db_(db), nested_(nested) {}
  Database* db_ = nullptr;
  bool nested_ = false;   // a savepoint in an outer transaction
  bool done_ = false;
};

}  // namespace sip::store
