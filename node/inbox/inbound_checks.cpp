// SPDX-License-Identifier: AGPL-3.0-or-later
// Blocks and replays, checked in the store.
#include "node/inbox/inbound_checks.hpp"

#include "protocol/iri.hpp"

namespace fedblog::node {

storage::result<inbound_checks>
check_inbound(storage::store& s, const protocol::activity_envelope& env, std::string_view signer)
{
    auto blocked = s.is_blocked(env.actor, protocol::host_of(env.actor));
    if (blocked && !*blocked && !signer.empty())
        blocked = s.is_blocked(signer, protocol::host_of(signer));
    if (!blocked)
        return {boost::system::in_place_error, blocked.error()};
    inbound_checks out;
    out.blocked = *blocked;
    // Asked even when blocked: a blocked Follow is answered with a Reject once, not per retry.
    if (!env.id.empty())
    {
        auto found = s.seen_inbound(env.id);
        out.seen   = found && *found;
    }
    return out;
}

} // namespace fedblog::node
