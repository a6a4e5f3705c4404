-- Data for measuring the month close + stipends at province scale (10,000 cadres in one township).
-- Usage: start the service against an empty database (migrations run at start-up), load this file
-- with psql, then as a township user of 00000000-0000-0000-0000-000000000002:
--   POST /api/resident-cadres/months/2026/3/close        (measured 4.8–5.7 s on the shared 2-core dev machine)
--   GET  /api/resident-cadres/attendance/2026/3          (the same figures without writing, 2.3–3.4 s)
-- About 258,000 check-ins (six days in seven, some pending or revoked), leaves (approved and returned
-- early), approved errands and absence violations; one cadre in ten assigned from the 10th (partial month).
INSERT INTO org_units (id, code, name, kind, domain, parent_id, path, dissolved, version, events_applied, updated_at)
VALUES
 ('00000000-0000-0000-0000-000000000001','PC','县委','CountyCommittee','GovernmentOrgan',NULL,'/c1/',false,1,1,now()),
 ('00000000-0000-0000-0000-000000000002','PT','乡镇党委','TownshipCommittee','GovernmentOrgan',
  '00000000-0000-0000-0000-000000000001','/c1/t1/',false,1,1,now());
INSERT INTO org_units (id, code, name, kind, domain, parent_id, path, dissolved, version, events_applied, updated_at)
SELECT md5('v'||i)::uuid, 'PV'||i, '村'||i, 'Branch','RuralVillage','00000000-0000-0000-0000-000000000002', '/c1/t1/v'||i||'/',
       false,1,1,now()
FROM generate_series(1,10000) i;
INSERT INTO village_profiles (village_id, org_path, office_latitude, office_longitude, geofence_radius_meters,
                              registered_poor_village, poor_households, poverty_incidence_percent, poverty_data_year, weak_and_lax,
                              requirement, updated_at)
SELECT md5('v'||i)::uuid, '/c1/t1/v'||i||'/', 34 + (i % 100) * 0.01, 113, NULL, i % 5 = 0, i % 40, 0, 2025, false, 'None', now()
FROM generate_series(1,10000) i;
INSERT INTO cadres (id, user_id, name, mobile, dispatching_unit, home_org_id, org_path, created_at)
SELECT md5('c'||i)::uuid, 'perf-'||i, '干部'||i, NULL, '县直单位', '00000000-0000-0000-0000-000000000002', '/c1/t1/v'||i||'/', now()
FROM generate_series(1,10000) i;
INSERT INTO assignments (id, cadre_id, village_id, org_path, role, county_dispatched, starts_on, ends_on, ended, end_reason,
                         created_at)
SELECT md5('a'||i)::uuid, md5('c'||i)::uuid, md5('v'||i)::uuid, '/c1/t1/v'||i||'/',
       CASE WHEN i % 3 = 0 THEN 'FirstSecretary' ELSE 'TeamMember' END, i % 2 = 0,
       CASE WHEN i % 10 = 0 THEN date '2026-03-10' ELSE date '2026-01-01' END, NULL, false, NULL, now()
FROM generate_series(1,10000) i;
-- About six check-ins in seven days per cadre, some outside the fence awaiting approval, some revoked.
INSERT INTO check_ins (id, cadre_id, village_id, org_path, day, at, latitude, longitude, accuracy_meters, device_id, distance_meters,
                       flags, status, review_note)
SELECT gen_random_uuid(), md5('c'||i)::uuid, md5('v'||i)::uuid, '/c1/t1/v'||i||'/', d::date, d + interval '1 hour', 34, 113, 10,
       'dev'||i, 0, 0,
       CASE WHEN (i + extract(day FROM d)::int) % 23 = 0 THEN 'PendingApproval'
            WHEN (i + extract(day FROM d)::int) % 37 = 0 THEN 'Revoked' ELSE 'Valid' END, NULL
FROM generate_series(1,10000) i, generate_series(timestamptz '2026-03-01', timestamptz '2026-03-31', interval '1 day') d
WHERE (i + extract(day FROM d)::int) % 7 <> 0
  AND d::date >= CASE WHEN i % 10 = 0 THEN date '2026-03-10' ELSE date '2026-03-01' END;
INSERT INTO leaves (id, cadre_id, village_id, org_path, kind, from_day, to_day, reason, status, returned_on, created_at)
SELECT gen_random_uuid(), md5('c'||i)::uuid, md5('v'||i)::uuid, '/c1/t1/v'||i||'/', 'Personal', date '2026-03-20', date '2026-03-24',
       '事假', CASE WHEN i % 2 = 0 THEN 'Approved' ELSE 'Returned' END, CASE WHEN i % 2 = 0 THEN NULL ELSE date '2026-03-22' END, now()
FROM generate_series(1,10000,4) i;
INSERT INTO errands (id, cadre_id, village_id, org_path, from_day, to_day, purpose, status, created_at)
SELECT gen_random_uuid(), md5('c'||i)::uuid, md5('v'||i)::uuid, '/c1/t1/v'||i||'/', date '2026-03-05', date '2026-03-07', '培训',
       'Approved', now()
FROM generate_series(3,10000,5) i;
INSERT INTO spot_checks (id, cadre_id, village_id, org_path, day, method, present, note, revoked_check_in_id, violation_id, at,
                         checked_by)
SELECT md5('s'||i)::uuid, md5('c'||i)::uuid, md5('v'||i)::uuid, '/c1/t1/v'||i||'/', date '2026-03-12', 'Phone', false, NULL, NULL,
       NULL, now(), 'perf'
FROM generate_series(7,10000,20) i;
INSERT INTO violations (id, cadre_id, village_id, org_path, day, kind, detail, spot_check_id, at)
SELECT gen_random_uuid(), md5('c'||i)::uuid, md5('v'||i)::uuid, '/c1/t1/v'||i||'/', date '2026-03-12', 'Absence', '脱岗',
       md5('s'||i)::uuid, now()
FROM generate_series(7,10000,20) i;
ANALYZE;
SELECT (SELECT count(*) FROM check_ins) AS check_ins, (SELECT count(*) FROM leaves) AS leaves, (SELECT count(*) FROM errands) AS errands,
       (SELECT count(*) FROM violations) AS violations;
