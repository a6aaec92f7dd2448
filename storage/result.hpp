// SPDX-License-Identifier: AGPL-3.0-or-later
// The value-or-error type every storage call returns.
#pragma once

#include <boost/system/result.hpp>

namespace fedblog::storage {

/// A value, or a storage::error (or other error_code) saying why there is none.
template <class T>
using result = boost::system::result<T>;

} // namespace fedblog::storage
