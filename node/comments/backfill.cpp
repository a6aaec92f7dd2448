// SPDX-License-Identifier: AGPL-3.0-or-later
// Background thread completion from context and replies collections.
#include "node/comments/backfill.hpp"

#include "node/app.hpp"
#include "node/comments/thread.hpp"
#include "node/log.hpp"
#include "protocol/iri.hpp"

#include <atomic>
#include <set>

namespace fedblog::node {

namespace {

std::atomic<int> running{0};

/// Item ids of a collection page: strings, embedded objects, or activities wrapping them.
std::vector<std::string> page_items(const protocol::json::value& page)
{
    std::vector<std::string> out;
    for (const char* key : {"orderedItems", "items"})
    {
        const auto* list = page.find(key);
        if (list == nullptr)
            continue;
        const protocol::json::array single{*list};
        const auto& items = list->is_array() ? *list->if_array() : single;
        for (const auto& item : items)
        {
            const std::string_view type         = protocol::json::type_of(item);
            const protocol::json::value* target = &item;
            if ((type == "Create" || type == "Update") && item.find("object") != nullptr)
                target = item.find("object");
            if (auto id = protocol::json::id_of(*target))
                out.emplace_back(*id);
        }
    }
    return out;
}

std::optional<std::string> link_of(const protocol::json::value* v)
{
    if (v == nullptr)
        return std::nullopt;
    if (auto id = protocol::json::id_of(*v))
        return std::string(*id);
    return std::nullopt;
}

asio::awaitable<void> walk(app& a, std::string collection, std::string skip_id)
{
    std::set<std::string> seen{skip_id};
    int fetched                     = 0;
    int pages                       = 0;
    std::optional<std::string> next = collection;
    std::optional<protocol::json::value> inline_page;
    while ((next || inline_page) && pages < backfill_max_pages && fetched < backfill_max_objects)
    {
        protocol::json::value page;
        if (inline_page)
        {
            page = std::move(*inline_page);
            inline_page.reset();
        }
        else
        {
            auto doc = co_await a.fetch().fetch(*next);
            next.reset();
            if (!doc || doc->status != 200)
                break;
            page = std::move(doc->doc);
        }
        ++pages;
        // A collection points at its first page, embedded or by id; a page at the next one.
        if (const auto* first = page.find("first"))
        {
            if (first->is_object())
                inline_page = *first;
            else
                next = link_of(first);
        }
        for (const std::string& id : page_items(page))
        {
            if (fetched >= backfill_max_objects)
                break;
            if (!seen.insert(id).second ||
                !protocol::is_fetchable_url(id, a.cfg().allow_http_peers))
                continue;
            auto existing = co_await a.db([&](storage::store& s) { return s.find_comment(id); });
            if (!existing || *existing)
                continue;
            ++fetched;
            auto note = co_await fetch_note(a, id);
            if (!note || note->in_reply_to.empty())
                continue;
            auto result = co_await ingest_reply(a, *note, 3);
            spdlog::info("backfill id={} result={}", log_quote(id), log_quote(result.detail));
        }
        if (!inline_page && !next)
            next = link_of(page.find("next"));
    }
}

/// Coroutine parameters by value: this runs detached, after the caller has returned.
asio::awaitable<void> backfill(app& a, std::string target, bool parent_note, std::string skip_id)
{
    if (parent_note)
    {
        // A remote parent: walk the replies collection it publishes, if any.
        auto parent = co_await a.fetch().fetch(target);
        if (!parent || parent->status != 200)
            co_return;
        auto replies = link_of(parent->doc.find("replies"));
        if (!replies)
            co_return;
        target = *replies;
    }
    co_await walk(a, target, skip_id);
}

} // namespace

void start_backfill(app& a, const protocol::remote_note& note)
{
    std::string target = note.context;
    bool parent_note   = false;
    if (target.empty() && !own_post_slug(a.urls(), note.in_reply_to))
    {
        target      = note.in_reply_to;
        parent_note = true;
    }
    // Our own conversation collection (the context of the author's replies) holds nothing
    // we lack: fetching it would only be the node asking itself.
    if (target.empty() || target.starts_with(a.urls().base() + "/"))
        return;
    if (running.fetch_add(1) >= backfill_max_running)
    {
        --running;
        return;
    }
    asio::co_spawn(a.io(), backfill(a, target, parent_note, note.id), [](std::exception_ptr e) {
        --running;
        log_exception(spdlog::level::warn, "backfill failed", e);
    });
}

} // namespace fedblog::node
