// SPDX-License-Identifier: AGPL-3.0-or-later
// Test CA generation by shelling out to openssl (part of every Debian system with TLS).
#include "tests/support/test_pki.hpp"

#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <fstream>

namespace fedblog::test {

namespace fs = std::filesystem;

namespace {

void run(const std::string& command)
{
    const int rc = std::system((command + " >/dev/null 2>&1").c_str());
    BOOST_TEST_REQUIRE(rc == 0, "command failed: " << command);
}

void leaf(const fs::path& dir, const std::string& name, const std::string& san)
{
    const std::string d = dir.string();
    run("openssl req -newkey rsa:2048 -nodes -keyout " + d + "/" + name + ".key -subj /CN=" + name +
        " -out " + d + "/" + name + ".csr");
    std::ofstream ext(dir / (name + ".ext"));
    ext << "subjectAltName=" << san
        << "\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\n"
        << "extendedKeyUsage=serverAuth\n";
    ext.close();
    run("openssl x509 -req -in " + d + "/" + name + ".csr -CA " + d + "/ca.pem -CAkey " + d +
        "/ca.key -CAcreateserial -days 2 -sha256 -extfile " + d + "/" + name + ".ext -out " + d +
        "/" + name + ".pem");
}

} // namespace

test_pki make_test_pki()
{
    std::string tmpl = (fs::temp_directory_path() / "fedblog-pki-XXXXXX").string();
    BOOST_TEST_REQUIRE(mkdtemp(tmpl.data()) != nullptr);
    test_pki p;
    p.dir               = tmpl;
    const std::string d = p.dir.string();
    run("openssl req -x509 -newkey rsa:2048 -nodes -keyout " + d + "/ca.key -out " + d +
        "/ca.pem -days 2 -subj /CN=fedblog-test-ca -addext basicConstraints=critical,CA:TRUE "
        "-addext keyUsage=critical,keyCertSign,cRLSign");
    leaf(p.dir, "ip", "IP:127.0.0.1");
    leaf(p.dir, "localhost", "DNS:localhost");
    p.ca_cert        = d + "/ca.pem";
    p.ip_cert        = d + "/ip.pem";
    p.ip_key         = d + "/ip.key";
    p.localhost_cert = d + "/localhost.pem";
    p.localhost_key  = d + "/localhost.key";
    return p;
}

} // namespace fedblog::test
