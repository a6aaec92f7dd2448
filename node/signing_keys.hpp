// SPDX-License-Identifier: AGPL-3.0-or-later
// The node's two signing keys, loaded from DATA/keys at start.
#pragma once

#include "keys/deferred_key.hpp"

#include <boost/system/result.hpp>

#include <filesystem>
#include <string>

namespace fedblog::node {

/// One key: the private part, decoded at its first signature, and its public PEM.
struct signing_key
{
    keys::deferred_private_key key;
    std::string public_pem; ///< SPKI PEM, as the actor document publishes it
};

/// The author's key and the instance actor's.
struct signing_keys
{
    signing_key author;
    signing_key instance;
};

/** Loads `dir`/author.pem and `dir`/instance.pem with their public halves.

    The public PEM comes from NAME.pub.pem, which `init` writes beside the key, when that file
    is at least as new as the key: then the private key is only read and checked here (its
    permissions, its label) and decoded at its first signature, so that a node that signs
    nothing never starts OpenSSL (keys::deferred_private_key says what that saves). When the
    public file is missing or older than the key (a key replaced by hand), the key is decoded
    now and its public half taken from it, as before. A public file that does not match its
    key after all makes the first signature fail with keys::error::key_mismatch.

    @return error::io_failed, insecure_permissions, bad_pem or unsupported_key, as
    keys::read_private_key_file(). */
[[nodiscard]] boost::system::result<signing_keys>
load_signing_keys(const std::filesystem::path& dir);

} // namespace fedblog::node
