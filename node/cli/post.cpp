// SPDX-License-Identifier: AGPL-3.0-or-later
// `fedblog post`: publish a Markdown file through a node's ActivityPub outbox.
#include "node/cli/commands.hpp"
#include "node/cli/options.hpp"
#include "node/cli/outbox_client.hpp"
#include "protocol/json.hpp"
#include "protocol/vocab.hpp"

#include <boost/program_options.hpp>

#include <iostream>

namespace fedblog::node::cli {

namespace po = boost::program_options;

int post(const args& argv)
{
    std::string server;
    std::string token;
    std::string file;
    std::string title;
    std::string in_reply_to;
    std::vector<std::string> tags;
    std::vector<std::string> images;
    std::vector<std::string> alts;
    po::options_description desc(
        "fedblog post --server URL --token T FILE.md [--title T] [--tag T]... "
        "[--image F --alt TEXT]... [--in-reply-to URL]");
    // clang-format off
    desc.add_options()
        ("help,h", "this help")
        ("server", po::value(&server)->required(), "the blog's URL, e.g. https://blog.example")
        ("token", po::value(&token)->required(), "a token from `fedblog token create`")
        ("title", po::value(&title), "the post's title")
        ("tag", po::value(&tags), "a hashtag (without #); repeatable")
        ("image", po::value(&images), "an image file to upload and show; repeatable")
        ("alt", po::value(&alts), "the description of the --image before it")
        ("in-reply-to", po::value(&in_reply_to),
         "answer a comment (its id or URL, as the post page links it) or a post of the blog: "
         "the text goes into the thread, not onto the front page")
        ("file", po::value(&file)->required(), "Markdown file to publish");
    // clang-format on
    po::positional_options_description pos;
    pos.add("file", 1);
    po::variables_map vm;
    if (auto exit_code = parse_options("post", argv, desc, vm, &pos))
        return *exit_code;
    if (alts.size() > images.size())
    {
        std::cerr << "fedblog post: each --alt describes an --image given before it\n";
        return 2;
    }
    if (!in_reply_to.empty() && !title.empty())
    {
        std::cerr << "fedblog post: a reply has no --title\n";
        return 2;
    }
    std::string text;
    if (!read_file(file, text))
    {
        std::cerr << "fedblog post: cannot read " << file << "\n";
        return 1;
    }
    // Each image is uploaded first and then shown at the end of the post; the node lists
    // every image of a post as an attachment, with the alt text as its name.
    for (std::size_t i = 0; i < images.size(); ++i)
    {
        std::string bytes;
        if (!read_file(images[i], bytes))
        {
            std::cerr << "fedblog post: cannot read " << images[i] << "\n";
            return 1;
        }
        client_outcome uploaded = upload_to_node(server, token, bytes);
        if (uploaded.code != 0)
        {
            std::cerr << "fedblog post: " << images[i] << ": " << uploaded.message << "\n";
            return uploaded.code;
        }
        std::string alt = i < alts.size() ? alts[i] : std::string();
        // Markdown would read brackets in the alt text as syntax.
        for (char& c : alt)
        {
            if (c == '[' || c == ']' || c == '\n')
                c = ' ';
        }
        text += "\n\n![" + alt + "](<" + uploaded.message + ">)\n";
    }

    protocol::json::value note =
        protocol::json::make_object({{"type", "Note"}, {"source", markdown_source(text)}});
    if (!title.empty())
        note.set("name", title);
    if (!in_reply_to.empty())
        note.set("inReplyTo", in_reply_to);
    if (!tags.empty())
    {
        protocol::json::array list;
        for (const auto& t : tags)
            list.push_back(protocol::json::make_object({{"type", "Hashtag"}, {"name", "#" + t}}));
        note.set("tag", std::move(list));
    }
    protocol::json::value create = protocol::json::make_object({
        {"@context", protocol::vocab::as_context},
        {"type", "Create"},
        {"object", std::move(note)},
    });
    client_outcome result        = send_to_outbox(server, token, create);
    if (result.code != 0)
    {
        std::cerr << "fedblog post: " << result.message << "\n";
        return result.code;
    }
    std::cout << result.message << "\n";
    return 0;
}

} // namespace fedblog::node::cli
