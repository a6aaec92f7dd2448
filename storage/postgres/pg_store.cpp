// SPDX-License-Identifier: AGPL-3.0-or-later
// Opening the PostgreSQL backend: a pool of libpq connections, migrated on open.
#include "storage/postgres/pg_store.hpp"

#include "storage/error.hpp"
#include "storage/postgres/connection.hpp"
#include "storage/postgres/libpq.hpp"
#include "storage/postgres/migrations.hpp"
#include "storage/sql/migrate.hpp"
#include "storage/sql/sql_store.hpp"

#include <spdlog/spdlog.h>

#include <optional>
#include <utility>

namespace fedblog::storage::postgres {

namespace {

// "postgresql database blog on db.example:5432", from the parsed URL: a password in it
// must never reach a log line or an error message. Empty when libpq cannot parse the URL.
std::optional<std::string> describe(const std::string& conninfo)
{
    std::string host = "localhost";
    std::string port;
    std::string dbname;
    char* error               = nullptr;
    PQconninfoOption* options = libpq().PQconninfoParse(conninfo.c_str(), &error);
    libpq().PQfreemem(error);
    if (options == nullptr)
        return std::nullopt;
    for (auto* o = options; o->keyword != nullptr; ++o)
    {
        if (o->val == nullptr)
            continue;
        const std::string_view key(o->keyword);
        if (key == "host" || (key == "hostaddr" && host == "localhost"))
            host = o->val;
        else if (key == "port")
            port = o->val;
        else if (key == "dbname")
            dbname = o->val;
    }
    libpq().PQconninfoFree(options);
    return "postgresql database " + (dbname.empty() ? std::string("(default)") : dbname) + " on " +
           host + (port.empty() ? "" : ":" + port);
}

} // namespace

result<std::unique_ptr<store>> open_pg_store(std::string_view url, const pg_options& options,
                                             std::string& why)
{
    if (load_libpq(why) == nullptr)
        return error::unavailable;
    const std::string conninfo(url);
    // libpq's complaint about a URL it cannot parse quotes the URL, password and all.
    const auto described = describe(conninfo);
    if (!described)
    {
        why = "malformed postgresql URL (expected postgresql://user:password@host:port/db)";
        return error::bad_url;
    }
    const std::string what = *described;
    {
        // libpq's own reason (no route, wrong password, no such database) is worth more to
        // an admin than "cannot open": try once here, where it can be returned.
        std::string reason;
        if (auto probe = connection::open(conninfo, reason); !probe)
        {
            why = "cannot connect to " + what + ": " + reason;
            return probe.error();
        }
    }
    auto opener = [conninfo, what]() -> result<std::unique_ptr<sql::connection>> {
        std::string reason;
        auto conn = connection::open(conninfo, reason);
        if (!conn)
        {
            spdlog::error("storage: cannot connect to {}: {}", what, reason);
            return conn.error();
        }
        return std::unique_ptr<sql::connection>(std::move(*conn));
    };
    auto db = std::make_unique<sql::sql_store>(
        std::move(opener), options.max_idle_connections,
        sql::write_policy{.collision_budget = options.collision_budget}, std::string());
    if (auto r = sql::open_schema(*db, migrations(), what, why); !r)
        return r.error();
    return std::unique_ptr<store>(std::move(db));
}

} // namespace fedblog::storage::postgres
