#include "store/bundles_repo.h"

#include "store/sqlite.h"
#include "store/store.h"

namespace sip::store {

namespace profile_repo {

Result<std::optional<StoredProfile>> Get(const Store& store) {
  auto st = Statement::Prepare(store.db(), "SELECT jws, office, admin_kid, imported_at, enrollment, enrollment_at "
                                           "FROM office_profile WHERE id=1;");
  if (!st) return st.error();
  auto row = st->Step();
  if (!row) return row.error();
  if (!*row) return std::optional<StoredProfile>();
  return std::optional<StoredProfile>(
      StoredProfile{st->Text(0), st->Text(1), st->Text(2), st->Text(3), st->Text(4), st->Text(5)});
}

Result<void> Put(WriteTx& tx, const StoredProfile& p) {
  auto st = Statement::Prepare(tx.db(), "INSERT INTO office_profile(id, jws, office, admin_kid, imported_at) "
                                        "VALUES(1, ?1, ?2, ?3, ?4) ON CONFLICT(id) DO UPDATE SET jws=excluded.jws, "
                                        "office=excluded.office, admin_kid=excluded.admin_kid, "
                                        "imported_at=excluded.imported_at;");
  if (!st) return st.error();
  st->Bind(1, p.jws).Bind(2, p.office).Bind(3, p.admin_kid).Bind(4, p.imported_at);
  return st->Run();
}

Result<bool> SetEnrollment(WriteTx& tx, std::string_view state, std::string_view at) {
  auto st = Statement::Prepare(tx.db(), "UPDATE office_profile SET enrollment=?1, enrollment_at=?2 WHERE id=1;");
  if (!st) return st.error();
  st->Bind(1, state).Bind(2, at);
  SIP_TRY(st->Run());
  return tx.db().changes() > 0;
}

}  // namespace profile_repo

namespace bundles_repo {
namespace {
constexpr const char* kColumns =
    "jti, kid, seq, case_id, kind, plan_version, jws_hash, file_name, audit_to_seq, created_at, "
    "coalesce(delivered_at, ''), coalesce(receipt_office, '')";

ExportedBundle Row(const Statement& st) {
  ExportedBundle b;
  b.jti = st.Text(0);
  b.kid = st.Text(1);
  b.seq = st.Int(2);
  b.case_id = st.Text(3);
  b.kind = st.Text(4);
  b.plan_version = static_cast<int>(st.Int(5));
  b.jws_hash = st.Text(6);
  b.file_name = st.Text(7);
  b.audit_to_seq = st.Int(8);
  b.created_at = st.Text(9);
  b.delivered_at = st.Text(10);
  b.receipt_office = st.Text(11);
  return b;
}
}  // namespace

Result<ChainHead> Head(const Store& store, std::string_view kid) {
  auto st = Statement::Prepare(store.db(), "SELECT seq, jws_hash FROM bundles WHERE kid=?1 ORDER BY seq DESC LIMIT 1;");
  if (!st) return st.error();
  st->Bind(1, kid);
  auto row = st->Step();
  if (!row) return row.error();
  if (!*row) return ChainHead{};
  return ChainHead{st->Int(0), st->Text(1)};
}

Result<int64_t> LastAuditSeq(const Store& store, std::string_view case_id) {
  auto st = Statement::Prepare(store.db(), "SELECT coalesce(max(audit_to_seq), 0) FROM bundles WHERE case_id=?1;");
  if (!st) return st.error();
  st->Bind(1, case_id);
  if (auto row = st->Step(); !row) return row.error();
  return st->Int(0);
}

Result<std::vector<ExportedBundle>> List(const Store& store, std::string_view case_id) {
  std::string sql = std::string("SELECT ") + kColumns + " FROM bundles";
  if (!case_id.empty()) sql += " WHERE case_id=?1";
  sql += " ORDER BY created_at DESC, seq DESC;";
  auto st = Statement::Prepare(store.db(), sql);
  if (!st) return st.error();
  if (!case_id.empty()) st->Bind(1, case_id);
  std::vector<ExportedBundle> out;
  for (;;) {
    auto row = st->Step();
    if (!row) return row.error();
    if (!*row) break;
    out.push_back(Row(*st));
  }
  return out;
}

Result<std::optional<ExportedBundle>> Get(const Store& store, std::string_view jti) {
  auto st = Statement::Prepare(store.db(), std::string("SELECT ") + kColumns + ", file FROM bundles WHERE jti=?1;");
  if (!st) return st.error();
  st->Bind(1, jti);
  auto row = st->Step();
  if (!row) return row.error();
  if (!*row) return std::optional<ExportedBundle>();
  ExportedBundle b = Row(*st);
  b.file = st->Blob(12);
  return std::optional<ExportedBundle>(std::move(b));
}

Result<void> Insert(WriteTx& tx, const ExportedBundle& b) {
  auto st = Statement::Prepare(tx.db(),
                               "INSERT INTO bundles(jti, kid, seq, case_id, kind, plan_version, jws_hash, file_name, "
                               "file, audit_to_seq, created_at) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11);");
  if (!st) return st.error();
  st->Bind(1, b.jti).Bind(2, b.kid).Bind(3, b.seq).Bind(4, b.case_id).Bind(5, b.kind)
      .Bind(6, int64_t{b.plan_version}).Bind(7, b.jws_hash).Bind(8, b.file_name)
      .BindBlob(9, b.file.data(), b.file.size()).Bind(10, b.audit_to_seq).Bind(11, b.created_at);
  return st->Run();
}

Result<bool> MarkDelivered(WriteTx& tx, std::string_view jti, std::string_view at, std::string_view office) {
  auto st = Statement::Prepare(tx.db(), "UPDATE bundles SET delivered_at=?2, receipt_office=?3 "
                                        "WHERE jti=?1 AND delivered_at IS NULL;");
  if (!st) return st.error();
  st->Bind(1, jti).Bind(2, at).Bind(3, office);
  if (auto ok = st->Run(); !ok) return ok.error();
  return tx.db().changes() > 0;
}

}  // namespace bundles_repo

}  // namespace sip::store
