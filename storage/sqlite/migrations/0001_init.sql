-- SPDX-License-Identifier: AGPL-3.0-or-later
-- Initial schema: posts, followers, outbound activities and their delivery jobs, remote
-- actor/key cache, inbound de-duplication and API tokens.
--
-- Portable in spirit: storage/postgres/migrations/0001_init.sql mirrors it with BIGINT
-- (times, ids), TEXT, BIGINT GENERATED ALWAYS AS IDENTITY for AUTOINCREMENT and the same
-- constraint and index names. Times are unix milliseconds (UTC). Booleans are 0/1 so
-- both backends read them the same way. Strings that are absent are '' rather than NULL,
-- except where NULL means "not happened yet" (updated, deleted, last_used, leased_until).

-- Local posts. AUTOINCREMENT: an id is never reused after a delete, because ids reach
-- logs and caches outside the database.
CREATE TABLE posts (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    slug              TEXT    NOT NULL,
    object_type       TEXT    NOT NULL,
    title             TEXT    NOT NULL,
    content_html      TEXT    NOT NULL,
    source            TEXT    NOT NULL,
    source_media_type TEXT    NOT NULL,
    language          TEXT    NOT NULL,
    in_reply_to       TEXT    NOT NULL,
    extra_json        TEXT    NOT NULL,
    published         INTEGER NOT NULL,
    updated           INTEGER,
    deleted           INTEGER,
    federated         INTEGER NOT NULL CHECK (federated IN (0, 1)),
    CONSTRAINT posts_slug_key UNIQUE (slug)
);

-- The index page and the outbox list live posts newest first; the partial index also
-- answers count_posts() without touching the table.
CREATE INDEX posts_live_published_idx ON posts (published DESC, id DESC) WHERE deleted IS NULL;

-- Remote actors following the local author. The *_host columns are the normalised
-- authority (storage/inbox_host.hpp) computed when the row is written, so fan-out can
-- create jobs with one INSERT ... SELECT and never parse URLs in SQL.
CREATE TABLE followers (
    actor_id          TEXT    NOT NULL PRIMARY KEY,
    inbox             TEXT    NOT NULL,
    inbox_host        TEXT    NOT NULL,
    shared_inbox      TEXT    NOT NULL,
    shared_inbox_host TEXT    NOT NULL,
    follow_id         TEXT    NOT NULL,
    created           INTEGER NOT NULL
);

CREATE INDEX followers_created_idx ON followers (created, actor_id);

-- Every activity we send, stored once; its delivery jobs reference it, so a post to
-- 10,000 followers keeps one copy of the body.
CREATE TABLE outbound_activities (
    id        TEXT    NOT NULL PRIMARY KEY,
    json      TEXT    NOT NULL,
    signer    TEXT    NOT NULL,
    object_id TEXT    NOT NULL,
    created   INTEGER NOT NULL
);

CREATE INDEX outbound_activities_object_idx ON outbound_activities (object_id);

-- One (activity, inbox) delivery. A job is claimable when state = 'pending',
-- next_attempt has come and leased_until is NULL or has passed.
CREATE TABLE delivery_jobs (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    activity_id  TEXT    NOT NULL
                 REFERENCES outbound_activities (id) ON DELETE CASCADE,
    inbox        TEXT    NOT NULL,
    host         TEXT    NOT NULL,
    state        TEXT    NOT NULL CHECK (state IN ('pending', 'delivered', 'dead')),
    attempts     INTEGER NOT NULL,
    next_attempt INTEGER NOT NULL,
    leased_until INTEGER,
    last_status  INTEGER NOT NULL,
    last_error   TEXT    NOT NULL,
    created      INTEGER NOT NULL,
    -- Collapses duplicates during fan-out (shared inboxes, extra inboxes that are also
    -- follower inboxes) and serves jobs_for_activity().
    CONSTRAINT delivery_jobs_activity_inbox_key UNIQUE (activity_id, inbox)
);

-- claim_jobs(), next_due() and count_jobs() all start from the state.
CREATE INDEX delivery_jobs_state_due_idx ON delivery_jobs (state, next_attempt, id);

-- remove_follower() cancels the pending jobs of one inbox.
CREATE INDEX delivery_jobs_pending_inbox_idx ON delivery_jobs (inbox) WHERE state = 'pending';

-- Cached remote actor documents.
CREATE TABLE remote_actors (
    id                 TEXT    NOT NULL PRIMARY KEY,
    type               TEXT    NOT NULL,
    preferred_username TEXT    NOT NULL,
    name               TEXT    NOT NULL,
    inbox              TEXT    NOT NULL,
    shared_inbox       TEXT    NOT NULL,
    url                TEXT    NOT NULL,
    icon_url           TEXT    NOT NULL,
    document           TEXT    NOT NULL,
    fetched            INTEGER NOT NULL,
    gone               INTEGER NOT NULL CHECK (gone IN (0, 1))
);

-- Cached remote public keys, by key id (with fragment).
CREATE TABLE remote_keys (
    key_id         TEXT    NOT NULL PRIMARY KEY,
    owner          TEXT    NOT NULL,
    public_key_pem TEXT    NOT NULL,
    fetched        INTEGER NOT NULL
);

-- Forgetting an actor (Delete of an actor) drops its keys by owner.
CREATE INDEX remote_keys_owner_idx ON remote_keys (owner);

-- Ids of inbound activities already processed; pruned by age (prune_inbound()).
CREATE TABLE inbound_seen (
    activity_id TEXT    NOT NULL PRIMARY KEY,
    received    INTEGER NOT NULL
);

CREATE INDEX inbound_seen_received_idx ON inbound_seen (received);

-- C2S bearer tokens; only a hash of the secret is stored.
CREATE TABLE api_tokens (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    name        TEXT    NOT NULL,
    secret_hash TEXT    NOT NULL,
    created     INTEGER NOT NULL,
    last_used   INTEGER,
    revoked     INTEGER NOT NULL CHECK (revoked IN (0, 1))
);
