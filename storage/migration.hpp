// SPDX-License-Identifier: AGPL-3.0-or-later
// One versioned schema migration as embedded in the binary; shared by every backend.
#pragma once

#include <string_view>

namespace fedblog::storage {

/** A numbered schema step, generated at build time from
    `storage/<backend>/migrations/NNNN_name.sql` by `storage/embed_sql.cmake`.

    The views point at static storage: a migration is valid for the whole program run.
    A backend applies `sql` in one transaction and then records `version` in its
    `schema_version` table; versions run 1, 2, 3... with no gaps.
*/
struct migration
{
    int version = 0;
    std::string_view name; ///< "init" for 0001_init.sql
    std::string_view sql;  ///< the file's text, verbatim
};

} // namespace fedblog::storage
