// SPDX-License-Identifier: AGPL-3.0-or-later
// Key files on disk: private keys are written mode 0600 and checked on load.
#pragma once

#include "keys/key_pair.hpp"

#include <boost/system/result.hpp>

#include <filesystem>
#include <string>

namespace fedblog::keys {

/** Writes `key` as PKCS#8 PEM to `path`, created with mode 0600 whatever the umask (O_EXCL:
    never overwrites, never follows a symlink), then fsyncs it.
    @return error::io_failed when the file exists, cannot be written (a partly written file is
    removed), or `key` is empty.
*/
[[nodiscard]] boost::system::result<void> write_private_key_file(const std::filesystem::path& path,
                                                                 const private_key& key);

/// Writes the SPKI PEM of `key` to `path` (mode 0644, never overwrites); errors as above.
[[nodiscard]] boost::system::result<void> write_public_key_file(const std::filesystem::path& path,
                                                                const public_key& key);

/** Reads a private key file's text, with read_private_key_file()'s checks on the file but
    without decoding it (see deferred_private_key). The caller should OPENSSL_cleanse it.
    @return the PEM text; error::io_failed or error::insecure_permissions as below. */
[[nodiscard]] boost::system::result<std::string>
read_private_key_pem(const std::filesystem::path& path);

/** Reads a private key file. Symlinks are followed; the checks apply to the file opened.
    @return the key; error::io_failed when unreadable, not a regular file or over 1 MiB;
    error::insecure_permissions when any group or other permission bit is set (the key would be
    exposed); error::bad_pem / error::unsupported_key as private_key_from_pem.
*/
[[nodiscard]] boost::system::result<private_key>
read_private_key_file(const std::filesystem::path& path);

} // namespace fedblog::keys
