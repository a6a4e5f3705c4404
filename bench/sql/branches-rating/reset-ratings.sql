-- Puts the rating round back to "township reviewed" so run-bench.sql can be repeated without regenerating meetings.
\set ON_ERROR_STOP on
BEGIN;
TRUNCATE branch_ratings, subsidy_entries, adjustment_cases, rating_objections, outbox_messages, audit_entries;
INSERT INTO branch_ratings (id, branch_id, org_path, year, template_id, status, self_scores, self_score, review_scores, score, key_tasks_done,
                            threshold_stars, self_assessed_at, reviewed_at)
SELECT gen_random_uuid(), s.id, s.path, 2026, '0b5e0001-0000-7000-8000-000000000001', 'TownshipReviewed', '{}', s.score, '{}', s.score, random() < 0.8,
       CASE WHEN s.score >= 90 THEN 5 WHEN s.score >= 80 THEN 4 WHEN s.score >= 70 THEN 3 WHEN s.score >= 60 THEN 2 ELSE 1 END, now(), now()
FROM (SELECT u.id, u.path, round((50 + random() * 50)::numeric, 1) AS score FROM org_units u WHERE u.kind = 'Branch') s;
COMMIT;
ANALYZE branch_ratings;
