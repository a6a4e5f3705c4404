-- Province-scale data for the branches rating/compliance benchmark (SPEC §1: ~100 counties, ~100,000 branches).
-- 100 counties × 20 townships × 50 village branches, one 2026 rating per branch (township-reviewed),
-- and a year (2026) of 三会一课 + theme party days (~4.3 M meetings, ~3% missing, ~5% theme days off the 15th).
-- Idempotent: clears earlier bench rows first (only in the bench database).
\set ON_ERROR_STOP on
\timing on
BEGIN;
TRUNCATE meetings, branch_ratings, subsidy_entries, adjustment_cases, rating_objections, outbox_messages, audit_entries, org_units;

CREATE TEMP TABLE c AS SELECT n, gen_random_uuid() AS id FROM generate_series(1, 100) n;
INSERT INTO org_units (id, code, name, kind, domain, parent_id, path, dissolved, version, created_at)
SELECT id, 'B' || n, '第' || n || '县委', 'CountyCommittee', 'GovernmentOrgan', NULL, '/' || replace(id::text, '-', '') || '/', false, 1, now() FROM c;

CREATE TEMP TABLE t AS SELECT c.n AS cn, t.n, gen_random_uuid() AS id, c.id AS parent FROM c CROSS JOIN generate_series(1, 20) t(n);
INSERT INTO org_units (id, code, name, kind, domain, parent_id, path, dissolved, version, created_at)
SELECT t.id, 'B' || t.cn || '-T' || t.n, '第' || t.n || '乡镇党委', 'TownshipCommittee', 'GovernmentOrgan', t.parent,
       '/' || replace(t.parent::text, '-', '') || '/' || replace(t.id::text, '-', '') || '/', false, 1, now() FROM t;

CREATE TEMP TABLE v AS SELECT t.cn, t.n AS tn, t.id AS township, t.parent AS county, v.n, gen_random_uuid() AS id FROM t CROSS JOIN generate_series(1, 50) v(n);
INSERT INTO org_units (id, code, name, kind, domain, parent_id, path, dissolved, version, created_at)
SELECT v.id, 'B' || v.cn || '-T' || v.tn || '-V' || v.n, '第' || v.n || '村党支部', 'Branch', 'RuralVillage', v.township,
       '/' || replace(v.county::text, '-', '') || '/' || replace(v.township::text, '-', '') || '/' || replace(v.id::text, '-', '') || '/', false, 1, now()
FROM v;

-- One reviewed 2026 rating per village: scores 50.0–100.0, stars by the default thresholds.
INSERT INTO branch_ratings (id, branch_id, org_path, year, template_id, status, self_scores, self_score, review_scores, score, key_tasks_done,
                            threshold_stars, self_assessed_at, reviewed_at)
SELECT gen_random_uuid(), s.id, s.path, 2026, '0b5e0001-0000-7000-8000-000000000001', 'TownshipReviewed', '{}', s.score, '{}', s.score, random() < 0.8,
       CASE WHEN s.score >= 90 THEN 5 WHEN s.score >= 80 THEN 4 WHEN s.score >= 70 THEN 3 WHEN s.score >= 60 THEN 2 ELSE 1 END, now(), now()
FROM (SELECT u.id, u.path, round((50 + random() * 50)::numeric, 1) AS score FROM org_units u WHERE u.kind = 'Branch') s;

-- A year of meetings: monthly committee/group/theme day, quarterly general meeting and lecture; ~3% of them never held.
INSERT INTO meetings (id, branch_id, org_path, kind, held_on, topic, attendees, absent_with_leave, absent_without_leave, recorded_at, recorded_by)
SELECT gen_random_uuid(), u.id, u.path, k.kind,
       make_date(2026, m, CASE k.kind WHEN 'CommitteeMeeting' THEN 3 WHEN 'GroupMeeting' THEN 5 WHEN 'ThemePartyDay' THEN (CASE WHEN random() < 0.05 THEN 16 ELSE 15 END)
                                  ELSE 10 END),
       '学习', '{}', '{}', '{}', now(), 'bench'
FROM org_units u
CROSS JOIN generate_series(1, 12) m
CROSS JOIN (VALUES ('CommitteeMeeting'), ('GroupMeeting'), ('ThemePartyDay'), ('GeneralMeeting'), ('PartyLecture')) k(kind)
WHERE u.kind = 'Branch'
  AND (k.kind IN ('CommitteeMeeting', 'GroupMeeting', 'ThemePartyDay') OR (k.kind = 'GeneralMeeting' AND m % 3 = 2) OR (k.kind = 'PartyLecture' AND m % 3 = 0))
  AND random() >= 0.03;
COMMIT;
ANALYZE;
SELECT (SELECT count(*) FROM org_units WHERE kind = 'Branch') AS branches, (SELECT count(*) FROM branch_ratings) AS ratings, (SELECT count(*) FROM meetings) AS meetings;
