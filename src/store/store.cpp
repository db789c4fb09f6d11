#include "store/store.h"

#include <memory>

namespace sip::store {

using Json = nlohmann::json;

Store::Store(Database db) : db_(std::make_unique<Database>(std::move(db))) {}

Result<Store> Store::Open(const std::string& path, UnixMs now, OpenOptions options) {
  auto db = Database::Open(path, std::move(options));
  if (!db) return db.error();
  // A damaged file is never migrated or written: the caller keeps it aside. Its structure is checked, not the
  // rows' CHECK constraints: json_valid() over every case document would cost more than the rest of the start-up
  // (bench/frame-cost.mjs, 1,000 cases); the documents are checked as they are written and parsed as they are read.
  if (auto check = db->QuickCheck(/*check_constraints=*/false); !check) return check.error();
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

namespace cases_repo {
namespace {
Result<Case> ParseDoc(const std::string& text) {
  Json j = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Error{Errc::DbCorrupt, "case document is not JSON"};
  try {
    return j.get<Case>();
  } catch (const std::exception&) {
    return Error{Errc::DbCorrupt, "case document does not match the model"};
  }
}
}  // namespace

Result<std::optional<Case>> Get(const Store& store, std::string_view id) {
  auto st = Statement::Prepare(store.db(), "SELECT doc FROM cases WHERE id=?1;");
  if (!st) return st.error();
  st->Bind(1, id);
  auto row = st->Step();
  if (!row) return row.error();
  if (!*row) return std::optional<Case>();
  auto c = ParseDoc(st->Text(0));
  if (!c) return c.error();
  return std::optional<Case>(std::move(*c));
}

Result<std::vector<Case>> All(const Store& store) {
  auto st = Statement::Prepare(store.db(), "SELECT doc FROM cases ORDER BY created_on DESC, id DESC;");
  if (!st) return st.error();
  std::vector<Case> out;
  for (;;) {
    auto row = st->Step();
    if (!row) return row.error();
    if (!*row) break;
    auto c = ParseDoc(st->Text(0));
    if (!c) return c.error();
    out.push_back(std::move(*c));
  }
  return out;
}

Result<void> Put(WriteTx& tx, const Case& c, UnixMs now) {
  auto st = Statement::Prepare(
      tx.db(),
      "INSERT INTO cases(id, step, created_on, updated_at, doc, revision) "
      "VALUES(?1,?2,?3,?4,?5,(SELECT coalesce(max(revision),0)+1 FROM cases)) "
      "ON CONFLICT(id) DO UPDATE SET step=excluded.step, updated_at=excluded.updated_at, doc=excluded.doc, "
      "revision=excluded.revision;");
  if (!st) return st.error();
  st->Bind(1, c.id).Bind(2, Json(c.step).get<std::string>()).Bind(3, c.created_on).Bind(4, FormatIsoUtc(now))
      .Bind(5, Json(c).dump());
  return st->Run();
}

Result<std::vector<Revised>> ChangedSince(const Store& store, int64_t since) {
  auto st = Statement::Prepare(store.db(), "SELECT doc, revision FROM cases WHERE revision > ?1 "
                                           "ORDER BY created_on DESC, id DESC;");
  if (!st) return st.error();
  st->Bind(1, since);
  std::vector<Revised> out;
  for (;;) {
    auto row = st->Step();
    if (!row) return row.error();
    if (!*row) break;
    auto c = ParseDoc(st->Text(0));
    if (!c) return c.error();
    out.push_back({std::move(*c), st->Int(1)});
  }
  return out;
}

Result<Census> Count(const Store& store) {
  auto st = Statement::Prepare(store.db(), "SELECT coalesce(max(revision),0), count(*) FROM cases;");
  if (!st) return st.error();
  auto row = st->Step();
  if (!row) return row.error();
  if (!*row) return Census{};
  return Census{st->Int(0), st->Int(1)};
}
}  // namespace cases_repo

}  // namespace sip::store
