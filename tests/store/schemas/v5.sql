-- Frozen dump of a SIP Field database at schema version 5 (0005_enrollment), with fictional data.
-- Never edit: tests/store/schema_dumps_test.cpp migrates it to the current schema.
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE meta (
  key   TEXT PRIMARY KEY NOT NULL,
  value TEXT NOT NULL
) STRICT;
INSERT INTO meta VALUES('version','5');
INSERT INTO meta VALUES('last_compatible_version','1');
INSERT INTO meta VALUES('audit_head','4:acf9ad9e9e0168e1b92bbb9f944cc884801aa56047028fedbf75b51257861b52');
CREATE TABLE migration_history (
  version    INTEGER PRIMARY KEY NOT NULL,
  name       TEXT NOT NULL,
  applied_at TEXT NOT NULL
) STRICT;
INSERT INTO migration_history VALUES(1,'0001_init','2026-11-30T13:02:23.722Z');
INSERT INTO migration_history VALUES(2,'0002_cases','2026-11-30T13:02:23.722Z');
INSERT INTO migration_history VALUES(3,'0003_bundles','2026-11-30T13:02:23.722Z');
INSERT INTO migration_history VALUES(4,'0004_case_revision','2026-11-30T13:02:23.722Z');
INSERT INTO migration_history VALUES(5,'0005_enrollment','2026-11-30T13:02:23.722Z');
CREATE TABLE settings (
  key        TEXT PRIMARY KEY NOT NULL,
  value      TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
INSERT INTO settings VALUES('staff.name','Testa Testsson','2026-11-30T13:02:23.728Z');
CREATE TABLE cases (
  id         TEXT PRIMARY KEY NOT NULL,
  step       TEXT NOT NULL,
  created_on TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  doc        TEXT NOT NULL CHECK (json_valid(doc))
, revision INTEGER NOT NULL DEFAULT 0) STRICT;
INSERT INTO cases VALUES('c-96be173eb92acda0','need_detected','2026-11-30','2026-11-30T13:02:23.729Z','{"checklist":[{"done_by":"","done_on":"","item":"consult_manager"},{"done_by":"","done_on":"","item":"compile_need"},{"done_by":"","done_on":"","item":"contact_social_worker"},{"done_by":"","done_on":"","item":"convener_registered"},{"done_by":"","done_on":"","item":"meeting_held"},{"done_by":"","done_on":"","item":"plan_sent_to_convener"},{"done_by":"","done_on":"","item":"commitments_filed"}],"closure":{"closed_on":"","informed_on":"","participants_informed":false,"reason":null,"where_to_turn":""},"consents":[],"convener":{"chair_delegated_to":"","contact":"","name":"","organisation":"","role":null,"role_text":""},"created_on":"2026-11-30","deviation_proposals":[],"deviations":[],"follow_ups":[],"form":"sip","id":"c-96be173eb92acda0","invitation":{"consent_obtained":false,"invitees":[],"meeting_at":"","place":"","purpose":"","questions":[],"sent_on":""},"kind":"new","level":"sip","mapping":[],"meeting":{"agenda":[{"name":"Laget runt bordet","planned_minutes":20,"used_minutes":0},{"name":"Problematisering","planned_minutes":20,"used_minutes":0},{"name":"Planering","planned_minutes":20,"used_minutes":0}],"documenter":"","held_on":"","leader":"","notes":"","participation":null,"participation_reason":""},"next_id":1,"noticed_by":"home_care","noticed_on":"2026-11-20","owner":{"address":"","birth_date":"1990-12-11","identity_number":"199012119948","name":"Test Testsson","phone":"","reserve_number":false},"participants":[],"plan":{"child_perspective":"","coordinator":"","follow_up_on":"","follow_up_owner":"","goals":[],"handed_to_person_on":"","interventions":[],"other_actors":[],"other_plans":[],"what_to_follow_up":""},"preparation":{"meeting_leader":"","meeting_place_wish":"","not_to_discuss":[],"participation":null,"questions":[],"what_matters":"","wished_attendees":[]},"previous_sip":"","ready_for_discharge_on":"","refusal":{"attempts":[],"documented_by":"","refused_by":"","refused_on":""},"representatives":[],"scenario":"home_care_detects","step":"need_detected","versions":[]}',1);
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
INSERT INTO audit_log VALUES(1,'2026-11-30T13:02:23.728Z','Testa Testsson',NULL,'settings.set','{"key":"staff.name"}','0000000000000000000000000000000000000000000000000000000000000000','cb3881fe63b4602774425c9a847ed6abb661881ed8b62c19374a1ee56cd112ff');
INSERT INTO audit_log VALUES(2,'2026-11-30T13:02:23.729Z','Testa Testsson','c-96be173eb92acda0','case.create','{"case_id":"c-96be173eb92acda0","noticed_by":"home_care","noticed_on":"2026-11-20","owner":{"identity_number":"19901211-9948","name":"Test Testsson"}}','cb3881fe63b4602774425c9a847ed6abb661881ed8b62c19374a1ee56cd112ff','caffba0623f399d487a2e3db3a66d66047e8df3905ff505d5e64bb5479f945df');
INSERT INTO audit_log VALUES(3,'2026-11-30T13:02:23.731Z','Testa Testsson',NULL,'profile.import','{"admin_kid":"cISWhHaR1o2c-5Cj08fmlFg4mQNTdrSo2z92XsaaW8o","office":"Kontoret Testby"}','caffba0623f399d487a2e3db3a66d66047e8df3905ff505d5e64bb5479f945df','fabdf9307cbf1a6cf46202f076875e0b95e7c0e6f6ad4d0738915d9f9537f339');
INSERT INTO audit_log VALUES(4,'2026-11-30T13:02:23.733Z','Testa Testsson',NULL,'device.enrollment','{"office":"Kontoret Testby","state":"pending"}','fabdf9307cbf1a6cf46202f076875e0b95e7c0e6f6ad4d0738915d9f9537f339','acf9ad9e9e0168e1b92bbb9f944cc884801aa56047028fedbf75b51257861b52');
CREATE TABLE office_profile (
  id          INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
  jws         TEXT NOT NULL,
  office      TEXT NOT NULL,
  admin_kid   TEXT NOT NULL,
  imported_at TEXT NOT NULL
, enrollment TEXT NOT NULL DEFAULT ''
  CHECK (enrollment IN ('', 'pending', 'approved', 'revoked')), enrollment_at TEXT NOT NULL DEFAULT '') STRICT;
INSERT INTO office_profile VALUES(1,'eyJhbGciOiJFZERTQSIsImtpZCI6ImNJU1doSGFSMW8yYy01Q2owOGZtbEZnNG1RTlRkclNvMno5MlhzYWFXOG8iLCJ0eXAiOiJzaXBmaWVsZC1vZmZpY2UtcHJvZmlsZStqd3MifQ.eyJhZG1pbl9qd2siOnsiY3J2IjoiRWQyNTUxOSIsImt0eSI6Ik9LUCIsIngiOiJPRExmWHVleXN0Z0g5TzZaSDBON056cHl0WU03S093RGNDaVVLdnF5OG5JIn0sImlhdCI6MTc5NjA0Mzc0MCwiaW1wb3J0X2tleXMiOlt7ImtpZCI6IktIWHhhZ2U3TTZqUzY2bzFzajI0U0FOb1dILUFfM1N2cmkyQUM3R18ybm8iLCJyZWNpcGllbnQiOiJhZ2UxbTNoa2VsbTRoOWdtZWYwdnUzM3ZlbTNtZnN6bHBmMnZmajl0cnZzNXRkd2gwNmFkeGE5cWo0YXV0cyIsInJvbGUiOiJjdXJyZW50In0seyJraWQiOiIwNmVZUVlUY1RZcXFFT0RWRkczaW1vZV95X2lLZDdpTHByT0ZNclFLYmpNIiwicmVjaXBpZW50IjoiYWdlMTJ5bDR2d3o0OHdrZDd5NjdmdHNjbDdtNGNoZzZsZnhtdGVja2Y0aGQ0Mnc5ejN0emdlMnM2ZHd1NDUiLCJyb2xlIjoibmV4dCJ9XSwib2ZmaWNlIjoiS29udG9yZXQgVGVzdGJ5IiwidiI6MX0.ocmqSK5X2Ky3N9Sztq-y76OyVH6l2CzfqgwuAYu4IaTGu5akIX3fw1ZMy9eo5EmWGjW72OZkF7_RlAqOm41AAw','Kontoret Testby','cISWhHaR1o2c-5Cj08fmlFg4mQNTdrSo2z92XsaaW8o','2026-11-30T13:02:23.731Z','pending','2026-11-30T13:02:23.733Z');
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
