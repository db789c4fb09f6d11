-- 0005_enrollment: what the office server last said of this device's enrollment (POST /api/v1/enrollments),
-- so Planpaket can say "Väntar på godkännande" across restarts and offline. Only shown: nothing trusts it (the
-- office refuses bundles from a key it has not enrolled, and receipts are checked against the pinned admin key).
-- Shipped migrations are never edited: add a new numbered file instead.

-- '' nothing asked yet (a profile read from a file, enrolled by hand), 'pending', 'approved', 'revoked'.
-- A new profile from the same office keeps it; a profile from another office cannot replace a pinned one.
ALTER TABLE office_profile ADD COLUMN enrollment TEXT NOT NULL DEFAULT ''
  CHECK (enrollment IN ('', 'pending', 'approved', 'revoked'));
ALTER TABLE office_profile ADD COLUMN enrollment_at TEXT NOT NULL DEFAULT '';
