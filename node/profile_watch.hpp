// SPDX-License-Identifier: AGPL-3.0-or-later
// Keeps the served actor documents in step with `fedblog profile`, run while the node runs.
#pragma once

#include "node/net.hpp"

namespace fedblog::node {

class app;

/** Reads the run-time profile settings (avatar, header) every few seconds and re-renders the
    actor documents when they changed, so a new avatar is served without a restart. Reading
    the store, rather than being told by the CLI, also covers nodes sharing one database.
    Returns when the app shuts down.
*/
asio::awaitable<void> watch_profile(app& a);

} // namespace fedblog::node
