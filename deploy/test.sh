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
# Where CI's time goes, before CTest prints its summary as the last lines.
echo "test.sh: dependencies $((installed - started)) s, build $((SECONDS - installed)) s; running the tests" >&2
cd "$FEDBLOG_BUILD_DIR"
ctest --output-on-failure -j2 --timeout 900
