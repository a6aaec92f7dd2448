// SPDX-License-Identifier: AGPL-3.0-or-later
// Parsed public keys by keyId, kept in memory in front of the store's remote_keys table.
#pragma once

#include "keys/key_pair.hpp"
#include "storage/records.hpp"

#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace fedblog::node {

/** The keys the inbox verified with recently, already parsed.

    Every inbox POST needs its signer's key. Reading it from the store costs a trip to the
    database pool, and parsing the PEM costs OpenSSL 3's decoder more than the RSA verify
    itself (its provider lookups take locks), so a stream of signed requests spent most of
    its time there. Only lookup_key() writes remote_keys, and it updates this cache too, so
    an entry is never older than the store's row.

    @par Thread Safety
    Safe to call concurrently.
*/
class key_cache
{
public:
    struct entry
    {
        keys::public_key key;
        std::string owner;
        storage::time_point fetched{};
    };

    explicit key_cache(std::size_t max_entries = 4096) : max_entries_(max_entries) {}

    [[nodiscard]] std::optional<entry> find(const std::string& key_id) const;

    /// Adds or replaces; when full, one arbitrary entry makes room (the store still has it).
    void put(const std::string& key_id, entry e);

private:
    const std::size_t max_entries_;
    mutable std::mutex mutex_;
    std::unordered_map<std::string, entry> entries_; // guarded by mutex_
};

} // namespace fedblog::node
