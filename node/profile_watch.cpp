// SPDX-License-Identifier: AGPL-3.0-or-later
// The profile settings poll behind watch_profile().
#include "node/profile_watch.hpp"

#include "node/app.hpp"

#include <spdlog/spdlog.h>

namespace fedblog::node {

namespace {

using settings_list = std::vector<std::pair<std::string, std::string>>;

// Short enough that `fedblog profile` looks immediate to whoever checks the profile next,
// long enough to cost nothing: one small SELECT.
constexpr std::chrono::seconds poll_interval{2};

} // namespace

asio::awaitable<void> watch_profile(app& a)
{
    steady_timer timer(co_await asio::this_coro::executor);
    settings_list applied;
    bool first = true;
    while (!a.shutting_down())
    {
        timer.expires_after(poll_interval);
        co_await timer.async_wait();
        if (a.shutting_down())
            co_return;
        auto settings = co_await a.db([&](storage::store& s) { return s.list_settings(); });
        if (!settings)
        {
            spdlog::warn("profile: cannot read settings: {}", settings.error().message());
            continue;
        }
        // The first read re-renders too (it costs one render), which covers a change made
        // between serve reading the settings and this loop starting.
        if (first || *settings != applied)
        {
            a.refresh_documents(*settings);
            if (!first)
                spdlog::info("profile: settings changed; actor document re-rendered");
        }
        applied = std::move(*settings);
        first   = false;
    }
}

} // namespace fedblog::node
