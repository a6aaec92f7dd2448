// SPDX-License-Identifier: AGPL-3.0-or-later
// Slug generation: ASCII folding of common Latin letters, word joining, length cap.
#include "protocol/slug.hpp"

#include <cstdint>

namespace fedblog::protocol {

namespace {

constexpr std::string_view ascii_letters = "abcdefghijklmnopqrstuvwxyz";

/// The one-letter string for lowercase ASCII letter `c`.
constexpr std::string_view letter(char c) noexcept
{
    return ascii_letters.substr(static_cast<std::size_t>(c - 'a'), 1);
}

/// Folds a Latin-1 Supplement / Latin Extended-A code point to ASCII, or returns "".
/// Ligatures and ß become two letters, as they are spelled out in ASCII.
std::string_view fold(std::uint32_t cp) noexcept
{
    if (cp == 0xC6 || cp == 0xE6)
        return "ae";
    if (cp == 0xDF)
        return "ss";
    if (cp == 0x152 || cp == 0x153)
        return "oe";
    if (cp == 0x132 || cp == 0x133)
        return "ij";
    if (cp >= 0xC0 && cp <= 0xC5)
        return letter('a');
    if (cp >= 0xE0 && cp <= 0xE5)
        return letter('a');
    if (cp == 0xC7 || cp == 0xE7)
        return letter('c');
    if ((cp >= 0xC8 && cp <= 0xCB) || (cp >= 0xE8 && cp <= 0xEB))
        return letter('e');
    if ((cp >= 0xCC && cp <= 0xCF) || (cp >= 0xEC && cp <= 0xEF))
        return letter('i');
    if (cp == 0xD1 || cp == 0xF1)
        return letter('n');
    if ((cp >= 0xD2 && cp <= 0xD6) || cp == 0xD8 || (cp >= 0xF2 && cp <= 0xF6) || cp == 0xF8)
        return letter('o');
    if ((cp >= 0xD9 && cp <= 0xDC) || (cp >= 0xF9 && cp <= 0xFC))
        return letter('u');
    if (cp == 0xDD || cp == 0xFD || cp == 0xFF)
        return letter('y');
    if (cp >= 0x100 && cp <= 0x17F)
    {
        // Latin Extended-A (U+0100..U+017F), one base letter per code point.
        static constexpr std::string_view bases =
            "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkklllllll"
            "lllnnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";
        static_assert(bases.size() == 0x80);
        return letter(bases[cp - 0x100]);
    }
    return {};
}

/// Apostrophes are dropped inside words: ASCII ', U+2019 (the typographic one editors put
/// in) and U+02BC.
bool is_apostrophe(std::uint32_t cp) noexcept
{
    return cp == '\'' || cp == 0x2019 || cp == 0x2BC;
}

/// Combining diacritical marks (U+0300..U+036F): text in decomposed form (NFD) spells "é" as
/// "e" + U+0301, and the mark must vanish like the accent of a precomposed letter.
bool is_combining_mark(std::uint32_t cp) noexcept
{
    return cp >= 0x300 && cp <= 0x36F;
}

/// Decodes the code point at `text[i]` (lenient: a malformed sequence yields 0, which folds to
/// a separator) and its length in bytes.
std::uint32_t decode(std::string_view text, std::size_t i, std::size_t& len) noexcept
{
    const auto c = static_cast<unsigned char>(text[i]);
    auto cont    = [&](std::size_t k) -> int {
        if (i + k >= text.size())
            return -1;
        const auto b = static_cast<unsigned char>(text[i + k]);
        return (b & 0xC0) == 0x80 ? (b & 0x3F) : -1;
    };
    len = 1;
    if (c < 0x80)
        return c;
    if ((c & 0xE0) == 0xC0)
    {
        const int b1 = cont(1);
        if (b1 < 0)
            return 0;
        len                    = 2;
        const std::uint32_t cp = ((c & 0x1Fu) << 6) | static_cast<std::uint32_t>(b1);
        return cp < 0x80 ? 0 : cp; // an overlong form is not the ASCII character
    }
    if ((c & 0xF0) == 0xE0)
    {
        const int b1 = cont(1);
        const int b2 = b1 < 0 ? -1 : cont(2);
        if (b2 < 0)
            return 0;
        len                    = 3;
        const std::uint32_t cp = ((c & 0x0Fu) << 12) | (static_cast<std::uint32_t>(b1) << 6) |
                                 static_cast<std::uint32_t>(b2);
        return cp < 0x800 ? 0 : cp;
    }
    if ((c & 0xF8) == 0xF0)
    {
        // No four-byte character folds to ASCII; skip the whole sequence as one separator.
        len = 1;
        while (len < 4 && cont(len) >= 0)
            ++len;
        return 0;
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
        std::size_t len        = 1;
        const std::uint32_t cp = decode(text, i, len);
        i += len;
        std::string_view mapped;
        if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'))
            mapped = text.substr(i - 1, 1);
        else if (cp >= 'A' && cp <= 'Z')
            mapped = letter(static_cast<char>(cp - 'A' + 'a'));
        else if (is_apostrophe(cp) || is_combining_mark(cp))
        {
            // "don't" reads better as "dont" than "don-t"; a combining accent just goes.
            continue;
        }
        else
            mapped = fold(cp);
        if (mapped.empty())
        {
            pending_dash = !out.empty();
            continue;
        }
        if (pending_dash)
        {
            if (out.size() + 1 + mapped.size() > max_len)
                break;
            last_word_end = out.size();
            out += '-';
            pending_dash = false;
        }
        if (out.size() + mapped.size() > max_len)
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
    if (slug.empty() || slug.front() == '-' || slug.back() == '-' || slug.size() > max_slug_length)
        return false;
    for (char c : slug)
    {
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
            return false;
    }
    return true;
}

} // namespace fedblog::protocol
