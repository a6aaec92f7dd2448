// SPDX-License-Identifier: AGPL-3.0-or-later
// Slug generation: ASCII folding of common Latin letters, word joining, length cap.
#include "protocol/slug.hpp"

#include <cstdint>

namespace fedblog::protocol {

namespace {

/// Folds a Latin-1 Supplement / Latin Extended-A code point to ASCII, or returns 0.
char fold(std::uint32_t cp) noexcept
{
    if (cp >= 0xC0 && cp <= 0xC5)
        return 'a';
    if (cp >= 0xE0 && cp <= 0xE5)
        return 'a';
    if (cp == 0xC7 || cp == 0xE7)
        return 'c';
    if ((cp >= 0xC8 && cp <= 0xCB) || (cp >= 0xE8 && cp <= 0xEB))
        return 'e';
    if ((cp >= 0xCC && cp <= 0xCF) || (cp >= 0xEC && cp <= 0xEF))
        return 'i';
    if (cp == 0xD1 || cp == 0xF1)
        return 'n';
    if ((cp >= 0xD2 && cp <= 0xD6) || cp == 0xD8 || (cp >= 0xF2 && cp <= 0xF6) || cp == 0xF8)
        return 'o';
    if ((cp >= 0xD9 && cp <= 0xDC) || (cp >= 0xF9 && cp <= 0xFC))
        return 'u';
    if (cp == 0xDD || cp == 0xFD || cp == 0xFF)
        return 'y';
    if (cp == 0xDF)
        return 's';
    if (cp >= 0x100 && cp <= 0x17F)
    {
        // Latin Extended-A (U+0100..U+017F), one base letter per code point.
        static constexpr std::string_view bases =
            "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkklllllll"
            "lllnnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";
        static_assert(bases.size() == 0x80);
        return bases[cp - 0x100];
    }
    return 0;
}

} // namespace

std::string make_slug(std::string_view text, std::size_t max_len)
{
    std::string out;
    bool pending_dash         = false;
    std::size_t last_word_end = 0;
    for (std::size_t i = 0; i < text.size();)
    {
        const auto c    = static_cast<unsigned char>(text[i]);
        char mapped     = 0;
        std::size_t len = 1;
        if (c < 0x80)
        {
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
                mapped = static_cast<char>(c);
            else if (c >= 'A' && c <= 'Z')
                mapped = static_cast<char>(c - 'A' + 'a');
            else if (c == '\'')
            {
                // "don't" reads better as "dont" than "don-t".
                ++i;
                continue;
            }
        }
        else
        {
            std::uint32_t cp = 0;
            if ((c & 0xE0) == 0xC0 && i + 1 < text.size())
            {
                len = 2;
                cp  = ((c & 0x1Fu) << 6) | (static_cast<unsigned char>(text[i + 1]) & 0x3Fu);
            }
            else if ((c & 0xF0) == 0xE0)
                len = 3;
            else if ((c & 0xF8) == 0xF0)
                len = 4;
            mapped = fold(cp);
        }
        i += len;
        if (mapped == 0)
        {
            pending_dash = !out.empty();
            continue;
        }
        if (pending_dash)
        {
            if (out.size() + 2 > max_len)
                break;
            last_word_end = out.size();
            out += '-';
            pending_dash = false;
        }
        if (out.size() + 1 > max_len)
        {
            // Cut at the last word boundary rather than mid-word, when there is one.
            if (last_word_end > 0)
                out.resize(last_word_end);
            break;
        }
        out += mapped;
    }
    while (!out.empty() && out.back() == '-')
        out.pop_back();
    return out;
}

bool is_valid_slug(std::string_view slug) noexcept
{
    if (slug.empty() || slug.front() == '-' || slug.back() == '-' || slug.size() > 200)
        return false;
    for (char c : slug)
    {
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
            return false;
    }
    return true;
}

} // namespace fedblog::protocol
