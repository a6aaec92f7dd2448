-- SPDX-License-Identifier: AGPL-3.0-or-later
-- Which delivering process holds a job's lease (storage/delivery_lock.hpp). Each process
-- holds a session advisory lock named by its owner number for as long as it lives; the
-- server drops it when the process's session ends, however the process died, so the
-- leases of an owner whose lock can be taken are orphans and go out again at once.
-- NULL: no owner named (a lease from before this migration, or from claim_jobs()).
ALTER TABLE delivery_jobs ADD COLUMN leased_by BIGINT;
