// SPDX-License-Identifier: AGPL-3.0-or-later
// Built-in templates and the theme/ folder override.
#include "node/web/theme.hpp"

#include "protocol/html_text.hpp"

#include <algorithm>
#include <fstream>
#include <mutex>
#include <sstream>

namespace fedblog::node {

namespace {

constexpr std::string_view builtin_style = R"(
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

// The head partial: page title, the AS2 alternate (Fedify and others follow it), the feed,
// Mastodon's fediverse:creator, OpenGraph tags for link previews, the author's header with
// the handle readers paste into their server's search box (one click selects all of it, with
// no script: comment HTML must never add one, so the page has none at all), and rel="me"
// profile links.
constexpr std::string_view builtin_head =
    "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
    "<title>{{page_title}}</title>"
    "<link rel=\"alternate\" type=\"application/activity+json\" href=\"{{alternate}}\">"
    "<link rel=\"alternate\" type=\"application/atom+xml\" href=\"{{feed}}\">"
    "<meta name=\"fediverse:creator\" content=\"@{{handle}}\">"
    "{{#meta}}<meta property=\"{{property}}\" content=\"{{content}}\">{{/meta}}"
    "<style>{{> style}}</style></head><body>"
    "<header><h1><a href=\"{{home}}\">{{site_title}}</a></h1>"
    "<p class=\"handle\"><a rel=\"me\" href=\"{{actor}}\">@{{handle}}</a></p>"
    "{{#has_links}}<p class=\"links\">{{#links}}<a rel=\"me\" href=\"{{url}}\">{{name}}</a>"
    "{{/links}}</p>{{/has_links}}"
    "</header><main>";

constexpr std::string_view builtin_date =
    "<time datetime=\"{{published}}\">{{day}}</time>"
    "{{#edited}} <span class=\"edited\">(edited)</span>{{/edited}}";

constexpr std::string_view builtin_foot = "</main></body></html>\n";

constexpr std::string_view builtin_index =
    "{{> head}}{{#heading}}<h2>{{heading}}</h2>{{/heading}}"
    "{{#bio}}<section class=\"bio\">{{{bio}}}</section>{{/bio}}"
    "{{^posts}}<p>No posts yet.</p>{{/posts}}"
    "{{#posts}}<article>{{#title}}<h2><a href=\"{{url}}\">{{title}}</a></h2>{{/title}}"
    "<a href=\"{{url}}\">{{> date}}</a><div class=\"content\">{{{content}}}</div>"
    "{{#comment_count}}<p class=\"comment-count\"><a href=\"{{url}}#comments\">"
    "{{comment_count}}</a></p>{{/comment_count}}</article>{{/posts}}"
    "<nav class=\"pages\">{{#newer}}<a rel=\"prev\" href=\"{{newer}}\">Newer posts</a>{{/newer}}"
    "{{^newer}}<span></span>{{/newer}}"
    "{{#older}}<a rel=\"next\" href=\"{{older}}\">Older posts</a>{{/older}}</nav>{{> foot}}";

constexpr std::string_view builtin_post =
    "{{> head}}{{#post}}<article>{{#title}}<h2>{{title}}</h2>{{/title}}{{> date}}"
    "<div class=\"content\">{{{content}}}</div>"
    "{{#has_revisions}}<details class=\"revisions\"><summary>Earlier versions "
    "({{revision_count}})</summary><ol>{{#revisions}}<li><time datetime=\"{{from}}\">"
    "{{from_day}}</time>{{#title}} <strong>{{title}}</strong>{{/title}}"
    "<div class=\"content\">{{{content}}}</div></li>{{/revisions}}</ol></details>"
    "{{/has_revisions}}</article>{{/post}}{{{comments}}}{{> foot}}";

constexpr std::string_view builtin_message =
    "{{> head}}<h2>{{heading}}</h2><p>{{text}}</p>{{> foot}}";

} // namespace

const std::vector<std::string>& theme::names()
{
    static const std::vector<std::string> all{"index", "post", "message", "head",
                                              "style", "date", "foot"};
    return all;
}

theme::theme()
{
    // mstch escapes {{values}} with a process-wide function; ours matches every other page
    // and leaves '/' alone (mstch's own turns URLs into "https:&#x2F;&#x2F;...").
    static std::once_flag escaper;
    std::call_once(escaper, [] {
        mstch::config::escape = [](const std::string& s) {
            return protocol::escape_html(s);
        };
    });
    templates_ = {
        {"index", std::string(builtin_index)},     {"post", std::string(builtin_post)},
        {"message", std::string(builtin_message)}, {"head", std::string(builtin_head)},
        {"style", std::string(builtin_style)},     {"date", std::string(builtin_date)},
        {"foot", std::string(builtin_foot)},
    };
}

namespace {

/// The partials `text` includes ({{> name}} or {{>name}}).
std::vector<std::string> partials_of(std::string_view text)
{
    std::vector<std::string> out;
    for (auto at = text.find("{{>"); at != std::string_view::npos; at = text.find("{{>", at + 3))
    {
        const auto end = text.find("}}", at);
        if (end == std::string_view::npos)
            break;
        std::string_view name = text.substr(at + 3, end - at - 3);
        while (!name.empty() && name.front() == ' ')
            name.remove_prefix(1);
        while (!name.empty() && name.back() == ' ')
            name.remove_suffix(1);
        out.emplace_back(name);
    }
    return out;
}

/// Whether following partials from `name` comes back to a template already on the path.
bool includes_itself(const std::map<std::string, std::string>& templates, const std::string& name,
                     std::vector<std::string>& path)
{
    if (std::find(path.begin(), path.end(), name) != path.end())
        return true;
    const auto it = templates.find(name);
    if (it == templates.end())
        return false;
    path.push_back(name);
    for (const auto& included : partials_of(it->second))
    {
        if (includes_itself(templates, included, path))
            return true;
    }
    path.pop_back();
    return false;
}

} // namespace

theme theme::load(const std::filesystem::path& dir, std::vector<std::string>& problems)
{
    theme t;
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec))
        return t;
    for (const auto& name : names())
    {
        const auto file = dir / (name + ".mustache");
        if (!std::filesystem::exists(file, ec))
            continue;
        std::ifstream in(file, std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        if (!in)
        {
            problems.push_back("cannot read " + file.string());
            continue;
        }
        t.templates_[name] = text.str();
    }
    // mstch expands partials recursively without a limit: a head that includes itself would
    // exhaust the stack on the first page view, so such a theme is refused as a whole.
    for (const auto& name : names())
    {
        std::vector<std::string> path;
        if (includes_itself(t.templates_, name, path))
        {
            problems.push_back("the templates in " + dir.string() +
                               " include each other in a loop (" + name + ")");
            return theme();
        }
    }
    return t;
}

std::string theme::render(const std::string& name, const mstch::map& context) const
{
    const auto it = templates_.find(name);
    if (it == templates_.end())
        return {};
    try
    {
        // Every template is also a partial: the map is passed as is, never copied per page.
        return mstch::render(it->second, context, templates_);
    }
    catch (const std::exception&)
    {
        // mstch does not throw on malformed templates (it renders what it can); this only
        // guards against allocation failure and the like.
        return {};
    }
}

} // namespace fedblog::node
