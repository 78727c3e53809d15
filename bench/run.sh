#!/usr/bin/env bash
# Foundation benchmarks on both engines, side by side in one run; results appended to bench/results/foundation-<date>.md.
#   bench/run.sh                 1M residents for search, 100k-row import
#   RESIDENTS=200000 bench/run.sh    a smaller city
# Loopback only; every step ends by itself.
set -euo pipefail
cd "$(dirname "$0")/.."
residents=${RESIDENTS:-1000000}
rows=${IMPORT_ROWS:-100000}
out=bench/results/foundation-$(date -u +%Y%m%d).md
mkdir -p bench/results
dotnet build bench/Tongban.Bench -c Release -nologo -v quiet
bench=(dotnet bench/Tongban.Bench/bin/Release/net10.0/Tongban.Bench.dll)
work=$(mktemp -d /tmp/tongban-bench.XXXXXX)
eval "$(scripts/pg-throwaway.sh start)"
trap 'scripts/pg-throwaway.sh stop "$TONGBAN_PG_DIR"; rm -rf "$work"' EXIT
{
  echo
  echo "## Run of $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GB; PostgreSQL $(ls /usr/lib/postgresql) (throwaway, fsync off), SQLite WAL synchronous=FULL"
} >> "$out"
sqlite_search="Data Source=$work/search.db"
pg_search="$TONGBAN_TEST_PG;Database=tb_bench_search"
"${bench[@]}" generate --engine sqlite --connection "$sqlite_search" --residents "$residents" --out "$out"
"${bench[@]}" generate --engine postgres --connection "$pg_search" --residents "$residents" --out "$out"
for round in 1 2; do # interleaved, so both engines see the same machine noise
  "${bench[@]}" search --engine sqlite --connection "$sqlite_search" --queries 300 --out "$out"
  "${bench[@]}" search --engine postgres --connection "$pg_search" --queries 300 --out "$out"
done
districts=$(( (rows * 10 / 26 + 3435) / 3436 + 1 ))
"${bench[@]}" generate --engine sqlite --connection "Data Source=$work/import.db" --residents 0 --districts "$districts" --out "$out"
"${bench[@]}" generate --engine postgres --connection "$TONGBAN_TEST_PG;Database=tb_bench_import" --residents 0 --districts "$districts" --out "$out"
"${bench[@]}" import --engine sqlite --connection "Data Source=$work/import.db" --rows "$rows" --out "$out"
"${bench[@]}" import --engine postgres --connection "$TONGBAN_TEST_PG;Database=tb_bench_import" --rows "$rows" --out "$out"
echo "results: $out"
