// SPDX-License-Identifier: AGPL-3.0-or-later
// build_import(): render, tag and slug each imported item.
#include "node/importing/import_posts.hpp"

#include "node/authoring/compose.hpp"
#include "node/publish.hpp"
#include "protocol/html_sanitizer.hpp"
#include "protocol/http_date.hpp"
#include "protocol/post_content.hpp"
#include "protocol/slug.hpp"
#include "storage/error.hpp"

#include <algorithm>
#include <set>

namespace fedblog::node {

namespace {

bool is_word_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c >= 0x80;
}

/// The slug `wanted`, or a suffixed one, that no other post holds. `used` holds the slugs
/// this import already gave out.
storage::result<std::string> free_slug(storage::store& s, const std::string& wanted,
                                       const std::string& key, std::set<std::string>& used)
{
    for (int n = 1; n <= 1000; ++n)
    {
        // A numbered candidate is cut to leave room for its number: past the slug length
        // limit the permalink would answer 404.
        const std::string number = n == 1 ? std::string() : "-" + std::to_string(n);
        std::string candidate =
            wanted.substr(0, std::min(wanted.size(), protocol::max_slug_length - number.size()));
        while (candidate.size() > 1 && candidate.back() == '-')
            candidate.pop_back();
        candidate += number;
        if (used.count(candidate) > 0)
            continue;
        auto existing = s.find_post(candidate);
        if (!existing)
            return existing.error();
        if (!*existing || (*existing)->import_key == key)
        {
            used.insert(candidate);
            return candidate;
        }
    }
    return storage::make_error_code(storage::error::conflict);
}

} // namespace

std::string tag_to_hashtag(std::string_view name)
{
    std::string out;
    bool upper_next = false;
    for (char c : name)
    {
        const auto b = static_cast<unsigned char>(c);
        if (!is_word_byte(b))
        {
            upper_next = !out.empty();
            continue;
        }
        out += upper_next && b >= 'a' && b <= 'z' ? static_cast<char>(b - 'a' + 'A') : c;
        upper_next = false;
    }
    if (protocol::hashtag_key(out).empty() || protocol::hashtag_key(out) == "uncategorized")
        return {};
    return out;
}

std::vector<storage::comment> build_import_comments(const std::vector<import_item>& items,
                                                    const std::vector<storage::post>& posts,
                                                    const protocol::site_urls& urls,
                                                    storage::time_point now)
{
    std::vector<storage::comment> out;
    for (std::size_t i = 0; i < items.size() && i < posts.size(); ++i)
    {
        const std::string post_url = urls.post(posts[i].slug);
        for (const auto& ic : items[i].comments)
        {
            storage::comment c;
            c.object_id    = post_url + "#comment-" + ic.id;
            c.post_slug    = posts[i].slug;
            c.in_reply_to  = ic.parent.empty() ? post_url : post_url + "#comment-" + ic.parent;
            c.url          = c.object_id;
            c.content_html = protocol::sanitize_html(ic.html);
            c.author_name  = ic.author.empty() ? "Anonymous" : ic.author;
            c.local        = true;
            c.published    = ic.published;
            c.received     = now;
            out.push_back(std::move(c));
        }
    }
    return out;
}

std::variant<std::vector<storage::post>, import_error>
build_import(const std::vector<import_item>& items, const protocol::site_urls& urls,
             const std::string& object_type, storage::store& s)
{
    std::vector<storage::post> out;
    std::set<std::string> used;
    for (const auto& item : items)
    {
        // The same reader as the outbox, so imported content is held to the same rules.
        protocol::json::value note = protocol::json::make_object({
            {"type", "Note"},
            {"source",
             protocol::json::make_object({{"content", item.body}, {"mediaType", item.body_type}})},
        });
        if (!item.title.empty())
            note.set("name", item.title);
        auto parsed = read_post_request(note);
        if (auto* e = std::get_if<http_error>(&parsed))
            return import_error{item.key, e->public_text};
        post_request& req = std::get<post_request>(parsed);
        for (const auto& t : item.tags)
        {
            if (std::string h = tag_to_hashtag(t); !h.empty())
                req.extra_tags.push_back(std::move(h));
        }
        composed_content composed =
            compose_content(render_request(req, urls, {}), req, urls, {}, {});

        std::string wanted = protocol::is_valid_slug(item.slug) ? item.slug : std::string();
        if (wanted.empty())
            wanted = protocol::make_slug(req.title.empty() ? req.plain_text : req.title, 50);
        if (wanted.empty())
            wanted = protocol::format_rfc3339(item.published).substr(0, 10);
        auto slug = free_slug(s, wanted, item.key, used);
        if (!slug)
            return import_error{item.key, "no free slug: " + slug.error().message()};

        storage::post p;
        p.slug              = std::move(*slug);
        p.object_type       = object_type;
        p.title             = req.title;
        p.content_html      = std::move(composed.content_html);
        p.source            = req.source;
        p.source_media_type = req.source_media_type;
        p.extra_json        = std::move(composed.extra_json);
        p.hashtags          = std::move(composed.hashtags);
        p.published         = item.published;
        p.federated         = false;
        p.import_key        = item.key;
        out.push_back(std::move(p));
    }
    return out;
}

} // namespace fedblog::node
