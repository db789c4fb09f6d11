// bench/durable_storage.cpp — the browser's durable save through the real storage stack, with and without the
// page cipher, for bench/cipher-overhead.mjs (issue 13: "the durable-save benchmark with and without
// encryption … as a ratio in the same run"). A wasm program (target bench_durable_storage, built by
// `scripts/build web-bench` into .build/web-bench/bench-dist) driven by bench/web/cipher-overhead-page.js, which
// posts what this program hands it to web/opfs-worker.js, unchanged: one worker per mode.
//
//   mode 0 "plain"   store::PageLog as the app used it before issue 13: plaintext records, plaintext base
//   mode 1 "sealed"  app::Vault as the app uses it now (src/platform/web_lock.cpp): the vault's PageLog, each
//                    record sealed by the vault's sink (PageCipher::SealRecord), checkpoints SealedBase's
//
// Both modes run exactly the same SQL on the same schema, so the only difference is the cipher (and the
// sealed base's layout in the checkpoint after growing, which is not timed).
//
// Exported functions (a negative result is a failure; Module.benchFailed(text) says what failed, if SQLite or
// the vault did):
//   bench_setup(mode, mb)   a fresh database for `mode` (the previous one of that mode is closed first), grown
//                           to about `mb` MiB with 4,000-byte text rows, then its whole state posted as
//                           checkpoints (Module.benchCheckpoint), so the worker's base holds it and the log is
//                           empty, as after the app's idle checkpoint. Records written while growing are not
//                           posted (the checkpoint that follows covers everything they did).
//                           Reports {imageBytes, createMs (Vault::Create: Argon2id), growMs, checkpointMs (taking
//                           and, sealed, sealing the checkpoint), checkpointBytes} via Module.benchSetupDone.
//   bench_commit(mode, i)   one small transaction: the UPDATE of one settings row (what settings.set does, without
//                           the command handler). Its record goes to Module.benchAppend(mode, bytes, seq) from
//                           inside the commit, as PostRecord does in the app. Returns the records posted (1).
//   bench_seal_only(n)      n × PageCipher::SealRecord of the plain mode's last record (no storage, no SQLite):
//                           what sealing alone costs per commit. Returns the mean in microseconds.
//   bench_last_record_bytes()  the size of that record (what one commit hands to storage, before sealing).
//   bench_close()           closes both databases (and the vault: its secrets wiped).
// No personal data: fictional settings values and filler text.
#include <emscripten.h>

#include <array>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/vault.h"
#include "bundle/crypto.h"
#include "store/page_cipher.h"
#include "store/page_log.h"
#include "store/sqlite.h"

