// SPDX-License-Identifier: AGPL-3.0-or-later
// Prepares the inbox benchmark: ACTORS remote actors with fresh RSA-2048 keys (their actor
// documents written as static files for nginx to serve), and COUNT distinct signed `Like`
// requests to the blog's shared inbox, one per line (date, digest, signature, body separated
// by tabs) for bench/inbox.lua. With --bad every signature is corrupted (one byte flipped).
//
//   inbox_load --out DIR --remote http://127.0.0.1:PORT --blog-host 127.0.0.1:PORT
//              --post URL [--actors 50] [--count 20000] [--bad] [--threads 2]
#include "keys/key_pair.hpp"
#include "protocol/digest_header.hpp"
#include "protocol/http_date.hpp"
#include "protocol/http_signature.hpp"
#include "protocol/json.hpp"

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

namespace json = fedblog::protocol::json;

int main(int argc, char** argv)
{
    std::string out_dir;
    std::string remote;
    std::string blog_host;
    std::string post;
    unsigned actors  = 50;
    unsigned count   = 20000;
    unsigned threads = 2;
    bool bad         = false;
    for (int i = 1; i < argc; ++i)
    {
        const std::string k = argv[i];
        if (k == "--bad")
        {
            bad = true;
            continue;
        }
        if (i + 1 >= argc)
            break;
        const std::string v = argv[++i];
        if (k == "--out")
            out_dir = v;
        else if (k == "--remote")
            remote = v;
        else if (k == "--blog-host")
            blog_host = v;
        else if (k == "--post")
            post = v;
        else if (k == "--actors")
            actors = static_cast<unsigned>(std::stoul(v));
        else if (k == "--count")
            count = static_cast<unsigned>(std::stoul(v));
        else if (k == "--threads")
            threads = static_cast<unsigned>(std::stoul(v));
    }
    if (out_dir.empty() || remote.empty() || blog_host.empty() || post.empty() || actors == 0)
    {
        std::cerr << "usage: inbox_load --out DIR --remote URL --blog-host HOST:PORT --post URL "
                     "[--actors N] [--count N] [--bad]\n";
        return 2;
    }
    namespace fs = std::filesystem;
    fs::create_directories(fs::path(out_dir) / "www" / "users");

    std::vector<fedblog::keys::private_key> keys;
    for (unsigned a = 0; a < actors; ++a)
    {
        auto key = fedblog::keys::generate_rsa(2048);
        if (!key)
            return 1;
        const std::string id = remote + "/users/a" + std::to_string(a);
        auto doc             = json::make_object({
                        {"@context",
                         json::array{"https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"}},
                        {"id", id},
                        {"type", "Person"},
                        {"preferredUsername", "a" + std::to_string(a)},
                        {"inbox", id + "/inbox"},
                        {"publicKey", json::make_object({{"id", id + "#main-key"},
                                                         {"owner", id},
                                                         {"publicKeyPem", key->public_part().to_pem()}})},
        });
        std::ofstream(fs::path(out_dir) / "www" / "users" / ("a" + std::to_string(a)))
            << json::serialize(doc);
        keys.push_back(std::move(*key));
    }

    // Signed now: the blog accepts a Date up to 65 minutes old, far longer than a run.
    const std::string date = fedblog::protocol::format_http_date(
        std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now()));
    std::vector<std::string> lines(count);
    std::atomic<unsigned> next{0};
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t)
        pool.emplace_back([&] {
            for (unsigned n = next++; n < count; n = next++)
            {
                const unsigned a         = n % actors;
                const std::string id     = remote + "/users/a" + std::to_string(a);
                const std::string body   = json::serialize(json::make_object({
                      {"@context", "https://www.w3.org/ns/activitystreams"},
                      {"id", id + "#likes/" + std::to_string(n)},
                      {"type", "Like"},
                      {"actor", id},
                      {"object", post},
                }));
                const std::string digest = fedblog::protocol::make_digest_header(body);
                fedblog::protocol::header_list headers;
                headers.add("Host", blog_host);
                headers.add("Date", date);
                headers.add("Digest", digest);
                headers.add("Content-Type", "application/activity+json");
                auto sig = fedblog::protocol::sign_cavage(
                    keys[a], id + "#main-key", "POST", "/inbox", headers,
                    {"(request-target)", "host", "date", "digest", "content-type"});
                if (!sig)
                    std::abort();
                std::string s = *sig;
                if (bad)
                {
                    // Flip one base64 character of the signature value: still well-formed.
                    const auto pos = s.rfind("signature=\"") + 15;
                    s[pos]         = s[pos] == 'A' ? 'B' : 'A';
                }
                lines[n] = date + '\t' + digest + '\t' + s + '\t' + body;
            }
        });
    for (auto& th : pool)
        th.join();
    std::ofstream requests(fs::path(out_dir) / "requests.tsv");
    for (const auto& l : lines)
        requests << l << '\n';
    std::cout << "actors=" << actors << " requests=" << count << (bad ? " bad" : "") << "\n";
    return 0;
}
