// TlsMaterial: the PEM a Config names (inline data, else read from its files), loaded once
// when a transport is built, and the OpenSSL objects cpp-httplib's SSLClient takes.
// Value type; thread-compatible.
#pragma once

#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <string>

#include "kubefake/api/result.h"
#include "kubefake/client/config.h"

namespace kubefake::client {

struct TlsMaterial {
  std::string ca_pem;    // empty: the system's trust store
  std::string cert_pem;  // empty: no client certificate
  std::string key_pem;

  // Errors: BadRequest naming an unreadable file, a CA bundle without a certificate, or a
  // client certificate without its key.
  static Result<TlsMaterial> Load(const TlsClientConfig& tls);

  // A new store holding every certificate of ca_pem; the caller owns it. nullptr when empty.
  X509_STORE* NewCaStore() const;
  // The client certificate and key; the caller frees them. nullptr when absent.
  X509* NewCertificate() const;
  EVP_PKEY* NewKey() const;
};

}  // namespace kubefake::client
