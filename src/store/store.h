// sipstore/store.h — the local database: open, migrate, read through repositories, write through one path.
//
// Every change goes through Store::Write(): one transaction, committed as a whole, and only after the commit
// do observers (the platform's persistence, the UI's save indicator) hear about it. Repositories read with
// a const Store&; their write functions take a WriteTx&, which only exists inside Write(), so a write outside
// a transaction does not compile.
//
// Sections: Store · WriteTx · SettingsRepo · CasesRepo (the audit log: store/audit.h)
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "core/model.h"
#include "core/result.h"
#include "core/time.h"
#include "store/migrations.h"
#include "store/sqlite.h"

namespace sip::store {

class WriteTx;

// ---------------------------------------------------------------------------------------------------------
// Store
// ---------------------------------------------------------------------------------------------------------
class Store {
 public:
  // Opens (creating if needed) and migrates the database at `path` (":memory:" for tests). Refuses damaged,
  // foreign and too-new databases without writing to them (see migrations.h for the codes). `options` picks
  // e.g. a VFS (the browser's store/page_log.h).
  static Result<Store> Open(const std::string& path, UnixMs now, OpenOptions options = {});

  Store(Store&&) noexcept = default;
  Store& operator=(Store&&) noexcept = default;

  // Runs `fn` inside one IMMEDIATE transaction. Commits when fn succeeds, rolls back otherwise; calls the
  // commit observer only after a successful commit.
  Result<void> Write(const std::function<Result<void>(WriteTx&)>& fn);

  // Called after every successful commit (e.g. to schedule a durable sync in the browser).
  void SetCommitObserver(std::function<void()> observer) { on_commit_ = std::move(observer); }

  const SchemaState& schema() const { return schema_; }
  Database& db() const { return *db_; }

 private:
  explicit Store(Database db);
  std::unique_ptr<Database> db_;
  SchemaState schema_;
  std::function<void()> on_commit_;
};

// A write in progress; handed to Store::Write()'s callback, valid only during it.
class WriteTx {
 public:
  Database& db() { return db_; }

 private:
  friend class Store;
  explicit WriteTx(Database& db) : db_(db) {}
  Database& db_;
};

// ---------------------------------------------------------------------------------------------------------
// SettingsRepo — the device's settings (keys defined in core/settings.h)
// ---------------------------------------------------------------------------------------------------------
namespace settings_repo {
Result<std::optional<std::string>> Get(const Store& store, std::string_view key);
Result<std::map<std::string, std::string>> All(const Store& store);
// Inserts or replaces; valid only inside Store::Write().
Result<void> Put(WriteTx& tx, std::string_view key, std::string_view value, UnixMs now);
}  // namespace settings_repo

// ---------------------------------------------------------------------------------------------------------
// CasesRepo — SIP cases, stored whole as their JSON form
// ---------------------------------------------------------------------------------------------------------
namespace cases_repo {
// The case with `id`, or nullopt. A stored document that no longer parses is db_corrupt.
Result<std::optional<Case>> Get(const Store& store, std::string_view id);
// Every case, newest first.
Result<std::vector<Case>> All(const Store& store);
// Inserts or replaces, and sets the case's revision above every other case's; valid only inside
// Store::Write().
Result<void> Put(WriteTx& tx, const Case& c, UnixMs now);

// A case with the revision of its last write (migration 0004).
struct Revised {
  Case c;
  int64_t revision = 0;
};
// The cases written after revision `since`, newest first (since = -1: every case).
Result<std::vector<Revised>> ChangedSince(const Store& store, int64_t since);
// The highest revision of any case (0 when none was written since migration 0004) and how many cases exist.
struct Census {
  int64_t revision = 0;
  int64_t count = 0;
};
Result<Census> Count(const Store& store);
}  // namespace cases_repo


}  // namespace sip::store
