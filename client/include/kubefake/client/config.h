// Config: how to reach and authenticate to an apiserver, client-go's rest.Config. Built by hand,
// from a kubeconfig (kubeconfig.h) or from a pod's service account (InClusterConfig).
// Value type; thread-compatible (the shared members are thread-safe themselves).
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "kubefake/api/clock.h"
#include "kubefake/api/group_version.h"
#include "kubefake/client/exec_credential.h"

namespace kubefake::client {

class Transport;

// rest.TLSClientConfig: files and inline PEM data; data wins over a file when both are set.
struct TlsClientConfig {
  bool insecure = false;    // skip verifying the server's certificate
  std::string server_name;  // the name to verify (and send as SNI) instead of the host's
  std::string cert_file;    // client certificate (PEM)
  std::string key_file;     // client key (PEM)
  std::string ca_file;      // the CA bundle to trust (PEM)
  std::string cert_data;
  std::string key_data;
  std::string ca_data;
};

// Called with each Warning header of a response (RFC 7234 code 299): the code, the agent and the
// text, as client-go's rest.WarningHandler. Called on the thread that made the request.
using WarningHandler = std::function<void(int code, std::string_view agent, std::string_view text)>;

struct Config {
  // "https://10.0.0.1:6443", "http://127.0.0.1:8080", or a bare "host:port" (https assumed).
  std::string host;
  // The prefix before the group-version: "/api" for the core group, "/apis" for the others.
  // RESTClientFor requires it and group_version; the dynamic and discovery clients do not.
  std::string api_path;
  std::optional<api::GroupVersion> group_version;

  // Authentication: a bearer token, or a file holding one (re-read on every request, so a
  // rotated token is picked up; when readable it wins over bearer_token, as in client-go), or an
  // exec credential plugin.
  std::string bearer_token;
  std::string bearer_token_file;
  // Runs the kubeconfig's exec plugin and caches its credential; shared by copies of the config.
  std::shared_ptr<ExecCredentialProvider> exec_provider;

  TlsClientConfig tls;

  // client-go's default when empty: "kubefake/v0.1.0 (linux/amd64) kubernetes/unknown".
  std::string user_agent;
  // The wire format of request bodies (client-go's ContentConfig.ContentType): "" or
  // "application/json" (the default), or kProtobufMediaType ("application/vnd.kubernetes.
  // protobuf"), which built-in kinds support and custom resources do not. RESTClientFor
  // rejects any other value. The dynamic and discovery clients always use JSON.
  std::string content_type;
  // The Accept header (client-go's AcceptContentTypes); "" means content_type's type, or JSON.
  // With protobuf, "application/vnd.kubernetes.protobuf,application/json" lets the server
  // answer JSON where it has no protobuf form.
  std::string accept_content_types;
  // Client-side rate limiting, a token bucket as client-go's: qps tokens a second up to burst.
  // 0 means client-go's defaults (5 and 10); qps < 0 turns limiting off.
  float qps = 0;
  int burst = 0;
  // The whole request's deadline; 0 for none. Watches are bounded by timeoutSeconds instead.
  std::chrono::nanoseconds timeout{0};
  // Retries of a request answered 429 or 5xx with a Retry-After header (client-go's 10).
  int max_retries = 10;
  // nullptr: warnings are dropped.
  WarningHandler warning_handler;

  // The clock rate limiting and Retry-After waits use; nullptr: a RealClock.
  std::shared_ptr<api::Clock> clock;
  // The transport to use instead of an HttpTransport built from this config (for example
  // testkit::InProcessTransport).
  std::shared_ptr<Transport> transport;
};

// `config` with JSON as the content type and the only accepted type, as client-go's
// dynamic.ConfigFor makes it for clients of unstructured objects (dynamic, discovery).
Config JsonConfigFor(Config config);

// client-go's DefaultKubernetesUserAgent shape for this library.
std::string DefaultUserAgent();

}  // namespace kubefake::client
