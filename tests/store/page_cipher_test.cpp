// Encryption at rest of the page log's storage (store/page_cipher.h): a database written through the page-log
// VFS leaves only sealed bytes (no known name, identity number or free text in any spelling), reopens to the
// same content, and every kind of tampering — a flipped byte anywhere that matters, a block moved or swapped
// with an older version of itself, a record from another database, a gap — is refused with a stable code
// while an interrupted checkpoint still opens.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "store/page_cipher.h"
#include "store/page_log.h"
#include "store/sqlite.h"

using namespace sip;
using namespace sip::store;

namespace {

constexpr const char* kPath = "sipfield.db";

std::array<uint8_t, 32> KeyBytes(uint8_t fill) {
  std::array<uint8_t, 32> k{};
  k.fill(fill);
  return k;
}

// A page-log VFS whose records are sealed into `log`, with checkpoints sealed into `base`, as the platform
// does it.
struct SealedRig {
  PageCipher cipher{KeyBytes(7)};
  SealedBase state;
  std::vector<uint8_t> base;
  std::vector<uint8_t> log;
  std::unique_ptr<PageLog> pl;

  explicit SealedRig(const std::string& vfs, uint32_t min_capacity = 0) {
    auto sealed = SealedBase::SealImage(cipher, {}, 1, &state, min_capacity);
    REQUIRE(sealed.ok());
    base = std::move(*sealed);
    auto r = PageLog::Create(vfs);
    REQUIRE(r.ok());
    pl = std::move(*r);
    pl->SetSink([this](std::vector<uint8_t> rec, uint64_t seq) {
      auto sealed_rec = cipher.SealRecord(state.file_id(), seq, rec);
      log.insert(log.end(), sealed_rec.begin(), sealed_rec.end());
    });
  }
  // The sealed checkpoint, not yet applied.
  Checkpoint TakeSealedCheckpoint() {
    auto cp = pl->TakeCheckpoint();
    REQUIRE(cp.ok());
    auto sealed = state.SealCheckpoint(cipher, *cp, pl->image(), pl->next_seq());
    REQUIRE(sealed.ok());
    return *sealed;
  }
  void DoCheckpoint() {
    ApplyCheckpoint(base, TakeSealedCheckpoint());
    log.clear();
  }
  Database Open() {
    auto db = Database::Open(kPath, {.create = true, .read_only = false, .vfs = pl->vfs_name()});
    REQUIRE(db.ok());
    return std::move(*db);
  }
};

void Exec(Database& db, const std::string& sql) {
  auto r = db.Exec(sql);
  INFO(r.error().detail);
  REQUIRE(r.ok());
}

void Insert(Database& db, const std::string& text) {
  auto st = Statement::Prepare(db, "INSERT INTO notes(text) VALUES (?1);");
  REQUIRE(st.ok());
  st->Bind(1, text);
  REQUIRE(st->Run().ok());
}

// 30 rows, a checkpoint, then every third row changed and 10 more: a base with a log over it. With `kept`, a
// second table in the base that the writes after the checkpoint leave alone.
void BaseThenLog(SealedRig& rig, bool kept = false) {
  Database db = rig.Open();
  Exec(db, "CREATE TABLE notes(id INTEGER PRIMARY KEY, text TEXT NOT NULL);");
  for (int i = 0; i < 30; ++i) Insert(db, "rad " + std::to_string(i) + std::string(400, 'b'));
  if (kept) Exec(db, "CREATE TABLE kept(text TEXT NOT NULL); INSERT INTO kept SELECT text FROM notes;");
  rig.DoCheckpoint();
  Exec(db, "UPDATE notes SET text = 'ny ' || id WHERE id % 3 = 0;");
  for (int i = 0; i < 10; ++i) Insert(db, "mer " + std::to_string(i) + std::string(400, 'c'));
}

Errc OpenCode(const PageCipher& c, const std::vector<uint8_t>& base, const std::vector<uint8_t>& log) {
  auto r = OpenSealedDatabase(c, base, log);
  return r.ok() ? Errc::Ok : r.error().code;
}

bool Contains(const std::vector<uint8_t>& hay, const std::string& needle) {
  return std::search(hay.begin(), hay.end(), needle.begin(), needle.end()) != hay.end();
}

// Every spelling of the valid identity numbers in the shared test list.
std::vector<std::string> IdentitySpellings(size_t max_rows) {
  std::ifstream f(std::string(SIP_TESTDATA_DIR) + "/personnummer-list.json");
  REQUIRE(f.good());
  auto list = nlohmann::json::parse(f);
  std::vector<std::string> out;
  for (const auto& row : list) {
    if (!row.value("valid", false)) continue;
    for (const char* k : {"long_format", "short_format", "separated_format", "separated_long"})
      out.push_back(row.at(k).get<std::string>());
    if (out.size() >= 4 * max_rows) break;
  }
  return out;
}

}  // namespace

