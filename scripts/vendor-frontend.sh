#!/usr/bin/env bash
# Copies the front-end libraries from npm into wwwroot/lib, with their versions recorded.
# Run only when upgrading; the vendored files are committed and nothing here runs at build or run time.
set -euo pipefail
cd "$(dirname "$0")/.."
lib=src/Tongban.Web/wwwroot/lib
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fetch() { # name version
  (cd "$tmp" && npm pack --silent "$1@$2" >/dev/null && mkdir -p "$1" && tar -xzf "${1//\//-}-$2.tgz" -C "$1")
}
fetch htmx.org 2.0.4
fetch leaflet 1.9.4
mkdir -p "$lib/htmx" "$lib/leaflet/images"
cp "$tmp/htmx.org/package/dist/htmx.min.js" "$lib/htmx/"
cp "$tmp/leaflet/package/dist/leaflet.js" "$tmp/leaflet/package/dist/leaflet.css" "$lib/leaflet/"
cp "$tmp/leaflet/package/dist/images/"*.png "$lib/leaflet/images/"
cat > "$lib/VERSIONS.md" <<TXT
# Vendored front-end libraries
Copied from the npm registry by scripts/vendor-frontend.sh; do not edit by hand.

| library | version | licence | files |
|---|---|---|---|
| htmx.org | 2.0.4 | 0BSD | htmx/htmx.min.js |
| leaflet | 1.9.4 | BSD-2-Clause | leaflet/leaflet.js, leaflet.css, images/ |
TXT
echo "vendored into $lib"
