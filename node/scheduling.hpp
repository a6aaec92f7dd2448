// SPDX-License-Identifier: AGPL-3.0-or-later
// The CPU scheduling policy of the serving process's threads.
#pragma once

#include <string>
#include <string_view>

namespace fedblog::node {

/** Puts the calling thread, and with it every thread it starts afterwards, under the policy
    the `scheduling` setting names at start: "batch" is Linux's SCHED_BATCH; "normal" and
    "delivery" (the default) are SCHED_OTHER, what a process gets by default. `serve` calls it
    before it starts any thread.

    Why batch, and why "delivery" switches to it only while a post goes out
    (set_process_batch()): during a fan-out every core signs, and each answer from a
    follower's server wakes an I/O thread. Under SCHED_OTHER that thread preempts a signer at
    once, to handle one or two answers and sleep again: some 15,000 context switches for
    5,500 deliveries. A SCHED_BATCH thread that wakes waits for the running thread's time
    slice to end instead, then handles every answer that came meanwhile: 2,500-3,700
    switches, and 4 % less CPU (bench/README.md, "2026-11-27, 04:36-06:35 UTC"). When the
    node only serves requests, batch costs it: its threads no longer preempt the clients
    or other programs sharing the cores, and `bench/inbox.sh`'s refused requests per second
    fell by a tenth. On an idle core a woken thread runs at once under either policy.
    The setting overrides a policy the service manager gave the process (systemd's
    CPUSchedulingPolicy=).
    @return empty on success, else why not (the process keeps the policy it had). */
[[nodiscard]] std::string apply_scheduling(std::string_view policy);

/** Every thread of this process to SCHED_BATCH (`batch`) or SCHED_OTHER, the ones started
    later inheriting it from their creator. Threads that end meanwhile are skipped.
    @return empty on success, else why not. */
[[nodiscard]] std::string set_process_batch(bool batch);

/// The policy of the thread with id `tid` (0: the calling thread): "batch", "normal", or
/// another name; empty if it cannot be read.
[[nodiscard]] std::string scheduling_of(int tid = 0);

} // namespace fedblog::node
