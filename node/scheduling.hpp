// SPDX-License-Identifier: AGPL-3.0-or-later
// The CPU scheduling policy of the serving process's threads.
#pragma once

#include <string>
#include <string_view>

namespace fedblog::node {

/** Puts the calling thread, and with it every thread it starts afterwards, under `policy`:
    "batch" (Linux SCHED_BATCH) or "normal" (SCHED_OTHER, what a process gets by default).
    `serve` calls it before it starts any thread.

    Why batch is the default: while a post goes out to its followers, every core signs, and
    each answer from a follower's server wakes an I/O thread. Under the normal policy that
    thread preempts a signer at once, to handle one or two answers and sleep again: some
    15,000 context switches for 5,500 deliveries. A batch thread that wakes waits for the
    running thread's time slice to end instead, then handles every answer that came
    meanwhile: 2,500-3,700 switches, and less CPU for the same work (bench/README.md,
    "2026-11-27, 04:36-05:25 UTC"). Nothing waits on an idle core: a woken batch thread runs
    at once there, so a quiet node answers as fast as before. Under load from other
    processes the node yields to them at wake-up rather than preempting them, by a slice at
    most. The setting overrides a policy the service manager gave the process (systemd's
    CPUSchedulingPolicy=).
    @return empty on success, else why not (the process keeps the policy it had). */
[[nodiscard]] std::string apply_scheduling(std::string_view policy);

/// The policy of the thread with id `tid` (0: the calling thread): "batch", "normal", or
/// another name; empty if it cannot be read.
[[nodiscard]] std::string scheduling_of(int tid = 0);

} // namespace fedblog::node