TEST_CASE("page cipher: a sealed database reopens to the same bytes, and no stored byte holds a known string") {
  SealedRig rig("sip-cipher-t1");
  const std::vector<std::string> ids = IdentitySpellings(1000);
  REQUIRE(ids.size() >= 20);
  const std::vector<std::string> texts = {"Astrid Lindqvist", "Märta Öberg-Åkesson", "Bengt Svensson",
                                          "Behöver hjälp med dusch på morgonen, rädd för att falla i badrummet",
                                          "Dottern Karin ringer varje söndag kväll"};
  {
    Database db = rig.Open();
    Exec(db, "CREATE TABLE notes(id INTEGER PRIMARY KEY, text TEXT NOT NULL);");
    for (const auto& t : texts) Insert(db, t);
    for (size_t i = 0; i < ids.size() / 2; ++i) Insert(db, ids[i]);
    rig.DoCheckpoint();   // half of it in the base file, half only in the log
    for (size_t i = ids.size() / 2; i < ids.size(); ++i) Insert(db, ids[i]);
    Insert(db, "Anteckning efter kontrollpunkten");
  }
  CHECK_FALSE(rig.log.empty());
  for (const auto& s : texts) {
    CHECK_FALSE(Contains(rig.base, s));
    CHECK_FALSE(Contains(rig.log, s));
  }
  for (const auto& s : ids) {
    CHECK_FALSE(Contains(rig.base, s));
    CHECK_FALSE(Contains(rig.log, s));
  }
  CHECK_FALSE(Contains(rig.base, "SQLite format 3"));
  CHECK_FALSE(Contains(rig.log, "SIPL"));   // not even the plaintext record framing

  auto opened = OpenSealedDatabase(rig.cipher, rig.base, rig.log);
  REQUIRE(opened.ok());
  CHECK(opened->replay.image == rig.pl->image());
  CHECK(opened->next_seq == rig.pl->next_seq());
  CHECK(opened->base.file_id() == rig.state.file_id());

  // Going on from the reopened state: a checkpoint of it opens again with an empty log.
  rig.DoCheckpoint();
  auto again = OpenSealedDatabase(rig.cipher, rig.base, {});
  REQUIRE(again.ok());
  CHECK(again->replay.image == rig.pl->image());

  // The wrong key releases nothing.
  PageCipher other(KeyBytes(8));
  CHECK(OpenCode(other, rig.base, {}) == Errc::DbPageAuth);
  CHECK(OpenCode(other, rig.base, rig.log) == Errc::DbPageAuth);
}

