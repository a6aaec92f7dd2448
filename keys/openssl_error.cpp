// SPDX-License-Identifier: AGPL-3.0-or-later
// Drains OpenSSL's error queue into text.
#include "keys/openssl_error.hpp"

#include <openssl/err.h>

#include <array>

namespace fedblog::keys::detail {

std::string drain_openssl_errors()
{
    std::string text;
    while (unsigned long const code = ERR_get_error())
    {
        std::array<char, 256> buffer{};
        ERR_error_string_n(code, buffer.data(), buffer.size());
        if (!text.empty())
            text += "; ";
        text += buffer.data();
    }
    return text;
}

void clear_openssl_errors() noexcept
{
    ERR_clear_error();
}

} // namespace fedblog::keys::detail
