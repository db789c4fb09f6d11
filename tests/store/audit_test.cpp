#include <doctest/doctest.h>

#include "store/audit.h"
#include "store/store.h"

using namespace sip;
using namespace sip::store;

namespace {
constexpr UnixMs kNow = 1795336070123;

// A store with `n` chained entries; the append-only triggers are dropped afterwards so tests can tamper
// with the rows the way someone editing the file directly could.
Store WithEntries(int n) {
  auto s = Store::Open(":memory:", kNow);
  REQUIRE(s.ok());
  for (int i = 1; i <= n; ++i) {
    REQUIRE(s->Write([&](WriteTx& tx) -> Result<void> {
      auto r = audit_repo::Append(tx, {0, "2026-11-22T08:00:0" + std::to_string(i % 10) + ".000Z", "Testa",
                                       i % 2 ? "c-1" : "", "case.update", "{\"n\":" + std::to_string(i) + "}", {}, {}});
      if (!r) return r.error();
      CHECK(*r == i);
      return {};
    }).ok());
  }
  REQUIRE(s->db().Exec("DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;").ok());
  return std::move(*s);
}

AuditVerdict Check(Store& s) {
  auto v = audit_repo::Verify(s);
  REQUIRE(v.ok());
  return *v;
}
}  // namespace

TEST_CASE("an untouched chain verifies, empty or not") {
  Store empty = WithEntries(0);
  CHECK(Check(empty).ok);
  Store s = WithEntries(5);
  auto v = Check(s);
  CHECK(v.ok);
  CHECK(v.entries == 5);
  auto list = audit_repo::List(s, "", 0);
  REQUIRE(list->size() == 5);
  CHECK((*list)[0].prev_hash == std::string(64, '0'));
  CHECK((*list)[1].prev_hash == (*list)[0].hash);
  CHECK((*list)[4].hash == EntryHash((*list)[4]));
}

TEST_CASE("an edited entry is the first broken link") {
  Store s = WithEntries(5);
  REQUIRE(s.db().Exec("UPDATE audit_log SET data='{\"n\":99}' WHERE seq=3;").ok());
  auto v = Check(s);
  CHECK_FALSE(v.ok);
  CHECK(v.first_broken_seq == 3);
  CHECK(v.reason == "hash mismatch");
}

TEST_CASE("an edited actor or time is detected too") {
  Store s = WithEntries(4);
  REQUIRE(s.db().Exec("UPDATE audit_log SET actor='Någon annan' WHERE seq=2;").ok());
  CHECK(Check(s).first_broken_seq == 2);
}

TEST_CASE("a deleted entry in the middle breaks the chain") {
  Store s = WithEntries(5);
  REQUIRE(s.db().Exec("DELETE FROM audit_log WHERE seq=2;").ok());
  auto v = Check(s);
  CHECK_FALSE(v.ok);
  CHECK(v.first_broken_seq == 2);
}

TEST_CASE("a deleted tail is caught by the stored head") {
  Store s = WithEntries(5);
  REQUIRE(s.db().Exec("DELETE FROM audit_log WHERE seq=5;").ok());
  auto v = Check(s);
  CHECK_FALSE(v.ok);
  CHECK(v.reason == "head mismatch");
}

TEST_CASE("reordered entries break the chain") {
  Store s = WithEntries(5);
  // Swap the contents of entries 2 and 3, hashes included.
  REQUIRE(s.db().Exec("UPDATE audit_log SET seq=-2 WHERE seq=2; UPDATE audit_log SET seq=2 WHERE seq=3;"
                      "UPDATE audit_log SET seq=3 WHERE seq=-2;").ok());
  auto v = Check(s);
  CHECK_FALSE(v.ok);
  CHECK(v.first_broken_seq == 2);
}

TEST_CASE("a rehashed forgery of one entry still breaks the next link") {
  Store s = WithEntries(4);
  auto list = audit_repo::List(s, "", 0);
  AuditEntry forged = (*list)[1];
  forged.data = "{\"n\":42}";
  const std::string new_hash = EntryHash(forged);
  REQUIRE(s.db().Exec("UPDATE audit_log SET data='{\"n\":42}', hash='" + new_hash + "' WHERE seq=2;").ok());
  auto v = Check(s);
  CHECK_FALSE(v.ok);
  CHECK(v.first_broken_seq == 3);
  CHECK(v.reason == "chain broken");
}
