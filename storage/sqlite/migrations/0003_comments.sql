-- SPDX-License-Identifier: AGPL-3.0-or-later
-- Comments (replies to the blog's posts), reactions (likes, boosts, quotes) and blocks.
--
-- Same conventions as 0001_init.sql, and the same PostgreSQL mirror rules: BIGINT times,
-- TEXT, identity columns for AUTOINCREMENT, identical constraint and index names. Times
-- are unix milliseconds (UTC), booleans 0/1, absent strings '' (NULL only where it means
-- "not happened yet": updated, deleted). *_host columns hold the host alone, lowercase,
-- without a port; a domain block covers the host and its subdomains (sqlite_blocks.cpp).

-- Replies to the blog's posts, and replies to those replies. AUTOINCREMENT: moderation
-- commands name comments by id, so an id must never come back for another comment.
-- No foreign key to posts: posts are never removed (they become tombstones), so there is
-- nothing to cascade, and in_reply_to names either a post URL or another comment, which
-- no single key can express.
CREATE TABLE comments (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    object_id    TEXT    NOT NULL,
    post_slug    TEXT    NOT NULL,
    in_reply_to  TEXT    NOT NULL,
    actor_id     TEXT    NOT NULL,
    actor_host   TEXT    NOT NULL,
    url          TEXT    NOT NULL,
    content_html TEXT    NOT NULL,
    summary      TEXT    NOT NULL,
    language     TEXT    NOT NULL,
    emoji_json   TEXT    NOT NULL,
    visibility   TEXT    NOT NULL
                 CHECK (visibility IN ('public', 'unlisted', 'followers', 'direct')),
    status       TEXT    NOT NULL CHECK (status IN ('published', 'pending')),
    approval_id  TEXT    NOT NULL,
    reply_request TEXT   NOT NULL,
    local        INTEGER NOT NULL CHECK (local IN (0, 1)),
    author_name  TEXT    NOT NULL,
    published    INTEGER NOT NULL,
    updated      INTEGER,
    -- Set on a tombstone: a deleted comment kept (content cleared) because it has replies.
    deleted      INTEGER,
    received     INTEGER NOT NULL,
    -- A redelivered Create finds the stored row instead of duplicating the comment.
    CONSTRAINT comments_object_id_key UNIQUE (object_id)
);

-- list_thread() and count_comments(): one post's comments, oldest first.
CREATE INDEX comments_post_idx ON comments (post_slug, published, id);

-- list_replies()/count_replies(), and the "has it replies?" test of the tombstone rule.
CREATE INDEX comments_parent_idx ON comments (in_reply_to, published, id);

-- The authorization we issued for an approved reply is served by its id.
CREATE INDEX comments_approval_idx ON comments (approval_id) WHERE approval_id <> '';

-- forget_actor() and interaction_inboxes() start from the author.
CREATE INDEX comments_actor_idx ON comments (actor_id);

-- A domain block finds every author on the host.
CREATE INDEX comments_actor_host_idx ON comments (actor_host);

-- Likes, boosts and accepted quotes. The key is the uniqueness rule (one reaction per post,
-- kind, actor and quoting object), ordered so that counting and listing one post's
-- reactions of one kind, and Undo by (actor, kind, post), are prefix lookups.
CREATE TABLE reactions (
    post_slug   TEXT    NOT NULL,
    kind        TEXT    NOT NULL CHECK (kind IN ('like', 'announce', 'quote')),
    actor_id    TEXT    NOT NULL,
    -- The quoting post's id for a quote; '' for likes and announces (never NULL, so the
    -- key treats two likes by one actor as the same reaction).
    object_id   TEXT    NOT NULL,
    actor_host  TEXT    NOT NULL,
    activity_id TEXT    NOT NULL,
    -- A quote's QuoteAuthorization id; '' for likes and announces.
    approval_id TEXT    NOT NULL,
    created     INTEGER NOT NULL,
    CONSTRAINT reactions_pkey PRIMARY KEY (post_slug, kind, actor_id, object_id)
);

-- Undo by reference names the activity, not the reaction.
CREATE INDEX reactions_activity_idx ON reactions (activity_id);

-- A QuoteAuthorization is served by its id.
CREATE INDEX reactions_approval_idx ON reactions (approval_id) WHERE approval_id <> '';

-- forget_actor() and interaction_inboxes().
CREATE INDEX reactions_actor_idx ON reactions (actor_id);

-- A domain block finds every reactor on the host.
CREATE INDEX reactions_actor_host_idx ON reactions (actor_host);

-- Refused domains (a lowercase host) and actors (an actor id); the value alone is the key,
-- since a host never looks like an actor id.
CREATE TABLE blocks (
    value   TEXT    NOT NULL PRIMARY KEY,
    kind    TEXT    NOT NULL CHECK (kind IN ('domain', 'actor')),
    created INTEGER NOT NULL
);
