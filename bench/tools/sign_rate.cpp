// SPDX-License-Identifier: AGPL-3.0-or-later
// The signing ceiling: draft-cavage delivery signatures per second on N threads, made the
// way the delivery engine makes them (same covered headers, same key), with nothing else.
//
//   sign_rate --key DATA/keys/author.pem [--threads 2] [--seconds 3]
#include "keys/key_file.hpp"
#include "protocol/digest_header.hpp"
#include "protocol/http_signature.hpp"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

int main(int argc, char** argv)
{
    std::string key_file;
    unsigned threads = 2;
    double seconds   = 3;
    for (int i = 1; i + 1 < argc; i += 2)
    {
        const std::string k = argv[i];
        if (k == "--key")
            key_file = argv[i + 1];
        else if (k == "--threads")
            threads = static_cast<unsigned>(std::stoul(argv[i + 1]));
        else if (k == "--seconds")
            seconds = std::stod(argv[i + 1]);
    }
    auto key = fedblog::keys::read_private_key_file(key_file);
    if (!key)
    {
        std::cerr << "cannot read " << key_file << "\n";
        return 1;
    }
    const std::string body(1200, 'x'); // about a Create's size
    const std::vector<std::string> covered{"(request-target)", "host", "date", "digest",
                                           "content-type"};
    std::atomic<bool> stop{false};
    std::atomic<std::uint64_t> total{0};
    std::vector<std::thread> pool;
    const auto start = std::chrono::steady_clock::now();
    for (unsigned t = 0; t < threads; ++t)
        pool.emplace_back([&, t] {
            std::uint64_t n = 0;
            while (!stop.load(std::memory_order_relaxed))
            {
                fedblog::protocol::header_list headers;
                headers.add("Host", "127.0.0.1:" + std::to_string(20000 + (n % 1000)));
                headers.add("Date", "Wed, 25 Nov 2026 22:00:00 GMT");
                headers.add("Digest", fedblog::protocol::make_digest_header(body));
                headers.add("Content-Type", "application/activity+json");
                auto sig = fedblog::protocol::sign_cavage(
                    *key, "http://127.0.0.1/users/author#main-key", "POST",
                    "/users/f" + std::to_string(t) + "/inbox", headers, covered);
                if (!sig)
                    std::abort();
                ++n;
            }
            total.fetch_add(n);
        });
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
    stop = true;
    for (auto& th : pool)
        th.join();
    const double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("threads=%u signatures=%llu seconds=%.3f per_second=%.1f\n", threads,
                static_cast<unsigned long long>(total.load()), elapsed,
                static_cast<double>(total.load()) / elapsed);
    return 0;
}
