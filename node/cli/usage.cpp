// SPDX-License-Identifier: AGPL-3.0-or-later
// The top-level help text.
#include "node/cli/commands.hpp"

namespace fedblog::node::cli {

std::string usage()
{
    return "usage: fedblog <command> [options]\n"
           "\n"
           "  init   --data DIR --domain HOST[:PORT] --user NAME [--scheme https|http] [--name "
           "NAME] [--database URL]\n"
           "  serve  --data DIR [--listen ADDR:PORT]\n"
           "  token  create|list|revoke --data DIR [--name LABEL | ID]\n"
           "  post   --server URL --token T FILE.md [--title T] [--tag T]... [--image F --alt "
           "TEXT]... [--in-reply-to URL]\n"
           "  edit   --server URL --token T POST_URL FILE.md [--title T]\n"
           "  delete --server URL --token T POST_URL\n"
           "  pin    --server URL --token T POST_URL [--unpin]\n"
           "  import --data DIR --format wxr|markdown|text PATH\n"
           "  profile --data DIR [--avatar FILE] [--header FILE]\n"
           "  comments --data DIR list [--private] [--pending] | approve ID | reject ID | delete "
           "ID\n"
           "  block  --data DIR add|remove|list [DOMAIN_OR_ACTOR]\n"
           "  deliveries --data DIR [--post URL] [--json]\n"
           "  version\n"
           "\n"
           "Each command takes --help.\n";
}

} // namespace fedblog::node::cli
