// SPDX-License-Identifier: AGPL-3.0-or-later
// The node's configuration: DIR/fedblog.conf (INI) plus command-line overrides.
#pragma once

#include <boost/system/result.hpp>

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace fedblog::node {

/// Everything `init` decided and an admin may tune. Validated once at load.
struct config
{
    std::filesystem::path data_dir;

    // Identity (fixed at init: changing them changes every id we ever published).
    std::string scheme = "https";
    std::string domain;  ///< host[:port] as in ids
    std::string user;    ///< the author's username
    std::string created; ///< RFC 3339 time the node was initialised (actor `published`)

    // Profile.
    std::string display_name;
    std::string summary;                                     ///< plain text; rendered as paragraphs
    std::vector<std::pair<std::string, std::string>> fields; ///< "field = Name | value"
    /// Who may comment: "open" (replies appear at once), "approve" (they wait for
    /// `fedblog comments approve`), "closed" (replies are not kept).
    std::string comments = "open";
    /// FEP-044f quote requests: "public" accepts quotes of public posts, "none" declines.
    std::string quotes = "public";
    std::string avatar; ///< file name under DIR/media (the actor's icon); may be empty
    std::string header; ///< file name under DIR/media (the actor's image); may be empty

    // Authoring.
    /// "note" (the default: Mastodon shows a Note's content) or "article" (FEP-b2b8
    /// long-form Articles, which Mastodon shows as title, summary and a link).
    std::string post_type = "note";
    /// Largest image the media upload endpoint accepts, in bytes.
    std::size_t max_media_bytes = std::size_t{10} * 1024 * 1024;

    // Serving.
    std::string listen = "127.0.0.1:8080";
    unsigned threads   = 0; ///< 0: one per core
    /// The threads' CPU scheduling policy (node/scheduling.hpp): "delivery" (SCHED_BATCH,
    /// where woken threads do not preempt running ones, while a post goes out to many
    /// inboxes; Linux's default otherwise), "batch" (always) or "normal" (never).
    std::string scheduling = "delivery";
    std::string database; ///< store URL; default sqlite:DIR/fedblog.db
    std::string log_level = "info";
    bool access_log       = true;
    /// A kept-alive connection with no new request for this long is closed, as is one whose
    /// request header takes this long to arrive (slow clients cannot hold sockets forever).
    std::chrono::seconds idle_timeout{30};

    // Federation.
    bool allow_http_peers        = false; ///< tests/dev only: accept and fetch http:// ids
    bool allow_private_addresses = false; ///< tests/dev only: fetch/deliver to private IPs
    std::size_t max_inbox_body   = 1024 * 1024;
    /// Extra CA certificates (PEM) to trust for outbound HTTPS besides the system store,
    /// e.g. a private CA in a closed network. Empty: system store only.
    std::string tls_ca_file;
    std::chrono::seconds fetch_timeout{10};
    std::chrono::seconds delivery_timeout{30};
    std::chrono::seconds shutdown_grace{10};
    unsigned delivery_concurrency = 32;
    /// Deliveries in flight to one host at a time (all processes together), so one slow or
    /// large host cannot take every slot.
    unsigned delivery_per_host = 4;
    /// Multiplies the retry schedule (1.0 in production). Tests and local development use
    /// a small factor so a retry comes in seconds instead of minutes.
    double retry_scale = 1.0;

    // Operations.
    /// Where the Prometheus /metrics endpoint listens ("127.0.0.1:9464"); empty: off.
    /// Only loopback addresses unless `metrics_public` (the numbers describe who we talk to).
    std::string metrics_listen;
    bool metrics_public = false;
    /// Tests only: POST /_test/clock (from loopback) moves the node's clock forward, so
    /// backoff, breakers and Retry-After can be tested without sleeping. Never in production.
    bool test_clock = false;
};

/// Command-line values that override the file (empty / unset means "keep the file's").
struct config_overrides
{
    std::string listen;
    bool allow_http_peers        = false;
    bool allow_private_addresses = false;
};

/** Loads DIR/fedblog.conf, applies `overrides`, fills defaults and validates.
    @return the config, or an error whose message says which key is wrong
    (std::errc::invalid_argument with the reason in `reason`).
*/
[[nodiscard]] boost::system::result<config> load_config(const std::filesystem::path& data_dir,
                                                        const config_overrides& overrides,
                                                        std::string& reason);

/// The text of a fedblog.conf holding `cfg` (written by `init`), with comments.
[[nodiscard]] std::string render_config(const config& cfg);

/// True for usernames Mastodon accepts: [a-z0-9_]+([.-]+[a-z0-9_]+)* (INTEROP.md C18).
[[nodiscard]] bool is_valid_username(std::string_view user) noexcept;

/// True for a plain file name we serve from DIR/media: [a-z0-9._-], no "..", no leading dot.
[[nodiscard]] bool is_media_name(std::string_view name) noexcept;

/// True for "host" or "host:port" with a DNS name, IPv4 or [IPv6] host.
[[nodiscard]] bool is_valid_domain(std::string_view domain) noexcept;

} // namespace fedblog::node
