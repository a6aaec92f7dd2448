// SPDX-License-Identifier: AGPL-3.0-or-later
// Opening the SQLite backend: a pool of WAL connections to one file, migrated on open.
#include "storage/sqlite/sqlite_store.hpp"

#include "storage/error.hpp"
#include "storage/sql/migrate.hpp"
#include "storage/sql/sql_store.hpp"
#include "storage/sqlite/checkpointer.hpp"
#include "storage/sqlite/connection.hpp"
#include "storage/sqlite/migrations.hpp"

#include <memory>
#include <utility>

namespace fedblog::storage::sqlite {

result<std::unique_ptr<store>> open_sqlite_store(const std::string& path,
                                                 const sqlite_options& options, std::string& why)
{
    auto checkpoints = std::make_shared<checkpointer>(path, options.busy_timeout);
    auto opener      = [path, timeout = options.busy_timeout,
                   checkpoints]() -> result<std::unique_ptr<sql::connection>> {
        auto conn = connection::open(path, timeout, checkpoints);
        if (!conn)
            return conn.error();
        return std::unique_ptr<sql::connection>(std::move(*conn));
    };
    auto db = std::make_unique<sql::sql_store>(std::move(opener), options.max_idle_connections,
                                               sql::write_policy{}, path + "-wal");
    std::string reason;
    if (auto r = sql::open_schema(*db, migrations(), "sqlite database " + path, reason); !r)
    {
        why = r.error() == error::unavailable
                  ? reason + " (missing directory, no permission, or not a database)"
                  : reason;
        return r.error();
    }
    return std::unique_ptr<store>(std::move(db));
}

} // namespace fedblog::storage::sqlite
