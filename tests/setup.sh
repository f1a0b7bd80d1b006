#!/usr/bin/env bash
# Install everything the test suite needs on a Debian machine (run from the repo root):
# Debian's Chromium for the browser tests, graphkit with its test extras, and the
# Node readers (graphology) that check the GraphML/GEXF exports the way Gephi Lite does.
set -euo pipefail
if ! command -v chromium >/dev/null 2>&1; then
  SUDO=""
  [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
python -m pip install -q -e '.[test]'
if [ -f tests/js/package-lock.json ]; then
  npm ci --prefix tests/js --no-audit --no-fund --loglevel=error
fi
