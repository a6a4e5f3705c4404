#!/usr/bin/env bash
# Province-scale benchmark of the branches service's set-based rating round and 三会一课 compliance report.
# Usage: ./party bench branches-rating   (or run.sh with ConnectionStrings__postgres set; needs psql and dotnet-ef)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
cs="${ConnectionStrings__postgres:?run . /var/tmp/mydev/env (or ./party servers) first}"
host=$(sed -n 's/.*Host=\([^;]*\).*/\1/p' <<<"$cs"); port=$(sed -n 's/.*Port=\([^;]*\).*/\1/p' <<<"$cs"); user=$(sed -n 's/.*Username=\([^;]*\).*/\1/p' <<<"$cs")
password=$(sed -n 's/.*Password=\([^;]*\).*/\1/p' <<<"$cs")
db="${BENCH_DB:-bench_branches_rating}"
export PGHOST="$host" PGPORT="$port" PGUSER="$user" PGPASSWORD="$password"
# A fresh database unless BENCH_REUSE=1 (then the existing province is kept and only the rating round is reset).
if [[ "${BENCH_REUSE:-0}" != 1 ]]; then psql -d postgres -qc "DROP DATABASE IF EXISTS $db"; fi
psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1 || psql -d postgres -qc "CREATE DATABASE $db"
(cd "$root/services/branches/Party.Branches" && dotnet ef database update --configuration Release --connection "$cs;Database=$db" >/dev/null)
cd "$here"
# Meetings take minutes to generate; with BENCH_REUSE=1 an existing province is kept and only the rating round is reset.
if [[ "${BENCH_REUSE:-0}" == 1 ]] && [[ "$(psql -d "$db" -tAc 'SELECT count(*) FROM meetings')" -gt 0 ]]; then
  echo "== reset rating round =="; psql -d "$db" -q -f reset-ratings.sql
else
  echo "== generate =="; psql -d "$db" -q -f generate-province.sql
fi
echo "== run ==";      psql -d "$db" -q -f run-bench.sql
