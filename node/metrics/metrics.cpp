// SPDX-License-Identifier: AGPL-3.0-or-later
// Counting, and the Prometheus text exposition format (version 0.0.4).
#include "node/metrics/metrics.hpp"

#include <cstdio>

namespace fedblog::node {

namespace {

void append_number(std::string& out, double v)
{
    char buf[32];
    const int n = std::snprintf(buf, sizeof buf, "%.9g", v);
    out.append(buf, static_cast<std::size_t>(n));
}

void append_line(std::string& out, std::string_view name, std::string_view labels, double v)
{
    out += name;
    if (!labels.empty())
    {
        out += '{';
        out += labels;
        out += '}';
    }
    out += ' ';
    append_number(out, v);
    out += '\n';
}

void header(std::string& out, std::string_view name, std::string_view type, std::string_view help)
{
    out += "# HELP ";
    out += name;
    out += ' ';
    out += help;
    out += "\n# TYPE ";
    out += name;
    out += ' ';
    out += type;
    out += '\n';
}

/// Label values are route patterns and fixed words; escape anyway, as the format requires.
std::string escape_label(std::string_view v)
{
    std::string out;
    for (char c : v)
    {
        if (c == '\\' || c == '"')
            out += '\\';
        if (c == '\n')
        {
            out += "\\n";
            continue;
        }
        out += c;
    }
    return out;
}

constexpr std::array<std::string_view, 4> delivery_names{"delivered", "retry", "dead", "gone"};
constexpr std::array<std::string_view, 4> verification_names{"verified", "rejected", "unavailable",
                                                             "key_gone"};

} // namespace

void latency_histogram::observe(std::chrono::steady_clock::duration d) noexcept
{
    const double seconds = std::chrono::duration<double>(d).count();
    for (std::size_t i = 0; i < bounds.size(); ++i)
    {
        if (seconds <= bounds[i])
        {
            buckets_[i].fetch_add(1, std::memory_order_relaxed);
            break;
        }
    }
    count_.fetch_add(1, std::memory_order_relaxed);
    const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(d).count();
    sum_ns_.fetch_add(ns > 0 ? static_cast<std::uint64_t>(ns) : 0, std::memory_order_relaxed);
}

void latency_histogram::render(std::string& out, std::string_view name,
                               std::string_view labels) const
{
    const std::string bucket = std::string(name) + "_bucket";
    const std::string prefix = labels.empty() ? std::string() : std::string(labels) + ",";
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < bounds.size(); ++i)
    {
        cumulative += buckets_[i].load(std::memory_order_relaxed);
        std::string le = prefix + "le=\"";
        append_number(le, bounds[i]);
        le += '"';
        append_line(out, bucket, le, static_cast<double>(cumulative));
    }
    const auto count = count_.load(std::memory_order_relaxed);
    append_line(out, bucket, prefix + "le=\"+Inf\"", static_cast<double>(count));
    append_line(out, std::string(name) + "_sum", labels,
                static_cast<double>(sum_ns_.load(std::memory_order_relaxed)) / 1e9);
    append_line(out, std::string(name) + "_count", labels, static_cast<double>(count));
}

void metrics::request(std::string_view route_label, unsigned status,
                      std::chrono::steady_clock::duration d)
{
    route_stats* stats = nullptr;
    {
        std::lock_guard lock(mutex_);
        auto it = routes_.find(route_label);
        if (it == routes_.end())
            it = routes_.emplace(std::string(route_label), std::make_unique<route_stats>()).first;
        stats = it->second.get();
    }
    const unsigned cls = status / 100;
    if (cls >= 1 && cls <= 5)
        stats->by_class[cls - 1].inc();
    stats->latency.observe(d);
}

void metrics::verification(verification_metric r) noexcept
{
    verifications_[static_cast<std::size_t>(r)].inc();
}

void metrics::delivery(delivery_metric outcome, std::chrono::steady_clock::duration d) noexcept
{
    deliveries_[static_cast<std::size_t>(outcome)].inc();
    delivery_latency_.observe(d);
}

