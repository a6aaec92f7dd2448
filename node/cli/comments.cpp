// SPDX-License-Identifier: AGPL-3.0-or-later
// `fedblog comments list|approve|reject|delete`: the author's moderation of comments.
#include "node/authoring/mentions.hpp"
#include "node/authoring/reply.hpp"
#include "node/cli/commands.hpp"
#include "node/cli/data_dir.hpp"
#include "node/cli/options.hpp"
#include "node/post_view.hpp"
#include "protocol/html_sanitizer.hpp"
#include "protocol/http_date.hpp"
#include "protocol/interaction.hpp"

#include <iostream>

namespace fedblog::node::cli {

namespace po = boost::program_options;

namespace {

/// One terminal line of remote text: control characters (newlines, and escape sequences a
/// hostile comment could use to rewrite the admin's terminal) become spaces; cut at a UTF-8
/// boundary.
std::string one_line(std::string text, std::size_t max)
{
    for (char& c : text)
    {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7f)
            c = ' ';
    }
    if (text.size() > max)
    {
        std::size_t cut = max;
        while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
            --cut;
        text.resize(cut);
        text.append("...");
    }
    return text;
}

int list(data_dir& d, const storage::comment_filter& filter)
{
    auto rows = d.store->list_comments(filter);
    if (!rows)
    {
        std::cerr << "fedblog comments: " << rows.error().message() << "\n";
        return 1;
    }
    if (rows->empty())
    {
        std::cout << "no comments\n";
        return 0;
    }
    for (const auto& c : *rows)
    {
        std::cout << c.id << "\t" << c.status << "\t" << c.visibility << "\t" << c.post_slug << "\t"
                  << protocol::format_rfc3339(to_seconds(c.published)) << "\t"
                  << one_line(c.actor_id.empty() ? c.author_name : c.actor_id, 200) << "\t"
                  << (c.deleted ? "(deleted)"
                                : one_line(protocol::html_to_text(c.content_html), 80))
                  << "\n";
    }
    return 0;
}

/// The inbox to tell the comment's author about a decision, from the actor cache.
std::string inbox_of(data_dir& d, const storage::comment& c)
{
    auto actor = d.store->find_remote_actor(c.actor_id);
    if (!actor || !*actor)
        return {};
    return (*actor)->inbox;
}

storage::outbound_activity activity_of(const protocol::json::value& doc,
                                       const std::string& object_id)
{
    storage::outbound_activity a;
    a.id        = std::string(doc.get_string("id").value_or(""));
    a.json      = protocol::json::serialize(doc);
    a.signer    = "author";
    a.object_id = object_id;
    a.created   = now_ms();
    return a;
}

/** Deletes one of the author's own answers as the outbox would: the Delete goes to the
    followers and the readers it mentioned (inboxes from the actor cache), so their copies go
    too; deleting it only here would leave it on every server it reached.
*/
int delete_answer(data_dir& d, storage::comment c, const protocol::site_urls& urls)
{
    std::vector<std::string> inboxes;
    for (const auto& id : mentioned_actor_ids(c.extra_json))
    {
        auto actor = d.store->find_remote_actor(id);
        if (actor && *actor && !(*actor)->gone && !(*actor)->inbox.empty())
            inboxes.push_back(delivery_inbox(**actor));
    }
    const auto now = now_ms();
    c.deleted      = now;
    c.received     = now;
    const auto del = activity_of(
        protocol::build_reply_delete(urls, to_reply_fields(c), to_seconds(now)), c.object_id);
    auto r =
        d.store->record_author_comment(storage::author_comment_change::remove, c, del, inboxes);
    if (!r)
    {
        std::cerr << "fedblog comments: " << r.error().message() << "\n";
        return 1;
    }
    std::cout << "Deleted comment " << c.id
              << " (your answer: its Delete goes to your followers and the readers it mentions)\n";
    return 0;
}

int decide(data_dir& d, std::int64_t id, const std::string& action)
{
    auto found = d.store->find_comment_by_id(id);
    if (!found || !*found)
    {
        std::cerr << "fedblog comments: no comment " << id << "\n";
        return 1;
    }
    const storage::comment c = **found;
    const protocol::site_urls urls(d.cfg.scheme, d.cfg.domain, d.cfg.user);
    const std::string post_id = urls.post(c.post_slug);

    if (action == "delete" && c.local && c.actor_id == urls.actor())
        return c.deleted ? 0 : delete_answer(d, c, urls);
    if (action == "delete")
    {
        auto r = d.store->delete_comment(c.object_id, "", now_ms());
        if (!r)
        {
            std::cerr << "fedblog comments: " << r.error().message() << "\n";
            return 1;
        }
        std::cout << "Deleted comment " << id << "\n";
        return 0;
    }
    if (c.status != "pending")
    {
        std::cerr << "fedblog comments: comment " << id << " is not waiting for approval\n";
        return 1;
    }
    const std::string inbox = inbox_of(d, c);
    if (action == "approve")
    {
        const std::string approval = protocol::interaction_id(c.object_id);
        std::optional<storage::outbound_activity> notify;
        std::vector<std::string> inboxes;
        if (!inbox.empty())
        {
            notify = activity_of(protocol::build_reply_accept(urls, c.object_id, c.actor_id,
                                                              post_id, c.reply_request),
                                 post_id);
            inboxes.push_back(inbox);
        }
        auto r = d.store->approve_comment(id, approval, notify, inboxes);
        if (!r || !*r)
        {
            std::cerr << "fedblog comments: could not approve comment " << id << "\n";
            return 1;
        }
        std::cout << "Approved comment " << id
                  << (inbox.empty() ? " (its author's inbox is unknown: not notified)" : "")
                  << "\n";
        return 0;
    }
    // reject: tell the replier (GoToSocial removes a rejected reply), then remove it here.
    if (!inbox.empty())
    {
        auto reject = activity_of(
            protocol::build_reply_reject(urls, c.object_id, c.actor_id, post_id, c.reply_request),
            post_id);
        if (auto q = d.store->enqueue(reject, {inbox}, false); !q)
        {
            std::cerr << "fedblog comments: " << q.error().message() << "\n";
            return 1;
        }
    }
    auto r = d.store->delete_comment(c.object_id, "", now_ms());
    if (!r)
    {
        std::cerr << "fedblog comments: " << r.error().message() << "\n";
        return 1;
    }
    std::cout << "Rejected comment " << id << "\n";
    return 0;
}

} // namespace

