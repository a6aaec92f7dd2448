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
    libcmark-gfm-extensions-dev libspdlog-dev libfmt-dev libexpat1-dev libpq-dev
)
if [ "${1:-}" = "--test" ]; then
    # Tools the tests drive: the SQLite shell and ps (process checks).
    packages+=(sqlite3 procps)
    # The PostgreSQL store tests run against a throwaway server that deploy/pg-test-server.sh
    # starts from /usr/lib/postgresql/15/bin (Debian 12's server).
    packages+=(postgresql-15)
    # The interop peer needs npm (it installs Node 22 and Fedify locally). A machine may
    # already have another Node.js with npm built in, which conflicts with Debian's npm
    # package: only install them when there is no npm at all.
    if ! command -v npm >/dev/null 2>&1; then
        packages+=(nodejs npm)
    fi
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi

# libmstch-dev (Mustache templates) depends on the unversioned libboost-dev, which is Boost
# 1.74 and conflicts with the 1.81 we build with. A tiny local package that provides
# libboost-dev on top of libboost1.81-dev satisfies it without forcing anything in dpkg.
install_boost_shim() {
    if dpkg-query -W -f='${Status}' fedblog-boost-dev-provides 2>/dev/null | grep -q "install ok installed"; then
        return
    fi
    local dir
    dir="$(mktemp -d)"
    mkdir -p "$dir/pkg/DEBIAN"
    cat >"$dir/pkg/DEBIAN/control" <<'CONTROL'
Package: fedblog-boost-dev-provides
Version: 1.81.0
Architecture: all
Maintainer: fedblog <fedblog@localhost>
Depends: libboost1.81-dev
Provides: libboost-dev (= 1.81.0)
Description: lets packages that depend on libboost-dev use Boost 1.81
 fedblog builds with Debian's Boost 1.81; libmstch-dev depends on the
 unversioned libboost-dev (Boost 1.74), which conflicts with it.
CONTROL
    dpkg-deb --build "$dir/pkg" "$dir/fedblog-boost-dev-provides.deb" >/dev/null
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$dir/fedblog-boost-dev-provides.deb" >/dev/null
    rm -rf "$dir"
}

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
mstch_missing=0
dpkg-query -W -f='${Status}' libmstch-dev 2>/dev/null | grep -q "install ok installed" || mstch_missing=1
if [ ${#missing[@]} -eq 0 ] && [ $mstch_missing -eq 0 ]; then
    exit 0
fi
echo "install-deps: installing ${missing[*]} $([ $mstch_missing -eq 1 ] && echo libmstch-dev)" >&2
$sudo apt-get update -qq
if [ ${#missing[@]} -gt 0 ]; then
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if [ $mstch_missing -eq 1 ]; then
    install_boost_shim
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends libmstch-dev >/dev/null
fi
