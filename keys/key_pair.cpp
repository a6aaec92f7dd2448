// SPDX-License-Identifier: AGPL-3.0-or-later
// RSA and Ed25519 key values: generation and PEM encode/decode through OpenSSL 3 EVP.
#include "keys/key_pair.hpp"

#include "keys/error.hpp"
#include "keys/openssl_error.hpp"
#include "keys/openssl_ptr.hpp"

#include <openssl/core_names.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include <stdexcept>

namespace fedblog::keys {

namespace {

// Large enough for an RSA-16384 PEM with generous surrounding text; anything bigger is not a
// key we would accept, and refusing early bounds the work a remote publicKeyPem can cause.
constexpr std::size_t max_pem_size = 64 * 1024;

// Verifying with a huge modulus costs time quadratic in its size; no fediverse key is larger.
constexpr int max_rsa_bits = 16384;

key_type type_of(const EVP_PKEY* key) noexcept
{
    return EVP_PKEY_get_base_id(key) == EVP_PKEY_ED25519 ? key_type::ed25519 : key_type::rsa;
}

bool is_supported(const EVP_PKEY* key) noexcept
{
    int const id = EVP_PKEY_get_base_id(key);
    return id == EVP_PKEY_RSA || id == EVP_PKEY_RSA_PSS || id == EVP_PKEY_ED25519;
}

std::string read_bio(BIO* bio)
{
    char* data      = nullptr;
    long const size = BIO_get_mem_data(bio, &data);
    if (size <= 0 || data == nullptr)
        throw std::runtime_error("openssl pem encoding produced no output");
    return {data, static_cast<std::size_t>(size)};
}

/// The label of the first PEM block ("PUBLIC KEY", "RSA PUBLIC KEY", ...), or "" if none.
std::string_view pem_label(std::string_view pem)
{
    constexpr std::string_view begin = "-----BEGIN ";
    auto const start                 = pem.find(begin);
    if (start == std::string_view::npos)
        return {};
    auto const label_start = start + begin.size();
    auto const end         = pem.find("-----", label_start);
    if (end == std::string_view::npos)
        return {};
    return pem.substr(label_start, end - label_start);
}

// Never prompt for a passphrase (OpenSSL's default callback reads the terminal): an encrypted
// PEM is simply not a key we can load.
int no_passphrase(char*, int, int, void*)
{
    return -1;
}

detail::bio_ptr memory_bio(const std::string& text)
{
    return detail::bio_ptr(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
}

} // namespace

key_type public_key::type() const noexcept
{
    return key_ ? type_of(key_.get()) : key_type::rsa;
}

int public_key::bits() const noexcept
{
    if (!key_)
        return 0;
    // OpenSSL reports 253 "security-relevant" bits for Ed25519; the contract promises the
    // familiar key size.
    return type() == key_type::ed25519 ? 256 : EVP_PKEY_get_bits(key_.get());
}

std::string public_key::to_pem() const
{
    if (!key_)
        throw std::logic_error("public_key::to_pem on an empty key");
    detail::bio_ptr bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_PUBKEY(bio.get(), key_.get()) != 1)
        throw std::runtime_error("PEM_write_bio_PUBKEY failed: " + detail::drain_openssl_errors());
    return read_bio(bio.get());
}

key_type private_key::type() const noexcept
{
    return key_ ? type_of(key_.get()) : key_type::rsa;
}

std::string private_key::to_pem() const
{
    if (!key_)
        throw std::logic_error("private_key::to_pem on an empty key");
    detail::bio_ptr bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_PKCS8PrivateKey(bio.get(), key_.get(), nullptr, nullptr, 0, nullptr,
                                              nullptr) != 1)
        throw std::runtime_error("PEM_write_bio_PKCS8PrivateKey failed: " +
                                 detail::drain_openssl_errors());
    return read_bio(bio.get());
}

public_key private_key::public_part() const
{
    if (!key_)
        return {};
    // A DER round trip through SubjectPublicKeyInfo is the portable way to obtain a key object
    // that holds no private material at all.
    unsigned char* der = nullptr;
    int const size     = i2d_PUBKEY(key_.get(), &der);
    if (size <= 0)
        throw std::runtime_error("i2d_PUBKEY failed: " + detail::drain_openssl_errors());
    const unsigned char* cursor = der;
    detail::evp_pkey_ptr pub(d2i_PUBKEY(nullptr, &cursor, size));
    OPENSSL_free(der);
    if (!pub)
        throw std::runtime_error("d2i_PUBKEY failed: " + detail::drain_openssl_errors());
    return public_key(detail::share(std::move(pub)));
}

