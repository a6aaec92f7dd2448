// SPDX-License-Identifier: AGPL-3.0-or-later
// Wires every handler group into the router.
#include "node/handlers/handlers.hpp"

namespace fedblog::node {

void register_routes(app& a)
{
    register_discovery_routes(a);
    register_actor_routes(a);
    register_post_routes(a);
    register_collection_routes(a);
    register_inbox_routes(a);
    register_outbox_routes(a);
    register_media_routes(a);
    register_blog_routes(a);
    register_interaction_routes(a);
    register_delivery_routes(a);
    register_thread_routes(a);
    register_test_routes(a);
}

} // namespace fedblog::node
