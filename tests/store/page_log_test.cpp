// The page-log VFS (store/page_log.h): a Store on it emits one checksummed record per commit, and a base
// file plus those records replays to the same bytes — also after a torn or damaged last record, a spilled
// page cache, a rollback, a shrinking file and checkpoints (whole or interrupted).
#include <doctest/doctest.h>

#include <map>
#include <string>

#include "store/page_log.h"
#include "store/store.h"

using namespace sip;
using namespace sip::store;

namespace {

constexpr UnixMs kNow = 1795336070123;
constexpr const char* kPath = "sipfield.db";

// A PageLog whose records go into `log` (as the browser's worker appends them), with the image after every
// commit remembered by seq.
struct Rig {
  std::unique_ptr<PageLog> pl;
  std::vector<uint8_t> log;
  std::vector<size_t> record_starts;                 // offset in `log` of each record
  std::map<uint64_t, std::vector<uint8_t>> image_at;  // seq → image right after that record
  std::vector<uint64_t> seqs;

  explicit Rig(const std::string& name, std::vector<uint8_t> image = {}, uint64_t next_seq = 1) {
    auto r = PageLog::Create(name, std::move(image), next_seq);
    REQUIRE(r.ok());
    pl = std::move(*r);
    pl->SetSink([this](std::vector<uint8_t> rec, uint64_t seq) {
      record_starts.push_back(log.size());
      log.insert(log.end(), rec.begin(), rec.end());
      seqs.push_back(seq);
      image_at[seq] = pl->image();
    });
  }
  OpenOptions Options() const { return {.create = true, .read_only = false, .vfs = pl->vfs_name()}; }
};

Result<void> PutSetting(Store& s, const std::string& key, const std::string& value) {
  return s.Write([&](WriteTx& tx) { return settings_repo::Put(tx, key, value, kNow); });
}

// Every row of every table, in a stable order: what "identical content" means.
std::string Dump(Database& db) {
  std::string out;
  auto tables = Statement::Prepare(db, "SELECT name FROM sqlite_schema WHERE type='table' ORDER BY name;");
  REQUIRE(tables.ok());
  std::vector<std::string> names;
  while (*tables->Step()) names.push_back(tables->Text(0));
  for (const auto& t : names) {
    auto rows = Statement::Prepare(db, "SELECT * FROM \"" + t + "\" ORDER BY rowid;");
    if (!rows) rows = Statement::Prepare(db, "SELECT * FROM \"" + t + "\" ORDER BY 1;");
    REQUIRE(rows.ok());
    out += "[" + t + "]\n";
    while (*rows->Step()) {
      for (int c = 0; c < rows->ColumnCount(); ++c) out += rows->Text(c) + "|";
      out += "\n";
    }
  }
  return out;
}

// Opens `image` on a fresh VFS, runs quick_check and returns the dump.
std::string OpenAndDump(const std::vector<uint8_t>& image, const std::string& vfs) {
  auto pl = PageLog::Create(vfs, image);
  REQUIRE(pl.ok());
  std::string dump;
  {
    auto db = Database::Open(kPath, {.create = false, .read_only = false, .vfs = vfs});
    REQUIRE(db.ok());
    REQUIRE(db->QuickCheck().ok());
    dump = Dump(*db);
  }
  return dump;
}

std::string Dump(const Store& s) { return Dump(s.db()); }

}  // namespace

TEST_CASE("page log: CRC-32 is the IEEE one, and records frame their ranges") {
  const std::string check = "123456789";
  CHECK(Crc32(check.data(), check.size()) == 0xCBF43926u);
  CHECK(Crc32(check.data() + 4, 5, Crc32(check.data(), 4)) == 0xCBF43926u);

  std::vector<uint8_t> image(10000);
  for (size_t i = 0; i < image.size(); ++i) image[i] = static_cast<uint8_t>(i * 7);
  auto rec = EncodeRecord(5, image, {{4096, 4096}, {0, 100}, {9000, 5000}});   // the last one is clipped
  CHECK(rec.size() == kRecordHeaderSize + (12 + 4096) + (12 + 100) + (12 + 1000) + 4);
  auto r = Replay(std::vector<uint8_t>(), rec);
  CHECK(r.records_applied == 1);
  CHECK(r.first_seq == 5);
  CHECK(r.image.size() == image.size());
  CHECK(std::equal(image.begin() + 4096, image.begin() + 8192, r.image.begin() + 4096));
  CHECK(r.image[200] == 0);   // not in any range
  CHECK(r.touched == std::vector<Extent>{{0, 100}, {4096, 4096}, {9000, 1000}});
}

