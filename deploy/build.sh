#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# Configures and builds fedblog into ./build (or $FEDBLOG_BUILD_DIR). Extra arguments go to
# CMake's configure step, e.g. -DFEDBLOG_SANITIZE=address,undefined.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${FEDBLOG_BUILD_DIR:-$root/build}"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
cmake --build "$build" -j"$(nproc)"
