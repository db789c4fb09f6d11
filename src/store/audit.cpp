#include "store/audit.h"

#include <sodium.h>

#include "store/store.h"

namespace sip::store {
namespace {

const std::string kZeroHash(64, '0');

void Field(std::string& buf, std::string_view v) {
  buf += std::to_string(v.size());
  buf += ':';
  buf.append(v.data(), v.size());
  buf += '\n';
}

Result<AuditEntry> ReadRow(Statement& st) {
  return AuditEntry{st.Int(0), st.Text(1), st.Text(2), st.Text(3), st.Text(4), st.Text(5), st.Text(6), st.Text(7)};
}

constexpr const char* kColumns = "seq, at, actor, ifnull(case_id,''), action, data, prev_hash, hash";

}  // namespace

std::string EntryHash(const AuditEntry& e) {
  std::string buf = "sipfield-audit-v1\n";
  Field(buf, e.prev_hash);
  Field(buf, std::to_string(e.seq));
  Field(buf, e.at);
  Field(buf, e.actor);
  Field(buf, e.case_id);
  Field(buf, e.action);
  Field(buf, e.data);
  unsigned char d[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(d, reinterpret_cast<const unsigned char*>(buf.data()), buf.size());
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned char c : d) {
    hex += kHex[c >> 4];
    hex += kHex[c & 15];
  }
  return hex;
}

namespace audit_repo {

Result<int64_t> Append(WriteTx& tx, AuditEntry e) {
  {
    auto last = Statement::Prepare(tx.db(), "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1;");
    if (!last) return last.error();
    auto row = last->Step();
    if (!row) return row.error();
    e.seq = *row ? last->Int(0) + 1 : 1;
    e.prev_hash = *row ? last->Text(1) : kZeroHash;
  }
  if (e.data.empty()) e.data = "{}";
  e.hash = EntryHash(e);
  auto st = Statement::Prepare(tx.db(), "INSERT INTO audit_log(seq, at, actor, case_id, action, data, prev_hash, hash) "
                                        "VALUES(?1,?2,?3,?4,?5,?6,?7,?8);");
  if (!st) return st.error();
  st->Bind(1, e.seq).Bind(2, e.at).Bind(3, e.actor).Bind(5, e.action).Bind(6, e.data).Bind(7, e.prev_hash).Bind(8, e.hash);
  if (e.case_id.empty()) st->BindNull(4);
  else st->Bind(4, e.case_id);
  SIP_TRY(st->Run());
  auto head = Statement::Prepare(tx.db(), "INSERT INTO meta(key, value) VALUES('audit_head', ?1) "
                                          "ON CONFLICT(key) DO UPDATE SET value=excluded.value;");
  if (!head) return head.error();
  head->Bind(1, std::to_string(e.seq) + ":" + e.hash);
  SIP_TRY(head->Run());
  return e.seq;
}

Result<std::vector<AuditEntry>> List(const Store& store, std::string_view case_id, int limit) {
  auto st = Statement::Prepare(store.db(), std::string("SELECT ") + kColumns + " FROM ("
                               " SELECT * FROM audit_log WHERE (?1 = '' OR case_id = ?1)"
                               " ORDER BY seq DESC LIMIT ?2) ORDER BY seq;");
  if (!st) return st.error();
  st->Bind(1, case_id).Bind(2, int64_t{limit > 0 ? limit : -1});
  std::vector<AuditEntry> out;
  for (;;) {
    auto row = st->Step();
    if (!row) return row.error();
    if (!*row) break;
    out.push_back(*ReadRow(*st));
  }
  return out;
}

Result<AuditVerdict> Verify(const Store& store) {
  AuditVerdict v;
  auto st = Statement::Prepare(store.db(), std::string("SELECT ") + kColumns + " FROM audit_log ORDER BY seq;");
  if (!st) return st.error();
  std::string prev = kZeroHash;
  int64_t expected_seq = 1;
  auto broken = [&](int64_t seq, const char* why) {
    v.ok = false;
    v.first_broken_seq = seq;
    v.reason = why;
    return v;
  };
  for (;;) {
    auto row = st->Step();
    if (!row) return row.error();
    if (!*row) break;
    const AuditEntry e = *ReadRow(*st);
    ++v.entries;
    if (e.seq != expected_seq) return broken(expected_seq, "sequence gap");
    if (e.prev_hash != prev) return broken(e.seq, "chain broken");
    if (EntryHash(e) != e.hash) return broken(e.seq, "hash mismatch");
    prev = e.hash;
    ++expected_seq;
  }
  auto head = Statement::Prepare(store.db(), "SELECT value FROM meta WHERE key='audit_head';");
  if (!head) return head.error();
  auto row = head->Step();
  if (!row) return row.error();
  const std::string expected_head = v.entries ? std::to_string(expected_seq - 1) + ":" + prev : "";
  const std::string stored_head = *row ? head->Text(0) : "";
  if (stored_head != expected_head) return broken(expected_seq, "head mismatch");
  return v;
}

}  // namespace audit_repo
}  // namespace sip::store