TEST_CASE("page log: a Store on the VFS emits one record per commit, and replay rebuilds the same database") {
  Rig rig("sip-pagelog-t1");
  {
    auto s = Store::Open(kPath, kNow, rig.Options());
    REQUIRE(s.ok());
    const size_t after_open = rig.seqs.size();
    CHECK(after_open >= 1);   // the migrations are a commit
    REQUIRE(PutSetting(*s, "staff.name", "Testa Testsson").ok());
    CHECK(rig.seqs.size() == after_open + 1);
    REQUIRE(PutSetting(*s, "staff.unit", "Hemtjänst Öster").ok());
    CHECK(rig.seqs.size() == after_open + 2);
    // A read-only query writes nothing, so no record.
    CHECK(settings_repo::All(*s)->size() == 2);
    CHECK(rig.seqs.size() == after_open + 2);
    for (size_t i = 0; i < rig.seqs.size(); ++i) CHECK(rig.seqs[i] == i + 1);
    CHECK_FALSE(rig.pl->has_unsynced_writes());

    const std::string expected = Dump(*s);
    auto r = Replay({}, rig.log);
    CHECK(r.records_applied == rig.seqs.size());
    CHECK(r.torn_tail_bytes == 0);
    CHECK(r.valid_log_bytes == rig.log.size());
    CHECK(r.last_seq == rig.seqs.back());
    CHECK(r.image == rig.pl->image());
    CHECK(OpenAndDump(r.image, "sip-pagelog-t1-check") == expected);
  }
  CHECK(rig.pl->open_connections() == 0);
}

TEST_CASE("page log: a torn or damaged last record replays to the commit before it") {
  Rig rig("sip-pagelog-t2");
  auto s = Store::Open(kPath, kNow, rig.Options());
  REQUIRE(s.ok());
  REQUIRE(PutSetting(*s, "staff.name", "Första").ok());
  REQUIRE(PutSetting(*s, "staff.name", "Andra").ok());
  const uint64_t last = rig.seqs.back();
  const size_t start = rig.record_starts.back();
  const std::vector<uint8_t>& before = rig.image_at.at(last - 1);
  REQUIRE(before != rig.pl->image());

  // Every truncation point inside the last record.
  for (size_t cut = start; cut < rig.log.size(); ++cut) {
    std::vector<uint8_t> torn(rig.log.begin(), rig.log.begin() + static_cast<ptrdiff_t>(cut));
    auto r = Replay({}, torn);
    REQUIRE(r.records_applied == last - 1);
    REQUIRE(r.torn_tail_bytes == cut - start);
    REQUIRE(r.image == before);
  }
  // Every single flipped byte of it.
  for (size_t at = start; at < rig.log.size(); ++at) {
    std::vector<uint8_t> bad = rig.log;
    bad[at] ^= 0x40;
    auto r = Replay({}, bad);
    REQUIRE(r.records_applied == last - 1);
    REQUIRE(r.image == before);
  }
  // Garbage after the last record is a torn tail, not a failure.
  std::vector<uint8_t> tail = rig.log;
  tail.insert(tail.end(), {'S', 'I', 'P', 'L', 1, 0});
  auto r = Replay({}, tail);
  CHECK(r.records_applied == last);
  CHECK(r.torn_tail_bytes == 6);
  CHECK(r.image == rig.pl->image());
  CHECK(OpenAndDump(Replay({}, std::vector<uint8_t>(rig.log.begin(), rig.log.begin() + static_cast<ptrdiff_t>(start))).image,
                    "sip-pagelog-t2-check")
            .find("Första") != std::string::npos);
}

TEST_CASE("page log: replay stops at a gap in the sequence") {
  Rig rig("sip-pagelog-t3");
  auto s = Store::Open(kPath, kNow, rig.Options());
  REQUIRE(s.ok());
  for (int i = 0; i < 3; ++i) REQUIRE(PutSetting(*s, "staff.name", "Namn " + std::to_string(i)).ok());
  REQUIRE(rig.seqs.size() >= 4);
  // Drop the second-to-last record: the last one no longer follows and must not be applied.
  const size_t a = rig.record_starts[rig.record_starts.size() - 2], b = rig.record_starts.back();
  std::vector<uint8_t> gap(rig.log.begin(), rig.log.begin() + static_cast<ptrdiff_t>(a));
  gap.insert(gap.end(), rig.log.begin() + static_cast<ptrdiff_t>(b), rig.log.end());
  auto r = Replay({}, gap);
  CHECK(r.records_applied == rig.seqs.size() - 2);
  CHECK(r.torn_tail_bytes == rig.log.size() - b);
  CHECK(r.image == rig.image_at.at(rig.seqs[rig.seqs.size() - 3]));
}

