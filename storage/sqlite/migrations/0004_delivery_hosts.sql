-- SPDX-License-Identifier: AGPL-3.0-or-later
-- Delivery at scale: per-host health (circuit breaker, unavailable hosts) and the indexes
-- behind fair, per-host-limited claims.
--
-- Portable in spirit, like 0001: PostgreSQL mirrors it with BIGINT times; its claim runs
-- in a SERIALIZABLE transaction where SQLite relies on BEGIN IMMEDIATE.

-- Health of hosts that have failed (storage/host_health.hpp). A host without a row is
-- healthy; a success resets the row (failures = 0) rather than deleting it, so the
-- `deliveries` command can say when a host last answered.
CREATE TABLE delivery_hosts (
    host              TEXT    NOT NULL PRIMARY KEY,
    failures          INTEGER NOT NULL,
    failing_since     INTEGER,
    last_failure      INTEGER,
    last_success      INTEGER,
    retry_at          INTEGER,
    unavailable_since INTEGER,
    last_status       INTEGER NOT NULL,
    last_error        TEXT    NOT NULL
);

-- failing_hosts() and delivery_stats() list only the failing few.
CREATE INDEX delivery_hosts_failing_idx ON delivery_hosts (failing_since) WHERE failures > 0;

-- claim_batch() counts the jobs leased per host; leases are few (those in flight), so a
-- partial index keeps that count from scanning the whole queue.
CREATE INDEX delivery_jobs_leased_idx ON delivery_jobs (leased_until, host)
    WHERE state = 'pending' AND leased_until IS NOT NULL;

-- A revived host's pending jobs are made due at once; expire_jobs() finds old pending jobs.
CREATE INDEX delivery_jobs_pending_host_idx ON delivery_jobs (host, next_attempt)
    WHERE state = 'pending';

CREATE INDEX delivery_jobs_pending_created_idx ON delivery_jobs (created)
    WHERE state = 'pending';

-- dead_jobs() lists the newest dead jobs.
CREATE INDEX delivery_jobs_dead_idx ON delivery_jobs (id) WHERE state = 'dead';
