// SPDX-License-Identifier: AGPL-3.0-or-later
// Key files on disk: private keys are written mode 0600 and checked on load.
#pragma once

#include "keys/key_pair.hpp"

#include <boost/system/result.hpp>

#include <filesystem>

namespace fedblog::keys {

/** Writes `key` as PKCS#8 PEM to `path`, created with mode 0600 (O_EXCL: never overwrites).
    @return error::io_failed when the file exists or cannot be written.
*/
[[nodiscard]] boost::system::result<void> write_private_key_file(const std::filesystem::path& path,
                                                                 const private_key& key);

/// Writes the SPKI PEM of `key` to `path` (mode 0644, never overwrites).
[[nodiscard]] boost::system::result<void> write_public_key_file(const std::filesystem::path& path,
                                                                const public_key& key);

/** Reads a private key file.
    @return the key; error::io_failed when unreadable; error::insecure_permissions when the file
    is readable or writable by group or others (the key would be exposed); error::bad_pem.
*/
[[nodiscard]] boost::system::result<private_key>
read_private_key_file(const std::filesystem::path& path);

} // namespace fedblog::keys
