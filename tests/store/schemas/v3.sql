-- Frozen dump of a SIP Field database at schema version 3 (0003_bundles), with fictional data.
-- Never edit: tests/store/schema_dumps_test.cpp migrates it to the current schema.
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE meta (
  key   TEXT PRIMARY KEY NOT NULL,
  value TEXT NOT NULL
) STRICT;
INSERT INTO meta VALUES('version','3');
INSERT INTO meta VALUES('last_compatible_version','1');
INSERT INTO meta VALUES('audit_head','2:97f0e4df4e0d6a36249a1626b4c4539e3a5f0cb14244934bfa7c3177c1fad097');
CREATE TABLE migration_history (
  version    INTEGER PRIMARY KEY NOT NULL,
  name       TEXT NOT NULL,
  applied_at TEXT NOT NULL
) STRICT;
INSERT INTO migration_history VALUES(1,'0001_init','2026-11-22T11:50:38.934Z');
INSERT INTO migration_history VALUES(2,'0002_cases','2026-11-22T11:50:38.934Z');
INSERT INTO migration_history VALUES(3,'0003_bundles','2026-11-22T11:50:38.934Z');
CREATE TABLE settings (
  key        TEXT PRIMARY KEY NOT NULL,
  value      TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
INSERT INTO settings VALUES('staff.name','Testa Testsson','2026-11-22T11:50:38.984Z');
CREATE TABLE cases (
  id         TEXT PRIMARY KEY NOT NULL,
  step       TEXT NOT NULL,
  created_on TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  doc        TEXT NOT NULL CHECK (json_valid(doc))
) STRICT;
INSERT INTO cases VALUES('c-dc1fc77ea621c8de','need_detected','2026-11-22','2026-11-22T11:50:39.012Z','{"checklist":[{"done_by":"","done_on":"","item":"consult_manager"},{"done_by":"","done_on":"","item":"compile_need"},{"done_by":"","done_on":"","item":"contact_social_worker"},{"done_by":"","done_on":"","item":"convener_registered"},{"done_by":"","done_on":"","item":"meeting_held"},{"done_by":"","done_on":"","item":"plan_sent_to_convener"},{"done_by":"","done_on":"","item":"commitments_filed"}],"closure":{"closed_on":"","informed_on":"","participants_informed":false,"reason":null,"where_to_turn":""},"consents":[],"convener":{"contact":"","name":"","organisation":"","role":""},"created_on":"2026-11-22","deviations":[],"follow_ups":[],"form":"sip","id":"c-dc1fc77ea621c8de","invitation":{"consent_obtained":false,"invitees":[],"meeting_at":"","place":"","purpose":"","questions":[],"sent_on":""},"kind":"new","level":"sip","mapping":[],"meeting":{"agenda":[{"name":"Laget runt bordet","planned_minutes":20},{"name":"Problematisering","planned_minutes":20},{"name":"Planering","planned_minutes":20}],"documenter":"","held_on":"","leader":"","notes":""},"next_id":1,"noticed_by":"home_care","noticed_on":"2026-11-20","owner":{"address":"","birth_date":"1990-12-11","identity_number":"199012119948","name":"Test Testsson","phone":"","reserve_number":false},"participants":[],"plan":{"child_perspective":"","coordinator":"","follow_up_on":"","follow_up_owner":"","goals":[],"handed_to_person_on":"","interventions":[],"other_actors":[],"other_plans":[],"what_to_follow_up":""},"preparation":{"meeting_leader":"","meeting_place_wish":"","not_to_discuss":[],"participation":null,"questions":[],"what_matters":"","wished_attendees":[]},"previous_sip":"","ready_for_discharge_on":"","refusal":{"attempts":[],"documented_by":"","refused_by":"","refused_on":""},"representatives":[],"scenario":"home_care_detects","step":"need_detected","versions":[]}');
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
INSERT INTO audit_log VALUES(1,'2026-11-22T11:50:38.984Z','Testa Testsson',NULL,'settings.set','{"key":"staff.name"}','0000000000000000000000000000000000000000000000000000000000000000','889fd115670ac3a74395c978c337315a6b3918f5a286b9055b69d14dd072549f');
INSERT INTO audit_log VALUES(2,'2026-11-22T11:50:39.012Z','Testa Testsson','c-dc1fc77ea621c8de','case.create','{"case_id":"c-dc1fc77ea621c8de","noticed_by":"home_care","noticed_on":"2026-11-20","owner":{"identity_number":"199012119948","name":"Test Testsson"}}','889fd115670ac3a74395c978c337315a6b3918f5a286b9055b69d14dd072549f','97f0e4df4e0d6a36249a1626b4c4539e3a5f0cb14244934bfa7c3177c1fad097');
CREATE TABLE office_profile (
  id          INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
  jws         TEXT NOT NULL,
  office      TEXT NOT NULL,
  admin_kid   TEXT NOT NULL,
  imported_at TEXT NOT NULL
) STRICT;
INSERT INTO office_profile VALUES(1,'eyJhbGciOiJFZERTQSJ9.e30.c2ln','Kontoret Test','kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k','2026-11-22T10:00:00.000Z');
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
INSERT INTO bundles VALUES('5d0f3c1e-8a4b-4c2d-9e6f-1a2b3c4d5e6f','kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k',1,'c-dc1fc77ea621c8de','plan',1,'47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU','sip-test-v1-1.sipbundle',X'6167652d656e6372797074696f6e2e6f72672f76310a',2,'2026-11-22T10:05:00.000Z',NULL,NULL);
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
COMMIT;
