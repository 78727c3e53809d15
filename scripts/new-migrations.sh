#!/usr/bin/env bash
# Regenerates the migration sets of both providers from the model.
#   scripts/new-migrations.sh            adds a migration named after the change: scripts/new-migrations.sh AddAppeals
#   scripts/new-migrations.sh --reset    (before the first release only) rebuilds Initial + ProviderSql from scratch
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
project=src/Tongban.Web
ef() { dotnet ef "$@" --project "$project" --startup-project "$project"; }
if [ "${1:-}" = "--reset" ]; then
  rm -rf "$project/Data/Migrations"
  for p in Sqlite Postgres; do
    ef migrations add Initial --context "${p}AppDbContext" --output-dir "Data/Migrations/$p"
    ef migrations add ProviderSql --context "${p}AppDbContext" --output-dir "Data/Migrations/$p"
    f=$(ls "$project/Data/Migrations/$p/"*_ProviderSql.cs)
    python3 - "$f" <<'PY'
import re, sys
p = sys.argv[1]
s = open(p).read()
s = re.sub(r"(protected override void Up\(MigrationBuilder migrationBuilder\)\s*\{)\s*\}", r"\1\n            Tongban.Web.Data.ProviderSql.Up(migrationBuilder);\n        }", s)
s = re.sub(r"(protected override void Down\(MigrationBuilder migrationBuilder\)\s*\{)\s*\}", r"\1\n            Tongban.Web.Data.ProviderSql.Down(migrationBuilder);\n        }", s)
open(p, "w").write(s)
PY
  done
else
  name=${1:?name the migration, e.g. AddAppeals}
  for p in Sqlite Postgres; do
    ef migrations add "$name" --context "${p}AppDbContext" --output-dir "Data/Migrations/$p"
  done
fi
