// SPDX-License-Identifier: AGPL-3.0-or-later
// Rendered documents (a post's Note) with their ETag, kept while the database is unchanged.
#pragma once

#include "node/cache/store_version.hpp"
#include "node/http/prebuilt_response.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace fedblog::node {

/** Serving a Note took three trips to the database pool (the post, its reply count, its
    reaction counts), building a JSON tree, serialising it and hashing it for the ETag, on
    every GET. Remote servers fetch the same Note again and again after a post goes out, so
    the bytes are kept, stamped with the store_version read before rendering them, and
    served as long as the version is unchanged. Any write invalidates every entry: simple,
    and writes are rare next to reads.

    @par Thread Safety
    Safe to call concurrently.
*/
class document_cache
{
public:
    /// Kept with its answer's fields, so a hit is written without building a response.
    using document = prebuilt_response;

    explicit document_cache(std::size_t max_entries = 256);

    /** The document stored under `key`, if it was rendered at version `now`. Each thread
        remembers the last document it found, and finds it again without the lock: the two
        request threads taking turns on one mutex, for the same Note fetched again and again,
        cost about 5 % of a cached Note GET's throughput (bench/README.md, "a Note GET as
        prebuilt bytes"). */
    [[nodiscard]] std::shared_ptr<const document> find(const std::string& key,
                                                       const store_version& now) const;

    /// Stores `doc`, rendered from the database as it was at `version`.
    void put(const std::string& key, const store_version& version,
             std::shared_ptr<const document> doc);

private:
    struct slot
    {
        store_version version;
        std::shared_ptr<const document> doc;
    };

    const std::uint64_t id_; ///< unique for the process's lifetime, unlike `this`
    const std::size_t max_entries_;
    mutable std::mutex mutex_;
    std::unordered_map<std::string, slot> slots_; // guarded by mutex_
};

} // namespace fedblog::node
