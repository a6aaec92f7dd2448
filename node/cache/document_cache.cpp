// SPDX-License-Identifier: AGPL-3.0-or-later
// The document cache: a bounded map under a mutex; stale entries are replaced when seen.
#include "node/cache/document_cache.hpp"

#include <atomic>

namespace fedblog::node {

namespace {

std::uint64_t next_cache_id()
{
    static std::atomic<std::uint64_t> last{0};
    return ++last;
}

/// A thread's last hit. Its version makes it as current as the map: a write changes the
/// version every reader passes in, and the memo no longer matches.
struct memo
{
    std::uint64_t cache = 0; ///< document_cache::id_; 0: none yet
    std::string key;
    store_version version;
    std::shared_ptr<const document_cache::document> doc;
};

} // namespace

document_cache::document_cache(std::size_t max_entries)
    : id_(next_cache_id()), max_entries_(max_entries)
{}

std::shared_ptr<const document_cache::document> document_cache::find(const std::string& key,
                                                                     const store_version& now) const
{
    thread_local memo last;
    if (last.cache == id_ && last.version == now && last.key == key)
        return last.doc;
    std::shared_ptr<const document> found;
    {
        std::lock_guard lock(mutex_);
        auto it = slots_.find(key);
        if (it == slots_.end() || !(it->second.version == now))
            return nullptr;
        found = it->second.doc;
    }
    last.cache   = id_;
    last.key     = key;
    last.version = now;
    last.doc     = found;
    return found;
}

void document_cache::put(const std::string& key, const store_version& version,
                         std::shared_ptr<const document> doc)
{
    std::lock_guard lock(mutex_);
    if (auto it = slots_.find(key); it != slots_.end())
    {
        it->second = slot{version, std::move(doc)};
        return;
    }
    // Entries rendered before the latest write are useless: drop them before anything else.
    if (slots_.size() >= max_entries_)
        std::erase_if(slots_, [&](const auto& s) { return !(s.second.version == version); });
    if (slots_.size() >= max_entries_)
        slots_.erase(slots_.begin());
    slots_.emplace(key, slot{version, std::move(doc)});
}

} // namespace fedblog::node
