#!/usr/bin/env bash
# The page's tools: npm packages (esbuild, CodeMirror, playwright-core, ...) and, for the
# browser tests, Debian's chromium. Skips each when present.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x www/node_modules/.bin/esbuild ] || [ www/package-lock.json -nt www/node_modules/.package-lock.json ]; then
  echo "setup: installing the page's npm packages"
  (cd www && npm ci --no-audit --no-fund)
fi
if [ "${NEED_CHROMIUM:-0}" = 1 ] && ! command -v chromium >/dev/null; then
  echo "setup: installing chromium for the browser tests"
  SUDO=$([ "$(id -u)" = 0 ] && echo "" || echo sudo)
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq chromium
fi
