#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# Read throughput: wrk against the actor document and a post's Note (AS2, keep-alive), and
# against nginx serving the very same bytes as static files, alternated in the same run.
# Prints requests/s and p99 for each, and the ratios fedblog/nginx; then, per document, the
# median of each ratio over the rounds (a p99 on a shared 2-core VM swings by 3x from one
# round to the next, nginx's as much as ours, so one round's ratio says little).
#
#   bench/read.sh [SECONDS] [CONNECTIONS] [ROUNDS]     (defaults 5 32 3)
#   EXTRA_CONF='threads = 1' bench/read.sh             appends lines to the node's fedblog.conf
#
# Needs wrk and nginx (nginx-light). Loopback only. Run by hand.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${FEDBLOG_BUILD_DIR:-$root/build}"
seconds="${1:-5}"
conns="${2:-32}"
rounds="${3:-3}"
bin="$build/node/fedblog"

tmp="$(mktemp -d)"
node_pid=""
nginx_pid=""
cleanup() {
    [[ -n "$node_pid" ]] && kill "$node_pid" 2>/dev/null || true
    [[ -n "$nginx_pid" ]] && kill "$nginx_pid" 2>/dev/null || true
    wait 2>/dev/null || true
    rm -rf "$tmp"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

port="$(free_port)"
nginx_port="$(free_port)"
data="$tmp/data"
"$bin" init --data "$data" --domain "127.0.0.1:$port" --user author --scheme http >/dev/null
printf 'access_log = false\nlog_level = warn\n%s\n' "${EXTRA_CONF:-}" >>"$data/fedblog.conf"
token="$("$bin" token create --data "$data" --name bench | tail -n 1)"
"$bin" serve --data "$data" --listen "127.0.0.1:$port" 2>"$tmp/node.log" &
node_pid=$!
for _ in $(seq 1 200); do
    curl -fs "http://127.0.0.1:$port/users/author" -H 'Accept: application/activity+json' >/dev/null 2>&1 && break
    sleep 0.05
done
printf 'A post to read, with a little **Markdown** and a [link](https://example.com).\n' >"$tmp/post.md"
note_url="$("$bin" post --server "http://127.0.0.1:$port" --token "$token" "$tmp/post.md" --title "Read me" | tail -n 1)"
note_path="${note_url#http://127.0.0.1:$port/}"

accept='Accept: application/activity+json'
mkdir -p "$tmp/www/users" "$tmp/www/posts"
curl -fs "http://127.0.0.1:$port/users/author" -H "$accept" >"$tmp/www/users/author"
curl -fs "http://127.0.0.1:$port/$note_path" -H "$accept" >"$tmp/www/$note_path"

cat >"$tmp/nginx.conf" <<CONF
worker_processes 2;
pid $tmp/nginx.pid;
error_log $tmp/nginx.err warn;
daemon off;
events { worker_connections 1024; }
http {
    access_log off;
    default_type application/activity+json;
    keepalive_requests 1000000;
    server {
        listen 127.0.0.1:$nginx_port;
        root $tmp/www;
    }
}
CONF
# nginx workers run as an unprivileged user: they must be able to read the files.
chmod 755 "$tmp"
chmod -R a+rX "$tmp/www"
nginx -c "$tmp/nginx.conf" -p "$tmp" &
nginx_pid=$!
sleep 0.5
for doc in "users/author" "$note_path"; do
    cmp -s <(curl -fs "http://127.0.0.1:$nginx_port/$doc") "$tmp/www/$doc" ||
        { echo "nginx does not serve $doc as fedblog does" >&2; exit 1; }
done

# CPU time (user+system, clock ticks) used so far by the given processes.
cpu_ticks() { cat "${@/#//proc/}" 2>/dev/null | awk '{ s += $14 + $15 } END { print s + 0 }'; }
hz="$(getconf CLK_TCK)"

# wrk's summary: "Requests/sec: N" and the --latency table's "99% X"; plus the server's CPU
# microseconds per request (its processes' CPU time over the run / requests), a figure that
# holds up better than req/s when other work shares the cores.
run_wrk() {
    local url="$1" out before after
    shift
    local stats=("${@/%//stat}")
    before="$(cpu_ticks "${stats[@]}")"
    out="$(wrk -t2 -c"$conns" -d"${seconds}s" --latency -H "$accept" "$url")"
    after="$(cpu_ticks "${stats[@]}")"
    local rps p99 total
    rps="$(awk '/Requests\/sec/ {print $2}' <<<"$out")"
    p99="$(awk '$1=="99%" {print $2}' <<<"$out")"
    total="$(awk '/requests in/ {print $1}' <<<"$out")"
    echo "$rps $p99 $(((after - before) * 1000000 / hz / total))"
}
to_ms() { python3 -c 'import sys,re; v=sys.argv[1]; m=re.match(r"([0-9.]+)(us|ms|s)",v); f={"us":1e-3,"ms":1,"s":1e3}[m.group(2)]; print(float(m.group(1))*f)' "$1"; }

echo "== read throughput: wrk -t2 -c$conns -d${seconds}s, $rounds rounds alternated (fedblog threads = cores, nginx 2 workers)"
nginx_workers=($(pgrep -P "$nginx_pid"))
for doc in "users/author" "$note_path"; do
    for r in $(seq 1 "$rounds"); do
        read -r f_rps f_p99 f_cpu <<<"$(run_wrk "http://127.0.0.1:$port/$doc" "$node_pid")"
        read -r n_rps n_p99 n_cpu <<<"$(run_wrk "http://127.0.0.1:$nginx_port/$doc" "${nginx_workers[@]}")"
        python3 - "$doc" "$r" "$f_rps" "$(to_ms "$f_p99")" "$n_rps" "$(to_ms "$n_p99")" "$f_cpu" "$n_cpu" <<'PY'
import sys
doc, r, frps, fp99, nrps, np99, fcpu, ncpu = sys.argv[1], sys.argv[2], *map(float, sys.argv[3:])
print(f"{doc} round={r} fedblog_rps={frps:.0f} nginx_rps={nrps:.0f} ratio={frps/nrps:.2f} "
      f"fedblog_p99_ms={fp99:.2f} nginx_p99_ms={np99:.2f} p99_ratio={fp99/np99:.2f} "
      f"cpu_us_per_req fedblog={fcpu:.0f} nginx={ncpu:.0f}")
PY
    done | tee "$tmp/rounds"
    python3 - "$doc" "$tmp/rounds" <<'PY'
import re, statistics, sys
doc, rows = sys.argv[1], open(sys.argv[2]).read().splitlines()
def median_of(key):
    return statistics.median(float(re.search(rf" {key}=([0-9.]+)", r).group(1)) for r in rows)
print(f"{doc} rounds={len(rows)} median_ratio={median_of('ratio'):.2f} "
      f"median_p99_ratio={median_of('p99_ratio'):.2f}")
PY
done
