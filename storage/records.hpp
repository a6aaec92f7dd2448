// SPDX-License-Identifier: AGPL-3.0-or-later
// Plain records the store reads and writes. No protocol knowledge: JSON is kept as text.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace fedblog::storage {

/// Every time in the store: UTC, millisecond precision (INTEGER / BIGINT unix milliseconds).
using time_point = std::chrono::sys_time<std::chrono::milliseconds>;

/// A blog post written by the local author.
struct post
{
    std::int64_t id = 0;              ///< assigned by the store on insert
    std::string slug;                 ///< unique; the permalink is /posts/{slug}
    std::string object_type = "Note"; ///< "Note" or "Article"
    std::string title;                ///< may be empty (notes have none)
    std::string content_html;         ///< rendered, sanitized HTML
    std::string source;               ///< what the author wrote
    std::string source_media_type = "text/markdown";
    std::string language;    ///< BCP 47 tag or empty
    std::string in_reply_to; ///< IRI this post answers, or empty
    /// Extra AS2 properties as a JSON object text (e.g. "tag", "attachment"); "{}" if none.
    std::string extra_json = "{}";
    time_point published{};
    std::optional<time_point> updated;
    std::optional<time_point> deleted; ///< set when the post became a Tombstone
    /// False for imported posts that were never delivered to followers.
    bool federated = true;
    /// Lowercase hashtag names without '#', indexed for the /tags/{tag} pages; insert_post()
    /// and update_post() replace the post's set with this one.
    std::vector<std::string> hashtags;
    /// When the author pinned it to the featured collection (set_pinned()); unset otherwise.
    /// insert_post() and update_post() ignore it.
    std::optional<time_point> pinned;
    /// Where an imported post came from ("wxr:<guid>", ...), unique, so importing the same
    /// file again skips it; "" for posts written here. update_post() ignores it.
    std::string import_key;
};

/// A remote actor following the local author.
struct follower
{
    std::string actor_id;
    std::string inbox;
    std::string shared_inbox; ///< empty when the actor has none
    std::string follow_id;    ///< id of the Follow activity we accepted
    time_point created{};
};

/// Cached copy of a remote actor document.
struct remote_actor
{
    std::string id;
    std::string type;
    std::string preferred_username;
    std::string name;
    std::string inbox;
    std::string shared_inbox;
    std::string url;
    std::string icon_url;
    std::string document; ///< the JSON as fetched
    time_point fetched{};
    /// Set when the actor's id answered 410 Gone.
    bool gone = false;
};

/// Cached remote public key, by key id.
struct remote_key
{
    std::string key_id; ///< as published (with fragment)
    std::string owner;  ///< actor id that owns the key
    std::string public_key_pem;
    time_point fetched{};
};

/// An activity we send, stored once and referenced by its delivery jobs.
struct outbound_activity
{
    std::string id;                ///< activity IRI (unique)
    std::string json;              ///< the exact body to POST
    std::string signer = "author"; ///< which local key signs it: "author" or "instance"
    std::string object_id;         ///< the post (or other object) it is about; "" if none
    time_point created{};
};

enum class job_state
{
    pending,   ///< waiting for next_attempt
    delivered, ///< acknowledged with 2xx
    dead,      ///< failed permanently; last_status / last_error say why
};

/// One (activity, inbox) delivery.
struct delivery_job
{
    std::int64_t id = 0;
    std::string activity_id;
    std::string inbox;
    std::string host; ///< authority of the inbox, for per-host limits
    job_state state = job_state::pending;
    int attempts    = 0;
    time_point next_attempt{};
    int last_status = 0; ///< last HTTP status, 0 for a network error or none yet
    std::string last_error;
    time_point created{};
    /// Set by claim_jobs() until the worker reports back; empty when not leased.
    std::optional<time_point> leased_until;
    // Filled in by claim_jobs():
    std::string body;   ///< outbound_activity::json
    std::string signer; ///< outbound_activity::signer
};

/// Counts by state, for status output and metrics.
struct job_counts
{
    std::int64_t pending   = 0;
    std::int64_t delivered = 0;
    std::int64_t dead      = 0;
};

/// A bearer token for the C2S outbox. Only a hash of the secret is stored.
struct api_token
{
    std::int64_t id = 0;
    std::string name;
    std::string secret_hash; ///< hex SHA-256 of the secret part
    time_point created{};
    std::optional<time_point> last_used;
    bool revoked = false;
};

} // namespace fedblog::storage
