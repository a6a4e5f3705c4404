WITH fin AS (
    UPDATE branch_ratings r SET status = 'Final', published_at = now()
    WHERE r.year = 2026 AND r.status = 'InNotice' AND r.org_path LIKE :prefix || '%' AND r.notice_ends_on < '2027-01-19'
      AND NOT EXISTS (SELECT 1 FROM rating_objections o WHERE o.rating_id = r.id AND o.resolved_at IS NULL)
    RETURNING r.id, r.branch_id, r.org_path, r.year, r.score, r.stars
), sub AS (
    INSERT INTO subsidy_entries (id, branch_id, org_path, year, rating_id, stars, amount, secretary_share, status, created_at)
    SELECT gen_random_uuid(), f.branch_id, f.org_path, f.year, f.id, f.stars, a.amount, round(a.amount * 20 / 100, 2), 'Pending', now()
    FROM fin f CROSS JOIN LATERAL (SELECT CASE f.stars WHEN 5 THEN 10000 ELSE 5000 END::numeric(14,2) AS amount) a
    WHERE f.stars >= 4
    ON CONFLICT (branch_id, year) DO NOTHING
    RETURNING id
), adj AS (
    INSERT INTO adjustment_cases (id, branch_id, org_path, year, rating_id, opened_at)
    SELECT gen_random_uuid(), f.branch_id, f.org_path, f.year, f.id, now()
    FROM fin f JOIN branch_ratings p ON p.branch_id = f.branch_id AND p.year = f.year - 1 AND p.status = 'Final' AND p.stars = 1
    WHERE f.stars = 1
    ON CONFLICT (branch_id, year) DO NOTHING
    RETURNING id
), evt AS (
    INSERT INTO outbox_messages (message_id, type, body, created_at, attempts)
    SELECT gen_random_uuid(), 'Party.Contracts.Branches.BranchRatingPublished',
           jsonb_build_object('ratingId', f.id, 'branchId', f.branch_id, 'year', f.year, 'score', f.score, 'stars', f.stars,
                              'secretaryMemberId', (SELECT s.member_id FROM village_secretaries s WHERE s.branch_id = f.branch_id AND s.status = 'Serving' LIMIT 1),
                              'occurredAt', now()),
           now(), 0
    FROM fin f
    RETURNING id
), aud AS (
    INSERT INTO audit_entries (at, actor, actor_name, entity, entity_id, action, "from", "to", reason, org_path)
    SELECT now(), 'bench', 'bench', 'branch_rating', f.id::text, 'published', 'InNotice', 'Final ★' || f.stars, NULL, f.org_path FROM fin f
    RETURNING id
)
SELECT (SELECT count(*) FROM fin) AS published, (SELECT count(*) FROM sub) AS subsidy_rows, (SELECT count(*) FROM adj) AS adjustment_cases;
