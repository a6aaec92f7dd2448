// SPDX-License-Identifier: AGPL-3.0-or-later
// The special-purpose address table behind is_public_address().
#include "node/outbound/address_filter.hpp"

#include <algorithm>
#include <array>
#include <cstdint>

namespace fedblog::node {

namespace {

struct v4_block
{
    std::uint32_t prefix;
    int bits;
};

constexpr std::uint32_t v4(int a, int b, int c, int d)
{
    return (static_cast<std::uint32_t>(a) << 24) | (static_cast<std::uint32_t>(b) << 16) |
           (static_cast<std::uint32_t>(c) << 8) | static_cast<std::uint32_t>(d);
}

// clang-format off
constexpr std::array<v4_block, 17> v4_blocked{{
    {v4(0, 0, 0, 0), 8},        // "this network" (RFC 791)
    {v4(10, 0, 0, 0), 8},       // private (RFC 1918)
    {v4(100, 64, 0, 0), 10},    // shared address space / CGNAT (RFC 6598)
    {v4(127, 0, 0, 0), 8},      // loopback (RFC 1122)
    {v4(169, 254, 0, 0), 16},   // link-local, cloud metadata (RFC 3927)
    {v4(172, 16, 0, 0), 12},    // private (RFC 1918)
    {v4(192, 0, 0, 0), 24},     // IETF protocol assignments (RFC 6890)
    {v4(192, 0, 2, 0), 24},     // documentation TEST-NET-1 (RFC 5737)
    {v4(192, 88, 99, 0), 24},   // 6to4 relay anycast, deprecated (RFC 7526)
    {v4(192, 168, 0, 0), 16},   // private (RFC 1918)
    {v4(198, 18, 0, 0), 15},    // benchmarking (RFC 2544)
    {v4(198, 51, 100, 0), 24},  // documentation TEST-NET-2 (RFC 5737)
    {v4(203, 0, 113, 0), 24},   // documentation TEST-NET-3 (RFC 5737)
    {v4(224, 0, 0, 0), 4},      // multicast (RFC 5771)
    {v4(240, 0, 0, 0), 4},      // reserved, and broadcast (RFC 1112, RFC 919)
    {v4(255, 255, 255, 255), 32}, // limited broadcast
    {v4(192, 31, 196, 0), 24},  // AS112-v4 (RFC 7535)
}};

// clang-format on

bool v4_public(std::uint32_t a) noexcept
{
    for (const auto& b : v4_blocked)
    {
        const std::uint32_t mask = b.bits == 0 ? 0 : ~std::uint32_t{0} << (32 - b.bits);
        if ((a & mask) == (b.prefix & mask))
            return false;
    }
    return true;
}

} // namespace

bool is_public_address(const boost::asio::ip::address& addr) noexcept
{
    if (addr.is_v4())
        return v4_public(addr.to_v4().to_uint());

    const auto v6    = addr.to_v6();
    const auto bytes = v6.to_bytes();
    if (v6.is_v4_mapped())
        return v4_public(
            boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, v6).to_uint());
    if (v6.is_loopback() || v6.is_unspecified() || v6.is_multicast() || v6.is_link_local() ||
        v6.is_site_local())
        return false;
    // Unique local fc00::/7 (RFC 4193).
    if ((bytes[0] & 0xFE) == 0xFC)
        return false;
    // IPv4-compatible ::a.b.c.d (deprecated) and NAT64 64:ff9b::/96 embed an IPv4 address
    // that may itself be private: judge the embedded address.
    const bool zero96 =
        std::all_of(bytes.begin(), bytes.begin() + 12, [](auto b) { return b == 0; });
    if (zero96)
        return false;
    // Only the well-known prefix 64:ff9b::/96 (RFC 6052): the rest of 64:ff9b::/32, such as
    // local-use 64:ff9b:1::/48 (RFC 8215), is not globally reachable, and falls through to
    // the 2000::/3 test below.
    if (bytes[0] == 0x00 && bytes[1] == 0x64 && bytes[2] == 0xFF && bytes[3] == 0x9B &&
        std::all_of(bytes.begin() + 4, bytes.begin() + 12, [](auto b) { return b == 0; }))
    {
        const std::uint32_t a = v4(bytes[12], bytes[13], bytes[14], bytes[15]);
        return v4_public(a);
    }
    // IETF protocol assignments 2001::/23 (RFC 2928): Teredo 2001::/32 (embeds an obfuscated
    // IPv4 address that could be anything), benchmarking 2001:2::/48 (RFC 5180), ORCHID and
    // ORCHIDv2 2001:10::/28 and 2001:20::/28, and a few anycast services no blog lives on.
    // Documentation 2001:db8::/32 (RFC 3849), and 6to4 2002::/16 (whose embedded IPv4
    // address could be anything).
    if (bytes[0] == 0x20 && bytes[1] == 0x01 && (bytes[2] & 0xFE) == 0x00)
        return false;
    if (bytes[0] == 0x20 && bytes[1] == 0x01 && bytes[2] == 0x0D && bytes[3] == 0xB8)
        return false;
    if (bytes[0] == 0x20 && bytes[1] == 0x02)
        return false;
    // Only the global unicast range 2000::/3 is routable today.
    return (bytes[0] & 0xE0) == 0x20;
}

} // namespace fedblog::node
