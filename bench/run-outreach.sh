#!/usr/bin/env bash
# Outreach benchmark on both engines, side by side in one run: a grid worker's day list in a grid of 2,000 households
# inside a generated city of 1M residents. Results appended to bench/results/outreach-<date>.md.
#   bench/run-outreach.sh                  1M residents
#   RESIDENTS=200000 bench/run-outreach.sh    a smaller city
# Loopback only; every step ends by itself.
set -euo pipefail
cd "$(dirname "$0")/.."
residents=${RESIDENTS:-1000000}
queries=${QUERIES:-300}
out=bench/results/outreach-$(date -u +%Y%m%d).md
mkdir -p bench/results
dotnet build bench/Tongban.Bench -c Release -nologo -v quiet
bench=(dotnet bench/Tongban.Bench/bin/Release/net10.0/Tongban.Bench.dll)
work=$(mktemp -d /tmp/tongban-bench-outreach.XXXXXX)
eval "$(scripts/pg-throwaway.sh start)"
trap 'scripts/pg-throwaway.sh stop "$TONGBAN_PG_DIR"; rm -rf "$work"' EXIT
{
  echo
  echo "## Run of $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores (load average $(cut -d' ' -f1-3 /proc/loadavg)), $(free -g | awk '/Mem:/{print $2}') GB; PostgreSQL $(ls /usr/lib/postgresql) (throwaway, fsync off), SQLite WAL synchronous=FULL"
} >> "$out"
sqlite="Data Source=$work/outreach.db"
pg="$TONGBAN_TEST_PG;Database=tb_bench_outreach"
"${bench[@]}" generate --engine sqlite --connection "$sqlite" --residents "$residents" --out "$out"
"${bench[@]}" generate --engine postgres --connection "$pg" --residents "$residents" --out "$out"
for round in 1 2; do # interleaved, so both engines see the same machine noise
  "${bench[@]}" outreach --engine sqlite --connection "$sqlite" --queries "$queries" --out "$out"
  "${bench[@]}" outreach --engine postgres --connection "$pg" --queries "$queries" --out "$out"
done
echo "results: $out"
