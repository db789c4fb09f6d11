#include <doctest/doctest.h>

#include "store/sqlite.h"
#include "store/test_util.h"

using namespace sip;
using namespace sip::store;

static Database Mem() {
  auto db = Database::Open(":memory:");
  REQUIRE(db.ok());
  return std::move(*db);
}

TEST_CASE("statements bind, step and read every column type") {
  Database db = Mem();
  REQUIRE(db.Exec("CREATE TABLE t(i INTEGER, s TEXT, b BLOB, n TEXT);").ok());
  auto ins = Statement::Prepare(db, "INSERT INTO t VALUES(?1, ?2, ?3, ?4);");
  REQUIRE(ins.ok());
  const uint8_t blob[] = {0, 1, 255};
  ins->Bind(1, int64_t{42}).Bind(2, std::string_view("åäö")).BindBlob(3, blob, 3).BindNull(4);
  REQUIRE(ins->Run().ok());
  CHECK(db.changes() == 1);
  auto sel = Statement::Prepare(db, "SELECT i, s, b, n FROM t;");
  REQUIRE(sel.ok());
  auto row = sel->Step();
  REQUIRE(row.ok());
  REQUIRE(*row);
  CHECK(sel->Int(0) == 42);
  CHECK(sel->Text(1) == "åäö");
  CHECK(sel->Blob(2) == std::vector<uint8_t>{0, 1, 255});
  CHECK(sel->IsNull(3));
  CHECK(sel->ColumnCount() == 4);
  CHECK_FALSE(*sel->Step());
}

// SQLite is built without its JSON functions; the store gives every connection the json_valid() the schema's CHECK
// constraints call, with SQLite's answers.
TEST_CASE("json_valid: 1 for well-formed JSON, 0 for anything else, NULL for NULL; a CHECK refuses bad text") {
  Database db = Mem();
  const auto one = [&](const char* sql) {
    auto st = Statement::Prepare(db, sql);
    REQUIRE(st.ok());
    auto row = st->Step();
    REQUIRE(row.ok());
    REQUIRE(*row);
    return st->IsNull(0) ? int64_t{-1} : st->Int(0);
  };
  CHECK(one(R"(SELECT json_valid('{"a":[1,2.5e3,"å\u00e4",true,null]}');)") == 1);
  CHECK(one("SELECT json_valid('[]');") == 1);
  CHECK(one("SELECT json_valid('5');") == 1);
  CHECK(one("SELECT json_valid(5);") == 1);
  CHECK(one("SELECT json_valid('{');") == 0);
  CHECK(one("SELECT json_valid('{\"a\":1,}');") == 0);   // no trailing comma (RFC 8259)
  CHECK(one("SELECT json_valid('{\"a\":01}');") == 0);   // no leading zero
  CHECK(one("SELECT json_valid('');") == 0);
  CHECK(one("SELECT json_valid(NULL);") == -1);
  REQUIRE(db.Exec("CREATE TABLE d(doc TEXT NOT NULL CHECK (json_valid(doc)));").ok());
  CHECK(db.Exec(R"(INSERT INTO d VALUES('{"ok":true}');)").ok());
  CHECK(db.Exec("INSERT INTO d VALUES('not json');").error().code == Errc::DbConstraint);
  CHECK(one("SELECT count(*) FROM d;") == 1);
}

TEST_CASE("SQLite errors become project error codes") {
  Database db = Mem();
  REQUIRE(db.Exec("CREATE TABLE u(k TEXT PRIMARY KEY NOT NULL);").ok());
  REQUIRE(db.Exec("INSERT INTO u VALUES('a');").ok());
  CHECK(db.Exec("INSERT INTO u VALUES('a');").error().code == Errc::DbConstraint);
  CHECK(Statement::Prepare(db, "SELEKT 1;").error().code == Errc::DbError);
  CHECK(Statement::Prepare(db, "SELECT 1; SELECT 2;").error().code == Errc::Internal);
  CHECK(ErrcFromSqlite(5) == Errc::DbBusy);      // SQLITE_BUSY
  CHECK(ErrcFromSqlite(11) == Errc::DbCorrupt);  // SQLITE_CORRUPT
  CHECK(ErrcFromSqlite(26) == Errc::DbCorrupt);  // SQLITE_NOTADB
  CHECK(ErrcFromSqlite(13) == Errc::DbFull);     // SQLITE_FULL
  CHECK(ErrcFromSqlite(10 | (3 << 8)) == Errc::DbIo);   // SQLITE_IOERR_WRITE
}

