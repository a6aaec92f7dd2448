#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# Fan-out benchmark: one post to FOLLOWERS followers on HOSTS loopback "servers" (one port
# each, half of them with a shared inbox unless SHARED=0), all served by bench/fanout_sink,
# which verifies every signature and Digest. Prints deliveries/s, time to last delivery, the
# node's peak and idle RSS, and the ratio to the signing ceiling (draft-cavage signatures per
# second on 2 threads) measured by bench/sign_rate in the same run.
#
#   bench/fanout.sh [FOLLOWERS] [HOSTS]          (defaults 10000 1000)
#   FAULTY=1 bench/fanout.sh ...                 10% of hosts never answer, 5% answer 500
#   SHARED=0 bench/fanout.sh ...                 every follower has its own inbox
#   SETTLE=70 bench/fanout.sh ...                also the node's RSS after 70 s of quiet
#                                                (its once-a-minute upkeep gives memory back)
#   EXTRA_CONF='threads = 1' bench/fanout.sh     appends lines to the node's fedblog.conf
#   PERF_OUT=f.data [PERF_ARGS='--call-graph dwarf'] bench/fanout.sh   perf record the node
#   DATABASE=postgresql://... bench/fanout.sh    the PostgreSQL store, in a scratch schema
#                                                (dropped afterwards; needs psql)
#   RUNS=9 bench/fanout.sh ...                   nine runs one after another, then the
#                                                ratios' median, mean and range: one run
#                                                moves with the VM's speed by +-0.04
#
# Needs a build with -DFEDBLOG_BUILD_BENCH=ON (FEDBLOG_BUILD_DIR, default ./build). Loopback
# only. Run by hand; nothing here asserts a time.
set -euo pipefail
if [[ "${RUNS:-1}" -gt 1 ]]; then
    ratios=()
    for ((run = 1; run <= RUNS; ++run)); do
        echo "== run $run of $RUNS"
        out="$(RUNS=1 bash "${BASH_SOURCE[0]}" "$@" 2>&1)" || true
        echo "$out"
        # From the two rates, not the printed ratio, which is rounded to 0.01.
        ratio="$(sed -n 's/.*deliveries_per_s=\([0-9.]*\) signing_ceiling_per_s=\([0-9.]*\).*/\1 \2/p' <<<"$out" |
            awk 'END { if (NF == 2 && $2 > 0) printf "%.3f", $1 / $2 }')"
        [[ -n "$ratio" ]] && ratios+=("$ratio")
    done
    python3 - "${ratios[@]}" <<'PY'
import statistics, sys
r = [float(x) for x in sys.argv[1:]]
if r:
    print(f"runs={len(r)} ratio_median={statistics.median(r):.3f} ratio_mean={statistics.mean(r):.3f} "
          f"ratio_min={min(r):.3f} ratio_max={max(r):.3f} ratios={','.join(sys.argv[1:])}")
else:
    print("runs=0: no run printed a ratio")
PY
    exit 0
fi
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${FEDBLOG_BUILD_DIR:-$root/build}"
followers="${1:-10000}"
hosts="${2:-1000}"
shared="${SHARED:-1}"
faulty="${FAULTY:-0}"
base_port="${BASE_PORT:-21000}"
timeout_s="${DELIVERY_TIMEOUT:-10}"

bin="$build/node/fedblog"
sink="$build/bench/fanout_sink"
signer="$build/bench/sign_rate"
for f in "$bin" "$sink" "$signer"; do
    [[ -x "$f" ]] || { echo "missing $f (configure with -DFEDBLOG_BUILD_BENCH=ON)" >&2; exit 2; }
done

