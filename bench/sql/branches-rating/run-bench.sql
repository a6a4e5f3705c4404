-- The set-based statements the branches service runs, with the parameters a county and the province would send.
-- County = the first generated county; "province" = every county at once (prefix '/').
\set ON_ERROR_STOP on
\timing on
SELECT path AS county_path FROM org_units WHERE kind = 'CountyCommittee' ORDER BY code LIMIT 1 \gset
\echo '== compliance report, one county (1,000 branches), year 2026, first page =='
\set prefix :'county_path'
\i compliance.sql
\echo '== compliance report, whole province (100,000 branches), year 2026, first page =='
\set prefix '''/'''
\i compliance.sql
\echo '== compliance report, whole province, Q1 2026, only non-compliant =='
\i compliance-q1.sql

\echo '== county approval: stars and notice for one county (1,000 ratings), then the other 99 counties =='
UPDATE branch_ratings r SET status = 'InNotice', stars = r.threshold_stars, approved_at = now(), notice_starts_on = '2027-01-11', notice_ends_on = '2027-01-18'
WHERE r.year = 2026 AND r.status = 'TownshipReviewed' AND r.org_path LIKE :'county_path' || '%';
UPDATE branch_ratings r SET status = 'InNotice', stars = r.threshold_stars, approved_at = now(), notice_starts_on = '2027-01-11', notice_ends_on = '2027-01-18'
WHERE r.year = 2026 AND r.status = 'TownshipReviewed';

\echo '== finalize (publish + subsidy rows + adjustment cases + outbox + audit): one county, then the rest of the province =='
\set prefix :'county_path'
\i finalize.sql
\set prefix '''/'''
\i finalize.sql
SELECT count(*) AS outbox_rows, (SELECT count(*) FROM subsidy_entries) AS subsidy_rows, (SELECT sum(amount) FROM subsidy_entries) AS subsidy_total FROM outbox_messages;
