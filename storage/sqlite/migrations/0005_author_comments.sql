-- SPDX-License-Identifier: AGPL-3.0-or-later
-- The author's replies to comments are comments too (local = 1, actor_id = the author), and
-- we serve and send them as Notes: the Note's tag, cc and attachment are kept with them, as
-- posts.extra_json keeps a post's. Everyone else's comments hold '{}'.
ALTER TABLE comments ADD COLUMN extra_json TEXT NOT NULL DEFAULT '{}';

-- The author answers a comment by naming it, often by the link the post page shows (its
-- url), which is not always its id (Mastodon: /@user/123 against /users/user/statuses/123).
CREATE INDEX comments_url_idx ON comments (url);
