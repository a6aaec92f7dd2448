// SPDX-License-Identifier: AGPL-3.0-or-later
// Store URL parsing and dispatch to the backend that serves it.
#include "storage/open_store.hpp"

#include "storage/error.hpp"
#include "storage/sqlite/sqlite_store.hpp"
#ifdef FEDBLOG_STORAGE_HAS_POSTGRES
#include "storage/postgres/pg_store.hpp"
#endif

#include <spdlog/spdlog.h>

#include <optional>

namespace fedblog::storage {

namespace {

bool starts_with(std::string_view s, std::string_view prefix)
{
    return s.substr(0, prefix.size()) == prefix;
}

bool ends_with(std::string_view s, std::string_view suffix)
{
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

/// The file of the path part of an SQLite URL (after "sqlite:"), or empty with `why` set.
std::optional<std::string> sqlite_path(std::string_view path, std::string& why)
{
    // "sqlite:///abs" is the URL spelling of "sqlite:/abs"; anything else after "//" names
    // a host, which SQLite cannot connect to.
    if (starts_with(path, "//"))
    {
        const auto authority_end = path.find('/', 2);
        if (authority_end != 2 && path.size() > 2)
        {
            // Not echoed: whatever sits in the authority may be a user and password.
            why = "sqlite store url names a host after \"sqlite://\"; use "
                  "sqlite:/absolute/path.db, sqlite:///absolute/path.db or sqlite:relative/path.db";
            return std::nullopt;
        }
        path.remove_prefix(2);
    }
    if (path.empty())
    {
        why = "sqlite store url has no file path; use sqlite:/path/to/fedblog.db";
        return std::nullopt;
    }
    if (path == ":memory:" || starts_with(path, "file:"))
    {
        why = "sqlite store url must name a plain database file, not \"" + std::string(path) +
              "\" (in-memory and URI databases are not supported)";
        return std::nullopt;
    }
    if (path.find('\0') != std::string_view::npos)
    {
        why = "sqlite store path contains a NUL byte";
        return std::nullopt;
    }
    return std::string(path);
}

/// The part of `url` that names an SQLite file, or empty when `url` is not an SQLite URL.
std::optional<std::string_view> sqlite_part(std::string_view url)
{
    if (starts_with(url, "sqlite:"))
        return url.substr(std::string_view("sqlite:").size());
    // A colon would make "mysql:x.db" a file name; real paths to a database rarely have one.
    if (ends_with(url, ".db") && url.find(':') == std::string_view::npos)
        return url;
    return std::nullopt;
}

result<std::unique_ptr<store>> open_sqlite(std::string_view path, std::string& why)
{
    auto file = sqlite_path(path, why);
    if (!file)
        return error::bad_url;
    return sqlite::open_sqlite_store(*file, sqlite::sqlite_options{}, why);
}

} // namespace

result<std::unique_ptr<store>> open_store(std::string_view url, std::string& why)
{
    why.clear();
    if (auto part = sqlite_part(url))
        return open_sqlite(*part, why);

    if (starts_with(url, "postgresql://") || starts_with(url, "postgres://"))
    {
        // The URL itself is not repeated: it may carry a password.
#ifdef FEDBLOG_STORAGE_HAS_POSTGRES
        return postgres::open_pg_store(url, postgres::pg_options{}, why);
#else
        why = "this fedblog was built without the PostgreSQL store backend; use a sqlite: "
              "store url";
        return error::bad_url;
#endif
    }

    // Only the scheme is echoed for URL-like input, since the rest may hold credentials.
    const auto scheme_end = url.find("://");
    const auto shown      = scheme_end == std::string_view::npos ? url : url.substr(0, scheme_end);
    why                   = "unknown store url \"" + std::string(shown) +
          "\"; expected sqlite:/path/to/fedblog.db, a path ending in .db, or postgresql://...";
    return error::bad_url;
}

std::optional<std::string> sqlite_file(std::string_view url)
{
    std::string why;
    auto part = sqlite_part(url);
    return part ? sqlite_path(*part, why) : std::nullopt;
}

result<std::unique_ptr<store>> open_store(std::string_view url)
{
    std::string why;
    auto opened = open_store(url, why);
    if (!opened)
        spdlog::error("storage: cannot open store: {}", why);
    return opened;
}

} // namespace fedblog::storage
