#!/usr/bin/env bash
# Appeals benchmarks on both engines, side by side in one run; results appended to bench/results/appeals-<date>.md.
#   bench/run-appeals.sh                     5M appeals in a 60-district city, then queues, search and API submission
#   APPEALS=200000 DISTRICTS=4 bench/run-appeals.sh   a smaller city
#   KEEP=/path bench/run-appeals.sh          keep (and on the next run reuse) the generated databases in /path
#   SUBMIT_ONLY=1 KEEP=/path bench/run-appeals.sh   only the submission runs (after a change to the intake path); each also
#                                            writes appeal rows alone, for the bound no design can pass on this machine
#   WORKBENCH_ONLY=1 KEEP=/path bench/run-appeals.sh 首页's appeal panel (every queue count) per caller, two rounds
#   CALENDAR_ONLY=1 KEEP=/path bench/run-appeals.sh correcting this year's calendar: the recount of open appeals' limits, timed and rolled back
# PostgreSQL runs with fsync and synchronous commit on, so "durable" means the same on both engines.
# Loopback only; every step ends by itself.
set -euo pipefail
cd "$(dirname "$0")/.."
appeals=${APPEALS:-5000000}
districts=${DISTRICTS:-60}
seconds=${SECONDS_PER_RUN:-20}
queries=${QUERIES:-200}
out=bench/results/appeals-$(date -u +%Y%m%d).md
mkdir -p bench/results
dotnet build src/Tongban.Web -c Release -nologo -v quiet
dotnet build bench/Tongban.Bench -c Release -nologo -v quiet
bench=(dotnet bench/Tongban.Bench/bin/Release/net10.0/Tongban.Bench.dll)
web=src/Tongban.Web/bin/Release/net10.0/Tongban.Web.dll
work=${KEEP:-$(mktemp -d /tmp/tongban-appeals.XXXXXX)}
mkdir -p "$work"
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
pgport() { sed -n 's/.*Port=\([0-9]*\).*/\1/p' <<<"$TONGBAN_TEST_PG"; }
if [ -f "$work/pg.env" ] && . "$work/pg.env" && [ -d "$TONGBAN_PG_DIR/data" ]; then
  # a kept cluster: start it again if the machine or the server stopped since (its data is what "generated" marks)
  "$pgbin/pg_isready" -q -h 127.0.0.1 -p "$(pgport)" 2>/dev/null || PG_DURABLE=1 scripts/pg-throwaway.sh resume "$TONGBAN_PG_DIR" "$(pgport)"
  reuse=1
else
  # a new cluster is empty: benchmarking it beside a kept SQLite database would compare different data
  [ -f "$work/generated" ] && { echo "$work holds generated data but its PostgreSQL cluster is gone: empty $work to generate again" >&2; exit 1; }
  reuse=0
  PG_DURABLE=1 scripts/pg-throwaway.sh start > "$work/pg.env"
  . "$work/pg.env"
fi
[ -z "${KEEP:-}" ] && trap 'scripts/pg-throwaway.sh stop "$TONGBAN_PG_DIR"; rm -rf "$work"' EXIT
{
  echo
  echo "## Run of $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GB, load average $(cut -d' ' -f1-3 /proc/loadavg); PostgreSQL $(ls /usr/lib/postgresql) (fsync on, synchronous_commit on), SQLite WAL synchronous=FULL"
} >> "$out"
sqlite="Data Source=$work/appeals.db"
pg="$TONGBAN_TEST_PG;Database=tb_bench_appeals"
if [ ! -f "$work/generated" ]; then
  "${bench[@]}" generate --engine sqlite --connection "$sqlite" --residents 0 --districts "$districts" --out "$out"
  "${bench[@]}" generate --engine postgres --connection "$pg" --residents 0 --districts "$districts" --out "$out"
  "${bench[@]}" generate-appeals --engine sqlite --connection "$sqlite" --appeals "$appeals" --out "$out"
  "${bench[@]}" generate-appeals --engine postgres --connection "$pg" --appeals "$appeals" --out "$out"
  touch "$work/generated"
fi
[ "${GENERATE_ONLY:-0}" = 1 ] && exit 0
# a kept city may come from an older build: apply this build's migrations first (timed, so their cost at this size is on record)
"${bench[@]}" migrate --engine sqlite --connection "$sqlite" --out "$out"
"${bench[@]}" migrate --engine postgres --connection "$pg" --out "$out"
if [ "${WORKBENCH_ONLY:-0}" = 1 ]; then # 首页's appeal panel: every queue count per caller
  for round in 1 2; do
    "${bench[@]}" workbench --engine sqlite --connection "$sqlite" --out "$out"
    "${bench[@]}" workbench --engine postgres --connection "$pg" --out "$out"
  done
  echo "results: $out"; exit 0
fi
if [ "${CALENDAR_ONLY:-0}" = 1 ]; then # an administrator correcting this year's calendar: the recount of open appeals' limits (rolled back)
  "${bench[@]}" calendar-recount --engine sqlite --connection "$sqlite" --out "$out"
  "${bench[@]}" calendar-recount --engine postgres --connection "$pg" --out "$out"
  echo "results: $out"; exit 0
fi
[ "${SUBMIT_ONLY:-0}" = 1 ] || for round in 1 2; do # interleaved, so both engines see the same machine noise
  "${bench[@]}" queues --engine sqlite --connection "$sqlite" --queries "$queries" --out "$out"
  "${bench[@]}" queues --engine postgres --connection "$pg" --queries "$queries" --out "$out"
  "${bench[@]}" appeal-search --engine sqlite --connection "$sqlite" --queries "$queries" --out "$out"
  "${bench[@]}" appeal-search --engine postgres --connection "$pg" --queries "$queries" --out "$out"
  "${bench[@]}" workbench --engine sqlite --connection "$sqlite" --out "$out"
  "${bench[@]}" workbench --engine postgres --connection "$pg" --out "$out"
done
for clients in 4 16; do # 4 as before; 16 shows what group commit does when more submissions arrive at once
  "${bench[@]}" submit --engine sqlite --connection "$sqlite" --web "$web" --seconds "$seconds" --concurrency "$clients" --out "$out"
  "${bench[@]}" submit --engine postgres --connection "$pg" --web "$web" --seconds "$seconds" --concurrency "$clients" --out "$out"
done
echo "results: $out"