tmp="$(mktemp -d)"
node_pid=""
sink_pid=""
db_url=""
schema=""
cleanup() {
    [[ -n "$node_pid" ]] && kill "$node_pid" 2>/dev/null || true
    [[ -n "$sink_pid" ]] && kill "$sink_pid" 2>/dev/null || true
    wait 2>/dev/null || true
    [[ -n "$schema" ]] && psql -q "$DATABASE" -c "DROP SCHEMA $schema CASCADE" >/dev/null 2>&1 || true
    rm -rf "$tmp"
}
trap cleanup EXIT

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
data="$tmp/data"
if [[ -n "${DATABASE:-}" ]]; then
    schema="fedblog_bench_$$"
    psql -q "$DATABASE" -c "CREATE SCHEMA $schema" >/dev/null
    sep='?'
    [[ "$DATABASE" == *\?* ]] && sep='&'
    db_url="${DATABASE}${sep}options=-csearch_path%3D$schema"
fi
"$bin" init --data "$data" --domain "127.0.0.1:$port" --user author --scheme http \
    ${db_url:+--database "$db_url"} >/dev/null
cat >>"$data/fedblog.conf" <<CONF
allow_http_peers = true
allow_private_addresses = true
access_log = false
log_level = warn
delivery_concurrency = ${CONCURRENCY:-256}
delivery_per_host = ${PER_HOST:-4}
delivery_timeout = $timeout_s
${EXTRA_CONF:-}
CONF
token="$("$bin" token create --data "$data" --name bench | tail -n 1)"

# Followers go straight into the database: 10,000 signed Follows would measure the inbox.
# (On PostgreSQL: written as CSV here, then loaded with psql's \copy.)
python3 - "$data/fedblog.db" "$followers" "$hosts" "$base_port" "$shared" "${db_url:+$tmp/followers.csv}" >"$tmp/expect" <<'PY'
import csv, sqlite3, sys
db, n, m, base, shared = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5] == "1"
csv_path = sys.argv[6]
rows, inboxes = [], {}
for k in range(n):
    h = k % m
    host = f"127.0.0.1:{base + h}"
    actor = f"http://{host}/users/u{k}"
    inbox = actor + "/inbox"
    shared_inbox = f"http://{host}/inbox" if shared and h % 2 == 0 else ""
    rows.append((actor, inbox, host, shared_inbox, host if shared_inbox else "", actor + "#follow", 0))
    target = shared_inbox or inbox
    inboxes.setdefault(h, set()).add(target)
if csv_path:
    with open(csv_path, "w", newline="") as f:
        csv.writer(f, quoting=csv.QUOTE_ALL).writerows(rows)  # "" stays an empty string
else:
    con = sqlite3.connect(db)
    con.executemany("INSERT INTO followers (actor_id, inbox, inbox_host, shared_inbox, "
                    "shared_inbox_host, follow_id, created) VALUES (?,?,?,?,?,?,?)", rows)
    con.commit()
# Per host: how many distinct inboxes (deliveries) it should get.
for h in range(m):
    print(h, len(inboxes.get(h, ())))
PY

if [[ -n "$db_url" ]]; then
    psql -q "$db_url" -c "\\copy followers (actor_id, inbox, inbox_host, shared_inbox, shared_inbox_host, follow_id, created) FROM '$tmp/followers.csv' WITH (FORMAT csv)" >/dev/null
fi

# Deliveries the healthy hosts should verify (the sink's rule: stall i%10==1, error i%20==2).
expect="$(awk -v faulty="$faulty" '{ h=$1; if (faulty=="1" && (h%10==1 || h%20==2)) next; s+=$2 } END { print s+0 }' "$tmp/expect")"
total="$(awk '{ s+=$2 } END { print s+0 }' "$tmp/expect")"
sink_args=(--key "$data/keys/author.pem" --base-port "$base_port" --hosts "$hosts" --expect "$expect" --timeout 600)
[[ "$faulty" == "1" ]] && sink_args+=(--stall-every 10 --error-every 20)
[[ -n "${SAMPLE_MS:-}" ]] && sink_args+=(--sample-ms "$SAMPLE_MS")

