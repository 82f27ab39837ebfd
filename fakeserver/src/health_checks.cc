// The health endpoints' check lists and their plain-text output.
#include "health_checks.h"

#include <algorithm>
#include <set>
#include <span>
#include <string>

#include "kubefake/api/go_quote.h"

namespace kubefake::fakeserver {
namespace {

constexpr std::string_view kLiveChecks[] = {
    "ping",
    "log",
    "etcd",
    "poststarthook/start-apiserver-admission-initializer",
    "poststarthook/generic-apiserver-start-informers",
    "poststarthook/start-apiextensions-informers",
    "poststarthook/start-apiextensions-controllers",
    "poststarthook/crd-informer-synced",
    "poststarthook/bootstrap-controller",
    "poststarthook/rbac/bootstrap-roles",
    "poststarthook/scheduling/bootstrap-system-priority-classes",
    "poststarthook/start-cluster-authentication-info-controller",
    "poststarthook/start-kube-aggregator-informers",
    "poststarthook/apiservice-registration-controller",
    "poststarthook/apiservice-status-available-controller",
    "poststarthook/kube-apiserver-autoregistration",
    "autoregister-completion",
    "poststarthook/apiservice-openapi-controller",
};

constexpr std::string_view kReadyChecks[] = {
    "ping",
    "log",
    "etcd",
    "etcd-readiness",
    "informer-sync",
    "poststarthook/start-apiserver-admission-initializer",
    "poststarthook/generic-apiserver-start-informers",
    "poststarthook/start-apiextensions-informers",
    "poststarthook/start-apiextensions-controllers",
    "poststarthook/crd-informer-synced",
    "poststarthook/bootstrap-controller",
    "poststarthook/rbac/bootstrap-roles",
    "poststarthook/scheduling/bootstrap-system-priority-classes",
    "poststarthook/start-cluster-authentication-info-controller",
    "poststarthook/start-kube-aggregator-informers",
    "poststarthook/apiservice-registration-controller",
    "poststarthook/apiservice-status-available-controller",
    "poststarthook/kube-apiserver-autoregistration",
    "autoregister-completion",
    "poststarthook/apiservice-openapi-controller",
    "shutdown",
};

std::span<const std::string_view> ChecksOf(std::string_view endpoint) {
  if (endpoint == "readyz") return kReadyChecks;
  return kLiveChecks;
}

Response PlainText(std::string body) {
  Response response;
  response.headers.Set("Content-Type", "text/plain; charset=utf-8");
  response.headers.Set("X-Content-Type-Options", "nosniff");
  response.body = std::move(body);
  return response;
}

}  // namespace

bool IsHealthEndpoint(std::string_view endpoint) {
  return endpoint == "healthz" || endpoint == "livez" || endpoint == "readyz";
}

Result<Response> HandleHealthCheck(const Request& request, std::string_view endpoint,
                                   std::string_view check) {
  const std::span<const std::string_view> checks = ChecksOf(endpoint);
  if (!check.empty()) {
    if (std::ranges::find(checks, check) == checks.end()) return Fail(api::NewRouteNotFound());
    return PlainText("ok");
  }
  if (request.query.find("verbose") == request.query.end()) return PlainText("ok");

  std::set<std::string, std::less<>> excluded;
  auto [first, last] = request.query.equal_range("exclude");
  for (auto it = first; it != last; ++it) excluded.insert(it->second);
  std::string body;
  for (std::string_view name : checks) {
    if (auto it = excluded.find(name); it != excluded.end()) {
      excluded.erase(it);
      body.append("[+]").append(name).append(" excluded: ok\n");
      continue;
    }
    body.append("[+]").append(name).append(" ok\n");
  }
  if (!excluded.empty()) {
    body += "warn: some health checks cannot be excluded: no matches for ";
    bool first_name = true;
    for (const std::string& name : excluded) {
      if (!first_name) body += ", ";
      first_name = false;
      body += api::GoQuote(name);
    }
    body += "\n";
  }
  body.append(endpoint).append(" check passed\n");
  return PlainText(std::move(body));
}

}  // namespace kubefake::fakeserver
