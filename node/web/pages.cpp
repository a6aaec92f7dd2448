// SPDX-License-Identifier: AGPL-3.0-or-later
// The front page, tag pages, post pages and error pages: the values each template gets,
// rendered with the site's theme. Templates escape every value they insert with {{ }};
// only HTML our renderer and sanitizer produced (post content, the bio, the comment
// section) goes in raw.
#include "node/web/pages.hpp"

#include "node/post_view.hpp"
#include "node/web/theme.hpp"
#include "protocol/html_sanitizer.hpp"
#include "protocol/html_text.hpp"
#include "protocol/http_date.hpp"
#include "protocol/iri.hpp"
#include "protocol/post_content.hpp"

namespace fedblog::node {

namespace {

const theme& look(const site_info& site)
{
    static const theme builtin;
    return site.look != nullptr ? *site.look : builtin;
}

/// The first words of a post's text, for link previews.
std::string description_of(const storage::post& p)
{
    std::string text            = protocol::html_to_text(p.content_html);
    constexpr std::size_t limit = 200;
    if (text.size() <= limit)
        return text;
    std::size_t cut = text.rfind(' ', limit);
    if (cut == std::string::npos)
        cut = limit;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
        --cut; // never split a UTF-8 sequence
    return text.substr(0, cut) + "\u2026";
}

mstch::map meta(std::string property, std::string content)
{
    return mstch::map{{"property", std::move(property)}, {"content", std::move(content)}};
}

/// OpenGraph tags for a post's link previews.
mstch::array open_graph(const site_info& site, const storage::post& p)
{
    const auto& urls = *site.urls;
    mstch::array metas;
    metas.push_back(meta("og:type", "article"));
    metas.push_back(meta("og:url", urls.post(p.slug)));
    metas.push_back(meta("og:site_name", site.title));
    if (!p.title.empty())
        metas.push_back(meta("og:title", p.title));
    metas.push_back(meta("og:description", description_of(p)));
    metas.push_back(
        meta("article:published_time", protocol::format_rfc3339(to_seconds(p.published))));
    if (auto images = protocol::find_images(p.content_html); !images.empty())
        metas.push_back(meta("og:image", images.front().src));
    return metas;
}

/// What the head partial needs. `alternate` is the AS2 document the page stands for
/// (Fedify and others follow it); `og`, when set, adds OpenGraph tags for that post.
mstch::map page(const site_info& site, std::string title, std::string alternate,
                const storage::post* og)
{
    const auto& urls = *site.urls;
    mstch::array links;
    for (const auto& [name, url] : site.links)
    {
        // Only web links can be verified with rel="me" (and only they are safe in an href).
        if (url.starts_with("https://") || url.starts_with("http://"))
            links.push_back(mstch::map{{"name", name}, {"url", url}});
    }
    const bool has_links = !links.empty();
    return mstch::map{
        {"page_title", std::move(title)},
        {"alternate", alternate.empty() ? urls.actor() : std::move(alternate)},
        {"feed", urls.base() + "/feed.atom"},
        {"handle", urls.handle()},
        {"home", urls.home()},
        {"actor", urls.actor()},
        {"site_title", site.title},
        {"meta", og != nullptr ? open_graph(site, *og) : mstch::array{}},
        {"links", std::move(links)},
        {"has_links", has_links},
    };
}

mstch::array tags_of(const protocol::site_urls& urls, const storage::post& p)
{
    mstch::array tags;
    for (const auto& t : p.hashtags)
        tags.push_back(mstch::map{{"name", t}, {"url", urls.tag(protocol::url_encode(t))}});
    return tags;
}

/// A post's values for the templates (the date partial reads published, day, edited).
mstch::map post_values(const protocol::site_urls& urls, const storage::post& p)
{
    const std::string published = protocol::format_rfc3339(to_seconds(p.published));
    return mstch::map{
        {"url", urls.post(p.slug)},        {"title", p.title},
        {"published", published},          {"day", published.substr(0, 10)},
        {"edited", p.updated.has_value()}, {"content", p.content_html},
        {"tags", tags_of(urls, p)},
    };
}

std::string comment_count_label(const std::map<std::string, std::int64_t>& counts,
                                const std::string& slug)
{
    const auto n = counts.find(slug);
    if (n == counts.end() || n->second <= 0)
        return {};
    return std::to_string(n->second) + (n->second == 1 ? " comment" : " comments");
}

/// A page of posts (the front page, a tag page); `path` is where the pager links point.
std::string listing(const site_info& site, std::string title, std::string heading,
                    const std::string& path, const std::vector<storage::post>& posts, int page_no,
                    bool has_more, const std::map<std::string, std::int64_t>& comment_counts)
{
    mstch::map ctx = page(site, std::move(title), {}, nullptr);
    mstch::array items;
    for (const auto& p : posts)
    {
        mstch::map item = post_values(*site.urls, p);
        item.emplace("comment_count", comment_count_label(comment_counts, p.slug));
        items.push_back(std::move(item));
    }
    ctx.emplace("posts", std::move(items));
    ctx.emplace("bio", heading.empty() && page_no == 1 ? site.summary_html : std::string());
    ctx.emplace("heading", std::move(heading));
    ctx.emplace("newer",
                page_no > 1 ? path + "?page=" + std::to_string(page_no - 1) : std::string());
    ctx.emplace("older", has_more ? path + "?page=" + std::to_string(page_no + 1) : std::string());
    return look(site).render("index", ctx);
}

} // namespace

std::string render_index(const site_info& site, const std::vector<storage::post>& posts, int page,
                         bool has_more, const std::map<std::string, std::int64_t>& comment_counts)
{
    return listing(site, site.title, {}, "/", posts, page, has_more, comment_counts);
}

std::string render_tag_page(const site_info& site, std::string_view tag,
                            const std::vector<storage::post>& posts, int page, bool has_more)
{
    const std::string heading = "#" + std::string(tag);
    return listing(site, heading + " \u2013 " + site.title, heading,
                   "/tags/" + protocol::url_encode(tag), posts, page, has_more, {});
}

std::string render_post(const site_info& site, const storage::post& p,
                        std::string_view after_article,
                        const std::vector<storage::post_revision>& revisions)
{
    const auto& urls = *site.urls;
    mstch::map ctx   = page(site, p.title.empty() ? site.title : p.title, urls.post(p.slug), &p);
    mstch::map post  = post_values(urls, p);
    // Earlier versions stay readable: an edit should not silently rewrite history.
    mstch::array earlier;
    for (const auto& r : revisions)
    {
        const std::string from = protocol::format_rfc3339(to_seconds(r.valid_from));
        earlier.push_back(mstch::map{{"from", from},
                                     {"from_day", from.substr(0, 10)},
                                     {"title", r.title},
                                     {"content", r.content_html}});
    }
    post.emplace("has_revisions", !earlier.empty());
    post.emplace("revision_count", std::to_string(earlier.size()));
    post.emplace("revisions", std::move(earlier));
    ctx.emplace("post", std::move(post));
    ctx.emplace("comments", std::string(after_article));
    return look(site).render("post", ctx);
}

std::string render_message(const site_info& site, std::string_view heading, std::string_view text)
{
    mstch::map ctx = page(site, std::string(heading), {}, nullptr);
    ctx.emplace("heading", std::string(heading));
    ctx.emplace("text", std::string(text));
    return look(site).render("message", ctx);
}

} // namespace fedblog::node