# The ceiling is measured before and after the fan-out and averaged: a shared VM's speed
# drifts by 10-20 % within a minute, and one reading on one side biased the ratio.
measure_ceiling() {
    local line
    line="$("$signer" --key "$data/keys/author.pem" --threads 2 --seconds 2)"
    echo "$line" >&2
    sed -n 's/.*per_second=\([0-9.]*\).*/\1/p' <<<"$line"
}
echo "== signing ceiling (2 threads, 2 s before and 2 s after the fan-out)"
ceiling_before="$(measure_ceiling)"

"$sink" "${sink_args[@]}" >"$tmp/sink.out" 2>&1 &
sink_pid=$!
"$bin" serve --data "$data" --listen "127.0.0.1:$port" 2>"$tmp/node.log" &
node_pid=$!
if [[ -n "${PERF_OUT:-}" ]]; then # profile the node during the run: PERF_OUT=file.data
    # shellcheck disable=SC2086 # PERF_ARGS is a list of options, e.g. "--call-graph dwarf"
    perf record ${PERF_ARGS:--g} -p "$node_pid" -o "$PERF_OUT" >/dev/null 2>&1 &
fi
for _ in $(seq 1 200); do
    curl -fs "http://127.0.0.1:$port/users/author" -H 'Accept: application/activity+json' >/dev/null 2>&1 && break
    sleep 0.05
done
sleep 1
idle_rss="$(awk '/VmRSS/ {print $2}' "/proc/$node_pid/status")"

printf 'Fan-out benchmark post.\n' >"$tmp/post.md"
published="$(date +%s.%N)"
"$bin" post --server "http://127.0.0.1:$port" --token "$token" "$tmp/post.md" --title "Bench" >/dev/null
posted="$(date +%s.%N)"
wait "$sink_pid" || true
sink_pid=""
peak_rss="$(awk '/VmHWM/ {print $2}' "/proc/$node_pid/status")"
settled_rss=0
if [[ -n "${SETTLE:-}" ]]; then # RSS once the node has been quiet for SETTLE seconds
    sleep "$SETTLE"
    settled_rss="$(awk '/VmRSS/ {print $2}' "/proc/$node_pid/status")"
fi
# CPU the node used (user+system, in clock ticks): is it bound by CPU or by waiting?
node_cpu="$(awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$node_pid/stat")"
ceiling_after="$(measure_ceiling)"
ceiling="$(python3 -c "print(($ceiling_before + $ceiling_after) / 2)")"
sink_line="$(tail -n 1 "$tmp/sink.out")"
last="$(sed -n 's/.*last_epoch=\([0-9.]*\).*/\1/p' <<<"$sink_line")"
first="$(sed -n 's/.*first_epoch=\([0-9.]*\).*/\1/p' <<<"$sink_line")"
verified="$(sed -n 's/.*verified=\([0-9]*\).*/\1/p' <<<"$sink_line")"

echo "== fan-out followers=$followers hosts=$hosts shared=$shared faulty=$faulty jobs=$total healthy_jobs=$expect"
echo "$sink_line node_cpu_s=$node_cpu"
grep "^verified_per_" "$tmp/sink.out" || true
python3 - "$published" "$last" "$verified" "$ceiling" "$idle_rss" "$peak_rss" "$first" \
    "$ceiling_before" "$ceiling_after" "$posted" "$settled_rss" <<'PY'
import sys
published, last, verified, ceiling, idle, peak, first, before, after, posted, settled = \
    (float(x) for x in sys.argv[1:])
elapsed = last - published
rate = verified / elapsed if elapsed > 0 else 0
print(f"time_to_last_delivery_s={elapsed:.3f} deliveries_per_s={rate:.1f} "
      f"signing_ceiling_per_s={ceiling:.1f} ratio_to_ceiling={rate / ceiling:.2f} "
      f"idle_rss_mb={idle / 1024:.1f} peak_rss_mb={peak / 1024:.1f} "
      f"post_returned_after_s={posted - published:.3f} "
      f"first_delivery_after_s={first - published:.3f} "
      f"ceiling_before_after={before:.0f}/{after:.0f}"
      + (f" settled_rss_mb={settled / 1024:.1f}" if settled else ""))
PY
