// SPDX-License-Identifier: AGPL-3.0-or-later
// The store checks every verified inbound activity goes through: blocks and replays.
#pragma once

#include "protocol/activity.hpp"
#include "storage/result.hpp"
#include "storage/store.hpp"

#include <string_view>

namespace fedblog::node {

struct inbound_checks
{
    bool blocked = false; ///< the actor, its domain, or (when forwarded) the signer is blocked
    bool seen    = false; ///< the activity id was handled before
};

/** Runs inside a trip to the database pool, so a handler can make it part of its own trip.
    `signer` is the key owner when someone other than the actor signed (empty otherwise).
    A failed duplicate check only means the activity is handled again; a failed block check
    is an error.
*/
[[nodiscard]] storage::result<inbound_checks>
check_inbound(storage::store& s, const protocol::activity_envelope& env, std::string_view signer);

} // namespace fedblog::node
