-- SPDX-License-Identifier: AGPL-3.0-or-later
-- wrk script for bench/inbox.sh: replays pre-signed inbox POSTs from $INBOX_REQUESTS (one
-- per line: date, digest, signature, body separated by tabs). Each wrk thread takes its own
-- slice, so every request is distinct unless a thread runs out (then it wraps, and done()
-- says so: duplicates are acknowledged without verification and would flatter the figure).
local counter = 0
local threads = {}

function setup(thread)
    thread:set("tid", counter)
    counter = counter + 1
    table.insert(threads, thread)
end

function init(args)
    local nthreads = tonumber(os.getenv("WRK_THREADS") or "2")
    local host = os.getenv("BLOG_HOST")
    reqs = {}
    local i = 0
    for line in io.lines(os.getenv("INBOX_REQUESTS")) do
        if i % nthreads == tid then
            local date, digest, sig, body = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)$")
            reqs[#reqs + 1] = wrk.format("POST", "/inbox", {
                ["Host"] = host,
                ["Date"] = date,
                ["Digest"] = digest,
                ["Signature"] = sig,
                ["Content-Type"] = "application/activity+json",
            }, body)
        end
        i = i + 1
    end
    pos = 0
    wraps = 0
end

function request()
    pos = pos + 1
    if pos > #reqs then
        pos = 1
        wraps = wraps + 1
    end
    return reqs[pos]
end

function done(summary, latency, requests)
    for _, t in ipairs(threads) do
        local w = t:get("wraps")
        if w ~= nil and w > 0 then
            io.write("WARNING: a thread ran out of distinct requests (wrapped ", w, " times)\n")
        end
    end
end
