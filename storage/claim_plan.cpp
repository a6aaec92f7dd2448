// SPDX-License-Identifier: AGPL-3.0-or-later
// The fair claim's choice: per-host caps, round-robin order, and when to stop reading.
#include "storage/claim_plan.hpp"

#include <algorithm>
#include <limits>

namespace fedblog::storage {

namespace {
constexpr std::size_t no_cap = std::numeric_limits<std::size_t>::max();
}

claim_plan::claim_plan(std::size_t limit, std::size_t per_host, int half_open_failures)
    : limit_(limit), per_host_(per_host), half_open_failures_(half_open_failures)
{}

claim_plan::host_state& claim_plan::state(const std::string& host)
{
    return hosts_.try_emplace(host, host_state{per_host_ == 0 ? no_cap : per_host_}).first->second;
}

void claim_plan::host_health(const std::string& host, int failures, bool breaker_open)
{
    auto& s = state(host);
    if (breaker_open)
        s.cap = 0;
    else if (per_host_ != 0 && half_open_failures_ > 0 && failures >= half_open_failures_)
        s.cap = std::min<std::size_t>(s.cap, 1);
}

void claim_plan::unanswered(const std::string& host)
{
    auto& s = state(host);
    if (per_host_ != 0)
        s.cap = std::min<std::size_t>(s.cap, 1);
}

void claim_plan::leased(const std::string& host)
{
    ++state(host).leased;
}

void claim_plan::offer(std::int64_t id, const std::string& host)
{
    const std::size_t seq = offers_++;
    auto& s               = state(host);
    if (s.cap == 0)
        return;
    if (s.cap != no_cap && s.leased + s.taken >= s.cap)
        return;
    candidates_.push_back({s.taken, seq, id});
    if (s.taken == 0)
        ++firsts_;
    ++s.taken;
}

bool claim_plan::settled() const noexcept
{
    return firsts_ >= limit_;
}

std::vector<std::int64_t> claim_plan::chosen() const
{
    auto order          = candidates_;
    const std::size_t n = std::min(limit_, order.size());
    std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(n), order.end(),
                      [](const candidate& a, const candidate& b) {
                          return a.rank != b.rank ? a.rank < b.rank : a.seq < b.seq;
                      });
    std::vector<std::int64_t> ids;
    ids.reserve(n);
    for (std::size_t i = 0; i < n; ++i)
        ids.push_back(order[i].id);
    return ids;
}

} // namespace fedblog::storage