namespace {
int64_t CountRows(Database& db) {   // rows of the table t the transaction tests write
  auto st = Statement::Prepare(db, "SELECT count(*) FROM t;");
  REQUIRE(st.ok());
  REQUIRE(*st->Step());
  return st->Int(0);
}
}  // namespace

TEST_CASE("a transaction rolls back in its destructor unless committed") {
  Database db = Mem();
  REQUIRE(db.Exec("CREATE TABLE t(x);").ok());
  {
    auto tx = Transaction::Begin(db);
    REQUIRE(tx.ok());
    REQUIRE(db.Exec("INSERT INTO t VALUES(1);").ok());
  }
  auto count = [&] { return CountRows(db); };
  CHECK(count() == 0);
  {
    auto tx = Transaction::Begin(db);
    REQUIRE(tx.ok());
    REQUIRE(db.Exec("INSERT INTO t VALUES(1);").ok());
    REQUIRE(tx->Commit().ok());
    CHECK(tx->Commit().error().code == Errc::Internal);   // only once
  }
  CHECK(count() == 1);
}

TEST_CASE("a transaction begun inside another is a savepoint: its rollback undoes only its own writes") {
  Database db = Mem();
  REQUIRE(db.Exec("CREATE TABLE t(x);").ok());
  auto count = [&] { return CountRows(db); };
  {
    auto outer = Transaction::Begin(db);
    REQUIRE(outer.ok());
    REQUIRE(db.Exec("INSERT INTO t VALUES(1);").ok());
    {
      auto kept = Transaction::Begin(db);
      REQUIRE(kept.ok());
      REQUIRE(db.Exec("INSERT INTO t VALUES(2);").ok());
      REQUIRE(kept->Commit().ok());
    }
    {
      auto undone = Transaction::Begin(db);
      REQUIRE(undone.ok());
      REQUIRE(db.Exec("INSERT INTO t VALUES(3);").ok());
      {
        auto inner = Transaction::Begin(db);   // two deep, undone with its parent
        REQUIRE(inner.ok());
        REQUIRE(db.Exec("INSERT INTO t VALUES(4);").ok());
        REQUIRE(inner->Commit().ok());
      }
    }
    CHECK(count() == 2);
    REQUIRE(outer->Commit().ok());
  }
  CHECK(count() == 2);
  {
    auto outer = Transaction::Begin(db);   // the outer one rolled back takes its committed savepoints along
    REQUIRE(outer.ok());
    auto inner = Transaction::Begin(db);
    REQUIRE(inner.ok());
    REQUIRE(db.Exec("INSERT INTO t VALUES(5);").ok());
    REQUIRE(inner->Commit().ok());
  }
  CHECK(count() == 2);
  auto again = Transaction::Begin(db);   // and the connection is back in autocommit: BEGIN works
  REQUIRE(again.ok());
  REQUIRE(again->Commit().ok());
}

TEST_CASE("opening: a missing file without create fails, a non-database file is corrupt") {
  test::TempDbPath p("open");
  CHECK(Database::Open(p.path, {.create = false}).error().code == Errc::DbOpenFailed);
  test::WriteFileBytes(p.path, std::string(4096, 'x'));
  auto db = Database::Open(p.path);
  if (db.ok()) {
    CHECK(db->QuickCheck().error().code == Errc::DbCorrupt);
  } else {
    CHECK(db.error().code == Errc::DbCorrupt);
  }
}
