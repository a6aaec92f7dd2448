// SPDX-License-Identifier: AGPL-3.0-or-later
// Opens a store from its URL and brings its schema up to date.
#pragma once

#include "storage/store.hpp"

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace fedblog::storage {

/** Opens the store named by `url` and applies pending migrations.

    Accepted forms:
    - "sqlite:PATH" where PATH is absolute ("sqlite:/var/lib/fedblog/fedblog.db") or
      relative to the working directory ("sqlite:data/fedblog.db"). The file is created if
      missing; its directory must exist.
    - "sqlite:///abs/path.db", the URL form with an empty authority (same as
      "sqlite:/abs/path.db"). "sqlite://host/..." is refused: SQLite has no servers.
    - a bare path ending in ".db" ("/var/lib/fedblog/fedblog.db", "fedblog.db"), for
      command lines and config files that name the file directly.
    PATH is used as written: no percent-decoding, no query parameters. In-memory databases
    (":memory:") are refused, because every pooled connection would see a different one.
    - "postgresql://..." / "postgres://...": the PostgreSQL backend (storage/postgres/),
      only when built with it; otherwise error::bad_url.

    @param why on failure, receives a one-line human-readable reason (which URL part was
    wrong, which file could not be opened, which schema version was found), fit for a log
    line or a CLI error. It never contains a password from the URL.
    @return the store, ready for use by any number of threads; error::bad_url,
    error::unavailable, error::busy or error::schema_mismatch.

    @par Thread Safety
    Safe to call concurrently, also from several processes on one database.
*/
[[nodiscard]] result<std::unique_ptr<store>> open_store(std::string_view url, std::string& why);

/// As above; the reason for a failure is logged (spdlog, error level) instead of returned.
[[nodiscard]] result<std::unique_ptr<store>> open_store(std::string_view url);

/// The database file of an SQLite store URL (any form open_store() accepts, as written), or
/// an empty optional for a PostgreSQL URL or one open_store() refuses.
[[nodiscard]] std::optional<std::string> sqlite_file(std::string_view url);

} // namespace fedblog::storage
