-- SPDX-License-Identifier: AGPL-3.0-or-later
-- Authoring: kept revisions of edited posts, pins (the featured collection), hashtags,
-- import keys, uploaded media files and profile settings changed at run time.

-- When the author pinned the post to the featured collection; NULL when not pinned.
ALTER TABLE posts ADD COLUMN pinned INTEGER;
-- Where an imported post came from ("wxr:<guid>", "markdown:<slug>", ...), so importing
-- the same file again skips it; NULL for posts written here.
ALTER TABLE posts ADD COLUMN import_key TEXT;

CREATE UNIQUE INDEX posts_import_key_idx ON posts (import_key) WHERE import_key IS NOT NULL;

-- The previous versions of an edited post, one row per edit: what the post said from
-- valid_from until the edit at `replaced`.
CREATE TABLE post_revisions (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    post_id           INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    object_type       TEXT    NOT NULL,
    title             TEXT    NOT NULL,
    content_html      TEXT    NOT NULL,
    source            TEXT    NOT NULL,
    source_media_type TEXT    NOT NULL,
    language          TEXT    NOT NULL,
    extra_json        TEXT    NOT NULL,
    valid_from        INTEGER NOT NULL,
    replaced          INTEGER NOT NULL
);

CREATE INDEX post_revisions_post_idx ON post_revisions (post_id, id);

-- Lowercase hashtag names (no '#') of each post, for the /tags/{tag} pages.
CREATE TABLE post_tags (
    post_id INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    tag     TEXT    NOT NULL,
    CONSTRAINT post_tags_key PRIMARY KEY (post_id, tag)
);

CREATE INDEX post_tags_tag_idx ON post_tags (tag, post_id);

-- Uploaded images, stored as DIR/media/<name> where the name is a content hash.
CREATE TABLE media (
    name       TEXT    NOT NULL PRIMARY KEY,
    media_type TEXT    NOT NULL,
    width      INTEGER NOT NULL,
    height     INTEGER NOT NULL,
    bytes      INTEGER NOT NULL,
    created    INTEGER NOT NULL
);

-- Profile settings changed while the node runs (avatar, header), over fedblog.conf.
CREATE TABLE settings (
    key   TEXT NOT NULL PRIMARY KEY,
    value TEXT NOT NULL
);