namespace {

using sip::app::Vault;
using sip::store::Checkpoint;
using sip::store::Database;
using sip::store::PageLog;
using sip::store::Statement;

constexpr int kPlain = 0;
constexpr int kSealed = 1;
// Fictional; meets core/passphrase.h's rules (four words).
constexpr const char* kPassphrase = "bänkprov lagring nyckel mätning";

EM_JS(void, JsAppend, (int mode, const uint8_t* bytes, uint32_t size, double seq), {
  Module.benchAppend(mode, HEAPU8.slice(bytes, bytes + size), seq);
});
EM_JS(void, JsCheckpoint, (int mode, const uint8_t* data, uint32_t size, const double* triples, uint32_t count,
                           double file_size, uint32_t barrier), {
  Module.benchCheckpoint(mode, HEAPU8.slice(data, data + size),
                         Array.from(HEAPF64.subarray(triples >> 3, (triples >> 3) + count)), file_size, barrier);
});
EM_JS(void, JsFailed, (const char* text), { Module.benchFailed(UTF8ToString(text)); });
EM_JS(void, JsSetupDone, (int mode, double image_bytes, double create_ms, double grow_ms, double checkpoint_ms,
                          double checkpoint_bytes), {
  Module.benchSetupDone(mode, {imageBytes : image_bytes, createMs : create_ms, growMs : grow_ms,
                               checkpointMs : checkpoint_ms, checkpointBytes : checkpoint_bytes});
});

struct ModeState {
  std::unique_ptr<PageLog> plain;   // mode 0
  std::unique_ptr<Vault> vault;     // mode 1
  std::optional<Database> db;
  bool post = false;                // false while growing: records are dropped (the checkpoint covers them)
  int posted = 0;                   // records posted by the current bench_commit
  std::vector<uint8_t> last_record; // a copy of the last record (the plain mode's: for bench_seal_only)
};
ModeState g_modes[2];

int Fail(const std::string& what, const sip::Error& e) {
  const std::string text = what + ": " + std::string(sip::ErrorCode(e.code)) + " " + e.detail;
  JsFailed(text.c_str());
  return -1;
}

// The checkpoint's extents as [fileOffset, dataOffset, length] triples, posted (PostCheckpointBytes in web.cpp).
void PostCheckpoint(int mode, const Checkpoint& cp) {
  std::vector<double> triples;
  triples.reserve(cp.extents.size() * 3);
  uint64_t at = 0;
  for (const auto& e : cp.extents) {
    triples.push_back(static_cast<double>(e.offset));
    triples.push_back(static_cast<double>(at));
    triples.push_back(static_cast<double>(e.length));
    at += e.length;
  }
  JsCheckpoint(mode, cp.data.data(), static_cast<uint32_t>(cp.data.size()), triples.data(),
               static_cast<uint32_t>(triples.size()), static_cast<double>(cp.size), cp.barrier);
}

// A whole file as one checkpoint extent (the sealed base Vault::Create made: written before anything else).
void PostWholeFile(int mode, std::vector<uint8_t> bytes) {
  Checkpoint cp;
  cp.size = bytes.size();
  cp.extents.push_back({0, bytes.size()});
  cp.data = std::move(bytes);
  PostCheckpoint(mode, cp);
}

void Sink(int mode, const std::vector<uint8_t>& record, uint64_t seq) {
  ModeState& m = g_modes[mode];
  m.last_record = record;   // in both modes, so that both pay the same copy (bench_seal_only uses the plain one)
  if (!m.post) return;
  ++m.posted;
  JsAppend(mode, record.data(), static_cast<uint32_t>(record.size()), static_cast<double>(seq));
}

void CloseMode(ModeState& m) {
  m.db.reset();      // no connection may outlive the VFS
  m.vault.reset();   // Lock(): keys and image wiped, VFS unregistered
  m.plain.reset();
  m.post = false;
  m.last_record.clear();
}

PageLog& LogOf(ModeState& m) { return m.vault ? m.vault->page_log() : *m.plain; }

// The app's settings table (src/store/migrations/0001_init.sql) and a table of text rows to give the file its size.
constexpr const char* kSchema =
    "CREATE TABLE settings (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL, updated_at TEXT NOT NULL) STRICT;"
    "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL) STRICT;"
    "INSERT INTO settings (key, value, updated_at) VALUES ('staff.name', 'Bänk 0', '2026-11-20T08:00:00Z');";

std::string FillerRow(int64_t i) {
  const std::string line =
      "Anteckning " + std::to_string(i) + ": hur ser en vanlig dag ut, vad fungerar och vad behöver ändras? ";
  std::string row;
  row.reserve(4000 + line.size());
  while (row.size() < 4000) row += line;
  // Whole UTF-8 characters only: cut at a byte that does not continue a character.
  size_t cut = 4000;
  while (cut > 0 && (static_cast<unsigned char>(row[cut]) & 0xC0) == 0x80) --cut;
  row.resize(cut);
  return row;
}

}  // namespace

