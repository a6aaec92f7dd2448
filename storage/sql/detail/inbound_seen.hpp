// SPDX-License-Identifier: AGPL-3.0-or-later
// The inbound de-duplication record, written inside a caller's transaction.
#pragma once

#include "storage/sql/connection.hpp"
#include "storage/store.hpp"

#include <string_view>

namespace fedblog::storage::sql::detail {

/// Marks `activity_id` as received at `now`. @return true when it was not marked before.
result<bool> insert_seen(connection& db, std::string_view activity_id, time_point now);

} // namespace fedblog::storage::sql::detail
