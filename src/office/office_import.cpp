// sipoffice/office_import.cpp — bundles in: verifying, importing one or many files (worker threads open them,
// the calling thread stores them), the audit chains per device and the counts.

#include <algorithm>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_set>

#include "bundle/crypto.h"
#include "bundle/encoding.h"
#include "core/time.h"
#include "office/office.h"
#include "office/office_impl.h"

namespace sip::office {

namespace {

// Reads a bundle file, at most `cap` bytes.
Result<Bytes> ReadBundleFile(const std::string& path, size_t cap) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) return Error{Errc::FileUnreadable, ""};
  if (size > cap) return Error{Errc::BundleTooLarge, "file over the limit"};
  Bytes b(static_cast<size_t>(size));
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return Error{Errc::FileUnreadable, ""};
  const size_t got = b.empty() ? 0 : std::fread(b.data(), 1, b.size(), f);
  std::fclose(f);
  if (got != b.size()) return Error{Errc::FileUnreadable, ""};
  return b;
}

std::string Hex(const bundle::Sha256Digest& d) { return bundle::HexEncode(d.data(), d.size()); }

}  // namespace

// ---------------------------------------------------------------------------------------------------------
// bundles
// ---------------------------------------------------------------------------------------------------------
Result<bundle::OpenedBundle> Office::Verify(const uint8_t* file, size_t size) const {
  if (!impl_->import_unlocked) return Error{Errc::Internal, "Verify() needs the import keys"};
  return bundle::OpenBundle(file, size, impl_->Params());
}

ImportOutcome Office::Import(const uint8_t* file, size_t size, std::string_view source_name) {
  Impl& im = *impl_;
  if (!im.import_unlocked) {
    ImportOutcome out;
    out.error = {Errc::Internal, "Import() needs the import keys"};
    return out;
  }
  Pending p;
  const bundle::Sha256Digest digest = bundle::Sha256(file, size);
  p.file_sha256 = Hex(digest);
  // A file imported before is never decrypted again.
  auto known = im.KnownFile(p.file_sha256);
  if (!known) {
    ImportOutcome out;
    out.error = known.error();
    return out;
  }
  p.known_file = *known;
  if (!p.known_file) p.opened = bundle::OpenBundle(file, size, im.Params(), &digest);
  return im.Store(p, source_name);
}

ImportOutcome Office::Impl::Store(Pending& p, std::string_view source_name) {
  Impl& im = *this;
  ImportOutcome out;
  auto refuse = [&](Error e) {
    out.status = ImportStatus::Refused;
    out.error = std::move(e);
    return out;
  };
  auto stp = im.Statements();
  if (!stp) return refuse(stp.error());
  ImportStatements& st = **stp;

  if (p.known_file) {
    st.by_file.Reset();
    st.by_file.Bind(1, p.file_sha256);
    auto row = st.by_file.Step();
    if (!row) return refuse(row.error());
    if (!*row) {
      st.by_file.Reset();
      return refuse({Errc::Internal, "known file not found"});
    }
    out.status = ImportStatus::AlreadyImported;
    out.jti = st.by_file.Text(0);
    out.kid = st.by_file.Text(1);
    out.seq = static_cast<uint64_t>(st.by_file.Int(2));
    out.jws_hash = st.by_file.Text(3);
    st.by_file.Reset();
    return out;
  }

  if (!p.opened) return refuse(p.opened.error());
  const bundle::OpenedBundle& opened = *p.opened;
  const bundle::BundleClaims& c = opened.claims;
  out.jti = c.jti;
  out.kid = c.iss;
  out.seq = c.seq;
  out.jws_hash = opened.jws_hash;

  auto tx = Transaction::Begin(im.db);
  if (!tx) return refuse(tx.error());
  // Same jti: the same bundle (re-encrypted, or the same file twice in one run) or a contradiction.
  std::string conflict_code, existing_jti;
  st.by_jti.Reset();
  st.by_jti.Bind(1, c.jti);
  auto row = st.by_jti.Step();
  if (!row) return refuse(row.error());
  if (*row) {
    const std::string hash = st.by_jti.Text(2);
    st.by_jti.Reset();
    if (hash == opened.jws_hash) {
      out.status = ImportStatus::AlreadyImported;
      return out;   // ~Transaction rolls back: nothing was written
    }
    conflict_code = "bundle_duplicate_jti";
    existing_jti = c.jti;
  }
  st.by_jti.Reset();
  if (conflict_code.empty()) {
    st.by_seq.Reset();
    st.by_seq.Bind(1, c.iss).Bind(2, static_cast<int64_t>(c.seq));
    auto srow = st.by_seq.Step();
    if (!srow) return refuse(srow.error());
    if (*srow) {
      conflict_code = "bundle_seq_conflict";
      existing_jti = st.by_seq.Text(0);
    }
    st.by_seq.Reset();
  }
  const int64_t now = im.Now();
  if (!conflict_code.empty()) {
    st.flag.Reset();
    st.flag.Bind(1, conflict_code).Bind(2, c.jti).Bind(3, c.iss).Bind(4, static_cast<int64_t>(c.seq))
        .Bind(5, opened.jws_hash).Bind(6, p.file_sha256).Bind(7, existing_jti).Bind(8, source_name).Bind(9, now)
        .Bind(10, opened.jws);
    if (auto r = st.flag.Run(); !r) return refuse(r.error());
    st.flag.Reset();
    if (auto r = tx->Commit(); !r) return refuse(r.error());
    out.status = ImportStatus::Flagged;
    out.existing_jti = existing_jti;
    out.error = Error{conflict_code == "bundle_duplicate_jti" ? Errc::BundleDuplicateJti : Errc::BundleSeqConflict,
                      "contradicts imported bundle " + existing_jti};
    return out;
  }
  const JwsColumns cols = SplitJws(opened.jws, opened.payload_text);
  st.insert.Reset();
  st.insert.Bind(1, c.jti).Bind(2, c.iss).Bind(3, static_cast<int64_t>(c.seq)).Bind(4, c.prev)
      .Bind(5, opened.jws_hash).Bind(6, p.file_sha256).Bind(7, c.case_id)
      .Bind(8, c.kind == bundle::BundleKind::Plan ? "plan" : "follow_up").Bind(9, int64_t{c.plan_version})
      .Bind(10, c.iat).Bind(11, now).Bind(12, source_name).Bind(13, cols.payload).Bind(14, cols.protected_b64)
      .Bind(15, cols.signature_b64);
  if (auto r = st.insert.Run(); !r) {
    st.insert.Reset();
    return refuse(r.error());
  }
  st.insert.Reset();
  if (auto r = tx->Commit(); !r) return refuse(r.error());
  out.status = ImportStatus::Imported;
  return out;
}