TEST_CASE("page cipher: a flipped byte in any header, manifest, block or record is refused") {
  SealedRig rig("sip-cipher-t2");
  {
    Database db = rig.Open();
    Exec(db, "CREATE TABLE notes(id INTEGER PRIMARY KEY, text TEXT NOT NULL);");
    for (int i = 0; i < 20; ++i) Insert(db, "rad " + std::to_string(i) + std::string(300, 'x'));
    rig.DoCheckpoint();
    Insert(db, "efter");
    Insert(db, "sist");
  }
  REQUIRE(OpenCode(rig.cipher, rig.base, rig.log) == Errc::Ok);
  const uint64_t data = DataOffset(rig.state.capacity());
  const uint64_t area = ManifestArea(rig.state.capacity());

  // Which bytes matter: the header's fields and checkpoint mark, the current manifest (the second copy after one
  // checkpoint), every block slot in full (its padding must stay zero), every byte of the log.
  std::vector<uint64_t> offsets;
  for (uint64_t i = 0; i < 32 + 4 + kSealNonce + kSealTag; ++i) offsets.push_back(i);
  const uint64_t manifest = kSealedHeaderSize + area;
  const uint64_t manifest_len = 4 + 4 + kSealNonce + kSealTag + (rig.base[manifest] | rig.base[manifest + 1] << 8);
  for (uint64_t i = 0; i < manifest_len; ++i) offsets.push_back(manifest + i);
  for (uint64_t i = data; i < rig.base.size(); i += (i - data) % kSlotSize < kSlotHeader + 64 ? 1 : 97)
    offsets.push_back(i);
  size_t refused = 0;
  for (uint64_t off : offsets) {
    std::vector<uint8_t> bad = rig.base;
    bad[off] ^= 0x01;
    const Errc code = OpenCode(rig.cipher, bad, rig.log);
    if (code != Errc::DbPageAuth && code != Errc::DbPageMismatch) FAIL_CHECK("base byte " << off << " accepted");
    refused += code != Errc::Ok;
  }
  CHECK(refused == offsets.size());
  for (uint64_t off = 0; off < rig.log.size(); ++off) {
    std::vector<uint8_t> bad = rig.log;
    bad[off] ^= 0x80;
    const Errc code = OpenCode(rig.cipher, rig.base, bad);
    if (code != Errc::DbPageAuth && code != Errc::DbPageMismatch) FAIL_CHECK("log byte " << off << " accepted");
  }
}

