// SPDX-License-Identifier: AGPL-3.0-or-later
// Removing what one actor left (a follow, a comment) inside a caller's write transaction,
// shared by the methods that do it alone and by blocks, which do it for many actors at once.
#pragma once

#include "storage/records.hpp"
#include "storage/result.hpp"
#include "storage/sql/connection.hpp"

#include <string_view>

namespace fedblog::storage::sql::detail {

/// remove_follower() without its own transaction.
[[nodiscard]] result<bool> remove_follower_in(connection& db, std::string_view actor_id);

/// delete_comment() without its own transaction.
[[nodiscard]] result<bool> delete_comment_in(connection& db, std::string_view object_id,
                                             std::string_view actor_id, time_point when);

/// forget_actor() without its own transaction.
[[nodiscard]] result<void> forget_actor_in(connection& db, std::string_view actor_id,
                                           time_point when);

} // namespace fedblog::storage::sql::detail
