// SPDX-License-Identifier: AGPL-3.0-or-later
// The delivery engine: claims durable jobs fairly, signs them on a thread pool, POSTs them on
// kept-alive connections, and records outcomes and host health in batches.
#pragma once

#include "node/cpu_pool.hpp"
#include "node/delivery/answer_time.hpp"
#include "node/delivery/attempt.hpp"
#include "node/net.hpp"
#include "storage/delivery_lock.hpp"
#include "storage/delivery_records.hpp"
#include "storage/records.hpp"

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace fedblog::node {

class app;

/// The engine's knobs, from the config (see delivery_settings_for()).
struct delivery_settings
{
    std::size_t concurrency = 256;            ///< deliveries in flight in this process
    std::size_t per_host    = 4;              ///< leased jobs per host, all processes together
    std::chrono::milliseconds timeout{30000}; ///< one attempt, connect to last byte
    /// A claimed job is not handed out again before this: longer than an attempt, so only a
    /// crashed worker's jobs come back (at-least-once).
    std::chrono::milliseconds lease{90000};
    double retry_scale            = 1.0;       ///< multiplies the retry schedule (tests)
    std::size_t max_response_body = 16 * 1024; ///< read, then dropped
    std::size_t max_batch         = 256;       ///< jobs per claim
    storage::host_policy hosts;
    /// Pending jobs older than this end as dead ("expired"): the schedule spans about a
    /// week; this bounds jobs of hosts that stayed unavailable beyond it.
    std::chrono::milliseconds max_job_age{std::chrono::hours(24 * 8)};
    unsigned signing_threads = 0; ///< 0: one per core
    /// Signed requests handed to the I/O threads together while signatures queue up
    /// (node/cpu_pool.hpp); a lone one goes at once.
    std::size_t signing_batch = 16;
    /// The process's threads go to SCHED_BATCH when a claim finds `batch_from_at_work`
    /// deliveries (or `concurrency`, if fewer) at work, counting those it launches and not
    /// those that wait on silent hosts, and back when fewer than a quarter of that are, or
    /// none is in flight (`scheduling = delivery`; node/scheduling.hpp).
    bool batch_while_delivering    = false;
    std::size_t batch_from_at_work = 16;
};

/** Delivers queued activities.

    A claim loop on its own strand takes batches of due jobs from the store
    (storage::delivery_store::claim_batch: leased, fair across hosts, at most `per_host` in
    flight per host, skipping hosts whose circuit breaker is open) whenever at least a
    useful batch of the `concurrency` slots is free (a delivery whose request went out and is
    still unanswered after a few times the typical answer time, answer_time::slow_after(),
    gives its slot back, up to 4 x `concurrency` in flight: silent hosts must not hold up the
    others until their timeout; and its host gets one job at a time until it answers), and
    sleeps until the next job is due, a useful batch of slots frees, or a poke says new jobs
    were queued. Deliveries run on a thread of their own (app::deliveries_thread(),
    node/io_thread.hpp), so they need no strand. (Its limit: a plain-HTTP delivery costs that
    thread about 34 µs on the 2-core development VM, against about 230 µs per signature on
    one core, so one thread keeps up with the signers of about six cores; TLS handshakes and
    records run there too. Beyond that, deliveries would want several such threads.)
    Each delivery builds the request around the activity's body (stored once, shared by all
    its jobs, its Digest computed once), signs it on the signing pool (RSA is the cost, and it
    runs on every core; while signatures queue up, the signed requests go back to the
    delivery thread 16 at a time, node/cpu_pool.hpp), and POSTs it on a kept-alive connection
    to the inbox's origin.
    Outcomes go to the store in batches (one transaction per ~20 ms), with each host's
    health (breaker, unavailable mark) and the removal of followers whose inbox is gone.

    At-least-once: a job is marked only after its POST was answered; a crash before the
    batch is written sends it again after its lease, as does a kill -9 mid fan-out, or
    sooner: at once when `fedblog serve` restarts as an SQLite database's only deliverer and
    clears the leases, and on PostgreSQL at the claim loop's next check for the leases of
    processes that are gone, every poll interval (5 s) (storage/delivery_lock.hpp).

    Maintenance: once a minute by the node's clock (app::now(), which tests move forward)
    the claim loop ends pending jobs older than `max_job_age` as dead ("expired"), deletes
    delivered and dead jobs older than 30 days (the ledger forgets them), and forgets the
    ids of inbound activities received more than 14 days ago (the inbox's replay check).
    Pending jobs are never deleted. It also closes kept-alive connections idle for 30 s and,
    when no delivery is in flight, gives memory back (node/give_back_memory.hpp).

    @par Thread Safety
    Every public method may be called from any thread.
*/
class delivery_engine
{
public:
    explicit delivery_engine(app& a);
    ~delivery_engine();
    delivery_engine(const delivery_engine&)            = delete;
    delivery_engine& operator=(const delivery_engine&) = delete;

    /** Starts the claim loop and the outcome writer. Call once. With `deliverers` (which
        must outlive the engine), leases are written with its owner number and, every few
        seconds, the leases of delivering processes that died are cleared
        (storage::delivery_lock::release_orphans()).
    */
    void start(storage::delivery_lock* deliverers = nullptr);

    /// New jobs were queued (or the clock moved): claim now instead of at the next poll.
    void poke();

    /// Stops claiming; deliveries in flight go on (drain() waits for them).
    void stop();

    /** Stops claiming, lets deliveries in flight finish until `deadline`, writes every
        outcome, and releases the leases of those still unfinished so a restart (or another
        process) takes them up at once. Awaited by `serve` on SIGTERM.
    */
    asio::awaitable<void> drain(std::chrono::steady_clock::time_point deadline);

    /// Deliveries currently in flight in this process.
    std::size_t in_flight() const noexcept { return in_flight_.load(); }

    struct slot_stats
    {
        std::size_t unanswered = 0; ///< in flight, sent slow_after ago or more
        std::chrono::milliseconds slow_after{};
    };

    /// For metrics: how many deliveries wait on silent hosts, and the current slow limit.
    [[nodiscard]] slot_stats slots();

    /** A request signed by `actor_id` verified: its host answers. If deliveries to that host
        were failing, its record is reset and its waiting jobs are due at once.
    */
    void host_answered(std::string_view actor_id);

    /** The store time of the last claim that completed (for the test clock endpoint: after
        advancing the clock, wait until a claim has run at the new time).
    */
    storage::time_point last_claim_time() const noexcept;

    /** True when no claim is under way, nothing is in flight and every outcome is written:
        what the test clock waits for before moving time, so that a jump longer than a
        lease does not hand out again a job whose answer is still on its way to the store,
        nor one a claim has leased and not yet launched. */
    bool idle() noexcept;

    /** While held, the claim loop takes no new claim (a claim already under way finishes).
        Holds nest: each hold_claims(true) is ended by one hold_claims(false). The test
        clock holds claims, waits for idle(), moves time and releases them: no lease is then
        taken at the old time and read at the new one. */
    void hold_claims(bool hold) noexcept;

    /// Jobs claimed since start.
    std::uint64_t claimed_total() const noexcept { return claimed_total_.load(); }

private:
    struct prepared_activity;

    asio::awaitable<void> run();
    asio::awaitable<void> write_outcomes();
    asio::awaitable<void> flush();
    asio::awaitable<void> maintenance();
    /// Clears the leases of delivering processes that died (see start()).
    asio::awaitable<void> release_orphans();
    asio::awaitable<void> revive(std::string host);
    asio::awaitable<void> deliver(storage::delivery_job job,
                                  std::shared_ptr<const prepared_activity> activity);
    void launch(storage::delivery_job job, std::shared_ptr<const prepared_activity> activity);
    /// A delivery's answer came `took` after its request went out (answer_time).
    void answered_after(std::chrono::steady_clock::duration took);
    /// Judges a delivery's attempt, counts and logs it, and queues its outcome for the store.
    void conclude(const storage::delivery_job& job, const attempt_answer& answer, bool our_fault,
                  std::chrono::steady_clock::time_point started);
    /// Deliveries that take a slot: not yet sent, or sent less than slow_after() ago.
    std::size_t busy_slots();
    /// Hosts with a delivery sent slow_after() ago or more and still unanswered.
    std::vector<std::string> unanswered_hosts();
    [[nodiscard]] std::chrono::milliseconds slow_after();
    /// The delivery's signed request went to the HTTP client `at`.
    void sent(std::int64_t job_id, std::chrono::steady_clock::time_point at);
    /** Free slots worth a claim: half of `concurrency`, at most max_batch. Each claim reads
        every lease in force and walks past the leased jobs, whatever it takes: fewer, larger
        claims cost the database threads less (bench/README.md, 2026-11-27 evening); the
        other half of the slots keeps the signers busy meanwhile. */
    [[nodiscard]] std::size_t useful_batch() const noexcept;
    void finished(std::int64_t job_id);
    /// Switches the process to SCHED_BATCH (`on`) or back (see batch_while_delivering);
    /// with `only_when_idle`, only if nothing is in flight any more.
    void want_batch(bool on, bool only_when_idle = false);
    void record(storage::job_outcome outcome);
    std::shared_ptr<const prepared_activity> prepare(const storage::outbound_activity& a);

    app& app_;
    delivery_settings settings_;
    std::string author_key_id_;
    std::string instance_key_id_;
    asio::strand<asio::io_context::executor_type> strand_;
    steady_timer wake_;
    steady_timer flush_timer_;
    cpu_pool signers_;

    std::atomic<std::size_t> in_flight_{0};
    std::atomic<bool> stopping_{false};
    std::atomic<bool> writer_stopping_{false};
    std::atomic<bool> run_done_{false}; ///< the claim loop has returned: no more launches
    std::atomic<int> flushing_{0};      ///< outcome batches being written
    std::atomic<bool> poked_{false};
    std::atomic<int> claims_held_{0}; ///< holds in force (hold_claims())
    /// From before a claim reads the time until its jobs are launched (counted in flight).
    std::atomic<bool> claiming_{false};
    std::atomic<std::int64_t> last_claim_ms_{0};
    std::atomic<std::uint64_t> claimed_total_{0};
    std::mutex scheduling_mutex_;    // one switch at a time, in the order decided
    std::atomic<bool> batch_{false}; ///< the last switch was to SCHED_BATCH

    // Touched only by run() on strand_.
    std::unordered_map<std::string, std::shared_ptr<const prepared_activity>> activities_;
    storage::time_point next_maintenance_{}; ///< node clock (app::now())
    std::chrono::steady_clock::time_point next_orphan_check_{};
    /// Set by start(); read by run() only.
    storage::delivery_lock* deliverers_ = nullptr;

    std::mutex mutex_; // guards the members below

    struct running_delivery
    {
        /// When its request went out; time_point::max() before it is signed.
        std::chrono::steady_clock::time_point sent = std::chrono::steady_clock::time_point::max();
        std::string host;
    };

    /// Deliveries in flight (see busy_slots()).
    std::unordered_map<std::int64_t, running_delivery> running_;
    answer_time answers_;
    std::vector<storage::job_outcome> outcomes_;
    std::unordered_set<std::string> failing_hosts_;
    std::mt19937_64 rng_;
};

/// The engine's settings from the node's config.
[[nodiscard]] delivery_settings delivery_settings_for(const app& a);

} // namespace fedblog::node
