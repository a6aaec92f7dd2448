// SPDX-License-Identifier: AGPL-3.0-or-later
// The PostgreSQL migrations embedded in the binary (generated from storage/postgres/migrations/).
#pragma once

#include "storage/migration.hpp"

#include <span>

namespace fedblog::storage::postgres {

/** Every PostgreSQL migration this binary knows, versions 1..n in order.
    Defined in a .cpp generated at build time by storage/embed_sql.cmake.
*/
[[nodiscard]] std::span<const migration> migrations() noexcept;

} // namespace fedblog::storage::postgres
