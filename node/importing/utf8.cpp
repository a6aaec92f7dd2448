// SPDX-License-Identifier: AGPL-3.0-or-later
// A strict UTF-8 check (RFC 3629 section 4).
#include "node/importing/utf8.hpp"

namespace fedblog::node {

std::optional<std::size_t> first_invalid_utf8_line(std::string_view text)
{
    std::size_t line = 1;
    std::size_t i    = 0;
    while (i < text.size())
    {
        const auto b = static_cast<unsigned char>(text[i]);
        if (b == '\n')
            ++line;
        if (b < 0x80)
        {
            ++i;
            continue;
        }
        std::size_t extra = 0;
        unsigned char lo  = 0x80;
        unsigned char hi  = 0xBF;
        if (b >= 0xC2 && b <= 0xDF)
            extra = 1;
        else if (b >= 0xE0 && b <= 0xEF)
        {
            extra = 2;
            lo    = b == 0xE0 ? 0xA0 : 0x80; // no overlong forms
            hi    = b == 0xED ? 0x9F : 0xBF; // no surrogates
        }
        else if (b >= 0xF0 && b <= 0xF4)
        {
            extra = 3;
            lo    = b == 0xF0 ? 0x90 : 0x80;
            hi    = b == 0xF4 ? 0x8F : 0xBF; // nothing above U+10FFFF
        }
        else
            return line;
        if (i + extra >= text.size()) // truncated at the end
            return line;
        for (std::size_t k = 1; k <= extra; ++k)
        {
            const auto c = static_cast<unsigned char>(text[i + k]);
            if (k == 1 ? (c < lo || c > hi) : (c < 0x80 || c > 0xBF))
                return line;
        }
        i += extra + 1;
    }
    return std::nullopt;
}

} // namespace fedblog::node
