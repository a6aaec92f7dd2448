// SPDX-License-Identifier: AGPL-3.0-or-later
// Lets BOOST_TEST print our enums (found by ADL) when a comparison such as
// `result.error() == error::x` fails.
#pragma once

#include "keys/error.hpp"
#include "keys/key_pair.hpp"
#include "keys/signature.hpp"
#include "protocol/error.hpp"
#include "protocol/http_signature.hpp"

#include <ostream>

namespace fedblog::keys {

inline std::ostream& boost_test_print_type(std::ostream& os, error e)
{
    return os << make_error_code(e) << " (" << make_error_code(e).message() << ')';
}

inline std::ostream& boost_test_print_type(std::ostream& os, key_type t)
{
    return os << (t == key_type::ed25519 ? "ed25519" : "rsa");
}

inline std::ostream& boost_test_print_type(std::ostream& os, algorithm a)
{
    return os << "algorithm(" << static_cast<int>(a) << ')';
}

} // namespace fedblog::keys

namespace fedblog::protocol {

inline std::ostream& boost_test_print_type(std::ostream& os, error e)
{
    return os << make_error_code(e) << " (" << make_error_code(e).message() << ')';
}

inline std::ostream& boost_test_print_type(std::ostream& os, signature_scheme s)
{
    return os << (s == signature_scheme::cavage ? "cavage" : "rfc9421");
}

} // namespace fedblog::protocol
