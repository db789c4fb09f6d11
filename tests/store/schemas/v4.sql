-- Frozen dump of a SIP Field database at schema version 4 (0004_case_revision), with fictional data.
-- Never edit: tests/store/schema_dumps_test.cpp migrates it to the current schema.
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE meta (
  key   TEXT PRIMARY KEY NOT NULL,
  value TEXT NOT NULL
) STRICT;
INSERT INTO meta VALUES('version','4');
INSERT INTO meta VALUES('last_compatible_version','1');
INSERT INTO meta VALUES('audit_head','2:1f8bde8a711fb1d23426d865afc5504c828993041a84902df09e9a7df5a10ac6');
CREATE TABLE migration_history (
  version    INTEGER PRIMARY KEY NOT NULL,
  name       TEXT NOT NULL,
  applied_at TEXT NOT NULL
) STRICT;
INSERT INTO migration_history VALUES(1,'0001_init','2026-11-29T23:19:05.225Z');
INSERT INTO migration_history VALUES(2,'0002_cases','2026-11-29T23:19:05.225Z');
INSERT INTO migration_history VALUES(3,'0003_bundles','2026-11-29T23:19:05.225Z');
INSERT INTO migration_history VALUES(4,'0004_case_revision','2026-11-29T23:19:05.225Z');
CREATE TABLE settings (
  key        TEXT PRIMARY KEY NOT NULL,
  value      TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
INSERT INTO settings VALUES('staff.name','Testa Testsson','2026-11-29T23:19:05.258Z');
CREATE TABLE cases (
  id         TEXT PRIMARY KEY NOT NULL,
  step       TEXT NOT NULL,
  created_on TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  doc        TEXT NOT NULL CHECK (json_valid(doc))
, revision INTEGER NOT NULL DEFAULT 0) STRICT;
INSERT INTO cases VALUES('c-363f15c9ddcbc47d','need_detected','2026-11-29','2026-11-29T23:19:05.302Z','{"checklist":[{"done_by":"","done_on":"","item":"consult_manager"},{"done_by":"","done_on":"","item":"compile_need"},{"done_by":"","done_on":"","item":"contact_social_worker"},{"done_by":"","done_on":"","item":"convener_registered"},{"done_by":"","done_on":"","item":"meeting_held"},{"done_by":"","done_on":"","item":"plan_sent_to_convener"},{"done_by":"","done_on":"","item":"commitments_filed"}],"closure":{"closed_on":"","informed_on":"","participants_informed":false,"reason":null,"where_to_turn":""},"consents":[],"convener":{"chair_delegated_to":"","contact":"","name":"","organisation":"","role":null,"role_text":""},"created_on":"2026-11-29","deviation_proposals":[],"deviations":[],"follow_ups":[],"form":"sip","id":"c-363f15c9ddcbc47d","invitation":{"consent_obtained":false,"invitees":[],"meeting_at":"","place":"","purpose":"","questions":[],"sent_on":""},"kind":"new","level":"sip","mapping":[],"meeting":{"agenda":[{"name":"Laget runt bordet","planned_minutes":20,"used_minutes":0},{"name":"Problematisering","planned_minutes":20,"used_minutes":0},{"name":"Planering","planned_minutes":20,"used_minutes":0}],"documenter":"","held_on":"","leader":"","notes":"","participation":null,"participation_reason":""},"next_id":1,"noticed_by":"home_care","noticed_on":"2026-11-20","owner":{"address":"","birth_date":"1990-12-11","identity_number":"199012119948","name":"Test Testsson","phone":"","reserve_number":false},"participants":[],"plan":{"child_perspective":"","coordinator":"","follow_up_on":"","follow_up_owner":"","goals":[],"handed_to_person_on":"","interventions":[],"other_actors":[],"other_plans":[],"what_to_follow_up":""},"preparation":{"meeting_leader":"","meeting_place_wish":"","not_to_discuss":[],"participation":null,"questions":[],"what_matters":"","wished_attendees":[]},"previous_sip":"","ready_for_discharge_on":"","refusal":{"attempts":[],"documented_by":"","refused_by":"","refused_on":""},"representatives":[],"scenario":"home_care_detects","step":"need_detected","versions":[]}',1);
CREATE TABLE audit_log (
  seq       INTEGER PRIMARY KEY NOT NULL,
  at        TEXT NOT NULL,
  actor     TEXT NOT NULL,
  case_id   TEXT,
  action    TEXT NOT NULL,
  data      TEXT NOT NULL CHECK (json_valid(data)),
  prev_hash TEXT NOT NULL,
  hash      TEXT NOT NULL
) STRICT;
INSERT INTO audit_log VALUES(1,'2026-11-29T23:19:05.258Z','Testa Testsson',NULL,'settings.set','{"key":"staff.name"}','0000000000000000000000000000000000000000000000000000000000000000','7932c329390dfd9a9107a6636f46b4c5bd90efd8c020fa0baf19fdf9a6627129');
INSERT INTO audit_log VALUES(2,'2026-11-29T23:19:05.302Z','Testa Testsson','c-363f15c9ddcbc47d','case.create','{"case_id":"c-363f15c9ddcbc47d","noticed_by":"home_care","noticed_on":"2026-11-20","owner":{"identity_number":"19901211-9948","name":"Test Testsson"}}','7932c329390dfd9a9107a6636f46b4c5bd90efd8c020fa0baf19fdf9a6627129','1f8bde8a711fb1d23426d865afc5504c828993041a84902df09e9a7df5a10ac6');
CREATE TABLE office_profile (
  id          INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
  jws         TEXT NOT NULL,
  office      TEXT NOT NULL,
  admin_kid   TEXT NOT NULL,
  imported_at TEXT NOT NULL
) STRICT;
CREATE TABLE bundles (
  jti            TEXT PRIMARY KEY NOT NULL,
  kid            TEXT NOT NULL,
  seq            INTEGER NOT NULL CHECK (seq >= 1),
  case_id        TEXT NOT NULL,
  kind           TEXT NOT NULL CHECK (kind IN ('plan', 'follow_up')),
  plan_version   INTEGER NOT NULL,
  jws_hash       TEXT NOT NULL,
  file_name      TEXT NOT NULL,
  file           BLOB NOT NULL,
  audit_to_seq   INTEGER NOT NULL,
  created_at     TEXT NOT NULL,
  delivered_at   TEXT,
  receipt_office TEXT,
  UNIQUE (kid, seq)
) STRICT;
CREATE INDEX audit_log_case ON audit_log(case_id, seq);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE INDEX bundles_case ON bundles(case_id, created_at);
CREATE TRIGGER bundles_no_delete BEFORE DELETE ON bundles
BEGIN SELECT RAISE(ABORT, 'bundles are kept'); END;
CREATE TRIGGER bundles_immutable BEFORE UPDATE OF jti, kid, seq, case_id, kind, plan_version, jws_hash,
  file_name, file, audit_to_seq, created_at ON bundles
BEGIN SELECT RAISE(ABORT, 'an exported bundle never changes'); END;
CREATE INDEX cases_revision ON cases(revision);
COMMIT;