void Office::ImportFiles(const std::vector<std::string>& paths, unsigned threads,
                         const std::function<void(size_t, const ImportOutcome&)>& on_result) {
  Impl& im = *impl_;
  const size_t n = paths.size();
  auto report = [&](size_t i, const ImportOutcome& o) {
    if (on_result) on_result(i, o);
  };
  if (!im.import_unlocked) {
    ImportOutcome out;
    out.error = {Errc::Internal, "ImportFiles() needs the import keys"};
    for (size_t i = 0; i < n; ++i) report(i, out);
    return;
  }
  // Files imported before this run, by SHA-256: workers skip opening them (read-only during the run).
  std::unordered_set<std::string> known;
  {
    auto st = Statement::Prepare(im.db, "SELECT file_sha256 FROM bundles;");
    if (st) {
      for (;;) {
        auto row = st->Step();
        if (!row || !*row) break;
        known.insert(st->Text(0));
      }
    }
  }
  const bundle::OpenParams params = im.Params();   // one "now" for the checks of the whole run
  const size_t cap = params.limits.max_file_bytes;
  auto work = [&](size_t i, Pending& p) {
    auto file = ReadBundleFile(paths[i], cap);
    if (!file) {
      p.opened = file.error();
      return;
    }
    const bundle::Sha256Digest digest = bundle::Sha256(file->data(), file->size());
    p.file_sha256 = Hex(digest);
    if (known.count(p.file_sha256)) {
      p.known_file = true;
      return;
    }
    p.opened = bundle::OpenBundle(file->data(), file->size(), params, &digest);
    // Storing needs the claims and the JWS, not the parsed payload: free it here, on the thread that built it
    // (freed on the storing thread, its thousands of nodes cost that thread more than the insert).
    if (p.opened) p.opened->payload = Json();
  };
  auto name_of = [&](size_t i) { return std::filesystem::path(paths[i]).filename().string(); };

  // Bundles are stored in batches of up to kBatch, one commit each: a commit (its WAL frames and write
  // calls) costs more than a bundle's rows. Inside the batch each bundle is a savepoint (Store's Transaction),
  // so a refused or flagged bundle undoes only its own writes. Outcomes are reported once their batch is
  // committed; if that commit fails, every bundle of the batch that would have been written is reported
  // refused with its error. A run killed mid-batch loses only unreported imports: run it again.
  constexpr size_t kBatch = 64;
  std::optional<Transaction> batch;
  std::vector<std::pair<size_t, ImportOutcome>> held;
  auto flush = [&] {
    if (batch) {
      auto committed = batch->Commit();
      batch.reset();
      if (!committed)
        for (auto& [i, o] : held)
          if (o.status == ImportStatus::Imported || o.status == ImportStatus::Flagged) {
            o.status = ImportStatus::Refused;
            o.error = committed.error();
          }
    }
    for (const auto& [i, o] : held) report(i, o);
    held.clear();
  };
  auto store = [&](size_t i, Pending& p) {
    if (!batch) {
      auto tx = Transaction::Begin(im.db);   // if it cannot begin, each bundle commits on its own
      if (tx) batch.emplace(std::move(*tx));
    }
    held.emplace_back(i, im.Store(p, name_of(i)));
    if (held.size() >= kBatch) flush();
  };

  if (threads <= 1 || n < 2) {
    for (size_t i = 0; i < n; ++i) {
      Pending p;
      work(i, p);
      store(i, p);
    }
    flush();
    return;
  }

  // Workers claim files in order, at most `window` ahead of the last one stored; the calling thread stores
  // them in order as they complete. An opened bundle waiting to be stored holds about 45 KB (its JWS and
  // payload text), so the window holds up to about 20 MB: wide enough that the workers go on while a commit
  // writes (128 per thread rather than 16: +10 % at 10,000 bundles, bench/office_import.cpp).
  const size_t window = std::min<size_t>(size_t{128} * threads, 512);
  std::vector<std::unique_ptr<Pending>> slots(n);
  std::vector<char> done(n, 0);
  std::mutex mu;
  std::condition_variable cv;
  size_t next_claim = 0, stored = 0;
  auto worker = [&] {
    for (;;) {
      size_t i;
      {
        std::unique_lock<std::mutex> lock(mu);
        cv.wait(lock, [&] { return next_claim >= n || next_claim < stored + window; });
        if (next_claim >= n) return;
        i = next_claim++;
      }
      auto p = std::make_unique<Pending>();
      work(i, *p);
      {
        std::lock_guard<std::mutex> lock(mu);
        slots[i] = std::move(p);
        done[i] = 1;
      }
      cv.notify_all();
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t) pool.emplace_back(worker);
  for (size_t i = 0; i < n; ++i) {
    std::unique_ptr<Pending> p;
    {
      std::unique_lock<std::mutex> lock(mu);
      cv.wait(lock, [&] { return done[i] != 0; });
      p = std::move(slots[i]);
    }
    store(i, *p);
    p.reset();
    {
      std::lock_guard<std::mutex> lock(mu);
      stored = i + 1;
    }
    cv.notify_all();
  }
  flush();
  for (auto& t : pool) t.join();
}

Result<void> Office::Checkpoint() { return impl_->db.Exec("PRAGMA wal_checkpoint(TRUNCATE);"); }

Result<ChainReport> Office::Chains(const std::vector<std::string>& kids) const {
  ChainReport out;
  auto walk = [&](Statement& st) -> Result<void> {
    std::string kid, prev_hash;
    uint64_t expected = 1, last_seq = 0;
    for (;;) {
      auto row = st.Step();
      if (!row) return row.error();
      if (!*row) break;
      const std::string k = st.Text(0);
      const auto seq = static_cast<uint64_t>(st.Int(1));
      if (k != kid) {
        kid = k;
        expected = 1;
        last_seq = 0;
        prev_hash.clear();
      }
      if (seq > expected) out.gaps.push_back({kid, expected, seq - 1});
      if (last_seq != 0 && seq == last_seq + 1 && st.Text(2) != prev_hash) out.broken.push_back({kid, seq, st.Text(4)});
      prev_hash = st.Text(3);
      last_seq = seq;
      expected = seq + 1;
    }
    return {};
  };
  if (kids.empty()) {
    auto st = Statement::Prepare(impl_->db, "SELECT kid, seq, prev, jws_hash, jti FROM bundles ORDER BY kid, seq;");
    if (!st) return st.error();
    SIP_TRY(walk(*st));
  } else {
    auto st = Statement::Prepare(impl_->db, "SELECT kid, seq, prev, jws_hash, jti FROM bundles WHERE kid=?1 ORDER BY seq;");
    if (!st) return st.error();
    std::vector<std::string> sorted = kids;
    std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    for (const auto& k : sorted) {
      st->Reset();
      st->Bind(1, k);
      SIP_TRY(walk(*st));
    }
  }
  return out;
}

Result<Counts> Office::CountAll() const {
  auto st = Statement::Prepare(impl_->db,
                               "SELECT (SELECT count(*) FROM bundles), (SELECT count(DISTINCT kid) FROM bundles), "
                               "(SELECT count(*) FROM flags), (SELECT count(*) FROM receipt_items);");
  if (!st) return st.error();
  auto row = st->Step();
  if (!row) return row.error();
  return Counts{st->Int(0), st->Int(1), st->Int(2), st->Int(3)};
}

}  // namespace sip::office
