// SPDX-License-Identifier: AGPL-3.0-or-later
// Error codes of the keys module (key generation, PEM, signatures, encodings).
#pragma once

#include <boost/system/error_code.hpp>

#include <type_traits>

namespace fedblog::keys {

/// Errors returned by keys/ functions. Zero is success, so the enum starts at 1.
enum class error
{
    /// A PEM text could not be decoded into a key of the expected kind.
    bad_pem = 1,
    /// The key is of a type or size we do not accept (e.g. RSA < 2048 bits, DSA).
    unsupported_key,
    /// Key generation failed inside OpenSSL.
    keygen_failed,
    /// Producing a signature failed inside OpenSSL.
    sign_failed,
    /// Base64 input was not valid base64.
    bad_base64,
    /// Reading or writing a key file failed (missing file, permissions, exists already).
    io_failed,
    /// A private key file is readable by others than its owner.
    insecure_permissions,
    /// A private key does not match the public key published for it.
    key_mismatch,
};

const boost::system::error_category& error_category() noexcept;

inline boost::system::error_code make_error_code(error e) noexcept
{
    return {static_cast<int>(e), error_category()};
}

} // namespace fedblog::keys

template <>
struct boost::system::is_error_code_enum<fedblog::keys::error> : std::true_type
{};
