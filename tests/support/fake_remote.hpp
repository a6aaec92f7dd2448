// SPDX-License-Identifier: AGPL-3.0-or-later
// A remote ActivityPub server for integration tests: real HTTP on loopback, real RSA keys.
// It publishes actor documents, records everything POSTed to its inboxes and signs the
// activities its actors send, exactly as a peer would on the wire.
#pragma once

#include "keys/key_pair.hpp"
#include "protocol/json.hpp"
#include "tests/support/test_http.hpp"

#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace fedblog::test {

class node_process;

/// One request the fake remote received.
struct recorded_request
{
    std::string method;
    std::string target;
    std::map<std::string, std::string> headers; ///< lowercase names
    std::string body;
    /// HTTPS only: the connection's TLS version ("TLSv1.3") and whether its handshake
    /// resumed an earlier session (abbreviated) instead of a full one.
    std::string tls_version;
    bool tls_resumed = false;

    std::string header(const std::string& lower_name) const
    {
        auto it = headers.find(lower_name);
        return it == headers.end() ? std::string() : it->second;
    }
};

/// How a test wants a signed request built (defaults: a correct Mastodon-style request).
struct signing_options
{
    enum class scheme
    {
        cavage,
        rfc9421,
        none,
    };
    scheme how = scheme::cavage;
    /// Covered components in order (cavage); Mastodon 4.4+ puts (request-target) last.
    std::vector<std::string> covered{"(request-target)", "host", "date", "digest", "content-type"};
    /// Mastodon sends Host without the port (INTEROP.md B14).
    bool host_without_port = true;
    std::chrono::seconds date_offset{0}; ///< shift Date (negative: in the past)
    bool corrupt_digest    = false;      ///< Digest of another body
    bool corrupt_signature = false;      ///< flip a byte of the signature
    std::string key_id_override;         ///< sign claiming another keyId
    /// Send (and sign) these bytes instead of the activity: a body that is not JSON.
    std::optional<std::string> raw_body;
};

/// Certificate and key (PEM files) for a fake remote that speaks HTTPS.
struct tls_files
{
    std::string cert_file;
    std::string key_file;
};

class fake_remote
{
public:
    struct actor
    {
        std::string name;
        std::string id;
        std::string key_id;
        std::string inbox;
        std::string shared_inbox;
        keys::private_key key;
    };

    /// Starts listening on `host`:random port in a background thread; HTTPS when `tls`.
    explicit fake_remote(std::string host             = "127.0.0.1",
                         std::optional<tls_files> tls = std::nullopt);
    ~fake_remote();
    fake_remote(const fake_remote&)            = delete;
    fake_remote& operator=(const fake_remote&) = delete;

    std::string base() const;

    unsigned short port() const { return port_; }

    /// Publishes a Person `name` with a fresh RSA-2048 key (and a shared inbox if asked).
    const actor& add_actor(const std::string& name, bool with_shared_inbox = true);

    /// The actor document now answers 410 Gone (an account deletion).
    void make_gone(const std::string& name);
    /// Replaces the actor's key (key rotation): its document publishes the new one.
    void rotate_key(const std::string& name);

    /// GETs of the actor answer 302 to `location` (a path on this server, or a URL).
    void redirect_actor(const std::string& name, const std::string& location);
    /// The actor document gets a filler property of `bytes` bytes.
    void pad_actor(const std::string& name, std::size_t bytes);
    /// GETs of the actor are never answered (the connection stays open).
    void stall_actor(const std::string& name);

    /// Serves `doc` (as activity+json) at `target` ("/notes/1"); replaces an earlier one.
    void put_document(const std::string& target, const protocol::json::value& doc);
    /// `target` now answers `status` (404 or 410) instead of its document.
    void remove_document(const std::string& target, unsigned status = 404);
    /// Renames the actor's display name (what its document says from now on).
    void rename_actor(const std::string& name, const std::string& display_name);

    /// Statuses to answer inbox POSTs with, in order; after they run out, `fallback`.
    void queue_inbox_statuses(std::vector<unsigned> statuses, unsigned fallback = 202);
    /// Inbox POSTs are answered with `bytes` of body (a server that says too much).
    void pad_inbox_answers(std::size_t bytes);
    /// Inbox POSTs from now on are recorded but never answered (the connection stays open).
    void stall_inbox_posts();
    /// Inbox POSTs from now on are answered again (those already stalled stay so).
    void resume_inbox_posts();
    /// A Retry-After value to send with non-2xx inbox answers ("" for none).
    void set_retry_after(std::string value);
    /// Every answer says `Connection: close` and the connection is closed after it, so the
    /// next request needs a new connection (and, over HTTPS, a new handshake).
    void close_after_each_response();
    /// HTTPS: negotiate at most TLS 1.2 (TLS 1.3 otherwise). Call before any connection.
    void limit_to_tls12();

    std::vector<recorded_request> requests() const;
    std::vector<recorded_request> posts() const;
    /// The POSTs so far whose body is an activity of `type` ("Create", "Accept", ...).
    std::vector<recorded_request> posts_of(const std::string& type) const;
    /// Waits until at least `n` POSTs arrived (or `timeout`); @return all POSTs so far.
    std::vector<recorded_request> wait_for_posts(std::size_t n, std::chrono::seconds timeout) const;
    /// Number of GETs of `target` so far.
    std::size_t get_count(const std::string& target) const;

    /** POSTs `activity` to `node` at `target`, signed by `who` as `opts` says.
        @return the node's reply.
    */
    http_reply send(const node_process& node, const actor& who,
                    const protocol::json::value& activity, const std::string& target = {},
                    const signing_options& opts = {}) const;

private:
    void serve();

    struct reply
    {
        unsigned status          = 200;
        std::string content_type = "application/activity+json";
        std::vector<std::pair<std::string, std::string>> headers;
        std::string body;
        bool stall = false; ///< never answer
    };

    /// What the connection a request came on was like (HTTPS).
    struct connection_facts
    {
        std::string tls_version;
        bool tls_resumed = false;
    };

    reply handle(const std::string& method, const std::string& target,
                 std::map<std::string, std::string> headers, std::string body,
                 const connection_facts& conn);

    std::string host_;
    unsigned short port_ = 0;
    bool tls_            = false;
    struct impl;
    std::unique_ptr<impl> impl_;
    std::thread thread_;

    mutable std::mutex mutex_;
    std::map<std::string, actor> actors_;
    std::set<std::string> gone_;
    std::map<std::string, std::string> redirects_;
    std::map<std::string, std::size_t> padding_;
    std::set<std::string> stalled_;
    bool stall_posts_ = false;
    std::map<std::string, std::string> documents_;
    std::map<std::string, unsigned> removed_;
    std::map<std::string, std::string> display_names_;
    std::deque<unsigned> statuses_;
    unsigned fallback_status_       = 202;
    std::size_t inbox_answer_bytes_ = 0;
    std::string retry_after_;
    bool close_after_response_ = false;
    std::vector<recorded_request> requests_;
};

/// A Follow of `object` (an actor id) by `who`, with the id `<who>/follows/<suffix>`.
protocol::json::value follow_activity(const fake_remote::actor& who, const std::string& object,
                                      const std::string& suffix = "1");

} // namespace fedblog::test