TEST_CASE("page log: a transaction that spills the page cache is still one record; a rollback restores") {
  Rig rig("sip-pagelog-t4");
  auto s = Store::Open(kPath, kNow, rig.Options());
  REQUIRE(s.ok());
  REQUIRE(s->db().Exec("PRAGMA cache_size=8; CREATE TABLE bulk(id INTEGER PRIMARY KEY, b BLOB);").ok());
  const size_t records_before = rig.seqs.size();

  bool spilled = false;
  auto fill = [&](WriteTx& tx, int from, int n) -> Result<void> {
    auto st = Statement::Prepare(tx.db(), "INSERT INTO bulk(id, b) VALUES(?1, randomblob(1500));");
    if (!st) return st.error();
    for (int i = from; i < from + n; ++i) {
      st->Reset();
      st->Bind(1, static_cast<int64_t>(i));
      if (auto r = st->Run(); !r) return r;
    }
    spilled = spilled || rig.pl->has_unsynced_writes();   // pages reached the file before the commit
    return {};
  };
  REQUIRE(s->Write([&](WriteTx& tx) { return fill(tx, 1, 2000); }).ok());
  CHECK(spilled);
  CHECK(rig.seqs.size() == records_before + 1);
  CHECK(rig.pl->image().size() > 3'000'000);
  auto r = Replay({}, rig.log);
  CHECK(r.image == rig.pl->image());
  const std::string committed = Dump(*s);
  CHECK(OpenAndDump(r.image, "sip-pagelog-t4-a") == committed);

  // A big transaction that spills and then fails: rolled back, nothing of it in the database or the replay.
  spilled = false;
  auto failed = s->Write([&](WriteTx& tx) -> Result<void> {
    if (auto f = fill(tx, 5000, 2000); !f) return f;
    return Error{Errc::InvalidArgument, "test"};
  });
  CHECK(failed.error().code == Errc::InvalidArgument);
  CHECK(spilled);
  CHECK_FALSE(rig.pl->has_unsynced_writes());
  CHECK(Dump(*s) == committed);
  REQUIRE(s->db().QuickCheck().ok());
  r = Replay({}, rig.log);
  CHECK(r.image == rig.pl->image());
  CHECK(OpenAndDump(r.image, "sip-pagelog-t4-b") == committed);

  // Shrinking: delete most rows and VACUUM; the record carries the smaller size.
  const size_t big = rig.pl->image().size();
  REQUIRE(s->db().Exec("DELETE FROM bulk WHERE id > 10; VACUUM;").ok());
  CHECK(rig.pl->image().size() < big / 4);
  r = Replay({}, rig.log);
  CHECK(r.torn_tail_bytes == 0);
  CHECK(r.image.size() == rig.pl->image().size());
  size_t first_diff = 0;
  while (first_diff < r.image.size() && r.image[first_diff] == rig.pl->image()[first_diff]) ++first_diff;
  CHECK(first_diff == r.image.size());
  CHECK(r.image == rig.pl->image());
  CHECK(OpenAndDump(r.image, "sip-pagelog-t4-c") == Dump(*s));
}

