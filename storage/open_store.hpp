// SPDX-License-Identifier: AGPL-3.0-or-later
// Opens a store from its URL and brings its schema up to date.
#pragma once

#include "storage/store.hpp"

#include <memory>
#include <string_view>

namespace fedblog::storage {

/** Opens the store named by `url` and applies pending migrations.

    `url` is "sqlite:/path/to/fedblog.db" (the file is created if missing) or, when built
    with PostgreSQL, "postgresql://..." / "postgres://...".
    @return the store; error::bad_url, error::unavailable or error::schema_mismatch.
*/
[[nodiscard]] result<std::unique_ptr<store>> open_store(std::string_view url);

} // namespace fedblog::storage
