// SPDX-License-Identifier: AGPL-3.0-or-later
// sql_store::grouped(): group commit, several store calls in one transaction.
#include "storage/error.hpp"
#include "storage/sql/detail/rows.hpp"
#include "storage/sql/detail/transactions.hpp"
#include "storage/sql/sql_store.hpp"
#include "storage/write_generation.hpp"

namespace fedblog::storage::sql {

namespace {

// The group open on this thread: the store calls made inside grouped()'s body find it here,
// since they reach the store through its ordinary interface.
thread_local void* current_group = nullptr;

/// Makes `group` this thread's open group for a scope, restoring the previous one after.
class group_scope
{
public:
    explicit group_scope(void* group) noexcept : previous_(current_group) { current_group = group; }

    group_scope(const group_scope&)            = delete;
    group_scope& operator=(const group_scope&) = delete;

    ~group_scope() { current_group = previous_; }

private:
    void* previous_;
};

} // namespace

sql_store::write_group* sql_store::open_group() const noexcept
{
    auto* group = static_cast<write_group*>(current_group);
    return group != nullptr && group->owner == this ? group : nullptr;
}

result<void> sql_store::grouped(const std::function<void()>& body)
{
    if (open_group() != nullptr)
    {
        body();
        return {};
    }
    return in_write_transaction([&](connection& db, write_transaction& tx) -> result<void> {
        write_group group{this, &db, std::nullopt};
        {
            group_scope scope(&group);
            body();
        }
        // The transaction's destructor rolls back a doomed or failed group.
        if (group.doomed)
            return detail::fail(*group.doomed);
        if (auto r = tx.commit(); !r)
            return detail::fail(r.error());
        bump_write_generation();
        return {};
    });
}

} // namespace fedblog::storage::sql
