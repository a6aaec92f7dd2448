// SPDX-License-Identifier: AGPL-3.0-or-later
// SSRF guard: which IP addresses outbound requests may connect to.
#pragma once

#include <boost/asio/ip/address.hpp>

namespace fedblog::node {

/** True when `addr` is a globally routable unicast address. False for loopback, private
    (RFC 1918, ULA), link-local, CGNAT shared space, multicast, unspecified, documentation,
    benchmarking, reserved and IPv4-mapped/translated forms of any of these.

    Fetches and deliveries only connect to addresses for which this holds, unless the
    `allow_private_addresses` test setting is on: otherwise a remote actor could make us
    request our own admin interfaces or cloud metadata (169.254.169.254).

    @par Specification
    IANA IPv4 and IPv6 Special-Purpose Address Registries (RFC 6890 and updates).
*/
[[nodiscard]] bool is_public_address(const boost::asio::ip::address& addr) noexcept;

} // namespace fedblog::node