TEST_CASE("page cipher: a block moved or swapped with its older self, or a record from elsewhere, is refused") {
  SealedRig rig("sip-cipher-t3");
  std::vector<uint8_t> old_base;
  {
    Database db = rig.Open();
    Exec(db, "CREATE TABLE notes(id INTEGER PRIMARY KEY, text TEXT NOT NULL);");
    for (int i = 0; i < 12; ++i) Insert(db, "första " + std::to_string(i) + std::string(500, 'a'));
    rig.DoCheckpoint();
    old_base = rig.base;
    Exec(db, "UPDATE notes SET text = 'ändrad ' || id;");
    rig.DoCheckpoint();
  }
  REQUIRE(OpenCode(rig.cipher, rig.base, {}) == Errc::Ok);
  const uint64_t data = DataOffset(rig.state.capacity());
  const uint64_t blocks = (rig.base.size() - data) / kSlotSize;
  REQUIRE(blocks >= 3);

  // Swapped with an older version of itself: authentic, in its place, but stale.
  size_t stale_found = 0;
  for (uint64_t b = 0; b < blocks; ++b) {
    const uint64_t at = data + b * kSlotSize;
    if (at + kSlotSize > old_base.size()) continue;
    if (std::equal(old_base.begin() + at, old_base.begin() + at + kSlotSize, rig.base.begin() + at)) continue;
    std::vector<uint8_t> bad = rig.base;
    std::copy(old_base.begin() + at, old_base.begin() + at + kSlotSize, bad.begin() + at);
    CHECK(OpenCode(rig.cipher, bad, {}) == Errc::DbPageMismatch);
    ++stale_found;
  }
  CHECK(stale_found >= 1);

  // Moved: block 1's slot copied over block 2's.
  {
    std::vector<uint8_t> bad = rig.base;
    std::copy(rig.base.begin() + data + kSlotSize, rig.base.begin() + data + 2 * kSlotSize, bad.begin() + data + 2 * kSlotSize);
    CHECK(OpenCode(rig.cipher, bad, {}) == Errc::DbPageAuth);
  }

  // The whole older manifest put back (rolling the manifest back) with the new blocks: stale blocks.
  {
    std::vector<uint8_t> bad = rig.base;
    const uint64_t area = ManifestArea(rig.state.capacity());
    std::copy(old_base.begin() + kSealedHeaderSize + area, old_base.begin() + kSealedHeaderSize + 2 * area,
              bad.begin() + kSealedHeaderSize + area);
    std::copy(old_base.begin() + kSealedHeaderSize, old_base.begin() + kSealedHeaderSize + area,
              bad.begin() + kSealedHeaderSize);
    CHECK(OpenCode(rig.cipher, bad, {}) == Errc::DbPageMismatch);
  }

  // A record from another database under the same key (another file id), with the right seq.
  {
    Database db = rig.Open();
    Insert(db, "en till");
  }
  REQUIRE(OpenCode(rig.cipher, rig.base, rig.log) == Errc::Ok);
  {
    SealedBase other;
    REQUIRE(SealedBase::SealImage(rig.cipher, rig.pl->image(), 1, &other).ok());
    std::vector<uint8_t> plain = EncodeRecord(rig.pl->next_seq(), rig.pl->image(), {{0, 4096}});
    std::vector<uint8_t> foreign = rig.cipher.SealRecord(other.file_id(), rig.pl->next_seq(), plain);
    std::vector<uint8_t> bad = rig.log;
    bad.insert(bad.end(), foreign.begin(), foreign.end());
    CHECK(OpenCode(rig.cipher, rig.base, bad) == Errc::DbPageAuth);
    // The same record sealed for this file is accepted: the refusal above is about the file.
    std::vector<uint8_t> own = rig.cipher.SealRecord(rig.state.file_id(), rig.pl->next_seq(), plain);
    std::vector<uint8_t> good = rig.log;
    good.insert(good.end(), own.begin(), own.end());
    CHECK(OpenCode(rig.cipher, rig.base, good) == Errc::Ok);
    // A record replayed twice (a gap in the sequence).
    std::vector<uint8_t> twice = rig.log;
    twice.insert(twice.end(), rig.log.begin(), rig.log.end());
    CHECK(OpenCode(rig.cipher, rig.base, twice) == Errc::DbPageMismatch);
    // A log that belongs to an earlier base state (its records are already folded in, and more happened since).
    CHECK(OpenCode(rig.cipher, old_base, rig.log) == Errc::DbPageMismatch);
  }
}

