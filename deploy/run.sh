#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# Installs everything, builds, and runs a node on http://127.0.0.1:8080 with the embedded
# default store (SQLite) and a sample post. The data lives in ./data (created on first run).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/deploy/install-deps.sh"
"$root/deploy/build.sh"
data="${FEDBLOG_DATA:-$root/data}"
bin="${FEDBLOG_BUILD_DIR:-$root/build}/node/fedblog"
if [ ! -f "$data/fedblog.conf" ]; then
    "$bin" init --data "$data" --domain 127.0.0.1:8080 --scheme http --user author \
        --name "fedblog author" --summary "A blog on the fediverse."
fi
echo "fedblog: serving http://127.0.0.1:8080 (Ctrl-C to stop)" >&2
exec "$bin" serve --data "$data" --listen 127.0.0.1:8080
