// SPDX-License-Identifier: AGPL-3.0-or-later
// Converting stored posts to the protocol's view of them.
#pragma once

#include "protocol/note.hpp"
#include "storage/records.hpp"

namespace fedblog::node {

class app;

/// seconds-precision time for documents.
[[nodiscard]] protocol::sys_seconds to_seconds(storage::time_point t);

/// The fields build_note() needs, from a stored post. A malformed extra_json is treated as
/// empty (it is written by us, so this only guards against manual edits of the database).
[[nodiscard]] protocol::post_fields to_post_fields(const storage::post& p);

/// to_post_fields() plus what the node's configuration says (the interaction policy).
[[nodiscard]] protocol::post_fields post_fields_for(const app& a, const storage::post& p);

} // namespace fedblog::node
