-- 0002_pending_enrollments: enrollment requests that arrived over the network (`sipfield office serve`,
-- POST /api/v1/enrollments). Nothing here is trusted: a request waits until an administrator approves it
-- (`sipfield office enroll --approve KID`), which enrolls it like a request file and deletes the row.
-- The request is stored as signed (it was verified when it arrived, and is verified again on approval).
CREATE TABLE pending_enrollments (
  kid         TEXT PRIMARY KEY NOT NULL,
  request_jws TEXT NOT NULL,
  received_at INTEGER NOT NULL
) STRICT;
