// SPDX-License-Identifier: AGPL-3.0-or-later
// Tests for the SSRF address filter against the IANA special-purpose registries.

// Test that header file is self-contained.
#include "node/outbound/address_filter.hpp"

#include <boost/test/unit_test.hpp>

#include <string_view>

using fedblog::node::is_public_address;

namespace {

struct row
{
    std::string_view address;
    bool is_public;
};

void check(const row& r)
{
    boost::system::error_code ec;
    const auto addr = boost::asio::ip::make_address(std::string(r.address), ec);
    BOOST_TEST_REQUIRE(!ec, "cannot parse " << r.address);
    BOOST_TEST(is_public_address(addr) == r.is_public, r.address);
}

} // namespace

BOOST_AUTO_TEST_SUITE(outbound_address_filter)

BOOST_AUTO_TEST_CASE(classifies_ipv4)
{
    const row rows[] = {
        {"8.8.8.8", true},          // public resolver
        {"1.1.1.1", true},          // public resolver
        {"93.184.215.14", true},    // an ordinary web server
        {"100.63.255.255", true},   // just below CGNAT
        {"100.128.0.0", true},      // just above CGNAT
        {"172.15.255.255", true},   // just below 172.16/12
        {"172.32.0.0", true},       // just above 172.16/12
        {"11.0.0.1", true},         // just above 10/8
        {"223.255.255.254", true},  // last unicast /8 before multicast
        {"0.0.0.0", false},         // unspecified
        {"0.1.2.3", false},         // "this network" 0/8
        {"127.0.0.1", false},       // loopback
        {"127.255.255.254", false}, // loopback, whole /8
        {"10.0.0.1", false},        // RFC 1918
        {"10.255.255.255", false},  // RFC 1918, end of block
        {"172.16.0.1", false},      // RFC 1918
        {"172.31.255.255", false},  // RFC 1918, end of block
        {"192.168.1.1", false},     // RFC 1918
        {"100.64.0.1", false},      // CGNAT shared space (RFC 6598)
        {"100.127.255.255", false}, // CGNAT, end of block
        {"169.254.169.254", false}, // link-local: cloud metadata endpoint
        {"169.254.0.1", false},     // link-local
        {"192.0.0.8", false},       // IETF protocol assignments
        {"192.0.2.1", false},       // TEST-NET-1
        {"198.51.100.7", false},    // TEST-NET-2
        {"203.0.113.9", false},     // TEST-NET-3
        {"198.18.0.1", false},      // benchmarking
        {"198.19.255.255", false},  // benchmarking, end of /15
        {"192.88.99.1", false},     // deprecated 6to4 relay anycast
        {"224.0.0.1", false},       // multicast
        {"239.255.255.250", false}, // multicast (SSDP)
        {"240.0.0.1", false},       // reserved
        {"255.255.255.255", false}, // limited broadcast
    };
    for (const auto& r : rows)
        check(r);
}

BOOST_AUTO_TEST_CASE(classifies_ipv6)
{
    const row rows[] = {
        {"2001:4860:4860::8888", true},     // public resolver
        {"2606:4700:4700::1111", true},     // public resolver
        {"2a00:1450:4001:80b::200e", true}, // an ordinary web server
        {"2001:200::1", true},              // just past 2001::/23, a real allocation
        {"3fff:ffff::1", true},             // end of 2000::/3
        {"::1", false},                     // loopback
        {"::", false},                      // unspecified
        {"fe80::1", false},                 // link-local
        {"fec0::1", false},                 // site-local (deprecated)
        {"fc00::1", false},                 // unique local fc00::/7
        {"fd12:3456:789a::1", false},       // unique local, fd half
        {"ff02::1", false},                 // multicast
        {"ff0e::1", false},                 // global-scope multicast
        {"2001:db8::1", false},             // documentation
        {"2001:db8:ffff::1", false},        // documentation, whole /32
        {"2002::1", false},                 // 6to4: embeds an arbitrary IPv4 address
        {"2002:c0a8:101::1", false},        // 6to4 of 192.168.1.1
        {"2001::1", false},                 // Teredo: embeds an obfuscated IPv4 address
        {"2001:2::1", false},               // benchmarking (RFC 5180)
        {"2001:10::1", false},              // ORCHID (deprecated)
        {"2001:20::1", false},              // ORCHIDv2
        {"100::1", false},                  // discard-only (RFC 6666)
        {"::ffff:127.0.0.1", false},        // IPv4-mapped loopback
        {"::ffff:10.0.0.1", false},         // IPv4-mapped RFC 1918
        {"::ffff:169.254.169.254", false},  // IPv4-mapped metadata endpoint
        {"::ffff:8.8.8.8", true},           // IPv4-mapped public address
        {"::127.0.0.1", false},             // IPv4-compatible (deprecated)
        {"::8.8.8.8", false},               // IPv4-compatible, even when public
        {"64:ff9b::10.0.0.1", false},       // NAT64 of a private address
        {"64:ff9b::127.0.0.1", false},      // NAT64 of loopback
        {"64:ff9b::8.8.8.8", true},         // NAT64 of a public address
        {"64:ff9b:1::8.8.8.8", false},      // local-use NAT64 (RFC 8215): not global
        {"64:ff9b:0:1::808:808", false},    // not in 64:ff9b::/96
        {"::ffff:0:8.8.8.8", false},        // IPv4-translated (RFC 2765)
        {"5f00::1", false},                 // outside 2000::/3
        {"4000::1", false},                 // outside 2000::/3
    };
    for (const auto& r : rows)
        check(r);
}

BOOST_AUTO_TEST_SUITE_END()
