// SPDX-License-Identifier: AGPL-3.0-or-later
// HTML rendering of the front page, post pages and error pages. Every dynamic string is
// escaped except content_html, which is produced by our renderer/sanitizer.
#include "node/web/pages.hpp"

#include "node/post_view.hpp"
#include "protocol/html_text.hpp"
#include "protocol/http_date.hpp"

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

/// `alternate` is the AS2 document this page stands for (Fedify and others follow it).
std::string head(const site_info& site, std::string_view title, std::string_view alternate)
{
    const auto& urls = *site.urls;
    std::string out  = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">";
    out += "<title>" + escape_html(title) + "</title>";
    out += "<link rel=\"alternate\" type=\"application/activity+json\" href=\"" +
           escape_html(alternate.empty() ? std::string_view(urls.actor()) : alternate) + "\">";
    out += "<style>" + std::string(style) + "</style></head><body>";
    out += "<header><h1><a href=\"" + escape_html(urls.home()) + "\">" + escape_html(site.title) +
           "</a></h1><p class=\"handle\">@" + escape_html(urls.handle()) + "</p>";
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

std::string render_index(const site_info& site, const std::vector<storage::post>& posts, int page,
                         bool has_more, const std::map<std::string, std::int64_t>& comment_counts)
{
    const auto& urls = *site.urls;
    std::string out  = head(site, site.title, {});
    if (page == 1 && !site.summary_html.empty())
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
    out += "<nav class=\"pages\">";
    out += page > 1
               ? "<a rel=\"prev\" href=\"/?page=" + std::to_string(page - 1) + "\">Newer posts</a>"
               : "<span></span>";
    if (has_more)
        out += "<a rel=\"next\" href=\"/?page=" + std::to_string(page + 1) + "\">Older posts</a>";
    out += "</nav>";
    out += foot();
    return out;
}

std::string render_post(const site_info& site, const storage::post& p,
                        std::string_view after_article)
{
    const auto& urls       = *site.urls;
    const std::string link = urls.post(p.slug);
    std::string out        = head(site, p.title.empty() ? site.title : p.title, link);
    out += "<article>";
    if (!p.title.empty())
        out += "<h2>" + escape_html(p.title) + "</h2>";
    out += date_line(p);
    out += "<div class=\"content\">" + p.content_html + "</div></article>";
    out += after_article;
    out += foot();
    return out;
}

std::string render_message(const site_info& site, std::string_view heading, std::string_view text)
{
    std::string out = head(site, heading, {});
    out += "<h2>" + escape_html(heading) + "</h2><p>" + escape_html(text) + "</p>";
    out += foot();
    return out;
}

} // namespace fedblog::node