extern "C" {

EMSCRIPTEN_KEEPALIVE int bench_setup(int mode, int mb) {
  if (mode != kPlain && mode != kSealed) return -2;
  ModeState& m = g_modes[mode];
  CloseMode(m);
  const double t0 = emscripten_get_now();
  if (mode == kPlain) {
    auto pl = PageLog::Create("bench-plain");
    if (!pl) return Fail("PageLog::Create", pl.error());
    m.plain = std::move(*pl);
    m.plain->SetSink([](std::vector<uint8_t> record, uint64_t seq) { Sink(kPlain, record, seq); });
  } else {
    auto created = Vault::Create(kPassphrase, "bench-sealed");
    if (!created) return Fail("Vault::Create", created.error());
    m.vault = std::move(created->first);
    m.vault->SetSink([](std::vector<uint8_t> sealed, uint64_t seq) { Sink(kSealed, sealed, seq); });
    // The first start writes the new sealed base before anything else (the worker's `seal`; here as one
    // checkpoint extent: the key file is not needed to time appends).
    PostWholeFile(mode, std::move(created->second.base));
  }
  const double t_created = emscripten_get_now();
  const sip::store::OpenOptions options =
      m.vault ? m.vault->options() : sip::store::OpenOptions{.create = true, .read_only = false, .vfs = "bench-plain"};
  auto db = Database::Open("sipfield.db", options);
  if (!db) return Fail("Database::Open", db.error());
  m.db.emplace(std::move(*db));
  if (auto r = m.db->Exec(kSchema); !r) return Fail("schema", r.error());

  // Grow: about 1 MiB (256 rows of 4,000 bytes, one per page) per transaction.
  const uint64_t target = static_cast<uint64_t>(mb) * 1024 * 1024;
  int64_t row = 0;
  while (LogOf(m).image().size() < target) {
    if (auto r = m.db->Exec("BEGIN IMMEDIATE;"); !r) return Fail("begin", r.error());
    auto st = Statement::Prepare(*m.db, "INSERT INTO notes (body) VALUES (?1);");
    if (!st) return Fail("prepare", st.error());
    for (int k = 0; k < 256; ++k, ++row) {
      st->Bind(1, FillerRow(row));
      if (auto r = st->Run(); !r) return Fail("insert", r.error());
      st->Reset();
    }
    if (auto r = m.db->Exec("COMMIT;"); !r) return Fail("commit", r.error());
  }
  const double t1 = emscripten_get_now();

  // Fold everything into the base: the timed saves start from an empty log.
  sip::Result<Checkpoint> cp = m.vault ? m.vault->SealCheckpoint() : m.plain->TakeCheckpoint();
  if (!cp) return Fail("checkpoint", cp.error());
  const double t2 = emscripten_get_now();
  PostCheckpoint(mode, *cp);
  m.post = true;
  JsSetupDone(mode, static_cast<double>(LogOf(m).image().size()), t_created - t0, t1 - t_created, t2 - t1,
              static_cast<double>(cp->data.size()));
  return 0;
}

// One durable save's storage part: the UPDATE of one settings row, committed (its record posted from the sink).
EMSCRIPTEN_KEEPALIVE int bench_commit(int mode, int i) {
  if (mode != kPlain && mode != kSealed) return -2;
  ModeState& m = g_modes[mode];
  if (!m.db) return -3;
  m.posted = 0;
  auto st = Statement::Prepare(*m.db, "UPDATE settings SET value = ?1, updated_at = ?2 WHERE key = 'staff.name';");
  if (!st) return Fail("prepare", st.error());
  char when[32];
  std::snprintf(when, sizeof when, "2026-11-20T%02d:%02d:%02dZ", (i / 3600) % 24, (i / 60) % 60, i % 60);
  st->Bind(1, "Bänk " + std::to_string(i)).Bind(2, std::string_view(when));
  if (auto r = st->Run(); !r) return Fail("update", r.error());
  return m.posted;
}

// What sealing alone costs per commit: PageCipher::SealRecord of the plain mode's last record, `n` times, under
// a key of its own. Returns the mean in microseconds (timed as a whole: the page's clock is coarse, ~0.1 ms).
EMSCRIPTEN_KEEPALIVE double bench_seal_only(int n) {
  const std::vector<uint8_t>& record = g_modes[kPlain].last_record;
  if (record.empty() || n <= 0) return -2;
  std::array<uint8_t, 32> key{};
  key.fill(7);
  const sip::store::PageCipher cipher(key);
  sip::store::FileId file{};
  file.fill(3);
  size_t bytes = 0;
  const double t0 = emscripten_get_now();
  for (int k = 0; k < n; ++k) bytes += cipher.SealRecord(file, static_cast<uint64_t>(k + 1), record).size();
  const double us = (emscripten_get_now() - t0) * 1000.0 / n;
  return bytes > 0 ? us : -1;
}

// The plain mode's last record size (bytes): what one commit hands to storage.
EMSCRIPTEN_KEEPALIVE int bench_last_record_bytes() { return static_cast<int>(g_modes[kPlain].last_record.size()); }

EMSCRIPTEN_KEEPALIVE void bench_close() {
  for (ModeState& m : g_modes) CloseMode(m);
}

}  // extern "C"

int main() {
  if (!sip::bundle::InitCrypto()) {
    JsFailed("InitCrypto failed: no random source");
    return 1;
  }
  return 0;
}
