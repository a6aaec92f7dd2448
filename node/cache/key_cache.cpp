// SPDX-License-Identifier: AGPL-3.0-or-later
// The in-memory key cache: a bounded map under a mutex.
#include "node/cache/key_cache.hpp"

namespace fedblog::node {

std::optional<key_cache::entry> key_cache::find(const std::string& key_id) const
{
    std::lock_guard lock(mutex_);
    auto it = entries_.find(key_id);
    if (it == entries_.end())
        return std::nullopt;
    return it->second;
}

void key_cache::put(const std::string& key_id, entry e)
{
    std::lock_guard lock(mutex_);
    if (auto it = entries_.find(key_id); it != entries_.end())
    {
        it->second = std::move(e);
        return;
    }
    if (entries_.size() >= max_entries_ && !entries_.empty())
        entries_.erase(entries_.begin());
    entries_.emplace(key_id, std::move(e));
}

} // namespace fedblog::node