TEST_CASE("page cipher: a torn last record is a crash, not tampering; an interrupted checkpoint still opens") {
  SealedRig rig("sip-cipher-t4");
  BaseThenLog(rig);
  const std::vector<uint8_t> expected = rig.pl->image();
  const std::vector<uint8_t> base0 = rig.base;
  const std::vector<uint8_t> log0 = rig.log;

  // Torn tails: a cut anywhere inside the last record, or zeros after it.
  {
    auto full = OpenSealedDatabase(rig.cipher, base0, log0);
    REQUIRE(full.ok());
    std::vector<uint8_t> cut(log0.begin(), log0.end() - 7);
    auto torn = OpenSealedDatabase(rig.cipher, base0, cut);
    REQUIRE(torn.ok());
    CHECK(torn->replay.torn_tail_bytes > 0);
    CHECK(torn->next_seq + 1 == full->next_seq);
    std::vector<uint8_t> zeros = log0;
    zeros.resize(log0.size() + 100, 0);
    CHECK(OpenCode(rig.cipher, base0, zeros) == Errc::Ok);
  }

  // The checkpoint's writes land in any prefix, in order or reversed, and the log is still there.
  const Checkpoint cp = rig.TakeSealedCheckpoint();
  REQUIRE(cp.extents.size() >= 2);
  for (int reversed = 0; reversed < 2; ++reversed) {
    for (size_t k = 0; k <= cp.extents.size(); ++k) {
      std::vector<uint8_t> base = base0;
      std::vector<size_t> order(cp.extents.size());
      std::vector<uint64_t> at(cp.extents.size());
      for (size_t i = 0, a = 0; i < order.size(); ++i) {
        order[i] = reversed ? order.size() - 1 - i : i;
        at[i] = a;
        a += cp.extents[i].length;
      }
      for (size_t j = 0; j < k; ++j) {
        const size_t i = order[j];
        const Extent& e = cp.extents[i];
        if (base.size() < e.offset + e.length) base.resize(e.offset + e.length);
        std::copy(cp.data.begin() + static_cast<ptrdiff_t>(at[i]), cp.data.begin() + static_cast<ptrdiff_t>(at[i] + e.length),
                  base.begin() + static_cast<ptrdiff_t>(e.offset));
      }
      if (k == cp.extents.size()) base.resize(cp.size);
      auto r = OpenSealedDatabase(rig.cipher, base, log0);
      INFO("reversed " << reversed << ", writes " << k << ": " << (r.ok() ? "" : r.error().detail));
      REQUIRE(r.ok());
      CHECK(r->replay.image == expected);
    }
  }
  // Completed but the log not yet emptied, and completed with the log emptied.
  std::vector<uint8_t> done = base0;
  ApplyCheckpoint(done, cp);
  CHECK(OpenCode(rig.cipher, done, log0) == Errc::Ok);
  auto after = OpenSealedDatabase(rig.cipher, done, {});
  REQUIRE(after.ok());
  CHECK(after->replay.image == expected);
  // But with the log gone, a half-written checkpoint is stale blocks nobody rewrites: refused, not used.
  REQUIRE(cp.barrier == 1);
  const uint64_t two = cp.extents[0].length + cp.extents[1].length;
  std::vector<uint8_t> half = base0;
  ApplyCheckpoint(half, Checkpoint{{cp.extents[0], cp.extents[1]}, {cp.data.begin(), cp.data.begin() + static_cast<ptrdiff_t>(two)}, base0.size()});
  CHECK(OpenCode(rig.cipher, half, {}) != Errc::Ok);
}

