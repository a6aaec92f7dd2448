// SPDX-License-Identifier: AGPL-3.0-or-later
// Identicon pattern and a minimal PNG encoder (palette, 1 bit, stored deflate blocks).
#include "node/web/identicon.hpp"

#include "keys/encoding.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>

namespace fedblog::node {

namespace {

std::uint32_t crc32(std::string_view data, std::uint32_t crc = 0)
{
    static const auto table = [] {
        std::array<std::uint32_t, 256> t{};
        for (std::uint32_t n = 0; n < 256; ++n)
        {
            std::uint32_t c = n;
            for (int k = 0; k < 8; ++k)
                c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[n] = c;
        }
        return t;
    }();
    crc = ~crc;
    for (unsigned char b : data)
        crc = table[(crc ^ b) & 0xFF] ^ (crc >> 8);
    return ~crc;
}

std::uint32_t adler32(std::string_view data)
{
    std::uint32_t a = 1;
    std::uint32_t b = 0;
    for (unsigned char c : data)
    {
        a = (a + c) % 65521;
        b = (b + a) % 65521;
    }
    return (b << 16) | a;
}

void put32(std::string& out, std::uint32_t v)
{
    for (int shift = 24; shift >= 0; shift -= 8)
        out += static_cast<char>((v >> shift) & 0xFF);
}

void chunk(std::string& png, std::string_view type, std::string_view data)
{
    put32(png, static_cast<std::uint32_t>(data.size()));
    std::string body(type);
    body += data;
    png += body;
    put32(png, crc32(body));
}

/// zlib stream of stored (uncompressed) deflate blocks: the image is tiny, so compression
/// would save little and cost a dependency.
std::string zlib_stored(std::string_view raw)
{
    std::string out = "\x78\x01";
    std::size_t pos = 0;
    do
    {
        const std::size_t n = std::min<std::size_t>(raw.size() - pos, 65535);
        const bool last     = pos + n == raw.size();
        out += static_cast<char>(last ? 1 : 0);
        out += static_cast<char>(n & 0xFF);
        out += static_cast<char>(n >> 8);
        out += static_cast<char>(~n & 0xFF);
        out += static_cast<char>((~n >> 8) & 0xFF);
        out.append(raw.substr(pos, n));
        pos += n;
    } while (pos < raw.size());
    put32(out, adler32(raw));
    return out;
}

/// HSL-ish hue to a saturated, mid-dark RGB colour that reads well on white.
std::array<unsigned char, 3> colour_for(unsigned hue)
{
    const double h = static_cast<double>(hue % 360) / 60.0;
    const double c = 0.55 * 255.0;
    const double x = c * (1.0 - std::abs(std::fmod(h, 2.0) - 1.0));
    double r = 0, g = 0, b = 0;
    if (h < 1)
        r = c, g = x;
    else if (h < 2)
        r = x, g = c;
    else if (h < 3)
        g = c, b = x;
    else if (h < 4)
        g = x, b = c;
    else if (h < 5)
        r = x, b = c;
    else
        r = c, b = x;
    const double m = 0.25 * 255.0;
    return {static_cast<unsigned char>(r + m), static_cast<unsigned char>(g + m),
            static_cast<unsigned char>(b + m)};
}

} // namespace

std::string render_identicon_png(std::string_view seed, unsigned size)
{
    const std::string hash = keys::sha256(seed);
    // 5x5 cells, columns 0-2 chosen by hash bits and mirrored onto 3-4.
    bool cells[5][5] = {};
    for (int row = 0; row < 5; ++row)
    {
        for (int col = 0; col < 3; ++col)
        {
            const int bit = row * 3 + col;
            const bool on =
                (static_cast<unsigned char>(hash[static_cast<std::size_t>(bit / 8)]) >> (bit % 8)) &
                1;
            cells[row][col]     = on;
            cells[row][4 - col] = on;
        }
    }
    const auto colour = colour_for(static_cast<unsigned char>(hash[20]) * 256u +
                                   static_cast<unsigned char>(hash[21]));

    const unsigned margin    = size / 12;
    const unsigned cell      = (size - 2 * margin) / 5;
    const unsigned row_bytes = (size + 7) / 8;
    std::string raw;
    raw.reserve((row_bytes + 1) * size);
    for (unsigned y = 0; y < size; ++y)
    {
        raw += '\0'; // filter type: none
        std::string row(row_bytes, '\0');
        for (unsigned x = 0; x < size; ++x)
        {
            bool on = false;
            if (x >= margin && y >= margin && x < margin + 5 * cell && y < margin + 5 * cell)
                on = cells[(y - margin) / cell][(x - margin) / cell];
            if (on)
                row[x / 8] =
                    static_cast<char>(static_cast<unsigned char>(row[x / 8]) | (0x80u >> (x % 8)));
        }
        raw += row;
    }

    std::string png = "\x89PNG\r\n\x1a\n";
    std::string ihdr;
    put32(ihdr, size);
    put32(ihdr, size);
    ihdr += static_cast<char>(1); // bit depth
    ihdr += static_cast<char>(3); // colour type: palette
    ihdr += std::string(3, '\0'); // compression, filter, interlace
    chunk(png, "IHDR", ihdr);
    std::string plte = "\xF0\xF0\xF0";
    plte += static_cast<char>(colour[0]);
    plte += static_cast<char>(colour[1]);
    plte += static_cast<char>(colour[2]);
    chunk(png, "PLTE", plte);
    chunk(png, "IDAT", zlib_stored(raw));
    chunk(png, "IEND", {});
    return png;
}

} // namespace fedblog::node
