// SPDX-License-Identifier: AGPL-3.0-or-later
// In-process counters and histograms, rendered in the Prometheus text format.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace fedblog::node {

/// A monotonically increasing count. Lock-free.
class counter
{
public:
    void inc(std::uint64_t n = 1) noexcept { value_.fetch_add(n, std::memory_order_relaxed); }

    [[nodiscard]] std::uint64_t value() const noexcept
    {
        return value_.load(std::memory_order_relaxed);
    }

private:
    std::atomic<std::uint64_t> value_{0};
};

/** A latency histogram with fixed buckets (seconds, from 0.5 ms to 30 s), lock-free.
    Observations above the last bucket count only in +Inf.
*/
class latency_histogram
{
public:
    static constexpr std::array<double, 14> bounds{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                   0.1,    0.25,  0.5,    1.0,   2.5,  5.0,   30.0};

    void observe(std::chrono::steady_clock::duration d) noexcept;

    /// Appends `name`_bucket/_sum/_count lines with `labels` ("" or `key="v",...`).
    void render(std::string& out, std::string_view name, std::string_view labels) const;

private:
    std::array<std::atomic<std::uint64_t>, bounds.size()> buckets_{}; // not cumulative
    std::atomic<std::uint64_t> count_{0};
    std::atomic<std::uint64_t> sum_ns_{0};
};

/// Where a delivery attempt ended (the `outcome` label).
enum class delivery_metric
{
    delivered,
    retry,
    dead,
    gone,
};

/// Result of an inbox signature check (the `result` label).
enum class verification_metric
{
    verified,
    rejected,    ///< bad, missing or expired signature, digest mismatch, unusable key
    unavailable, ///< the key could not be fetched right now (503)
    key_gone,    ///< the key's actor answered 410
};

/** The node's metrics. Always counted (a few atomic increments per event); exposed only
    when the `metrics` setting turns the separate listener on (node/metrics/metrics_server).

    @par Thread Safety
    Every method is safe from any thread.
*/
class metrics
{
public:
    /// One served request on route `route_label` (its pattern) with `status`, taking `d`.
    void request(std::string_view route_label, unsigned status,
                 std::chrono::steady_clock::duration d);

    void verification(verification_metric r) noexcept;

    void delivery(delivery_metric outcome, std::chrono::steady_clock::duration d) noexcept;

    void signature() noexcept { signatures_.inc(); }

    /// Gauges read from elsewhere at scrape time.
    struct snapshot
    {
        std::int64_t pending              = 0;
        std::int64_t delivered            = 0;
        std::int64_t dead                 = 0;
        std::int64_t due                  = 0;
        std::int64_t in_flight            = 0;
        std::int64_t unanswered           = 0; ///< in flight, past the slow limit
        double slow_after_seconds         = 0;
        double oldest_pending_age_seconds = 0;
        std::int64_t failing_hosts        = 0;
        std::int64_t unavailable_hosts    = 0;
        std::uint64_t connections_opened  = 0;
        std::uint64_t connections_reused  = 0;
        std::uint64_t tls_handshakes      = 0;
        std::uint64_t tls_resumed         = 0;
        std::uint64_t write_groups        = 0; ///< group_commit transactions
        std::uint64_t grouped_writes      = 0; ///< calls written in them
        bool store_ok = true;                  ///< false when the queue numbers could not be read
    };

    /// The whole exposition (text format 0.0.4), counters plus `gauges`.
    [[nodiscard]] std::string render(const snapshot& gauges) const;

private:
    struct route_stats
    {
        std::array<counter, 5> by_class; ///< 1xx .. 5xx
        latency_histogram latency;
    };

    mutable std::mutex mutex_; // guards routes_ (the map, not the stats inside)
    std::map<std::string, std::unique_ptr<route_stats>, std::less<>> routes_;
    std::array<counter, 4> verifications_;
    std::array<counter, 4> deliveries_;
    latency_histogram delivery_latency_;
    counter signatures_;
};

} // namespace fedblog::node
