#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# Starts and stops a throwaway PostgreSQL 15 server for the test suite (deploy/test.sh), so the
# PostgreSQL store tests run against a real server without touching any system cluster.
#
#   pg-test-server.sh start DIR   # prints postgresql://fedblog@127.0.0.1:PORT/fedblog, nothing else
#   pg-test-server.sh stop DIR    # stops it (if running); removing DIR is the caller's job
#
# The cluster lives in DIR/data (superuser fedblog, trust authentication, no fsync), listens on
# 127.0.0.1 only, on the first port from 54329 up that it can bind (a failed bind moves on, so
# concurrent starts never share a port), with its Unix socket in DIR and its log in
# DIR/postgresql.log. PostgreSQL refuses to run as root: as root the server runs as the
# `postgres` user, or $FEDBLOG_PG_TEST_USER (created here if missing; Debian's postgresql-15
# package creates postgres), which gets DIR, so DIR's parents must be traversable by it
# (mktemp -d under /tmp is).
set -euo pipefail

bin=/usr/lib/postgresql/15/bin   # explicitly: a PATH lookup may find another pg_ctl
first_port=54329
port_attempts=100

# Settings from the caller's environment must not redirect our own client calls.
unset PGHOST PGHOSTADDR PGPORT PGUSER PGDATABASE PGSERVICE PGOPTIONS PGSSLMODE PGDATA

die() { echo "pg-test-server: $*" >&2; exit 1; }

usage() { die "usage: $0 start|stop DIR"; }

[ $# -eq 2 ] || usage
command="$1"
dir="$2"
[ -n "$dir" ] || usage

# Runs a command as the server's owner: directly, or through runuser when we are root.
# $run_as is set by the subcommands before the first call.
as_owner() {
    if [ -n "$run_as" ]; then
        runuser -u "$run_as" -- "$@"
    else
        "$@"
    fi
}

start() {
    local tool
    for tool in initdb pg_ctl createdb pg_isready; do
        [ -x "$bin/$tool" ] ||
            die "no $bin/$tool: install postgresql-15 (deploy/install-deps.sh --test)"
    done
    mkdir -p "$dir"
    dir="$(cd "$dir" && pwd)"
    [ ! -e "$dir/data" ] || die "$dir/data already exists"
    # The Unix socket's path (DIR/.s.PGSQL.PORT) must fit in sockaddr_un's 108 bytes.
    [ ${#dir} -le 90 ] || die "$dir is too long for a Unix socket path (at most 90 characters)"
    case "$dir" in *\'* | *\\*) die "$dir must not contain quotes or backslashes" ;; esac

    run_as=""
    if [ "$(id -u)" -eq 0 ]; then
        run_as="${FEDBLOG_PG_TEST_USER:-postgres}"
        if ! id -u "$run_as" >/dev/null 2>&1; then
            echo "pg-test-server: creating system user $run_as" >&2
            useradd --system --user-group --no-create-home --home-dir /nonexistent \
                --shell /usr/sbin/nologin "$run_as"
        fi
        chown "$run_as:" "$dir"
        runuser -u "$run_as" -- test -w "$dir" -a -x "$dir" ||
            die "user $run_as cannot write to $dir (are its parent directories traversable?)"
    fi

    local log="$dir/postgresql.log"
    # The server's user may not be allowed into the caller's working directory.
    cd "$dir"
    as_owner "$bin/initdb" -D "$dir/data" -U fedblog -A trust -E UTF8 --locale=C --no-sync \
        >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
    as_owner tee -a "$dir/data/postgresql.conf" >/dev/null <<CONF

# pg-test-server.sh: a throwaway server for tests
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
CONF

    local port=$first_port last=$((first_port + port_attempts)) lines started=0
    while [ $port -lt $last ]; do
        # Skip ports something already answers on; the bind below is the real check.
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            port=$((port + 1))
            continue
        fi
        lines=0
        [ ! -f "$log" ] || lines=$(wc -l <"$log")
        if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$log" -o "-p $port" -w -t 60 start >&2; then
            started=1
            break
        fi
        # Another process took the port between the check and our bind: try the next one.
        if tail -n +"$((lines + 1))" "$log" | grep -q -e 'could not bind' -e 'Address already in use'; then
            port=$((port + 1))
            continue
        fi
        tail -n 30 "$log" >&2 || true
        as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
        die "the server did not start (log: $log)"
    done
    [ $started -eq 1 ] || die "no free port in $first_port-$((last - 1))"

    if ! "$bin/createdb" -h 127.0.0.1 -p "$port" -U fedblog fedblog >&2 ||
        ! "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" -U fedblog -d fedblog; then
        as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
        die "the server started on port $port but the database fedblog could not be created"
    fi
    local dsn="postgresql://fedblog@127.0.0.1:$port/fedblog"
    echo "$dsn" | as_owner tee "$dir/dsn" >/dev/null
    echo "pg-test-server: PostgreSQL 15 ready at $dsn (data and log in $dir)" >&2
    echo "$dsn"
}

stop() {
    [ -d "$dir/data" ] || return 0
    run_as=""
    if [ "$(id -u)" -eq 0 ]; then
        run_as="$(stat -c %U "$dir/data")"
        [ "$run_as" != root ] || run_as=""
    fi
    cd "$dir"
    as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w -t 60 stop >&2 2>/dev/null || true
}

case "$command" in
    start) start ;;
    stop) stop ;;
    *) usage ;;
esac