TEST_CASE("page cipher: a block slot torn by a power loss inside a checkpoint opens from the log; outside that window it is refused") {
  SealedRig rig("sip-cipher-t6");
  BaseThenLog(rig, /*kept=*/true);
  const std::vector<uint8_t> expected = rig.pl->image();
  const std::vector<uint8_t> base0 = rig.base;
  const std::vector<uint8_t> log0 = rig.log;
  const Checkpoint cp = rig.TakeSealedCheckpoint();
  REQUIRE(cp.barrier == 1);
  REQUIRE(cp.extents.size() >= 3);   // the mark, at least one run of blocks, the manifest
  std::vector<uint64_t> at(cp.extents.size());
  for (size_t i = 0, a = 0; i < cp.extents.size(); ++i) {
    at[i] = a;
    a += cp.extents[i].length;
  }
  // The first `whole` extents written, then extent `e`'s first `cut` bytes (the slot's rest still old): a
  // write torn where the power went.
  auto torn = [&](size_t whole, size_t e, uint64_t cut) {
    std::vector<uint8_t> base = base0;
    for (size_t i = 0; i <= e && i < cp.extents.size(); ++i) {
      const uint64_t n = i < whole ? cp.extents[i].length : (i == e ? cut : 0);
      if (base.size() < cp.extents[i].offset + n) base.resize(cp.extents[i].offset + n);
      std::copy(cp.data.begin() + static_cast<ptrdiff_t>(at[i]), cp.data.begin() + static_cast<ptrdiff_t>(at[i] + n),
                base.begin() + static_cast<ptrdiff_t>(cp.extents[i].offset));
    }
    return base;
  };

  // Inside the window (the mark durable, the log full): a cut at each of the first 64 bytes of every slot the
  // checkpoint writes, then at every 61st, with the writes before it whole.
  size_t cuts = 0;
  const size_t manifest = cp.extents.size() - 1;
  for (size_t e = 1; e < manifest; ++e) {
    for (uint64_t cut = 1; cut < cp.extents[e].length; cut += (cut % kSlotSize) < 64 ? 1 : 61) {
      auto r = OpenSealedDatabase(rig.cipher, torn(e, e, cut), log0);
      if (!r.ok() || r->replay.image != expected) {
        FAIL_CHECK("extent " << e << " cut at " << cut << ": " << (r.ok() ? "another image" : r.error().detail));
        break;
      }
      ++cuts;
    }
  }
  CHECK(cuts >= 500);   // 880 with this database
  // Also after the new manifest landed (written in the same unflushed batch) while the log is still full.
  for (uint64_t cut : {uint64_t{1}, uint64_t{40}, uint64_t{kSlotHeader + 100}}) {
    std::vector<uint8_t> base = torn(cp.extents.size(), cp.extents.size(), 0);
    const std::vector<uint8_t> tear = torn(1, 1, cut);   // the first block slot half new, half old
    std::copy(tear.begin() + static_cast<ptrdiff_t>(cp.extents[1].offset),
              tear.begin() + static_cast<ptrdiff_t>(cp.extents[1].offset + kSlotSize),
              base.begin() + static_cast<ptrdiff_t>(cp.extents[1].offset));
    auto r = OpenSealedDatabase(rig.cipher, base, log0);
    REQUIRE(r.ok());
    CHECK(r->replay.image == expected);
  }

  // Outside the window the same tear is refused: without the mark (a checkpoint of an earlier version, or a
  // forged state), and once the checkpoint completed and the log was emptied.
  {
    std::vector<uint8_t> no_mark = torn(2, 2, 0);
    std::copy(base0.begin() + 32, base0.begin() + 32 + 4 + kSealNonce + kSealTag, no_mark.begin() + 32);
    const std::vector<uint8_t> tear = torn(1, 1, 40);
    std::copy(tear.begin() + static_cast<ptrdiff_t>(cp.extents[1].offset),
              tear.begin() + static_cast<ptrdiff_t>(cp.extents[1].offset + kSlotSize),
              no_mark.begin() + static_cast<ptrdiff_t>(cp.extents[1].offset));
    CHECK(OpenCode(rig.cipher, no_mark, log0) == Errc::DbPageAuth);
    std::vector<uint8_t> done = base0;
    ApplyCheckpoint(done, cp);
    REQUIRE(OpenCode(rig.cipher, done, {}) == Errc::Ok);
    std::copy(tear.begin() + static_cast<ptrdiff_t>(cp.extents[1].offset),
              tear.begin() + static_cast<ptrdiff_t>(cp.extents[1].offset + kSlotSize),
              done.begin() + static_cast<ptrdiff_t>(cp.extents[1].offset));
    CHECK(OpenCode(rig.cipher, done, {}) == Errc::DbPageAuth);
  }
  // And inside it, a torn block the log does not rewrite is refused: a block the checkpoint does not write,
  // damaged while the mark is out.
  {
    std::vector<uint8_t> base = torn(1, 1, 0);
    const uint64_t data = DataOffset(rig.state.capacity());
    uint64_t untouched = 0;
    for (uint64_t b = 0; data + (b + 1) * kSlotSize <= base0.size(); ++b) {
      const uint64_t off = data + b * kSlotSize;
      bool written = false;
      for (const Extent& e : cp.extents) written = written || (e.offset <= off && off < e.offset + e.length);
      if (!written) {
        untouched = off;
        break;
      }
    }
    REQUIRE(untouched != 0);
    base[untouched + kSlotHeader + 5] ^= 0x10;
    CHECK(OpenCode(rig.cipher, base, log0) == Errc::DbPageAuth);
  }
}

