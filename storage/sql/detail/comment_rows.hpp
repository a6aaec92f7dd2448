// SPDX-License-Identifier: AGPL-3.0-or-later
// Writing one comment row inside a caller's write transaction, shared by insert_comment(),
// the author's replies and imports (which store comments with their posts).
#pragma once

#include "storage/comment_store.hpp"
#include "storage/result.hpp"
#include "storage/sql/connection.hpp"

namespace fedblog::storage::sql::detail {

/// insert_comment() without its own transaction.
[[nodiscard]] result<comment_store::comment_inserted> insert_comment_in(connection& db,
                                                                        const comment& c);

} // namespace fedblog::storage::sql::detail
