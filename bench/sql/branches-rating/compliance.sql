WITH b AS (
    SELECT id, code, name, path FROM org_units
    WHERE path LIKE :prefix || '%' AND kind IN ('Branch', 'GeneralBranch') AND NOT dissolved
), agg AS (
    SELECT m.branch_id,
           count(DISTINCT date_part('month', m.held_on)) FILTER (WHERE m.kind = 'CommitteeMeeting')::int AS committee_months,
           count(DISTINCT date_part('month', m.held_on)) FILTER (WHERE m.kind = 'GroupMeeting')::int AS group_months,
           count(DISTINCT date_part('month', m.held_on)) FILTER (WHERE m.kind = 'ThemePartyDay')::int AS theme_months,
           count(DISTINCT date_part('quarter', m.held_on)) FILTER (WHERE m.kind = 'GeneralMeeting')::int AS general_quarters,
           count(DISTINCT date_part('quarter', m.held_on)) FILTER (WHERE m.kind = 'PartyLecture')::int AS lecture_quarters,
           count(*) FILTER (WHERE m.kind = 'ThemePartyDay' AND date_part('day', m.held_on) <> 15)::int AS theme_off
    FROM meetings m
    WHERE m.held_on BETWEEN '2026-01-01' AND '2026-12-31' AND m.org_path LIKE :prefix || '%'
    GROUP BY m.branch_id
), r AS (
    SELECT b.id, b.code, b.name, b.path, coalesce(a.committee_months, 0) AS committee_months, coalesce(a.group_months, 0) AS group_months,
           coalesce(a.theme_months, 0) AS theme_months, coalesce(a.general_quarters, 0) AS general_quarters, coalesce(a.lecture_quarters, 0) AS lecture_quarters,
           coalesce(a.theme_off, 0) AS theme_off
    FROM b LEFT JOIN agg a ON a.branch_id = b.id
), s AS (
    SELECT r.*, greatest(0, 12 - committee_months) + greatest(0, 12 - group_months) + greatest(0, 12 - theme_months)
           + greatest(0, 4 - general_quarters) + greatest(0, 4 - lecture_quarters) AS missing
    FROM r
), f AS (
    SELECT s.*, count(*) OVER () AS total, count(*) FILTER (WHERE missing > 0) OVER () AS non_compliant FROM s
)
SELECT total, non_compliant, code, missing FROM f ORDER BY missing DESC, path LIMIT 3 OFFSET 0;
