-- SPDX-License-Identifier: AGPL-3.0-or-later
-- Which delivering process holds a job's lease (storage/delivery_lock.hpp), so that one
-- whose owner has died can be released at once instead of when it ends. SQLite's
-- processes share one machine and clear a dead one's leases through the lock file; the
-- column is kept here too so that both backends run the same SQL. NULL: no owner named.
ALTER TABLE delivery_jobs ADD COLUMN leased_by INTEGER;
