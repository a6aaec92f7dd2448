// SPDX-License-Identifier: AGPL-3.0-or-later
// Entry point: dispatches `fedblog <command> ...` to the CLI subcommands.
#include "node/cli/commands.hpp"

#include <exception>
#include <iostream>
#include <string>

int main(int argc, char** argv)
{
    using namespace fedblog::node;
    if (argc < 2)
    {
        std::cerr << cli::usage();
        return 2;
    }
    const std::string command = argv[1];
    cli::args rest(argv + 2, argv + argc);
    try
    {
        if (command == "init")
            return cli::init(rest);
        if (command == "serve")
            return cli::serve(rest);
        if (command == "token")
            return cli::token(rest);
        if (command == "post")
            return cli::post(rest);
        if (command == "edit")
            return cli::edit(rest);
        if (command == "delete")
            return cli::remove(rest);
        if (command == "pin")
            return cli::pin(rest);
        if (command == "import")
            return cli::import(rest);
        if (command == "profile")
            return cli::profile(rest);
        if (command == "comments")
            return cli::comments(rest);
        if (command == "block")
            return cli::block(rest);
        if (command == "deliveries")
            return cli::deliveries(rest);
        if (command == "--version" || command == "version")
        {
            std::cout << "fedblog " FEDBLOG_VERSION "\n";
            return 0;
        }
        if (command == "--help" || command == "-h" || command == "help")
        {
            std::cout << cli::usage();
            return 0;
        }
    }
    catch (const std::exception& e)
    {
        // Start-up failures that are not expected outcomes (a bug, an exhausted resource).
        std::cerr << "fedblog " << command << ": " << e.what() << "\n";
        return 1;
    }
    std::cerr << "fedblog: unknown command '" << command << "'\n" << cli::usage();
    return 2;
}
