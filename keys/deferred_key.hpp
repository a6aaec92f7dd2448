// SPDX-License-Identifier: AGPL-3.0-or-later
// A private key read and checked at start, decoded at its first signature.
#pragma once

#include "keys/key_pair.hpp"

#include <boost/system/result.hpp>

#include <filesystem>
#include <memory>
#include <string>

namespace fedblog::keys {

/** A private key whose file is read and checked when the node starts, and decoded when it
    first signs. Decoding a key is the first use of OpenSSL's EVP layer, and that first use
    costs a process about 2.3 MB of memory (its providers and their algorithms: a small
    program's RSS grew by 2.25 MB at its first SHA-256 and 0.3 MB more at an RSA key). A
    node that signs nothing (no post going out, no signed fetch) need not pay it.

    Copies share one key: it is decoded once, whichever copy asks first.

    @par Thread Safety
    get() may be called from any number of threads at once.
*/
class deferred_private_key
{
public:
    /// An empty key: get() fails with error::bad_pem.
    deferred_private_key() = default;

    /// A key decoded already (`init`, tests).
    explicit deferred_private_key(private_key key);

    /** Reads `path` with read_private_key_pem()'s checks (a key others may read is refused
        now, not at the first signature) and keeps its text. `public_pem` is the SPKI PEM
        published for it: the key decoded later must match it, or get() fails with
        error::key_mismatch (a key file replaced without its public one).
        @return error::io_failed, error::insecure_permissions; error::bad_pem when the text
        has no private key's PEM label. */
    [[nodiscard]] static boost::system::result<deferred_private_key>
    from_file(const std::filesystem::path& path, std::string public_pem);

    /// The key, decoded on the first call; the same key, or the same error, ever after.
    [[nodiscard]] boost::system::result<private_key> get() const;

    /// Whether get() has decoded the key (or failed to).
    [[nodiscard]] bool decoded() const;

private:
    struct state;
    std::shared_ptr<state> state_;
};

} // namespace fedblog::keys
