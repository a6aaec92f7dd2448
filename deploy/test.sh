#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# Installs everything (build and test dependencies, the npm packages of the interop peer),
# builds with warnings as errors, and runs the whole test suite with CTest.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
started=$SECONDS
"$root/deploy/install-deps.sh" --test
installed=$SECONDS
# The interop test installs its npm packages itself (tests/interop/setup.sh) as its first
# step, so a registry problem fails that test alone and the rest of the suite still runs.
export FEDBLOG_BUILD_DIR="${FEDBLOG_BUILD_DIR:-$root/build}"
"$root/deploy/build.sh" -DFEDBLOG_WARNINGS_AS_ERRORS=ON -DFEDBLOG_BUILD_TESTS=ON
built=$SECONDS
# The PostgreSQL store tests need a server (FEDBLOG_TEST_PG_DSN; they are skipped without it).
# A developer may point them at their own; otherwise a throwaway one runs on loopback for the
# length of the suite. CI must test PostgreSQL, so a server that does not start fails the run.
if [ -z "${FEDBLOG_TEST_PG_DSN:-}" ]; then
    # Under /tmp: as root the server runs as the postgres user, which must reach the directory.
    pg_dir="$(mktemp -d /tmp/fedblog-pg.XXXXXX)"
    trap 'bash "$root/deploy/pg-test-server.sh" stop "$pg_dir" >/dev/null 2>&1 || true; rm -rf "$pg_dir"' EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    if ! FEDBLOG_TEST_PG_DSN="$(bash "$root/deploy/pg-test-server.sh" start "$pg_dir")"; then
        echo "test.sh: could not start the PostgreSQL test server (see above); the PostgreSQL" \
            "tests need one (or FEDBLOG_TEST_PG_DSN naming an existing server)" >&2
        exit 1
    fi
    export FEDBLOG_TEST_PG_DSN
else
    echo "test.sh: PostgreSQL tests use FEDBLOG_TEST_PG_DSN from the environment" >&2
fi
# Where CI's time goes, before CTest prints its summary as the last lines.
echo "test.sh: dependencies $((installed - started)) s, build $((built - installed)) s; running the tests" >&2
cd "$FEDBLOG_BUILD_DIR"
ctest --output-on-failure -j2 --timeout 900
