// SPDX-License-Identifier: AGPL-3.0-or-later
// Completing threads: replies we missed are fetched from the conversation's collections.
#pragma once

#include "protocol/remote_note.hpp"

namespace fedblog::node {

class app;

/// Bounds of one backfill run: a reply cannot make us fetch more than this.
inline constexpr int backfill_max_objects = 40;
inline constexpr int backfill_max_pages   = 6;
inline constexpr int backfill_max_running = 4;

/** Starts, in the background, fetching the rest of the thread a new public comment `note`
    belongs to: the items of its `context` collection (FEP-f228) when it has one, else the
    `replies` collection of its parent when the parent is a remote comment. Every item is
    fetched from its own origin by id and ingested like a delivered reply (ingest_reply()),
    so nothing is taken from a collection's word. Bounded by the constants above; at most
    `backfill_max_running` runs at once, further requests are skipped (a later reply will
    try again). Best effort: failures are logged, nothing is retried.
*/
void start_backfill(app& a, const protocol::remote_note& note);

} // namespace fedblog::node
