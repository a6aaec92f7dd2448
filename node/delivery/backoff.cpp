// SPDX-License-Identifier: AGPL-3.0-or-later
// Retry classification and schedule.
#include "node/delivery/backoff.hpp"

#include "protocol/http_date.hpp"

#include <algorithm>
#include <array>
#include <charconv>

namespace fedblog::node {

delivery_verdict classify_status(unsigned status) noexcept
{
    if (status >= 200 && status < 300)
        return delivery_verdict::delivered;
    if (status == 410)
        return delivery_verdict::gone;
    if (status == 0 || status == 401 || status == 408 || status == 429 || status >= 500)
        return status == 501 ? delivery_verdict::give_up : delivery_verdict::retry;
    return delivery_verdict::give_up;
}

bool host_answered(unsigned status) noexcept
{
    return status != 0 && status != 408 && status != 429 && status < 500;
}

std::optional<std::chrono::seconds> parse_retry_after(std::string_view value,
                                                      std::chrono::sys_seconds now)
{
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
        value.remove_prefix(1);
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t'))
        value.remove_suffix(1);
    if (value.empty())
        return std::nullopt;
    long long seconds = 0;
    auto [end, err]   = std::from_chars(value.data(), value.data() + value.size(), seconds);
    if (err == std::errc() && end == value.data() + value.size())
    {
        if (seconds < 0)
            return std::nullopt;
        return std::chrono::seconds(seconds);
    }
    if (auto when = protocol::parse_http_date(value))
        return *when > now ? *when - now : std::chrono::seconds(0);
    return std::nullopt;
}

std::optional<std::chrono::seconds>
next_delay(int attempts, std::optional<std::chrono::seconds> retry_after, std::mt19937_64& rng)
{
    using namespace std::chrono_literals;
    static constexpr std::array<std::chrono::seconds, 6> schedule{60s,   300s,   1800s,
                                                                  7200s, 21600s, 43200s};
    if (attempts >= max_attempts)
        return std::nullopt;
    const auto index = static_cast<std::size_t>(std::max(attempts, 1) - 1);
    std::chrono::seconds base =
        index < schedule.size() ? schedule[index] : std::chrono::seconds(86400);
    // Jitter spreads retries so a host that comes back is not hit by every job at once.
    std::uniform_real_distribution<double> jitter(0.8, 1.2);
    auto delay = std::chrono::seconds(
        static_cast<long long>(static_cast<double>(base.count()) * jitter(rng)));
    if (retry_after)
        delay = std::max(delay, std::min(*retry_after, std::chrono::seconds(86400)));
    return delay;
}

} // namespace fedblog::node
