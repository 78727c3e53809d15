#!/usr/bin/env bash
# Runs every test of Tongban: unit and API tests on SQLite and on a throwaway PostgreSQL, then the browser tests
# on both engines. Installs what is missing (PostgreSQL, Chromium, CJK fonts) when run as root on Debian.
# The last line is "N passed, N failed", counted from the test result files.
set -uo pipefail
cd "$(dirname "$0")"
root=$(pwd)
results="$root/test-results"
rm -rf "$results" && mkdir -p "$results"

need=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -f /usr/lib/chromium/locales/zh-CN.pak ] || need+=(chromium-l10n) # Chinese date inputs and UI strings in the browser tests
fc-list 2>/dev/null | grep -i "Noto Sans CJK" >/dev/null || need+=(fonts-noto-cjk) # not grep -q: with pipefail its early exit fails the pipe
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing: ${need[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null \
      || { echo "apt-get install failed"; echo "0 passed, 1 failed"; exit 1; }
  else
    echo "missing ${need[*]}: install them (sudo apt-get install ${need[*]}) or run as root"
  fi
fi

pg_dir=""
cleanup() { [ -n "$pg_dir" ] && scripts/pg-throwaway.sh stop "$pg_dir"; }
trap cleanup EXIT
if env_lines=$(scripts/pg-throwaway.sh start); then
  eval "$env_lines"
  pg_dir=$TONGBAN_PG_DIR
else
  echo "could not start PostgreSQL: the PostgreSQL runs will fail"
fi

dotnet build Tongban.slnx -c Release -nologo -v quiet 2>&1 | tail -n 20
if [ "${PIPESTATUS[0]}" != 0 ]; then echo "build failed"; echo "0 passed, 1 failed"; exit 1; fi

export TONGBAN_SCREENSHOTS="$results/screenshots"
run() { # name project filter engine
  local name=$1 project=$2 filter=$3 engine=$4
  echo "== $name ($engine)"
  TONGBAN_TEST_DB=$engine dotnet test "$project" -c Release --no-build --nologo \
    ${filter:+--filter "$filter"} --logger "trx;LogFileName=$name-$engine.trx" --results-directory "$results" \
    2>&1 | awk '/^(Passed|Failed)!|\[FAIL\]/ { print; next }
                /Error Message:/ { print; left = 6; next }   # the message itself is on the lines below
                /^ *Stack Trace:/ { left = 0 }
                left > 0 { print; left-- }' | head -n 80
}
run unit-api tests/Tongban.Tests "" sqlite
run unit-api tests/Tongban.Tests "Db!~none" postgres
run browser tests/Tongban.BrowserTests "" sqlite
run browser tests/Tongban.BrowserTests "" postgres

passed=0; failed=0; files=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  files=$((files + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  e=$(sed -n 's/.* error="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0} + ${e:-0}))
done
[ "$files" -eq 4 ] || failed=$((failed + 4 - files)) # a run that wrote no results counts as a failure
echo "screenshots: $results/screenshots"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
