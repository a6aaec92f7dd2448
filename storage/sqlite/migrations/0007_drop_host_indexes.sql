-- SPDX-License-Identifier: AGPL-3.0-or-later
-- The indexes on comments.actor_host and reactions.actor_host serve no query. The one query
-- that reads the column, a domain block's search for the actors it covers, also matches
-- subdomains by suffix ("a.b.example" under "b.example"), and no B-tree on the host serves
-- that half of its OR: SQLite and PostgreSQL both scan the tables, as they do the
-- followers, which a block reads in full anyway. Kept, each index cost every stored Like,
-- boost and comment one more B-tree insert (bench/README.md, 2026-11-27).
DROP INDEX comments_actor_host_idx;
DROP INDEX reactions_actor_host_idx;
