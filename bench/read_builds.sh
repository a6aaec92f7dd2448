#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# Read throughput of several builds of fedblog against each other: one node per build, each
# with the same post, and wrk against each node's Note (or the actor) in turn, round after
# round, so that the VM's drift hits every build alike. Prints requests/s per round, then
# each build's mean and median and its mean's ratio to the first build's.
#
#   bench/read_builds.sh ROUNDS LABEL=PATH/TO/fedblog [LABEL=PATH/TO/fedblog ...]
#   DOC=author SECS=4 CONNS=32 bench/read_builds.sh 10 before=/tmp/a/fedblog after=build/node/fedblog
#
# Copy a binary out of the build directory before rebuilding it. Needs wrk. Loopback only.
set -euo pipefail
rounds="$1"
shift
seconds="${SECS:-4}"  # not SECONDS: bash counts its own time in it
conns="${CONNS:-32}"
accept='Accept: application/activity+json'

tmp="$(mktemp -d)"
pids=()
cleanup() {
    if ((${#pids[@]})); then kill "${pids[@]}" 2>/dev/null || true; fi
    wait 2>/dev/null || true
    rm -rf "$tmp"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

labels=()
urls=()
printf 'A post to read, with a little **Markdown** and a [link](https://example.com).\n' >"$tmp/post.md"
for spec in "$@"; do
    label="${spec%%=*}"
    bin="${spec#*=}"
    port="$(free_port)"
    data="$tmp/$label"
    "$bin" init --data "$data" --domain "127.0.0.1:$port" --user author --scheme http >/dev/null
    printf 'access_log = false\nlog_level = warn\n' >>"$data/fedblog.conf"
    token="$("$bin" token create --data "$data" --name bench | tail -n 1)"
    "$bin" serve --data "$data" --listen "127.0.0.1:$port" 2>"$tmp/$label.log" &
    pids+=($!)
    for _ in $(seq 1 200); do
        curl -fs "http://127.0.0.1:$port/users/author" -H "$accept" >/dev/null 2>&1 && break
        sleep 0.05
    done
    url="$("$bin" post --server "http://127.0.0.1:$port" --token "$token" "$tmp/post.md" --title "Read me" | tail -n 1)"
    [[ "${DOC:-note}" == author ]] && url="http://127.0.0.1:$port/users/author"
    labels+=("$label")
    urls+=("$url")
done

# "rps/p50/p90/p99", latencies in ms.
cat >"$tmp/summary.awk" <<'AWK'
function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; return v * 1000 }
/Requests\/sec/ { rps = $2 }
$1 == "50%" { p50 = ms($2) }
$1 == "90%" { p90 = ms($2) }
$1 == "99%" { p99 = ms($2) }
END { printf "%.0f/%.2f/%.2f/%.2f", rps, p50, p90, p99 }
AWK
echo "== wrk -t2 -c$conns -d${seconds}s against each build's ${DOC:-note} in turn, $rounds rounds"
for r in $(seq 1 "$rounds"); do
    line="round=$r"
    for i in "${!labels[@]}"; do
        out="$(wrk -t2 -c"$conns" -d"${seconds}s" --latency -H "$accept" "${urls[$i]}")"
        line+=" ${labels[$i]}=$(awk -f "$tmp/summary.awk" <<<"$out")"
    done
    echo "$line"
done | tee "$tmp/rounds"
python3 - "$tmp/rounds" "${labels[@]}" <<'PY'
import re, statistics, sys
rows = [dict(re.findall(r"(\S+)=(\S+)", l)) for l in open(sys.argv[1])]
first = None
for label in sys.argv[2:]:
    cols = [[float(x) for x in r[label].split("/")] for r in rows]
    values = [c[0] for c in cols]
    mean = statistics.mean(values)
    first = first or mean
    print(f"{label} mean={mean:.0f} median={statistics.median(values):.0f} "
          f"min={min(values):.0f} max={max(values):.0f} ratio_to_first={mean / first:.2f} "
          f"median_p90_ms={statistics.median(c[2] for c in cols):.2f} "
          f"median_p99_ms={statistics.median(c[3] for c in cols):.2f}")
PY
