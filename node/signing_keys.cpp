// SPDX-License-Identifier: AGPL-3.0-or-later
// The node's two signing keys (see signing_keys.hpp).
#include "node/signing_keys.hpp"

#include "keys/key_file.hpp"

#include <fstream>
#include <iterator>
#include <system_error>

namespace fedblog::node {

namespace {

/// Reads NAME.pub.pem into `text` when it is a public key PEM at least as new as
/// `private_path`; else leaves `text` empty. A public key is no secret: a plain read will do.
void read_fresh_public_pem(const std::filesystem::path& private_path,
                           const std::filesystem::path& public_path, std::string& text)
{
    text.clear();
    std::error_code ec;
    if (!std::filesystem::is_regular_file(public_path, ec) ||
        std::filesystem::file_size(public_path, ec) > 64 * 1024)
        return;
    const auto key_time = std::filesystem::last_write_time(private_path, ec);
    if (ec)
        return;
    const auto public_time = std::filesystem::last_write_time(public_path, ec);
    if (ec || public_time < key_time)
        return;
    std::ifstream in(public_path, std::ios::binary);
    if (!in)
        return;
    text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    // A file cut short fails here, or later as a key that does not match its public half.
    if (text.find("-----BEGIN PUBLIC KEY-----") == std::string::npos ||
        text.find("-----END PUBLIC KEY-----") == std::string::npos)
        text.clear();
}

boost::system::result<signing_key> load_one(const std::filesystem::path& private_path,
                                            const std::filesystem::path& public_path)
{
    signing_key out;
    read_fresh_public_pem(private_path, public_path, out.public_pem);
    if (!out.public_pem.empty())
    {
        auto key = keys::deferred_private_key::from_file(private_path, out.public_pem);
        if (!key)
            return key.error();
        out.key = std::move(*key);
        return out;
    }
    auto key = keys::read_private_key_file(private_path);
    if (!key)
        return key.error();
    out.public_pem = key->public_part().to_pem();
    out.key        = keys::deferred_private_key(std::move(*key));
    return out;
}

} // namespace

boost::system::result<signing_keys> load_signing_keys(const std::filesystem::path& dir)
{
    auto author = load_one(dir / "author.pem", dir / "author.pub.pem");
    if (!author)
        return author.error();
    auto instance = load_one(dir / "instance.pem", dir / "instance.pub.pem");
    if (!instance)
        return instance.error();
    return signing_keys{std::move(*author), std::move(*instance)};
}

} // namespace fedblog::node
