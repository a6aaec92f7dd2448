// SPDX-License-Identifier: AGPL-3.0-or-later
// parse_options(): one place for --help and usage errors.
#include "node/cli/options.hpp"

#include <iostream>

namespace fedblog::node::cli {

namespace po = boost::program_options;

std::optional<int> parse_options(const std::string& command, const std::vector<std::string>& argv,
                                 const po::options_description& desc, po::variables_map& vm,
                                 const po::positional_options_description* positional)
{
    try
    {
        po::command_line_parser parser(argv);
        parser.options(desc);
        if (positional != nullptr)
            parser.positional(*positional);
        po::store(parser.run(), vm);
        if (vm.count("help") > 0)
        {
            std::cout << desc << "\n";
            return 0;
        }
        po::notify(vm);
    }
    catch (const po::error& e)
    {
        std::cerr << "fedblog " << command << ": " << e.what() << "\n" << desc << "\n";
        return 2;
    }
    return std::nullopt;
}

} // namespace fedblog::node::cli
