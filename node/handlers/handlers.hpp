// SPDX-License-Identifier: AGPL-3.0-or-later
// The route table: every URL of DESIGN.md mapped to its handler.
#pragma once

#include "node/http/router.hpp"

namespace fedblog::node {

class app;

/// Registers all routes on `a.routes()`. Call once before serving.
void register_routes(app& a);

// Handler groups, one file each; register_routes() wires them.
void register_discovery_routes(app& a);
void register_actor_routes(app& a);
void register_post_routes(app& a);
void register_collection_routes(app& a);
void register_inbox_routes(app& a);
void register_outbox_routes(app& a);
void register_media_routes(app& a);
void register_blog_routes(app& a);
void register_interaction_routes(app& a);
void register_delivery_routes(app& a);
void register_thread_routes(app& a);
/// Only with the `test_clock` setting: /_test/clock.
void register_test_routes(app& a);

} // namespace fedblog::node