int comments(const args& argv)
{
    std::string data;
    std::string action;
    std::string post;
    std::vector<std::string> ids;
    bool private_only = false;
    bool pending_only = false;
    po::options_description desc("fedblog comments --data DIR list [--private] [--pending] [--post "
                                 "SLUG] | approve ID | reject ID | delete ID");
    // clang-format off
    desc.add_options()
        ("help,h", "this help")
        ("data", po::value(&data)->required(), "data directory")
        ("action", po::value(&action)->required(), "list, approve, reject or delete")
        ("id", po::value(&ids), "comment id (from list)")
        ("private", po::bool_switch(&private_only), "list: only followers-only and direct replies")
        ("pending", po::bool_switch(&pending_only), "list: only comments awaiting approval")
        ("post", po::value(&post), "list: only this post's comments (its slug)");
    // clang-format on
    po::positional_options_description pos;
    pos.add("action", 1).add("id", -1);
    po::variables_map vm;
    if (auto exit_code = parse_options("comments", argv, desc, vm, &pos))
        return *exit_code;
    auto d = open_data_dir("comments", data);
    if (!d)
        return 1;
    if (action == "list")
    {
        storage::comment_filter f;
        f.private_only = private_only;
        f.pending_only = pending_only;
        f.post_slug    = post;
        return list(*d, f);
    }
    if (action != "approve" && action != "reject" && action != "delete")
    {
        std::cerr << "fedblog comments: unknown action '" << action << "'\n" << desc << "\n";
        return 2;
    }
    if (ids.size() != 1)
    {
        std::cerr << "fedblog comments " << action
                  << ": give one comment id (see `fedblog comments list`)\n";
        return 2;
    }
    std::int64_t id = 0;
    try
    {
        id = std::stoll(ids[0]);
    }
    catch (const std::exception&)
    {
        std::cerr << "fedblog comments: not a comment id: " << ids[0] << "\n";
        return 2;
    }
    return decide(*d, id, action);
}

} // namespace fedblog::node::cli
