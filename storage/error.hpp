// SPDX-License-Identifier: AGPL-3.0-or-later
// Error codes of the storage module.
#pragma once

#include <boost/system/error_code.hpp>

#include <type_traits>

namespace fedblog::storage {

/// Errors returned by the store. Zero is success, so the enum starts at 1.
enum class error
{
    /// A uniqueness constraint was hit (e.g. a slug already taken).
    conflict = 1,
    /// The database is locked or busy beyond the busy timeout; the caller may retry.
    busy,
    /// The database file or server cannot be opened / reached.
    unavailable,
    /// The schema is newer than this binary understands, or a migration failed.
    schema_mismatch,
    /// Any other backend failure (I/O error, corrupt file, SQL error). Logged with details.
    backend,
    /// The store URL is not one we know ("sqlite:...", "postgresql://..."), or names a
    /// backend this binary was built without.
    bad_url,
    /// An argument breaks the method's contract and could never be stored usefully, e.g. an
    /// inbox that is not an absolute http(s) URL with a host, or a value over the backend's
    /// size limit. Retrying the same call cannot succeed.
    invalid_argument,
};

const boost::system::error_category& error_category() noexcept;

inline boost::system::error_code make_error_code(error e) noexcept
{
    return {static_cast<int>(e), error_category()};
}

} // namespace fedblog::storage

template <>
struct boost::system::is_error_code_enum<fedblog::storage::error> : std::true_type
{};
