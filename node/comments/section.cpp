// SPDX-License-Identifier: AGPL-3.0-or-later
// Post page comments: thread, authors, counts.
#include "node/comments/section.hpp"

#include "node/app.hpp"
#include "node/web/comment_thread.hpp"

#include <spdlog/spdlog.h>

namespace fedblog::node {

asio::awaitable<std::string> comment_section_html(app& a, const storage::post& post)
{
    comment_section s;
    s.post_url     = a.urls().post(post.slug);
    s.author_actor = a.urls().actor();
    s.author_name  = a.cfg().display_name.empty() ? a.urls().user() : a.cfg().display_name;
    if (!a.cfg().avatar.empty())
        s.author_avatar = a.urls().media(a.cfg().avatar);
    s.mode = a.cfg().comments;
    s.now  = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());

    auto gathered = co_await a.db([&](storage::store& st) -> storage::result<void> {
        auto thread = st.list_thread(post.slug, false);
        if (!thread)
            return thread.error();
        s.comments = std::move(*thread);
        for (const auto& c : s.comments)
        {
            if (c.actor_id.empty() || c.actor_id == s.author_actor ||
                s.authors.count(c.actor_id) > 0)
                continue;
            auto actor = st.find_remote_actor(c.actor_id);
            if (actor && *actor)
                s.authors.emplace(c.actor_id, std::move(**actor));
        }
        auto counts = st.count_reactions(post.slug);
        if (!counts)
            return counts.error();
        s.likes  = counts->likes;
        s.boosts = counts->announces;
        s.quotes = counts->quotes;
        return {};
    });
    if (!gathered)
    {
        // The post still renders; only its comments are missing, and the log says why.
        spdlog::warn("comments for post={} not shown: {}", post.slug, gathered.error().message());
        co_return std::string();
    }
    co_return render_comment_section(s);
}

} // namespace fedblog::node
