// Self-signed CA and serving certificate generation with OpenSSL 3's EVP API.
#include "kubefake/fakeserver/serving_certificates.h"

#include <arpa/inet.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>
#include <optional>

#include "openssl_ptr.h"

namespace kubefake::fakeserver {
namespace {

using KeyPtr = OpenSslPtr<EVP_PKEY, EVP_PKEY_free>;
using X509Ptr = OpenSslPtr<X509, X509_free>;
using BioPtr = OpenSslPtr<BIO, BIO_free>;
using ExtensionPtr = OpenSslPtr<X509_EXTENSION, X509_EXTENSION_free>;

constexpr long kCaValiditySeconds = 10L * 365 * 24 * 3600;
constexpr long kServingValiditySeconds = 365L * 24 * 3600;
constexpr long kClockSkewSeconds = 3600;  // notBefore an hour back, as client-go's certutil does

api::Error OpenSslError(std::string_view what) {
  std::string message(what);
  if (const unsigned long code = ERR_get_error(); code != 0) {
    char text[256];
    ERR_error_string_n(code, text, sizeof(text));
    message += ": ";
    message += text;
  }
  ERR_clear_error();
  return api::NewInternalError(message);
}

bool IsIpAddress(const std::string& host) {
  unsigned char buffer[sizeof(in6_addr)];
  return inet_pton(AF_INET, host.c_str(), buffer) == 1 ||
         inet_pton(AF_INET6, host.c_str(), buffer) == 1;
}

bool AddExtension(X509* cert, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX context;
  X509V3_set_ctx_nodb(&context);
  X509V3_set_ctx(&context, issuer, cert, nullptr, nullptr, 0);
  ExtensionPtr extension(X509V3_EXT_conf_nid(nullptr, &context, nid, value.c_str()));
  return extension && X509_add_ext(cert, extension.get(), -1) == 1;
}

// A certificate for `key` named `common_name`, with a random serial and the given lifetime.
X509Ptr NewCertificate(EVP_PKEY* key, const char* common_name, long validity_seconds) {
  X509Ptr cert(X509_new());
  if (!cert || X509_set_version(cert.get(), X509_VERSION_3) != 1) return nullptr;
  unsigned char serial[16];
  if (RAND_bytes(serial, sizeof(serial)) != 1) return nullptr;
  serial[0] &= 0x7F;  // positive
  OpenSslPtr<BIGNUM, BN_free> number(BN_bin2bn(serial, sizeof(serial), nullptr));
  if (!number || BN_to_ASN1_INTEGER(number.get(), X509_get_serialNumber(cert.get())) == nullptr ||
      X509_gmtime_adj(X509_getm_notBefore(cert.get()), -kClockSkewSeconds) == nullptr ||
      X509_gmtime_adj(X509_getm_notAfter(cert.get()), validity_seconds) == nullptr ||
      X509_set_pubkey(cert.get(), key) != 1) {
    return nullptr;
  }
  X509_NAME* name = X509_get_subject_name(cert.get());
  if (X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                                 reinterpret_cast<const unsigned char*>(common_name), -1, -1,
                                 0) != 1) {
    return nullptr;
  }
  return cert;
}

std::optional<std::string> ToPem(auto write) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || write(bio.get()) != 1) return std::nullopt;
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(size));
}

}  // namespace

Result<ServingCertificates> GenerateServingCertificates(const std::vector<std::string>& hosts) {
  if (hosts.empty()) return Fail(api::NewBadRequest("serving certificate needs at least one host"));
  KeyPtr ca_key(EVP_EC_gen("P-256"));
  KeyPtr key(EVP_EC_gen("P-256"));
  if (!ca_key || !key) return Fail(OpenSslError("generating ECDSA P-256 keys"));

  X509Ptr ca = NewCertificate(ca_key.get(), "kubefake-ca", kCaValiditySeconds);
  if (!ca || X509_set_issuer_name(ca.get(), X509_get_subject_name(ca.get())) != 1 ||
      !AddExtension(ca.get(), ca.get(), NID_basic_constraints, "critical,CA:TRUE") ||
      !AddExtension(ca.get(), ca.get(), NID_key_usage,
                    "critical,digitalSignature,keyEncipherment,keyCertSign") ||
      !AddExtension(ca.get(), ca.get(), NID_subject_key_identifier, "hash") ||
      X509_sign(ca.get(), ca_key.get(), EVP_sha256()) == 0) {
    return Fail(OpenSslError("creating the CA certificate"));
  }

  std::string alt_names;
  for (const std::string& host : hosts) {
    if (!alt_names.empty()) alt_names += ',';
    alt_names += (IsIpAddress(host) ? "IP:" : "DNS:") + host;
  }
  X509Ptr cert = NewCertificate(key.get(), "kubefake", kServingValiditySeconds);
  if (!cert || X509_set_issuer_name(cert.get(), X509_get_subject_name(ca.get())) != 1 ||
      !AddExtension(cert.get(), ca.get(), NID_basic_constraints, "critical,CA:FALSE") ||
      !AddExtension(cert.get(), ca.get(), NID_key_usage,
                    "critical,digitalSignature,keyEncipherment") ||
      !AddExtension(cert.get(), ca.get(), NID_ext_key_usage, "serverAuth") ||
      !AddExtension(cert.get(), ca.get(), NID_authority_key_identifier, "keyid:always") ||
      !AddExtension(cert.get(), ca.get(), NID_subject_alt_name, alt_names) ||
      X509_sign(cert.get(), ca_key.get(), EVP_sha256()) == 0) {
    return Fail(OpenSslError("creating the serving certificate"));
  }

  std::optional<std::string> ca_pem =
      ToPem([&](BIO* bio) { return PEM_write_bio_X509(bio, ca.get()); });
  std::optional<std::string> cert_pem =
      ToPem([&](BIO* bio) { return PEM_write_bio_X509(bio, cert.get()); });
  std::optional<std::string> key_pem = ToPem([&](BIO* bio) {
    return PEM_write_bio_PrivateKey(bio, key.get(), nullptr, nullptr, 0, nullptr, nullptr);
  });
  if (!ca_pem || !cert_pem || !key_pem) return Fail(OpenSslError("encoding PEM"));
  return ServingCertificates{std::move(*ca_pem), std::move(*cert_pem), std::move(*key_pem)};
}

}  // namespace kubefake::fakeserver
