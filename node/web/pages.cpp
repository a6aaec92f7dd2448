// SPDX-License-Identifier: AGPL-3.0-or-later
// HTML rendering of the front page, post pages and error pages. Every dynamic string is
// escaped except content_html, which is produced by our renderer/sanitizer.
#include "node/web/pages.hpp"

#include "node/post_view.hpp"
#include "protocol/html_sanitizer.hpp"
#include "protocol/html_text.hpp"
#include "protocol/http_date.hpp"
#include "protocol/iri.hpp"
#include "protocol/post_content.hpp"

namespace fedblog::node {

namespace {

using protocol::escape_html;

constexpr std::string_view style = R"(
body{max-width:42rem;margin:0 auto;padding:1rem;font:1.05rem/1.6 system-ui,sans-serif;color:#222;background:#fdfdfd}
header{border-bottom:1px solid #ddd;margin-bottom:1.5rem}
header h1{margin:.2rem 0}header h1 a{color:inherit;text-decoration:none}
.handle{color:#666;font-size:.95rem}
article{margin-bottom:2.5rem}article h2{margin-bottom:.2rem}
time{color:#666;font-size:.9rem}
a{color:#1a5fb4}img{max-width:100%;height:auto}
pre{overflow-x:auto;background:#f3f3f3;padding:.6rem}
nav.pages{display:flex;justify-content:space-between;margin:2rem 0}
.links a{margin-right:.8rem}.handle a{user-select:all}
details.revisions{margin-top:1rem;color:#555}details.revisions li{margin:.6rem 0}
a.hashtag{text-decoration:none}
.comments{border-top:1px solid #ddd;margin-top:2rem}
.thread{list-style:none;padding-left:1.2rem;margin:0}
.comments>.thread{padding-left:0}
.thread.flat{padding-left:0}
.comment{margin:1rem 0}
.comment-author{display:flex;flex-wrap:wrap;align-items:center;gap:.4rem;font-size:.95rem}
.comment-author .avatar{border-radius:50%}
.comment-author .handle,.comment-author .when,.edited{color:#666;font-size:.85rem}
.badge{background:#1a5fb4;color:#fff;border-radius:.3rem;padding:0 .35rem;font-size:.75rem}
.deleted{color:#888;font-style:italic}
img.emoji{width:1.2em;height:1.2em;vertical-align:middle}
.reactions{color:#555}
.reply-box{background:#f3f3f3;padding:.8rem 1rem;border-radius:.4rem;margin-top:1.5rem}
.reply-box input{font:inherit;padding:.2rem .4rem;max-width:60%}
@media (prefers-color-scheme:dark){body{background:#1b1b1b;color:#ddd}a{color:#8ab4f8}pre{background:#2a2a2a}.reply-box{background:#2a2a2a}}
)";

/// What a page's <head> says about it beyond the site: `alternate` is the AS2 document this
/// page stands for (Fedify and others follow it); `og` adds OpenGraph tags for a post.
struct page_head
{
    std::string_view title;
    std::string_view alternate;
    const storage::post* og = nullptr;
};

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

std::string meta(std::string_view attribute, std::string_view name, std::string_view content)
{
    return "<meta " + std::string(attribute) + "=\"" + escape_html(name) + "\" content=\"" +
           escape_html(content) + "\">";
}

std::string head(const site_info& site, const page_head& h)
{
    const auto& urls = *site.urls;
    std::string out  = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">";
    out += "<title>" + escape_html(h.title) + "</title>";
    out += "<link rel=\"alternate\" type=\"application/activity+json\" href=\"" +
           escape_html(h.alternate.empty() ? std::string_view(urls.actor()) : h.alternate) + "\">";
    out += "<link rel=\"alternate\" type=\"application/atom+xml\" href=\"" +
           escape_html(urls.base() + "/feed.atom") + "\">";
    // Mastodon credits the author in link previews of pages carrying this tag.
    out += meta("name", "fediverse:creator", "@" + urls.handle());
    if (h.og != nullptr)
    {
        const storage::post& p = *h.og;
        out += meta("property", "og:type", "article");
        out += meta("property", "og:url", urls.post(p.slug));
        out += meta("property", "og:site_name", site.title);
        if (!p.title.empty())
            out += meta("property", "og:title", p.title);
        out += meta("property", "og:description", description_of(p));
        out += meta("property", "article:published_time",
                    protocol::format_rfc3339(to_seconds(p.published)));
        if (auto images = protocol::find_images(p.content_html); !images.empty())
            out += meta("property", "og:image", images.front().src);
    }
    out += "<style>" + std::string(style) + "</style></head><body>";
    out += "<header><h1><a href=\"" + escape_html(urls.home()) + "\">" + escape_html(site.title) +
           "</a></h1><p class=\"handle\"><a rel=\"me\" href=\"" + escape_html(urls.actor()) +
           "\">@" + escape_html(urls.handle()) + "</a>";
    // The handle is what readers paste into their server's search box: one click selects
    // all of it (user-select), with no script on the page (comment HTML must never add one,
    // so none is allowed at all).
    out += "</p>";
    std::string links;
    for (const auto& [name, url] : site.links)
    {
        if (url.starts_with("https://") || url.starts_with("http://"))
            links +=
                "<a rel=\"me\" href=\"" + escape_html(url) + "\">" + escape_html(name) + "</a>";
    }
    if (!links.empty())
        out += "<p class=\"links\">" + links + "</p>";
    out += "</header><main>";
    return out;
}

std::string foot()
{
    return "</main></body></html>\n";
}

std::string date_line(const storage::post& p)
{
    const std::string published = protocol::format_rfc3339(to_seconds(p.published));
    std::string out = "<time datetime=\"" + published + "\">" + published.substr(0, 10) + "</time>";
    if (p.updated)
        out += " <span class=\"edited\">(edited)</span>";
    return out;
}

} // namespace

namespace {

/// A page of posts (the front page, a tag page); `path` is where the pager links point.
std::string listing(const site_info& site, std::string_view title, std::string_view heading,
                    std::string_view path, const std::vector<storage::post>& posts, int page,
                    bool has_more, const std::map<std::string, std::int64_t>& comment_counts)
{
    const auto& urls = *site.urls;
    std::string out  = head(site, {title, {}, nullptr});
    if (!heading.empty())
        out += "<h2>" + escape_html(heading) + "</h2>";
    else if (page == 1 && !site.summary_html.empty())
        out += "<section class=\"bio\">" + site.summary_html + "</section>";
    if (posts.empty())
        out += "<p>No posts yet.</p>";
    for (const auto& p : posts)
    {
        const std::string link = escape_html(urls.post(p.slug));
        out += "<article>";
        if (!p.title.empty())
            out += "<h2><a href=\"" + link + "\">" + escape_html(p.title) + "</a></h2>";
        out += "<a href=\"" + link + "\">" + date_line(p) + "</a>";
        out += "<div class=\"content\">" + p.content_html + "</div>";
        if (auto n = comment_counts.find(p.slug); n != comment_counts.end() && n->second > 0)
            out += "<p class=\"comment-count\"><a href=\"" + link + "#comments\">" +
                   std::to_string(n->second) + (n->second == 1 ? " comment" : " comments") +
                   "</a></p>";
        out += "</article>";
    }
    const std::string pager = escape_html(path) + "?page=";
    out += "<nav class=\"pages\">";
    out += page > 1
               ? "<a rel=\"prev\" href=\"" + pager + std::to_string(page - 1) + "\">Newer posts</a>"
               : "<span></span>";
    if (has_more)
        out += "<a rel=\"next\" href=\"" + pager + std::to_string(page + 1) + "\">Older posts</a>";
    out += "</nav>";
    out += foot();
    return out;
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
    const auto& urls       = *site.urls;
    const std::string link = urls.post(p.slug);
    std::string out        = head(site, {p.title.empty() ? site.title : p.title, link, &p});
    out += "<article>";
    if (!p.title.empty())
        out += "<h2>" + escape_html(p.title) + "</h2>";
    out += date_line(p);
    out += "<div class=\"content\">" + p.content_html + "</div>";
    if (!revisions.empty())
    {
        // Earlier versions stay readable: an edit should not silently rewrite history.
        out += "<details class=\"revisions\"><summary>Earlier versions (" +
               std::to_string(revisions.size()) + ")</summary><ol>";
        for (const auto& r : revisions)
        {
            const std::string from = protocol::format_rfc3339(to_seconds(r.valid_from));
            out += "<li><time datetime=\"" + from + "\">" + from.substr(0, 10) + "</time>";
            if (!r.title.empty())
                out += " <strong>" + escape_html(r.title) + "</strong>";
            out += "<div class=\"content\">" + r.content_html + "</div></li>";
        }
        out += "</ol></details>";
    }
    out += "</article>";
    out += after_article;
    out += foot();
    return out;
}

std::string render_message(const site_info& site, std::string_view heading, std::string_view text)
{
    std::string out = head(site, {heading, {}, nullptr});
    out += "<h2>" + escape_html(heading) + "</h2><p>" + escape_html(text) + "</p>";
    out += foot();
    return out;
}

} // namespace fedblog::node
