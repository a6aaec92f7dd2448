#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# Inbox throughput: distinct pre-signed `Like` activities from ACTORS remote actors (their
# actor documents served by nginx, fetched and cached by the blog on first sight) POSTed to
# the shared inbox by wrk with bench/inbox.lua. Prints accepted (verified and stored)
# requests per second with the ratio to `openssl speed -multi 2 rsa2048` verify/s, then the
# same with corrupted signatures (refused with 401) against the 1-core verify rate.
#
#   bench/inbox.sh [SECONDS] [CONNECTIONS] [ACTORS] [REQUESTS]   (defaults 4 32 50 160000)
#   POST_KB=64 bench/inbox.sh ...   the liked post has about that many KB of Markdown (a
#                                   Like must cost the same on a long post as on a short one)
#   PERF_OUT=file.data [PERF_ARGS='--call-graph dwarf'] bench/inbox.sh ...   perf record of the node
#                                   during the valid run
#   EXTRA_CONF='scheduling = normal' bench/inbox.sh ...   appends lines to the node's fedblog.conf
#
# Each set needs more distinct requests than wrk sends in SECONDS: a wrk thread that runs out
# starts over, and a repeated Like is acknowledged as a duplicate without being stored, which
# would flatter the figure: the script then reports no ratio for the valid run. (A repeated
# bad request is verified and refused again like a new one, so the refused run may repeat.)
# The default, 160,000, lasts 4 s at 40,000 Likes/s, twice the best rate seen on 2 cores;
# signing them takes about half a minute there.
#
# Needs a build with -DFEDBLOG_BUILD_BENCH=ON, wrk and nginx. Loopback only. Run by hand.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${FEDBLOG_BUILD_DIR:-$root/build}"
seconds="${1:-4}"
conns="${2:-32}"
actors="${3:-50}"
count="${4:-160000}"
bin="$build/node/fedblog"
load="$build/bench/inbox_load"
[[ -x "$load" ]] || { echo "missing $load (configure with -DFEDBLOG_BUILD_BENCH=ON)" >&2; exit 2; }

