// SPDX-License-Identifier: AGPL-3.0-or-later
// The note an inbound Create or Update is about, taken only from a source we can trust.
#pragma once

#include "node/inbox/activity_handlers.hpp"
#include "protocol/remote_note.hpp"

#include <variant>

namespace fedblog::node {

/** The note of a Create/Update: the embedded object when its author signed the request,
    otherwise (forwarded, or only an IRI given) a copy fetched from the object's origin.
    The note's `attributedTo` must be the activity's actor.
    @return the note, or the answer to give (400 for a malformed or misattributed note,
    202 when there is nothing usable to act on).
*/
asio::awaitable<std::variant<protocol::remote_note, inbox_result>> note_of(app& a,
                                                                           const inbound& in);

} // namespace fedblog::node
