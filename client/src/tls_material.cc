// TlsMaterial: PEM loading with OpenSSL's BIO readers.
#include "tls_material.h"

#include <openssl/err.h>
#include <openssl/pem.h>

#include <fstream>
#include <sstream>

namespace kubefake::client {
namespace {

// Inline data wins over the file, as client-go's TLS config does.
Result<std::string> DataOrFile(const std::string& data, const std::string& file, const char* what) {
  if (!data.empty() || file.empty()) return data;
  std::ifstream in(file, std::ios::binary);
  if (!in) return Fail(api::NewBadRequest(std::string("unable to read ") + what + " file " + file));
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

BIO* Bio(const std::string& pem) {
  return BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
}

}  // namespace

Result<TlsMaterial> TlsMaterial::Load(const TlsClientConfig& tls) {
  TlsMaterial material;
  auto ca = DataOrFile(tls.ca_data, tls.ca_file, "certificate-authority");
  if (!ca) return Fail(ca.error());
  auto cert = DataOrFile(tls.cert_data, tls.cert_file, "client-certificate");
  if (!cert) return Fail(cert.error());
  auto key = DataOrFile(tls.key_data, tls.key_file, "client-key");
  if (!key) return Fail(key.error());
  material.ca_pem = std::move(*ca);
  material.cert_pem = std::move(*cert);
  material.key_pem = std::move(*key);
  if (!material.ca_pem.empty()) {
    X509_STORE* store = material.NewCaStore();
    if (store == nullptr) {
      return Fail(api::NewBadRequest("unable to load root certificates: no certificates found"));
    }
    X509_STORE_free(store);
  }
  if (material.cert_pem.empty() != material.key_pem.empty()) {
    return Fail(api::NewBadRequest("tls: client certificate and client key must be set together"));
  }
  if (!material.cert_pem.empty()) {
    X509* x509 = material.NewCertificate();
    EVP_PKEY* pkey = material.NewKey();
    const bool ok = x509 != nullptr && pkey != nullptr;
    X509_free(x509);
    EVP_PKEY_free(pkey);
    if (!ok) return Fail(api::NewBadRequest("tls: failed to parse client certificate or key PEM"));
  }
  return material;
}

X509_STORE* TlsMaterial::NewCaStore() const {
  if (ca_pem.empty()) return nullptr;
  X509_STORE* store = X509_STORE_new();
  BIO* bio = Bio(ca_pem);
  int count = 0;
  while (X509* cert = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr)) {
    X509_STORE_add_cert(store, cert);
    X509_free(cert);
    ++count;
  }
  BIO_free(bio);
  ERR_clear_error();  // the end of the bundle reads as an error
  if (count == 0) {
    X509_STORE_free(store);
    return nullptr;
  }
  return store;
}

X509* TlsMaterial::NewCertificate() const {
  if (cert_pem.empty()) return nullptr;
  BIO* bio = Bio(cert_pem);
  X509* cert = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  ERR_clear_error();
  return cert;
}

EVP_PKEY* TlsMaterial::NewKey() const {
  if (key_pem.empty()) return nullptr;
  BIO* bio = Bio(key_pem);
  EVP_PKEY* key = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  ERR_clear_error();
  return key;
}

}  // namespace kubefake::client
