-- Frozen dump of a SIP Field database at schema version 2 (0002_cases), with fictional data.
-- Never edit: tests/store/schema_dumps_test.cpp migrates it to the current schema.
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE meta (
  key   TEXT PRIMARY KEY NOT NULL,
  value TEXT NOT NULL
) STRICT;
INSERT INTO meta VALUES('version','2');
INSERT INTO meta VALUES('last_compatible_version','1');
INSERT INTO meta VALUES('audit_head','2:b4f6a7914be239399cb6936af5104712d85c3a287e14a9ef074505702dca7812');
CREATE TABLE migration_history (
  version    INTEGER PRIMARY KEY NOT NULL,
  name       TEXT NOT NULL,
  applied_at TEXT NOT NULL
) STRICT;
INSERT INTO migration_history VALUES(1,'0001_init','2026-11-22T09:24:15.514Z');
INSERT INTO migration_history VALUES(2,'0002_cases','2026-11-22T09:24:15.514Z');
CREATE TABLE settings (
  key        TEXT PRIMARY KEY NOT NULL,
  value      TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
INSERT INTO settings VALUES('staff.name','Testa Testsson','2026-11-22T09:24:15.691Z');
CREATE TABLE cases (
  id         TEXT PRIMARY KEY NOT NULL,
  step       TEXT NOT NULL,
  created_on TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  doc        TEXT NOT NULL CHECK (json_valid(doc))
) STRICT;
INSERT INTO cases VALUES('c-1b337e7617e8455e','need_detected','2026-11-22','2026-11-22T09:24:15.701Z','{"checklist":[{"done_by":"","done_on":"","item":"consult_manager"},{"done_by":"","done_on":"","item":"compile_need"},{"done_by":"","done_on":"","item":"contact_social_worker"},{"done_by":"","done_on":"","item":"convener_registered"},{"done_by":"","done_on":"","item":"meeting_held"},{"done_by":"","done_on":"","item":"plan_sent_to_convener"},{"done_by":"","done_on":"","item":"commitments_filed"}],"closure":{"closed_on":"","informed_on":"","participants_informed":false,"reason":null,"where_to_turn":""},"consents":[],"convener":{"contact":"","name":"","organisation":"","role":""},"created_on":"2026-11-22","deviations":[],"follow_ups":[],"form":"sip","id":"c-1b337e7617e8455e","invitation":{"consent_obtained":false,"invitees":[],"meeting_at":"","place":"","purpose":"","questions":[],"sent_on":""},"kind":"new","level":"sip","mapping":[],"meeting":{"agenda":[{"name":"Laget runt bordet","planned_minutes":20},{"name":"Problematisering","planned_minutes":20},{"name":"Planering","planned_minutes":20}],"documenter":"","held_on":"","leader":"","notes":""},"next_id":1,"noticed_by":"home_care","noticed_on":"2026-11-20","owner":{"address":"Testgatan 1, 123 45 Teststad","birth_date":"1990-12-11","identity_number":"199012119948","name":"Tolvan Tolvansson","phone":"","reserve_number":false},"participants":[],"plan":{"child_perspective":"","coordinator":"","follow_up_on":"","follow_up_owner":"","goals":[],"handed_to_person_on":"","interventions":[],"other_actors":[],"other_plans":[],"what_to_follow_up":""},"preparation":{"meeting_leader":"","meeting_place_wish":"","not_to_discuss":[],"participation":null,"questions":[],"what_matters":"","wished_attendees":[]},"previous_sip":"","ready_for_discharge_on":"","refusal":{"attempts":[],"documented_by":"","refused_by":"","refused_on":""},"representatives":[],"scenario":"home_care_detects","step":"need_detected","versions":[]}');
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
INSERT INTO audit_log VALUES(1,'2026-11-22T09:24:15.691Z','Testa Testsson',NULL,'settings.set','{"key":"staff.name"}','0000000000000000000000000000000000000000000000000000000000000000','3350ce56d5f780eea43de726e4267980e498e27218d9cb0d972906322c248df5');
INSERT INTO audit_log VALUES(2,'2026-11-22T09:24:15.701Z','Testa Testsson','c-1b337e7617e8455e','case.create','{"case_id":"c-1b337e7617e8455e","noticed_by":"home_care","noticed_on":"2026-11-20","owner":{"address":"Testgatan 1, 123 45 Teststad","identity_number":"19901211-9948","name":"Tolvan Tolvansson"}}','3350ce56d5f780eea43de726e4267980e498e27218d9cb0d972906322c248df5','b4f6a7914be239399cb6936af5104712d85c3a287e14a9ef074505702dca7812');
CREATE INDEX audit_log_case ON audit_log(case_id, seq);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
COMMIT;
