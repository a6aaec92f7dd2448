// SPDX-License-Identifier: AGPL-3.0-or-later
// The document cache: a bounded map under a mutex; stale entries are replaced when seen.
#include "node/cache/document_cache.hpp"

namespace fedblog::node {

std::shared_ptr<const document_cache::document> document_cache::find(const std::string& key,
                                                                     const store_version& now) const
{
    std::lock_guard lock(mutex_);
    auto it = slots_.find(key);
    if (it == slots_.end() || !(it->second.version == now))
        return nullptr;
    return it->second.doc;
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
