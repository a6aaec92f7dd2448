#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# Installs the Debian 12 packages fedblog needs to build and run (and, with --test, to run
# its whole test suite). Idempotent; needs root (or sudo).
set -euo pipefail

packages=(
    # toolchain
    g++ cmake ninja-build pkg-config git ca-certificates
    # libraries (Boost 1.81 explicitly: Debian's default libboost-dev is 1.74)
    libboost1.81-dev libboost-url1.81-dev libboost-program-options1.81-dev libboost-test1.81-dev
    rapidjson-dev libssl-dev libsqlite3-dev libgumbo-dev libcmark-gfm-dev
    libcmark-gfm-extensions-dev libspdlog-dev libfmt-dev
)
if [ "${1:-}" = "--test" ]; then
    # Tools the tests drive: the SQLite shell and ps (process checks).
    packages+=(sqlite3 procps)
    # The interop peer needs npm (it installs Node 22 and Fedify locally). A machine may
    # already have another Node.js with npm built in, which conflicts with Debian's npm
    # package: only install them when there is no npm at all.
    if ! command -v npm >/dev/null 2>&1; then
        packages+=(nodejs npm)
    fi
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi
echo "install-deps: installing ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
