// sipstore/audit.h — the audit log: append-only, hash-chained, written in the same transaction as the
// change it records.
//
// Each entry holds the fields the health-care logging rules ask for — action, time, user and the person
// concerned (through the case) — plus what changed. Its `hash` is SHA-256 over the previous entry's hash and
// its own fields (EntryHash), so editing, deleting or reordering entries breaks the chain; the head (last
// seq and hash) is also kept in the meta table, so cutting off the tail is detected as well. Verify()
// recomputes everything and names the first broken link.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"

namespace sip::store {

class Store;
class WriteTx;

struct AuditEntry {
  int64_t seq = 0;           // assigned on append
  std::string at;            // ISO 8601 UTC
  std::string actor;         // staff member on this device
  std::string case_id;       // "" for device-level changes (settings)
  std::string action;        // command or event type
  std::string data;          // JSON text of what changed
  std::string prev_hash;     // hex; 64 zeros for the first entry
  std::string hash;          // hex
};

// Hex SHA-256 over prev_hash, seq and the entry's fields, each length-prefixed (unambiguous).
std::string EntryHash(const AuditEntry& e);

struct AuditVerdict {
  bool ok = true;
  int64_t entries = 0;            // entries checked
  int64_t first_broken_seq = 0;   // 0 when ok
  std::string reason;             // "hash mismatch", "chain broken", "sequence gap", "head mismatch"
};

namespace audit_repo {
// Appends with the next seq and the chain hashes; valid only inside Store::Write(). Returns the seq.
Result<int64_t> Append(WriteTx& tx, AuditEntry e);
// Entries in order, for one case ("" = all), at most `limit` (0 = all), the newest `limit` when limited.
Result<std::vector<AuditEntry>> List(const Store& store, std::string_view case_id, int limit);
// Recomputes the whole chain.
Result<AuditVerdict> Verify(const Store& store);
}  // namespace audit_repo

}  // namespace sip::store