boost::system::result<private_key> generate_rsa(int bits)
{
    if (bits < 2048 || bits > max_rsa_bits)
        return error::unsupported_key;
    detail::evp_pkey_ctx_ptr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
    EVP_PKEY* raw = nullptr;
    if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1 ||
        EVP_PKEY_CTX_set_rsa_keygen_bits(ctx.get(), bits) != 1 ||
        EVP_PKEY_keygen(ctx.get(), &raw) != 1)
    {
        detail::drain_openssl_errors();
        return error::keygen_failed;
    }
    return private_key(detail::share(detail::evp_pkey_ptr(raw)));
}

boost::system::result<private_key> generate_ed25519()
{
    detail::evp_pkey_ctx_ptr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "ED25519", nullptr));
    EVP_PKEY* raw = nullptr;
    if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1 || EVP_PKEY_keygen(ctx.get(), &raw) != 1)
    {
        detail::drain_openssl_errors();
        return error::keygen_failed;
    }
    return private_key(detail::share(detail::evp_pkey_ptr(raw)));
}

boost::system::result<private_key> private_key_from_pem(std::string_view pem)
{
    if (pem.size() > max_pem_size)
        return error::bad_pem;
    std::string const text       = normalize_pem(pem);
    std::string_view const label = pem_label(text);
    if (label != "PRIVATE KEY" && label != "RSA PRIVATE KEY")
        return error::bad_pem;

    detail::bio_ptr bio = memory_bio(text);
    detail::evp_pkey_ptr key(
        bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, no_passphrase, nullptr) : nullptr);
    if (!key)
    {
        detail::drain_openssl_errors();
        return error::bad_pem;
    }
    if (!is_supported(key.get()))
        return error::unsupported_key;
    return private_key(detail::share(std::move(key)));
}

boost::system::result<public_key> public_key_from_pem(std::string_view pem, int min_rsa_bits)
{
    if (pem.size() > max_pem_size)
        return error::bad_pem;
    std::string const text       = normalize_pem(pem);
    std::string_view const label = pem_label(text);

    detail::evp_pkey_ptr key;
    if (label == "PUBLIC KEY")
    {
        detail::bio_ptr bio = memory_bio(text);
        key.reset(bio ? PEM_read_bio_PUBKEY(bio.get(), nullptr, no_passphrase, nullptr) : nullptr);
    }
    else if (label == "RSA PUBLIC KEY")
    {
        // PKCS#1 RSAPublicKey has no algorithm identifier, so the decoder must be told it is
        // RSA ("type-specific" structure); PEM_read_bio_RSAPublicKey would return a
        // deprecated RSA*.
        EVP_PKEY* raw = nullptr;
        detail::decoder_ctx_ptr dctx(OSSL_DECODER_CTX_new_for_pkey(
            &raw, "PEM", "type-specific", "RSA", EVP_PKEY_PUBLIC_KEY, nullptr, nullptr));
        auto const* data = reinterpret_cast<const unsigned char*>(text.data());
        std::size_t len  = text.size();
        if (dctx && OSSL_DECODER_from_data(dctx.get(), &data, &len) == 1)
            key.reset(raw);
        else
            EVP_PKEY_free(raw);
    }
    // Any other label (notably a private key pasted where a public one belongs) is refused.
    if (!key)
    {
        detail::drain_openssl_errors();
        return error::bad_pem;
    }
    if (!is_supported(key.get()))
        return error::unsupported_key;
    if (type_of(key.get()) == key_type::rsa)
    {
        int const bits = EVP_PKEY_get_bits(key.get());
        if (bits < min_rsa_bits || bits > max_rsa_bits)
            return error::unsupported_key;
    }
    return public_key(detail::share(std::move(key)));
}

/** Makes fediverse PEM text palatable to OpenSSL: surrounding whitespace dropped, CRLF and
    lone CR turned into LF, and a final newline added. None of this touches the base64 payload,
    so it cannot change which key is decoded.
*/
std::string normalize_pem(std::string_view pem)
{
    auto const is_space = [](char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    };
    while (!pem.empty() && is_space(pem.front()))
        pem.remove_prefix(1);
    while (!pem.empty() && is_space(pem.back()))
        pem.remove_suffix(1);

    std::string out;
    out.reserve(pem.size() + 1);
    for (std::size_t i = 0; i < pem.size(); ++i)
    {
        if (pem[i] == '\r')
        {
            out += '\n';
            if (i + 1 < pem.size() && pem[i + 1] == '\n')
                ++i;
        }
        else
        {
            out += pem[i];
        }
    }
    out += '\n';
    return out;
}

} // namespace fedblog::keys