TEST_CASE("page log: checkpoint, more records, replay; an interrupted checkpoint replays too") {
  Rig rig("sip-pagelog-t5");
  auto s = Store::Open(kPath, kNow, rig.Options());
  REQUIRE(s.ok());
  REQUIRE(PutSetting(*s, "staff.name", "Före").ok());
  CHECK(rig.pl->records_since_checkpoint() == rig.seqs.size());
  CHECK(rig.pl->log_bytes_since_checkpoint() == rig.log.size());
  CHECK(rig.pl->HasCheckpointWork());
  CHECK_FALSE(rig.pl->ShouldCheckpoint());
  CHECK(rig.pl->ShouldCheckpoint(rig.log.size()));

  // Checkpoint 1 onto an empty base: the base alone is the database now.
  std::vector<uint8_t> base;
  auto cp = rig.pl->TakeCheckpoint();
  REQUIRE(cp.ok());
  CHECK(rig.pl->records_since_checkpoint() == 0);
  CHECK_FALSE(rig.pl->HasCheckpointWork());
  ApplyCheckpoint(base, *cp);
  CHECK(base == rig.pl->image());
  const std::vector<uint8_t> old_log = std::exchange(rig.log, {});

  // More commits after it go to the (emptied) log.
  REQUIRE(PutSetting(*s, "staff.name", "Efter").ok());
  REQUIRE(PutSetting(*s, "staff.unit", "Väster").ok());
  auto r = Replay(base, rig.log);
  CHECK(r.records_applied == 2);
  CHECK(r.image == rig.pl->image());
  CHECK(OpenAndDump(r.image, "sip-pagelog-t5-a") == Dump(*s));

  // Checkpoint 2 writes only what changed since checkpoint 1.
  const std::vector<uint8_t> image2 = rig.pl->image();
  auto cp2 = rig.pl->TakeCheckpoint();
  REQUIRE(cp2.ok());
  CHECK(cp2->data.size() < image2.size());
  CHECK(cp2->data.size() >= 4096);

  // Crash after the base was written but before the log was emptied: replaying the log again is harmless.
  std::vector<uint8_t> full = base;
  ApplyCheckpoint(full, *cp2);
  CHECK(full == image2);
  CHECK(Replay(full, rig.log).image == image2);
  // Crash halfway through writing the base: the log covers every page it touches.
  std::vector<uint8_t> half = base;
  Checkpoint part = *cp2;
  part.extents.resize((part.extents.size() + 1) / 2);
  uint64_t bytes = 0;
  for (const auto& e : part.extents) bytes += e.length;
  part.data.resize(bytes);
  part.size = std::max<uint64_t>(base.size(), bytes ? part.extents.back().offset + part.extents.back().length : 0);
  ApplyCheckpoint(half, part);
  CHECK(Replay(half, rig.log).image == image2);

  // A checkpoint in the middle of a write transaction (pages spilled, not yet committed) is refused: the base
  // must only ever get committed states.
  REQUIRE(s->db().Exec("PRAGMA cache_size=8; CREATE TABLE bulk(id INTEGER PRIMARY KEY, b BLOB);").ok());
  bool refused = false;
  auto mid = s->Write([&](WriteTx& tx) -> Result<void> {
    if (auto e = tx.db().Exec("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i<1000) "
                              "INSERT INTO bulk(b) SELECT randomblob(1500) FROM n;");
        !e)
      return e;
    REQUIRE(rig.pl->has_unsynced_writes());
    refused = rig.pl->TakeCheckpoint().error().code == Errc::DbBusy;
    return {};
  });
  CHECK(mid.ok());
  CHECK(refused);
  CHECK(rig.pl->TakeCheckpoint().ok());
}

TEST_CASE("page log: seeding, next_seq, a second VFS name, and ResetImage") {
  Rig a("sip-pagelog-t6");
  {
    auto s = Store::Open(kPath, kNow, a.Options());
    REQUIRE(s.ok());
    REQUIRE(PutSetting(*s, "staff.name", "Sparad").ok());
  }
  CHECK(PageLog::Create("sip-pagelog-t6").error().code == Errc::Internal);   // taken

  // A restart: replay, continue the sequence, and the next checkpoint covers what the log held.
  auto r = Replay({}, a.log);
  auto b = PageLog::Create("sip-pagelog-t6b", r.image, r.last_seq + 1, r.touched);
  REQUIRE(b.ok());
  uint64_t seen = 0;
  (*b)->SetSink([&](std::vector<uint8_t>, uint64_t seq) { seen = seq; });
  {
    auto s = Store::Open(kPath, kNow, {.create = true, .read_only = false, .vfs = "sip-pagelog-t6b"});
    REQUIRE(s.ok());
    CHECK(s->schema().applied == 0);
    CHECK(**settings_repo::Get(*s, "staff.name") == "Sparad");
    REQUIRE(PutSetting(*s, "staff.unit", "Norr").ok());
    CHECK(seen == r.last_seq + 1);
    CHECK((*b)->ResetImage({}).error().code == Errc::DbBusy);   // still open
  }
  auto cp = (*b)->TakeCheckpoint();
  REQUIRE(cp.ok());
  std::vector<uint8_t> base;
  ApplyCheckpoint(base, *cp);
  CHECK(base == (*b)->image());

  // "Starta en ny databas": an empty image; the next checkpoint truncates the base to nothing.
  REQUIRE((*b)->ResetImage({}).ok());
  CHECK((*b)->HasCheckpointWork());
  auto cp2 = (*b)->TakeCheckpoint();
  REQUIRE(cp2.ok());
  ApplyCheckpoint(base, *cp2);
  CHECK(base.empty());
  auto s = Store::Open(kPath, kNow, {.create = true, .read_only = false, .vfs = "sip-pagelog-t6b"});
  REQUIRE(s.ok());
  CHECK(s->schema().version_before == 0);
}
