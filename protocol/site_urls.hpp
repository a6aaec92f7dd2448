// SPDX-License-Identifier: AGPL-3.0-or-later
// Every URL this node mints, in one place (DESIGN.md "URLs").
#pragma once

#include <string>
#include <string_view>

namespace fedblog::protocol {

/** The URL layout of a node: `{scheme}://{domain}` plus fixed paths. A value type; cheap to
    copy. Nothing here is escaped: `user` and slugs are validated to be URL-safe upstream.
*/
class site_urls
{
public:
    site_urls() = default;

    /// `domain` may carry a port ("127.0.0.1:8080"); `user` is the author's username.
    site_urls(std::string scheme, std::string domain, std::string user)
        : scheme_(std::move(scheme)), domain_(std::move(domain)), user_(std::move(user)),
          base_(scheme_ + "://" + domain_), actor_(base_ + "/users/" + user_)
    {}

    const std::string& scheme() const noexcept { return scheme_; }

    const std::string& domain() const noexcept { return domain_; }

    const std::string& user() const noexcept { return user_; }

    /// "https://blog.example"
    const std::string& base() const noexcept { return base_; }

    /// The author (Person): "https://blog.example/users/author"
    const std::string& actor() const noexcept { return actor_; }

    std::string actor_key() const { return actor_ + "#main-key"; }

    std::string inbox() const { return actor_ + "/inbox"; }

    std::string outbox() const { return actor_ + "/outbox"; }

    std::string followers() const { return actor_ + "/followers"; }

    std::string following() const { return actor_ + "/following"; }

    std::string featured() const { return actor_ + "/featured"; }

    /// Where the author uploads images (ActivityPub 6.11, the actor's endpoints.uploadMedia).
    std::string upload_media() const { return actor_ + "/media"; }

    std::string shared_inbox() const { return base_ + "/inbox"; }

    /// The blog's front page, which is also the author's profile page.
    std::string home() const { return base_ + "/"; }

    /// The instance actor (Application) that signs our fetches.
    std::string instance_actor() const { return base_ + "/actor"; }

    std::string instance_actor_key() const { return base_ + "/actor#main-key"; }

    /// Username of the instance actor: the host without port, as Mastodon does; for an IPv6
    /// literal host, which is no valid username, "instance.actor".
    std::string instance_username() const;

    std::string post(std::string_view slug) const { return base_ + "/posts/" + std::string(slug); }

    std::string post_activity(std::string_view slug) const { return post(slug) + "/activity"; }

    std::string post_replies(std::string_view slug) const { return post(slug) + "/replies"; }

    /// One of the author's replies in the thread of post `slug`: "{post}/comments/{key}".
    std::string author_comment(std::string_view slug, std::string_view key) const
    {
        return post(slug) + "/comments/" + std::string(key);
    }

    /// The conversation of post `slug` (the `context` of the author's replies): the post and
    /// its public comments as one collection.
    std::string post_context(std::string_view slug) const { return post(slug) + "/context"; }

    std::string post_likes(std::string_view slug) const { return post(slug) + "/likes"; }

    std::string post_shares(std::string_view slug) const { return post(slug) + "/shares"; }

    std::string tag(std::string_view name) const { return base_ + "/tags/" + std::string(name); }

    std::string media(std::string_view file) const { return base_ + "/media/" + std::string(file); }

    /// "author@blog.example" (the WebFinger address without "acct:").
    std::string handle() const { return user_ + "@" + domain_; }

private:
    std::string scheme_;
    std::string domain_;
    std::string user_;
    std::string base_;
    std::string actor_;
};

inline std::string site_urls::instance_username() const
{
    std::string host = domain_;
    if (!host.empty() && host.front() == '[')
        return "instance.actor";
    if (auto colon = host.rfind(':'); colon != std::string::npos)
        host.resize(colon);
    return host;
}

} // namespace fedblog::protocol
