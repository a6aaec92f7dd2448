// SPDX-License-Identifier: AGPL-3.0-or-later
// The per-connection statement cache every backend shares.
#include "storage/sql/connection.hpp"

#include <stdexcept>

namespace fedblog::storage::sql {

result<statement_ref> connection::prepare(std::string_view sql)
{
    auto it = cache_.find(std::string(sql));
    if (it == cache_.end())
    {
        auto compiled = compile(sql);
        if (!compiled)
            return compiled.error();
        it = cache_.emplace(std::string(sql), std::move(*compiled)).first;
    }
    statement& stmt = *it->second;
    if (stmt.checked_out_)
        throw std::logic_error("storage: statement checked out twice: " + it->first);
    stmt.checked_out_ = true;
    return statement_ref(stmt);
}

} // namespace fedblog::storage::sql