TEST_CASE("page cipher: a base that outgrows its manifest is re-sealed whole with the same identity; old or new, the log replays over it") {
  SealedRig rig("sip-cipher-t7", 16);   // room for 16 blocks
  Database db = rig.Open();
  Exec(db, "CREATE TABLE notes(id INTEGER PRIMARY KEY, text TEXT NOT NULL);");
  for (int i = 0; i < 10; ++i) Insert(db, "rad " + std::to_string(i) + std::string(400, 'a'));
  rig.DoCheckpoint();
  REQUIRE(rig.state.capacity() == 16);
  for (int i = 0; i < 200; ++i) Insert(db, "mer " + std::to_string(i) + std::string(400, 'b'));
  const uint64_t blocks = (rig.pl->image().size() + kCipherBlock - 1) / kCipherBlock;
  REQUIRE(blocks > 16);
  const std::vector<uint8_t> expected = rig.pl->image();
  const std::vector<uint8_t> base0 = rig.base;
  const std::vector<uint8_t> log0 = rig.log;
  const FileId id = rig.state.file_id();
  const uint32_t gen = rig.state.gen();

  const Checkpoint cp = rig.TakeSealedCheckpoint();
  CHECK(cp.whole);
  REQUIRE(cp.extents.size() == 1);
  CHECK(cp.extents[0].offset == 0);
  CHECK(cp.extents[0].length == cp.data.size());
  CHECK(cp.size == cp.data.size());
  CHECK(rig.state.capacity() >= 2 * blocks);
  CHECK(rig.state.file_id() == id);
  CHECK(rig.state.gen() == gen + 1);
  CHECK(!Contains(cp.data, "mer 1"));
  // Before the rename, after it with the log still full, after the log was emptied: the same database.
  for (const auto& [base, log] : {std::pair{base0, log0}, std::pair{cp.data, log0}, std::pair{cp.data, std::vector<uint8_t>{}}}) {
    auto r = OpenSealedDatabase(rig.cipher, base, log);
    REQUIRE(r.ok());
    CHECK(r->replay.image == expected);
  }
  // It goes on with ordinary checkpoints into the new file.
  rig.base = cp.data;
  rig.log.clear();
  for (int i = 0; i < 20; ++i) Insert(db, "sist " + std::to_string(i));
  const Checkpoint next = rig.TakeSealedCheckpoint();
  CHECK(!next.whole);
  ApplyCheckpoint(rig.base, next);
  rig.log.clear();
  auto r = OpenSealedDatabase(rig.cipher, rig.base, rig.log);
  REQUIRE(r.ok());
  CHECK(r->replay.image == rig.pl->image());
  // The new file is tamper-checked like any other.
  std::vector<uint8_t> bad = cp.data;
  bad[DataOffset(rig.state.capacity()) + kSlotHeader + 9] ^= 1;
  CHECK(OpenCode(rig.cipher, bad, {}) == Errc::DbPageAuth);
}

TEST_CASE("page cipher: a sealed image is refused when it is not one, and the key is only what it derives") {
  PageCipher c(KeyBytes(1));
  CHECK(OpenCode(c, {}, {}) == Errc::DbPageAuth);
  std::vector<uint8_t> plain(8192, 0);
  std::copy_n("SQLite format 3", 16, plain.begin());
  CHECK_FALSE(LooksSealed(plain));
  CHECK(OpenCode(c, plain, {}) == Errc::DbPageAuth);
  auto sealed = SealedBase::SealImage(c, plain, 5);
  REQUIRE(sealed.ok());
  CHECK(LooksSealed(*sealed));
  auto opened = OpenSealedDatabase(c, *sealed, {});
  REQUIRE(opened.ok());
  CHECK(opened->replay.image == plain);
  CHECK(opened->next_seq == 5);
  // Two seals of one image differ everywhere but the header magic (fresh file id and nonces).
  auto again = SealedBase::SealImage(c, plain, 5);
  REQUIRE(again.ok());
  CHECK(*again != *sealed);
}
