// SPDX-License-Identifier: AGPL-3.0-or-later
// The running node's shared services: config, identity, keys, store, clients, caches.
#pragma once

#include "node/clock.hpp"
#include "node/config.hpp"
#include "node/group_commit.hpp"
#include "node/http/prebuilt_response.hpp"
#include "node/http/router.hpp"
#include "node/io_thread.hpp"
#include "node/metrics/metrics.hpp"
#include "node/net.hpp"
#include "node/outbound/fetcher.hpp"
#include "node/outbound/http_client.hpp"
#include "node/signing_keys.hpp"
#include "protocol/site_urls.hpp"
#include "storage/store.hpp"

#include <atomic>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace fedblog::node {

class delivery_engine;
struct app_caches;

/// The documents that only change with the config and `fedblog profile`: rendered at start
/// and again when the profile settings change (node/profile_watch.hpp).
struct static_documents
{
    /// The actors as AS2, ready to send (hashed for the ETag once, not per GET).
    prebuilt_response actor;
    prebuilt_response instance_actor;
    std::string summary_html;
};

/** Everything a handler or worker needs. Created once by `serve`, before the io_context
    runs, and destroyed after it stops; handlers may hold references for the whole run.

    @par Thread Safety
    All members are safe to use from any I/O thread: immutable after construction, or
    internally synchronised (store, client, fetcher, delivery engine).
*/
class app
{
public:
    app(asio::io_context& io, config cfg, std::unique_ptr<storage::store> store, signing_keys keys);
    ~app();
    app(const app&)            = delete;
    app& operator=(const app&) = delete;

    const config& cfg() const noexcept { return cfg_; }

    const protocol::site_urls& urls() const noexcept { return urls_; }

    asio::io_context& io() noexcept { return io_; }

    storage::store& store() noexcept { return *store_; }

    /// Decoded at the first signature (keys::deferred_private_key).
    const keys::deferred_private_key& author_key() const noexcept { return keys_.author.key; }

    const keys::deferred_private_key& instance_key() const noexcept { return keys_.instance.key; }

    /// The current actor documents; hold the pointer while using them (they may be replaced).
    std::shared_ptr<const static_documents> documents() const noexcept
    {
        return documents_.load(std::memory_order_acquire);
    }

    /// Re-renders the documents with the run-time profile `settings` over the config.
    void refresh_documents(const std::vector<std::pair<std::string, std::string>>& settings);

    http_client& client() noexcept { return client_; }

    /// The thread the delivery engine's deliveries run on (node/io_thread.hpp), started by
    /// delivery_engine::start() and stopped by `serve` once its io_context has stopped.
    io_thread& deliveries_thread() noexcept { return deliveries_thread_; }

    fetcher& fetch() noexcept { return fetcher_; }

    delivery_engine& delivery() noexcept { return *delivery_; }

    router& routes() noexcept { return routes_; }

    /// In-memory caches (node/cache/caches.hpp).
    app_caches& caches() noexcept { return *caches_; }

    /// Runs `f(store&)` on the database pool; see offload() (and the GCC note in net.hpp:
    /// this is deliberately not a coroutine and takes `f` by forwarding reference).
    template <class F>
    auto db(F&& f) -> asio::awaitable<std::invoke_result_t<std::decay_t<F>&, storage::store&>>
    {
        storage::store* s = store_.get();
        return offload(db_pool_,
                       [s, fn = std::decay_t<F>(std::forward<F>(f))]() mutable { return fn(*s); });
    }

    /// Like db(), for a short write on a hot path (an inbound Like): calls that queue up
    /// together share one transaction and commit (node/group_commit.hpp).
    template <class F>
    auto db_grouped(F&& f)
        -> asio::awaitable<std::invoke_result_t<std::decay_t<F>&, storage::store&>>
    {
        return grouped_writes_.run(std::forward<F>(f));
    }

    group_commit& grouped_writes() noexcept { return grouped_writes_; }

    /// Calls per db_grouped() transaction: 64 small writes hold SQLite's write lock for a
    /// few milliseconds at most.
    static constexpr std::size_t max_group_size = 64;

    /// The current time as the store records it (the app clock: see node/clock.hpp).
    storage::time_point now() const { return clock_.now(); }

    /// The clock behind now(); tests move it forward (the `test_clock` setting).
    app_clock& clock() noexcept { return clock_; }

    node::metrics& metrics() noexcept { return metrics_; }

    bool shutting_down() const noexcept { return shutting_down_.load(); }

    void begin_shutdown() noexcept { shutting_down_ = true; }

private:
    asio::io_context& io_;
    app_clock clock_;
    node::metrics metrics_;
    config cfg_;
    protocol::site_urls urls_;
    std::unique_ptr<storage::store> store_;
    signing_keys keys_;
    std::atomic<std::shared_ptr<const static_documents>> documents_;
    std::unique_ptr<app_caches> caches_;
    asio::thread_pool db_pool_;
    group_commit grouped_writes_;
    // Before client_: the client's kept-alive connections are bound to this context, and
    // the pool closes them when it is destroyed.
    io_thread deliveries_thread_{"fedblog-out"};
    http_client client_;
    fetcher fetcher_;
    std::unique_ptr<delivery_engine> delivery_;
    router routes_;
    std::atomic<bool> shutting_down_{false};
};

} // namespace fedblog::node
