#!/usr/bin/env bash
# 一岗通办 benchmarks: rota generation (20 staff, 3 posts, one month) and the public guide pages on both engines.
# Results appended to bench/results/services-<date>.md. Loopback only; every process started here is stopped here.
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench/results/services-$(date -u +%Y%m%d).md
mkdir -p bench/results
dotnet build bench/Tongban.Bench -c Release -nologo -v quiet
bench=(dotnet bench/Tongban.Bench/bin/Release/net10.0/Tongban.Bench.dll)
dotnet build src/Tongban.Web -c Release -nologo -v quiet
web=src/Tongban.Web/bin/Release/net10.0/Tongban.Web.dll
work=$(mktemp -d /tmp/tongban-services-bench.XXXXXX)
eval "$(scripts/pg-throwaway.sh start)"
app_pid=""
cleanup() { if [ -n "$app_pid" ]; then kill "$app_pid" 2>/dev/null || true; wait "$app_pid" 2>/dev/null || true; fi; scripts/pg-throwaway.sh stop "$TONGBAN_PG_DIR"; rm -rf "$work"; }
trap cleanup EXIT
{
  echo
  echo "## Run of $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores (shared), $(free -g | awk '/Mem:/{print $2}') GB; Release build; app on 127.0.0.1 with the demo district at scale 0.05"
} >> "$out"
"${bench[@]}" services-rota --runs 50 --out "$out"

# The guide against a running app, once per engine (the demo catalog is seeded at start-up).
run_guide() {
  local provider=$1 connection=$2 port=$3
  ASPNETCORE_ENVIRONMENT=Production Database__Provider=$provider ConnectionStrings__Tongban="$connection" Demo__Enabled=true Demo__Scale=0.05 \
    TONGBAN_DEMO_PASSWORD='Bench#2026' SensitiveData__EncryptionKey=YmVuY2gtb25seS10b25nYmFuLWVuY3J5cHRpb24ta3k= \
    SensitiveData__LookupKey=YmVuY2gtb25seS10b25nYmFuLWxvb2t1cC1rZXktMzI= Logging__LogLevel__Default=Warning Appeals__Jobs__DeadlinesEnabled=false \
    dotnet "$web" --urls "http://127.0.0.1:$port" --contentRoot "$PWD/src/Tongban.Web" > "$work/app-$provider.log" 2>&1 &
  app_pid=$!
  for _ in $(seq 1 180); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 1; done
  "${bench[@]}" services-guide --engine "$provider" --url "http://127.0.0.1:$port" --requests 300 --out "$out"
  kill "$app_pid"; wait "$app_pid" 2>/dev/null || true; app_pid=""
}
run_guide sqlite "Data Source=$work/guide.db" 5181
run_guide postgres "$TONGBAN_TEST_PG;Database=tb_bench_services" 5182
echo "results: $out"
