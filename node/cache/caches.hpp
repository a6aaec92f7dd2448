// SPDX-License-Identifier: AGPL-3.0-or-later
// The node's in-memory caches, owned by app (which only forward-declares them, so that
// adding one rebuilds the files that use it rather than everything that includes app.hpp).
#pragma once

#include "node/cache/document_cache.hpp"
#include "node/cache/key_cache.hpp"
#include "node/cache/store_version.hpp"

#include <memory>

namespace fedblog::node {

struct app_caches
{
    /// Parsed remote public keys by keyId.
    key_cache keys;
    /// Rendered AS2 Notes by slug.
    document_cache notes;
    /// The database's write-ahead log, for current_store_version(); none disables `notes`.
    std::unique_ptr<wal_file> wal;
};

} // namespace fedblog::node
