-- SPDX-License-Identifier: AGPL-3.0-or-later
-- Two partial indexes on the pending jobs cost every delivery job four B-tree writes (an
-- insert when the job is queued, a delete when it is delivered) for queries that run once a
-- minute or once per unfollow: 40 % of the time a job's lease and outcome take, and a
-- sixth of a 5,500-job fan-out's transaction (bench/README.md, 2026-11-27, 14:49-16:50 UTC).
--   delivery_jobs_pending_inbox_idx served remove_follower()'s cancelling of one inbox's
--   pending jobs, and delivery_jobs_pending_created_idx expire_jobs() and the oldest pending
--   job's age. Both now walk the pending part of delivery_jobs_state_due_idx (state first):
--   only the pending jobs, never the delivered ones kept for the ledger.
DROP INDEX delivery_jobs_pending_inbox_idx;
DROP INDEX delivery_jobs_pending_created_idx;
