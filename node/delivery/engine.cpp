// SPDX-License-Identifier: AGPL-3.0-or-later
// Claim → sign → POST → record: the claim loop, the outcome writer and the shutdown drain.
#include "node/delivery/engine.hpp"

#include "node/app.hpp"
#include "node/delivery/attempt.hpp"
#include "node/delivery/backoff.hpp"
#include "node/give_back_memory.hpp"
#include "node/log.hpp"
#include "node/metrics/metrics.hpp"
#include "node/outbound/request_signing.hpp"
#include "node/scheduling.hpp"
#include "protocol/digest_header.hpp"
#include "protocol/http_date.hpp"
#include "protocol/iri.hpp"
#include "protocol/vocab.hpp"
#include "storage/host_health.hpp"
#include "storage/inbox_host.hpp"

#include <algorithm>
#include <thread>

namespace fedblog::node {

namespace {

/// Without news (a poke, a flushed batch) the loop still looks at the queue this often.
constexpr std::chrono::seconds poll_interval{5};
/// Jobs are due but held back (per-host limits, leases): look again after this.
constexpr std::chrono::milliseconds min_idle_wait{200};
// A delivery waiting for its answer longer than answer_time::slow_after() no longer takes
// one of the `concurrency` slots: a silent host costs a socket, not work, and must not hold
// up the others until its timeout. (The per-host limit still holds for it.)
/// ...but at most this many times `concurrency` deliveries are in flight in all.
constexpr std::size_t max_in_flight_factor = 4;
/// Outcomes gather this long before one transaction writes them all.
constexpr std::chrono::milliseconds flush_window{20};
/// Expiry and pruning run this often, by the node's clock (so that a test moving the clock
/// forward gets them at once, as a node that has really run that long would have).
constexpr std::chrono::minutes maintenance_interval{1};
/// Delivered and dead jobs stay this long for the ledger, then go.
constexpr std::chrono::hours keep_finished_jobs{24 * 30};
/// Inbound activity ids are remembered this long to refuse replays and redeliveries. The
/// signature's Date window (about an hour) already stops a replay of an old request; this
/// covers a peer re-sending the same activity, freshly signed, while it retries (our own
/// deliveries retry for up to 8 days; peers' schedules are similar or shorter).
constexpr std::chrono::hours keep_inbound_ids{24 * 14};

std::chrono::sys_seconds wall_seconds()
{
    return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

/// A delivery's POST around the activity's body (not copied) and its Digest; signed next.
prepared_request request_for(const protocol::http_url& url, const std::string& digest,
                             std::string_view json, std::string_view user_agent)
{
    prepared_request msg{http::verb::post, url.target, 11};
    msg.set(http::field::host, url.authority);
    msg.set(http::field::date, protocol::format_http_date(wall_seconds()));
    msg.set(http::field::user_agent, user_agent);
    msg.set(http::field::content_type, protocol::vocab::activity_json);
    msg.set(http::field::digest, digest);
    msg.body() = http::span_body<const char>::value_type(json.data(), json.size());
    msg.prepare_payload();
    return msg;
}

/// What the exchange says: the status (with its Retry-After) or the client's error.
attempt_answer answer_of(const boost::system::result<client_response>& res)
{
    attempt_answer answer;
    if (!res)
    {
        answer.error = res.error().message();
        return answer;
    }
    answer.status = res->message.result_int();
    answer.error  = "status " + std::to_string(answer.status);
    // Retry-After means something on 429, 503 and redirects (RFC 9110 10.2.3).
    auto ra = res->message.find(http::field::retry_after);
    if (ra != res->message.end() && (answer.status == 429 || answer.status >= 500))
        answer.retry_after = parse_retry_after(ra->value(), wall_seconds());
    return answer;
}

void log_unexpected(const char* what, std::exception_ptr e)
{
    log_exception(spdlog::level::err, what, e);
}

delivery_metric metric_of(storage::outcome_kind k)
{
    switch (k)
    {
    case storage::outcome_kind::delivered:
        return delivery_metric::delivered;
    case storage::outcome_kind::retry:
        return delivery_metric::retry;
    case storage::outcome_kind::dead:
        return delivery_metric::dead;
    case storage::outcome_kind::gone:
        return delivery_metric::gone;
    }
    return delivery_metric::dead;
}

const char* outcome_name(storage::outcome_kind k)
{
    switch (k)
    {
    case storage::outcome_kind::delivered:
        return "delivered";
    case storage::outcome_kind::retry:
        return "retry";
    case storage::outcome_kind::dead:
        return "dead";
    case storage::outcome_kind::gone:
        return "gone";
    }
    return "?";
}

} // namespace

/// An activity as every one of its jobs sends it: the body and its Digest, computed once.
struct delivery_engine::prepared_activity
{
    std::string id;
    std::string json;
    std::string digest;
    bool instance = false; ///< signed by the instance actor rather than the author
};

delivery_settings delivery_settings_for(const app& a)
{
    const config& c = a.cfg();
    delivery_settings s;
    s.concurrency = c.delivery_concurrency;
    s.per_host    = c.delivery_per_host;
    s.timeout     = std::chrono::duration_cast<std::chrono::milliseconds>(c.delivery_timeout);
    s.lease       = s.timeout + std::chrono::seconds(60);
    s.retry_scale = c.retry_scale;
    s.max_batch   = std::max<std::size_t>(1, std::min<std::size_t>(256, s.concurrency));
    s.batch_while_delivering = c.scheduling == "delivery";
    return s;
}

delivery_engine::delivery_engine(app& a)
    : app_(a), settings_(delivery_settings_for(a)), author_key_id_(a.urls().actor_key()),
      instance_key_id_(a.urls().instance_actor_key()), strand_(asio::make_strand(a.io())),
      wake_(strand_), flush_timer_(strand_),
      signers_(settings_.signing_threads != 0 ? settings_.signing_threads
                                              : std::max(1u, std::thread::hardware_concurrency()),
               settings_.signing_batch, "fedblog-sign"),
      rng_(std::random_device{}())
{}

delivery_engine::~delivery_engine()
{
    signers_.join(); // before the members its callers' frames may still refer to
}

void delivery_engine::start(storage::delivery_lock* deliverers)
{
    deliverers_ = deliverers;
    app_.deliveries_thread().start();
    asio::co_spawn(strand_, run(), [this](std::exception_ptr e) {
        run_done_ = true;
        log_unexpected("delivery engine stopped", e);
    });
    asio::co_spawn(strand_, write_outcomes(),
                   [](std::exception_ptr e) { log_unexpected("delivery writer stopped", e); });
}

void delivery_engine::poke()
{
    poked_ = true;
    asio::post(strand_, [this] { wake_.cancel(); });
}

void delivery_engine::stop()
{
    stopping_ = true;
    poke();
}

storage::time_point delivery_engine::last_claim_time() const noexcept
{
    return storage::time_point(std::chrono::milliseconds(last_claim_ms_.load()));
}

std::shared_ptr<const delivery_engine::prepared_activity>
delivery_engine::prepare(const storage::outbound_activity& a)
{
    auto it = activities_.find(a.id);
    if (it != activities_.end())
        return it->second;
    auto p      = std::make_shared<prepared_activity>();
    p->id       = a.id;
    p->json     = a.json;
    p->digest   = protocol::make_digest_header(p->json);
    p->instance = a.signer == "instance";
    activities_.emplace(a.id, p);
    return p;
}

asio::awaitable<void> delivery_engine::run()
{
    // Hosts found failing by an earlier run: an inbound request from one of them revives it.
    auto failing = co_await app_.db([&](storage::store& s) { return s.failing_hosts(1'000'000); });
    if (failing)
    {
        std::lock_guard lock(mutex_);
        for (const auto& h : *failing)
            failing_hosts_.insert(h.host);
    }

    while (!stopping_)
    {
        if (app_.now() >= next_maintenance_)
        {
            co_await maintenance();
            next_maintenance_ = app_.now() + maintenance_interval;
        }
        // By the steady clock, as often as the idle poll: a dead process's jobs wait at most
        // this long, whatever the test clock does. (Leases name an owner only on PostgreSQL;
        // an SQLite node cleared its dead predecessors' at start.)
        if (deliverers_ != nullptr && deliverers_->owner() != 0 &&
            std::chrono::steady_clock::now() >= next_orphan_check_)
        {
            co_await release_orphans();
            next_orphan_check_ = std::chrono::steady_clock::now() + poll_interval;
        }
        poked_                  = false;
        const std::size_t busy  = busy_slots();
        const std::size_t total = in_flight_.load();
        const std::size_t cap   = settings_.concurrency * max_in_flight_factor;
        const std::size_t free =
            std::min(settings_.concurrency > busy ? settings_.concurrency - busy : 0,
                     cap > total ? cap - total : 0);
        const std::size_t asked = std::min(free, settings_.max_batch);
        std::size_t claimed     = 0;
        // A claim scans the due queue, so claims are batched: while deliveries are in flight
        // (finished() pokes us when a useful share of the slots is free, and so does every
        // written batch of outcomes) wait for that share, instead of claiming one job per
        // finished one.
        // Announced before the hold is read, the reverse of the test clock's order (both
        // sequentially consistent): either the clock sees this claim and waits for it and
        // its deliveries, or this claim sees the hold and stays back.
        claiming_ = true;
        const bool claimable =
            asked > 0 && (busy == 0 || free >= useful_batch()) && claims_held_.load() == 0;
        if (claimable)
        {
            storage::claim_options options;
            options.now                = app_.now();
            options.limit              = asked;
            options.per_host           = settings_.per_host;
            options.lease              = settings_.lease;
            options.half_open_failures = settings_.hosts.breaker_threshold;
            options.unanswered_hosts   = unanswered_hosts();
            options.owner              = deliverers_ != nullptr ? deliverers_->owner() : 0;
            auto batch =
                co_await app_.db([&](storage::store& s) { return s.claim_batch(options); });
            if (!batch)
                spdlog::warn("delivery claim failed: {}", batch.error().message());
            else
            {
                claimed = batch->jobs.size();
                for (const auto& a : batch->activities)
                    prepare(a);
                for (auto& job : batch->jobs)
                {
                    auto it = activities_.find(job.activity_id);
                    if (it != activities_.end())
                        launch(std::move(job), it->second);
                }
                // Activities no delivery holds any more are dropped from the cache.
                std::erase_if(activities_,
                              [](const auto& kv) { return kv.second.use_count() == 1; });
            }
            last_claim_ms_ = std::chrono::duration_cast<std::chrono::milliseconds>(
                                 options.now.time_since_epoch())
                                 .count();
        }
        claiming_ = false; // what it claimed is in flight now
        if (settings_.batch_while_delivering)
        {
            // Deliveries that are work (to be signed, or sent and not yet slow to answer),
            // this claim's included: a fan-out, not a lone Accept or reply, nor silent hosts
            // holding sockets after the rest went out.
            const std::size_t working = busy + claimed;
            const std::size_t high = std::min(settings_.batch_from_at_work, settings_.concurrency);
            if (working >= high)
                want_batch(true);
            else if (working < std::max<std::size_t>(1, high / 4))
                want_batch(false);
        }
        if (claimed > 0 && claimed == asked)
            continue; // more may be due right now
        if (poked_)
            continue;

        auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(poll_interval);
        if (in_flight_.load() > 0)
            // Deliveries may turn slow and free their slots without any poke: look again as
            // soon as one may have, when slots are what held the claim back (that costs no
            // query). Otherwise the claim found nothing due: jobs that come due meanwhile
            // wait at most as long as before the limit was learned, not a claim every 25 ms.
            wait = std::min<std::chrono::milliseconds>(wait, claimable ? answer_time::max_slow_after
                                                                       : slow_after());
        else
        {
            // Idle: sleep until the next job is due. (With deliveries in flight, the next
            // written batch pokes us sooner; next_due() scans the queue, so it is not asked
            // on every turn of a fan-out.)
            auto next = co_await app_.db([](storage::store& s) { return s.next_due(); });
            if (next && *next)
            {
                const auto until =
                    std::chrono::duration_cast<std::chrono::milliseconds>(**next - app_.now());
                wait = std::clamp(until, min_idle_wait, wait);
            }
        }
        if (poked_ || stopping_)
            continue;
        wake_.expires_after(wait);
        co_await wake_.async_wait();
    }
    run_done_ = true;
}

void delivery_engine::launch(storage::delivery_job job,
                             std::shared_ptr<const prepared_activity> activity)
{
    const std::int64_t id = job.id;
    {
        std::lock_guard lock(mutex_);
        // Not sent yet: waiting to be signed or being signed is work, however long it takes.
        running_.emplace(id, running_delivery{.host = job.host});
    }
    ++in_flight_;
    ++claimed_total_;
    // All on the deliveries' own thread: no strand, and no hand-offs between I/O threads.
    asio::co_spawn(app_.deliveries_thread().context(), deliver(std::move(job), std::move(activity)),
                   [this, id](std::exception_ptr e) {
                       // An escaped exception is a bug; the job stays leased and comes back
                       // when its lease ends (at-least-once).
                       log_unexpected("delivery failed unexpectedly", e);
                       finished(id);
                   });
}

std::size_t delivery_engine::busy_slots()
{
    std::lock_guard lock(mutex_);
    const auto slow_since = std::chrono::steady_clock::now() - answers_.slow_after();
    std::size_t busy      = 0;
    for (const auto& [id, d] : running_)
        busy += d.sent > slow_since ? 1 : 0;
    return busy;
}

std::vector<std::string> delivery_engine::unanswered_hosts()
{
    std::lock_guard lock(mutex_);
    const auto slow_since = std::chrono::steady_clock::now() - answers_.slow_after();
    std::unordered_set<std::string> hosts;
    for (const auto& [id, d] : running_)
    {
        if (d.sent <= slow_since)
            hosts.insert(d.host);
    }
    return {hosts.begin(), hosts.end()};
}

delivery_engine::slot_stats delivery_engine::slots()
{
    std::lock_guard lock(mutex_);
    slot_stats out;
    out.slow_after        = answers_.slow_after();
    const auto slow_since = std::chrono::steady_clock::now() - out.slow_after;
    for (const auto& [id, d] : running_)
        out.unanswered += d.sent <= slow_since ? 1 : 0;
    return out;
}

std::chrono::milliseconds delivery_engine::slow_after()
{
    std::lock_guard lock(mutex_);
    return answers_.slow_after();
}

void delivery_engine::sent(std::int64_t job_id, std::chrono::steady_clock::time_point at)
{
    std::lock_guard lock(mutex_);
    if (auto it = running_.find(job_id); it != running_.end())
        it->second.sent = at;
}

std::size_t delivery_engine::useful_batch() const noexcept
{
    return std::max<std::size_t>(1, std::min(settings_.max_batch, settings_.concurrency / 2));
}

void delivery_engine::finished(std::int64_t job_id)
{
    {
        std::lock_guard lock(mutex_);
        running_.erase(job_id);
    }
    // When a useful batch of slots has just come free, claim at once rather than when these
    // outcomes are written (20 ms and a transaction later): the claim finds other hosts' jobs
    // without their leases cleared, and the signers, which are the work of a fan-out, would
    // otherwise run out of requests to sign while the claim loop waits.
    const std::size_t left = --in_flight_;
    if (left + useful_batch() == settings_.concurrency)
        poke();
    if (left == 0 && batch_.load(std::memory_order_relaxed))
        want_batch(false, true);
}

void delivery_engine::want_batch(bool on, bool only_when_idle)
{
    std::lock_guard lock(scheduling_mutex_);
    const std::size_t now_in_flight = in_flight_.load();
    // Decided again under the lock: a claim may have launched deliveries since the last one
    // finished.
    if (batch_.load() == on || (only_when_idle && now_in_flight != 0))
        return;
    // Set even if the switch fails: tried again at the next fan-out, not at every claim.
    batch_ = on;
    if (auto why = set_process_batch(on); !why.empty())
        spdlog::warn("delivery scheduling: {}", why);
    else
        spdlog::info("delivery scheduling={} in_flight={}", on ? "batch" : "normal", now_in_flight);
}

asio::awaitable<void> delivery_engine::deliver(storage::delivery_job job,
                                               std::shared_ptr<const prepared_activity> activity)
{
    // Only what lives across a co_await belongs in this frame; the rest is in request_for(),
    // answer_of() and conclude(). A frame of more than about 1 KB is never recycled by Asio
    // nor kept in glibc's per-thread cache (bench/README.md, 2026-11-27, 19:10 UTC).
    const auto started = std::chrono::steady_clock::now();
    attempt_answer answer;
    bool our_fault = false; // a failure of ours says nothing about the host
    auto url       = protocol::parse_http_url(job.inbox);
    if (!url)
    {
        answer.status = 400; // final: no retry can make the URL deliverable
        answer.error  = "inbox url not deliverable";
        our_fault     = true;
    }
    else
    {
        prepared_request msg =
            request_for(*url, activity->digest, activity->json, app_.client().options().user_agent);
        const keys::deferred_private_key& key =
            activity->instance ? app_.instance_key() : app_.author_key();
        const std::string& key_id = activity->instance ? instance_key_id_ : author_key_id_;
        // RSA signing is the cost of a delivery: on the signing pool, never an I/O thread
        // (the first one also decodes the key).
        auto signed_ok = co_await signers_.run([&]() -> boost::system::result<void> {
            auto decoded = key.get();
            if (!decoded)
                return decoded.error();
            return sign_prepared(msg, *decoded, key_id);
        });
        if (!signed_ok)
        {
            answer.error = "signing failed: " + signed_ok.error().message();
            our_fault    = true;
        }
        else
        {
            app_.metrics().signature();
            const auto sent_at = std::chrono::steady_clock::now();
            sent(job.id, sent_at);
            auto res = co_await app_.client().send_prepared(
                *url, msg, std::chrono::steady_clock::now() + settings_.timeout,
                settings_.max_response_body);
            if (res)
                answered_after(std::chrono::steady_clock::now() - sent_at);
            answer = answer_of(res);
        }
    }
    conclude(job, answer, our_fault, started);
}

void delivery_engine::answered_after(std::chrono::steady_clock::duration took)
{
    std::lock_guard lock(mutex_);
    answers_.add(std::chrono::duration_cast<std::chrono::microseconds>(took));
}

void delivery_engine::conclude(const storage::delivery_job& job, const attempt_answer& answer,
                               bool our_fault, std::chrono::steady_clock::time_point started)
{
    storage::job_outcome outcome;
    {
        std::lock_guard lock(mutex_);
        outcome = judge_attempt(job, answer, app_.now(), settings_.retry_scale, rng_);
    }
    if (our_fault)
        outcome.attempt.answered = true;
    app_.metrics().delivery(metric_of(outcome.kind), std::chrono::steady_clock::now() - started);
    // Checked first: the quoted arguments are built before spdlog looks at the level, and a
    // fan-out makes thousands of these lines that a node at "warn" never writes.
    if (spdlog::should_log(spdlog::level::info))
        spdlog::info("delivery job={} activity={} inbox={} attempt={} outcome={} detail={}", job.id,
                     log_quote(job.activity_id), log_quote(job.inbox), job.attempts + 1,
                     outcome_name(outcome.kind), log_quote(answer.error));
    record(std::move(outcome));
}

void delivery_engine::record(storage::job_outcome outcome)
{
    bool first = false;
    {
        std::lock_guard lock(mutex_);
        first = outcomes_.empty();
        outcomes_.push_back(std::move(outcome));
    }
    if (first)
        asio::post(strand_, [this] { flush_timer_.cancel(); });
}

asio::awaitable<void> delivery_engine::write_outcomes()
{
    for (;;)
    {
        bool empty = false;
        {
            std::lock_guard lock(mutex_);
            empty = outcomes_.empty();
        }
        if (empty)
        {
            if (writer_stopping_)
                co_return;
            flush_timer_.expires_at(std::chrono::steady_clock::time_point::max());
            co_await flush_timer_.async_wait();
            continue;
        }
        // Let a few more outcomes join: one transaction for many jobs.
        flush_timer_.expires_after(flush_window);
        co_await flush_timer_.async_wait();
        co_await flush();
    }
}

bool delivery_engine::idle() noexcept
{
    std::lock_guard lock(mutex_);
    return !claiming_.load() && in_flight_.load() == 0 && outcomes_.empty() &&
           flushing_.load() == 0;
}

void delivery_engine::hold_claims(bool hold) noexcept
{
    claims_held_ += hold ? 1 : -1;
}

asio::awaitable<void> delivery_engine::flush()
{
    std::vector<storage::job_outcome> batch;
    {
        std::lock_guard lock(mutex_);
        batch.swap(outcomes_);
        if (!batch.empty())
            ++flushing_; // under the lock: idle() never sees the batch in neither place
    }
    if (batch.empty())
        co_return;
    auto effects = co_await app_.db(
        [&](storage::store& s) { return s.record_outcomes(batch, settings_.hosts); });
    --flushing_;
    if (!effects)
    {
        // The jobs stay leased and come back when their leases end: sent again, not lost.
        spdlog::error("delivery outcomes not recorded jobs={}: {}", batch.size(),
                      effects.error().message());
        co_return;
    }
    {
        std::lock_guard lock(mutex_);
        for (const auto& h : effects->hosts)
        {
            if (storage::is_failing(h))
                failing_hosts_.insert(h.host);
            else
                failing_hosts_.erase(h.host);
        }
    }
    for (const auto& h : effects->hosts)
    {
        if (h.unavailable_since && h.failures > 0)
            spdlog::warn("delivery host={} unavailable failures={} last_error={}",
                         log_quote(h.host), h.failures, log_quote(h.last_error));
    }
    if (effects->followers_removed > 0)
        spdlog::info("delivery removed followers={} (inbox gone)", effects->followers_removed);
    // Leases are cleared: per-host slots are free again.
    poke();
}

asio::awaitable<void> delivery_engine::maintenance()
{
    const auto now     = app_.now();
    const auto cutoff  = now - settings_.max_job_age;
    const auto horizon = now - keep_finished_jobs;
    auto expired = co_await app_.db([&](storage::store& s) { return s.expire_jobs(cutoff, now); });
    if (!expired)
        spdlog::warn("delivery expiry failed: {}", expired.error().message());
    else if (*expired > 0)
        spdlog::warn("delivery expired jobs={} (pending longer than {} h)", *expired,
                     std::chrono::duration_cast<std::chrono::hours>(settings_.max_job_age).count());
    auto pruned = co_await app_.db([&](storage::store& s) { return s.prune_jobs(horizon); });
    if (!pruned)
        spdlog::warn("delivery prune failed: {}", pruned.error().message());
    else if (*pruned > 0)
        spdlog::info("delivery pruned finished jobs={}", *pruned);
    const auto forget_before = now - keep_inbound_ids;
    auto forgotten =
        co_await app_.db([&](storage::store& s) { return s.prune_inbound(forget_before); });
    if (!forgotten)
        spdlog::warn("inbound id prune failed: {}", forgotten.error().message());
    else if (*forgotten > 0)
        spdlog::info("inbound pruned activity ids={}", *forgotten);
    app_.client().close_expired_idle();
    // Once nothing is in flight, the buffers of a fan-out (and of connections just closed)
    // are free: give them back, or a quiet node keeps its peak for good.
    if (in_flight_.load() == 0)
        co_await app_.db([](storage::store& s) { give_back_memory(s); });
}

asio::awaitable<void> delivery_engine::release_orphans()
{
    const auto now = app_.now();
    auto released =
        co_await app_.db([&](storage::store& s) { return deliverers_->release_orphans(s, now); });
    if (!released)
        spdlog::warn("delivery cannot check for leases of stopped nodes: {}",
                     released.error().message());
    else if (*released > 0)
    {
        // The claim that follows in this turn of the loop takes them.
        spdlog::warn("delivery released leases={} of a node that stopped without finishing "
                     "them",
                     *released);
    }
}

void delivery_engine::host_answered(std::string_view actor_id)
{
    auto host = storage::inbox_host(actor_id);
    if (!host)
        return;
    {
        std::lock_guard lock(mutex_);
        // Only failing hosts need a write: every other inbound request costs nothing here.
        if (failing_hosts_.erase(*host) == 0)
            return;
    }
    asio::co_spawn(strand_, revive(std::move(*host)),
                   [](std::exception_ptr e) { log_unexpected("host revival failed", e); });
}

asio::awaitable<void> delivery_engine::revive(std::string host)
{
    const auto now = app_.now();
    auto revived   = co_await app_.db([&](storage::store& s) { return s.revive_host(host, now); });
    if (!revived)
    {
        spdlog::warn("delivery host={} revival not recorded: {}", log_quote(host),
                     revived.error().message());
        std::lock_guard lock(mutex_);
        failing_hosts_.insert(host);
        co_return;
    }
    if (*revived)
    {
        spdlog::info("delivery host={} answered us: its waiting jobs are due", log_quote(host));
        poke();
    }
}

asio::awaitable<void> delivery_engine::drain(std::chrono::steady_clock::time_point deadline)
{
    stop();
    steady_timer tick(co_await asio::this_coro::executor);
    // A claim under way when stop() came still launches its jobs: wait for the loop too.
    while ((in_flight_.load() > 0 || !run_done_.load()) &&
           std::chrono::steady_clock::now() < deadline)
    {
        tick.expires_after(std::chrono::milliseconds(20));
        co_await tick.async_wait();
    }
    co_await flush();
    std::vector<std::int64_t> unfinished;
    {
        std::lock_guard lock(mutex_);
        for (const auto& [id, d] : running_)
            unfinished.push_back(id);
    }
    if (!unfinished.empty())
    {
        // Their POSTs may still arrive; releasing the leases only makes the next process
        // send them sooner (at-least-once), instead of after the lease.
        auto released =
            co_await app_.db([&](storage::store& s) { return s.release_jobs(unfinished); });
        if (!released)
            spdlog::warn("delivery leases not released jobs={}: {}", unfinished.size(),
                         released.error().message());
    }
    writer_stopping_ = true;
    asio::post(strand_, [this] { flush_timer_.cancel(); });
    spdlog::info("delivery drained unfinished={}", unfinished.size());
}

} // namespace fedblog::node