std::string metrics::render(const snapshot& g) const
{
    std::string out;
    out.reserve(16 * 1024);

    header(out, "fedblog_http_requests_total", "counter",
           "HTTP requests served, by route pattern and status class.");
    {
        std::lock_guard lock(mutex_);
        for (const auto& [route, stats] : routes_)
        {
            for (std::size_t c = 0; c < stats->by_class.size(); ++c)
            {
                const auto n = stats->by_class[c].value();
                if (n == 0)
                    continue;
                append_line(out, "fedblog_http_requests_total",
                            "route=\"" + escape_label(route) + "\",code=\"" +
                                std::to_string(c + 1) + "xx\"",
                            static_cast<double>(n));
            }
        }
        header(out, "fedblog_http_request_duration_seconds", "histogram",
               "Time from request header to response, by route pattern.");
        for (const auto& [route, stats] : routes_)
            stats->latency.render(out, "fedblog_http_request_duration_seconds",
                                  "route=\"" + escape_label(route) + "\"");
    }

    header(out, "fedblog_inbox_verifications_total", "counter",
           "Inbox HTTP signature checks, by result.");
    for (std::size_t i = 0; i < verification_names.size(); ++i)
        append_line(out, "fedblog_inbox_verifications_total",
                    "result=\"" + std::string(verification_names[i]) + "\"",
                    static_cast<double>(verifications_[i].value()));

    header(out, "fedblog_deliveries_total", "counter", "Delivery attempts, by outcome.");
    for (std::size_t i = 0; i < delivery_names.size(); ++i)
        append_line(out, "fedblog_deliveries_total",
                    "outcome=\"" + std::string(delivery_names[i]) + "\"",
                    static_cast<double>(deliveries_[i].value()));
    header(out, "fedblog_delivery_duration_seconds", "histogram",
           "Time of one delivery attempt, signing included.");
    delivery_latency_.render(out, "fedblog_delivery_duration_seconds", "");
    header(out, "fedblog_delivery_signatures_total", "counter", "HTTP signatures made.");
    append_line(out, "fedblog_delivery_signatures_total", "",
                static_cast<double>(signatures_.value()));

    header(out, "fedblog_delivery_in_flight", "gauge", "Deliveries in flight in this process.");
    append_line(out, "fedblog_delivery_in_flight", "", static_cast<double>(g.in_flight));
    header(out, "fedblog_delivery_unanswered", "gauge",
           "Deliveries in flight whose request has waited past the slow limit: they hold a "
           "socket, not a slot, and their host gets one delivery at a time.");
    append_line(out, "fedblog_delivery_unanswered", "", static_cast<double>(g.unanswered));
    header(out, "fedblog_delivery_slow_after_seconds", "gauge",
           "The slow limit: 8 times the typical answer time, within 0.025-0.5 s.");
    append_line(out, "fedblog_delivery_slow_after_seconds", "", g.slow_after_seconds);
    header(out, "fedblog_outbound_connections_total", "counter",
           "Outbound delivery connections, opened or reused (keep-alive).");
    append_line(out, "fedblog_outbound_connections_total", "kind=\"opened\"",
                static_cast<double>(g.connections_opened));
    append_line(out, "fedblog_outbound_connections_total", "kind=\"reused\"",
                static_cast<double>(g.connections_reused));
    header(out, "fedblog_outbound_tls_handshakes_total", "counter",
           "Outbound TLS handshakes, full or resumed.");
    append_line(out, "fedblog_outbound_tls_handshakes_total", "resumed=\"false\"",
                static_cast<double>(g.tls_handshakes - std::min(g.tls_handshakes, g.tls_resumed)));
    append_line(out, "fedblog_outbound_tls_handshakes_total", "resumed=\"true\"",
                static_cast<double>(g.tls_resumed));

    header(out, "fedblog_store_write_groups_total", "counter",
           "Transactions written by group commit (inbound reactions and activity ids).");
    append_line(out, "fedblog_store_write_groups_total", "", static_cast<double>(g.write_groups));
    header(out, "fedblog_store_grouped_writes_total", "counter",
           "Writes in those transactions: divided by the groups, the mean group size.");
    append_line(out, "fedblog_store_grouped_writes_total", "",
                static_cast<double>(g.grouped_writes));

    if (g.store_ok)
    {
        header(out, "fedblog_delivery_jobs", "gauge", "Delivery jobs in the store, by state.");
        append_line(out, "fedblog_delivery_jobs", "state=\"pending\"",
                    static_cast<double>(g.pending));
        append_line(out, "fedblog_delivery_jobs", "state=\"delivered\"",
                    static_cast<double>(g.delivered));
        append_line(out, "fedblog_delivery_jobs", "state=\"dead\"", static_cast<double>(g.dead));
        header(out, "fedblog_delivery_queue_depth", "gauge",
               "Pending delivery jobs (all processes sharing the store).");
        append_line(out, "fedblog_delivery_queue_depth", "", static_cast<double>(g.pending));
        header(out, "fedblog_delivery_due_jobs", "gauge", "Pending jobs whose time has come.");
        append_line(out, "fedblog_delivery_due_jobs", "", static_cast<double>(g.due));
        header(out, "fedblog_delivery_oldest_job_age_seconds", "gauge",
               "Age of the oldest pending delivery job (0 when none).");
        append_line(out, "fedblog_delivery_oldest_job_age_seconds", "",
                    g.oldest_pending_age_seconds);
        header(out, "fedblog_delivery_failing_hosts", "gauge",
               "Hosts whose deliveries are failing now.");
        append_line(out, "fedblog_delivery_failing_hosts", "",
                    static_cast<double>(g.failing_hosts));
        header(out, "fedblog_delivery_unavailable_hosts", "gauge",
               "Hosts marked unavailable (failing for days).");
        append_line(out, "fedblog_delivery_unavailable_hosts", "",
                    static_cast<double>(g.unavailable_hosts));
    }
    header(out, "fedblog_store_up", "gauge", "1 when the store answered this scrape.");
    append_line(out, "fedblog_store_up", "", g.store_ok ? 1.0 : 0.0);
    return out;
}

} // namespace fedblog::node
