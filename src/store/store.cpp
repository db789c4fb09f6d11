#include "store/store.h"

#include <memory>

namespace sip::store {

Store::Store(Database db) : db_(std::make_unique<Database>(std::move(db))) {}

Result<Store> Store::Open(const std::string& path, UnixMs now) {
  auto db = Database::Open(path);
  if (!db) return db.error();
  // A damaged file is never migrated or written: the caller keeps it aside.
  if (auto check = db->QuickCheck(); !check) return check.error();
  auto schema = Migrate(*db, FormatIsoUtc(now));
  if (!schema) return schema.error();
  Store s(std::move(*db));
  s.schema_ = *schema;
  return s;
}

Result<void> Store::Write(const std::function<Result<void>(WriteTx&)>& fn) {
  {
    auto tx = Transaction::Begin(*db_);
    if (!tx) return tx.error();
    WriteTx wtx(*db_);
    if (auto r = fn(wtx); !r) return r;   // ~Transaction rolls back
    if (auto r = tx->Commit(); !r) return r;
  }
  if (on_commit_) on_commit_();
  return {};
}

namespace settings_repo {

Result<std::optional<std::string>> Get(const Store& store, std::string_view key) {
  auto st = Statement::Prepare(store.db(), "SELECT value FROM settings WHERE key=?1;");
  if (!st) return st.error();
  st->Bind(1, key);
  auto row = st->Step();
  if (!row) return row.error();
  if (!*row) return std::optional<std::string>();
  return std::optional<std::string>(st->Text(0));
}

Result<std::map<std::string, std::string>> All(const Store& store) {
  auto st = Statement::Prepare(store.db(), "SELECT key, value FROM settings ORDER BY key;");
  if (!st) return st.error();
  std::map<std::string, std::string> out;
  for (;;) {
    auto row = st->Step();
    if (!row) return row.error();
    if (!*row) break;
    out.emplace(st->Text(0), st->Text(1));
  }
  return out;
}

Result<void> Put(WriteTx& tx, std::string_view key, std::string_view value, UnixMs now) {
  auto st = Statement::Prepare(tx.db(), "INSERT INTO settings(key, value, updated_at) VALUES(?1, ?2, ?3) "
                                        "ON CONFLICT(key) DO UPDATE SET value=excluded.value, "
                                        "updated_at=excluded.updated_at;");
  if (!st) return st.error();
  st->Bind(1, key).Bind(2, value).Bind(3, FormatIsoUtc(now));
  return st->Run();
}

}  // namespace settings_repo
}  // namespace sip::store