tmp="$(mktemp -d)"
node_pid=""
nginx_pid=""
cleanup() {
    [[ -n "${KEEP_LOG:-}" && -f "$tmp/node.log" ]] && cp "$tmp/node.log" "$KEEP_LOG"
    [[ -n "$node_pid" ]] && kill "$node_pid" 2>/dev/null || true
    [[ -n "$nginx_pid" ]] && kill "$nginx_pid" 2>/dev/null || true
    wait 2>/dev/null || true
    rm -rf "$tmp"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

port="$(free_port)"
remote_port="$(free_port)"
metrics_port="$(free_port)"
data="$tmp/data"
"$bin" init --data "$data" --domain "127.0.0.1:$port" --user author --scheme http >/dev/null
printf 'allow_http_peers = true\nallow_private_addresses = true\naccess_log = false\nlog_level = %s\nmetrics_listen = 127.0.0.1:%s\n' "${LOG_LEVEL:-warn}" "$metrics_port" >>"$data/fedblog.conf"
[[ -n "${EXTRA_CONF:-}" ]] && printf '%s\n' "$EXTRA_CONF" >>"$data/fedblog.conf"
token="$("$bin" token create --data "$data" --name bench | tail -n 1)"
"$bin" serve --data "$data" --listen "127.0.0.1:$port" 2>"$tmp/node.log" &
node_pid=$!
for _ in $(seq 1 200); do
    curl -fs "http://127.0.0.1:$port/users/author" -H 'Accept: application/activity+json' >/dev/null 2>&1 && break
    sleep 0.05
done
printf 'Like me.\n' >"$tmp/post.md"
for ((i = 0; i < ${POST_KB:-0} * 5; i++)); do # 5 paragraphs of about 200 bytes per KB
    printf '\nParagraph %d of a long post, with *some* emphasis and a [link](https://example.com/%d) to make the HTML longer than the source, and then plain words until the line is long enough.\n' "$i" "$i"
done >>"$tmp/post.md"
post_url="$("$bin" post --server "http://127.0.0.1:$port" --token "$token" "$tmp/post.md" | tail -n 1)"

for kind in good bad; do
    mkdir -p "$tmp/$kind"
    extra=()
    [[ "$kind" == "bad" ]] && extra=(--bad)
    "$load" --out "$tmp/$kind" --remote "http://127.0.0.1:$remote_port" --blog-host "127.0.0.1:$port" \
        --post "$post_url" --actors "$actors" --count "$count" "${extra[@]}" >/dev/null
done
# Both sets have the same actors' names; the good set's keys are the ones served.
cat >"$tmp/nginx.conf" <<CONF
worker_processes 1;
pid $tmp/nginx.pid;
error_log $tmp/nginx.err warn;
daemon off;
events { worker_connections 1024; }
http {
    access_log off;
    default_type application/activity+json;
    server { listen 127.0.0.1:$remote_port; root $tmp/good/www; }
}
CONF
# nginx workers run as an unprivileged user: they must be able to read the files.
chmod 755 "$tmp" "$tmp/good"
chmod -R a+rX "$tmp/good/www"
nginx -c "$tmp/nginx.conf" -p "$tmp" &
nginx_pid=$!
sleep 0.5

# Warm-up: one request per actor, so the measured run verifies with cached keys.
head -n "$actors" "$tmp/good/requests.tsv" >"$tmp/warm.tsv"
tail -n +"$((actors + 1))" "$tmp/good/requests.tsv" >"$tmp/good/run.tsv"
python3 - "$tmp/warm.tsv" "$port" <<'PY'
import http.client, sys
path, port = sys.argv[1], int(sys.argv[2])
for line in open(path):
    date, digest, sig, body = line.rstrip("\n").split("\t", 3)
    c = http.client.HTTPConnection("127.0.0.1", port)
    c.request("POST", "/inbox", body=body.encode(), headers={
        "Host": f"127.0.0.1:{port}", "Date": date, "Digest": digest, "Signature": sig,
        "Content-Type": "application/activity+json"})
    r = c.getresponse(); body = r.read()
    if r.status != 202:
        print("warm-up got", r.status, body[:300], file=sys.stderr)
PY

verify_rate() { # openssl speed prints "rsa 2048 bits  sign  verify  sign/s verify/s"
    openssl speed "$@" -seconds 3 rsa2048 2>/dev/null | awk '/^rsa 2048/ {print $NF}'
}
# Each ceiling is read just before and just after its run and averaged: the VM's speed drifts
# by 10-30 % within a minute (one session read 66,000 and 93,000 verify/s minutes apart).

node_ticks() { awk '{ print $14 + $15 }' "/proc/$node_pid/stat"; }
run() { # $1 requests file; prints "total rps non2xx node_cpu_ticks wrapped"
    local out before
    before="$(node_ticks)"
    out="$(INBOX_REQUESTS="$1" BLOG_HOST="127.0.0.1:$port" WRK_THREADS=2 \
        wrk -t2 -c"$conns" -d"${seconds}s" -s "$root/bench/inbox.lua" "http://127.0.0.1:$port/inbox")"
    local ticks=$(($(node_ticks) - before))
    grep WARNING <<<"$out" >&2 || true
    local wrapped
    wrapped="$(grep -c WARNING <<<"$out" || true)"
    local total rps non2xx
    total="$(awk '/requests in/ {print $1}' <<<"$out")"
    rps="$(awk '/Requests\/sec/ {print $2}' <<<"$out")"
    non2xx="$(awk '/Non-2xx/ {print $NF}' <<<"$out")"
    echo "$total $rps ${non2xx:-0} $ticks ${wrapped:-0}"
}
groups() { # "groups grouped_writes" so far, from /metrics (group commit)
    curl -fs "http://127.0.0.1:$metrics_port/metrics" |
        awk '/^fedblog_store_write_groups_total / {g=$2} /^fedblog_store_grouped_writes_total / {w=$2} END {print g+0, w+0}'
}
read -r groups_before writes_before <<<"$(groups)"
multi_before="$(verify_rate -multi 2)"
perf_pid=""
if [[ -n "${PERF_OUT:-}" ]]; then # profile the node during the valid run: PERF_OUT=file.data
    perf record ${PERF_ARGS:--g} -p "$node_pid" -o "$PERF_OUT" >/dev/null 2>&1 &
    perf_pid=$!
fi
read -r g_total g_rps g_non2xx g_ticks g_wrapped <<<"$(run "$tmp/good/run.tsv")"
[[ -n "$perf_pid" ]] && kill -INT "$perf_pid" && wait "$perf_pid" || true
read -r groups_after writes_after <<<"$(groups)"
multi_after="$(verify_rate -multi 2)"
single_before="$(verify_rate)"
read -r b_total b_rps b_non2xx b_ticks b_wrapped <<<"$(run "$tmp/bad/requests.tsv")"
single_after="$(verify_rate)"
multi="$(python3 -c "print(($multi_before + $multi_after) / 2)")"
single="$(python3 -c "print(($single_before + $single_after) / 2)")"
echo "openssl verify/s before/after: 2 processes $multi_before/$multi_after, 1 core $single_before/$single_after"
echo "== inbox: wrk -t2 -c$conns -d${seconds}s, $actors actors, distinct Likes"
python3 - "$g_total" "$g_rps" "$g_non2xx" "$b_total" "$b_rps" "$b_non2xx" "$multi" "$single" "$seconds" \
    "$g_ticks" "$b_ticks" "$(getconf CLK_TCK)" "$g_wrapped" "$b_wrapped" "$count" \
    "$((groups_after - groups_before))" "$((writes_after - writes_before))" <<'PY'
import sys
gt, grps, gn, bt, brps, bn, multi, single, secs, gticks, bticks, hz, gw, bw, count, groups, \
    grouped = map(float, sys.argv[1:])
if gw:
    print(f"valid: NOT MEASURED: {gt:.0f} requests sent but only {count:.0f} distinct; "
          f"rerun with REQUESTS above {gt * 1.5:.0f}")
accepted = (gt - gn) / secs
refused = bn / secs
# The node's CPU per request: what the ratio would be if the node had the cores to itself
# (wrk shares them here) is roughly 1e6 / cpu_us_per_req per core.
if not gw:
    print(f"valid: accepted_per_s={accepted:.0f} (wrk {grps:.0f} req/s, {gn:.0f} not 2xx) "
          f"openssl_verify_2proc_per_s={multi:.0f} ratio={accepted / multi:.3f} "
          f"node_cpu_us_per_req={gticks / hz * 1e6 / max(gt, 1):.0f} "
          f"group_commit_mean_size={grouped / max(groups, 1):.1f}")
print(f"bad signatures: refused_per_s={refused:.0f} (wrk {brps:.0f} req/s) "
      f"openssl_verify_1core_per_s={single:.0f} ratio={refused / single:.3f} "
      f"node_cpu_us_per_req={bticks / hz * 1e6 / max(bt, 1):.0f}"
      + (" (requests repeated)" if bw else ""))
PY
