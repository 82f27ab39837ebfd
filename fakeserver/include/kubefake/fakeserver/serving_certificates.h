// Serving certificates for the HTTPS front end: a fresh self-signed CA and a server
// certificate it signs, as `kubefake serve --tls` needs (what kube-apiserver generates for
// itself with --cert-dir when given no certificate). Thread-safe.
#pragma once

#include <string>
#include <vector>

#include "kubefake/api/result.h"

namespace kubefake::fakeserver {

struct ServingCertificates {
  std::string ca_certificate_pem;  // the CA clients trust (a kubeconfig's certificate-authority)
  std::string certificate_pem;     // the serving certificate, signed by the CA
  std::string private_key_pem;     // its private key (PKCS#8)
};

// A fresh ECDSA P-256 CA (valid 10 years) and a serving certificate it signs with SHA-256
// (valid 1 year, extendedKeyUsage serverAuth) whose subjectAltNames are `hosts`: entries that
// parse as IPv4 or IPv6 addresses become IP SANs, the rest DNS SANs.
// Errors: BadRequest when `hosts` is empty; InternalError when OpenSSL fails.
Result<ServingCertificates> GenerateServingCertificates(const std::vector<std::string>& hosts);

}  // namespace kubefake::fakeserver
