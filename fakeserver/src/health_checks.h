// Health endpoints: /healthz, /livez and /readyz with ?verbose and ?exclude=, and one check
// at /<endpoint>/<check>, as k8s.io/apiserver pkg/server/healthz serves them (R9.4).
// Pure functions; thread-safe.
//
// Fidelity:
//   Emulated:  `ok` as text/plain; charset=utf-8 with X-Content-Type-Options: nosniff;
//              ?verbose lists `[+]<check> ok` lines then `<endpoint> check passed`; an excluded
//              check shows as `[+]<check> excluded: ok`, and excluding a check that does not
//              exist adds `warn: some health checks cannot be excluded: no matches for "<x>"`;
//              a single check answers `ok`; an unknown one 404s. The check names are those of a
//              kube-apiserver (ping, log, etcd, the post-start hooks; readyz adds
//              etcd-readiness, informer-sync and shutdown).
//   Differs:   every check always passes: the fake has no etcd or controllers that could fail.
#pragma once

#include <string_view>

#include "kubefake/api/result.h"
#include "kubefake/fakeserver/request.h"

namespace kubefake::fakeserver {

// True for "healthz", "livez" and "readyz".
bool IsHealthEndpoint(std::string_view endpoint);

// Serves `/<endpoint>` (check "") or `/<endpoint>/<check>`. Errors: NotFound for an unknown
// check.
Result<Response> HandleHealthCheck(const Request& request, std::string_view endpoint,
                                   std::string_view check);

}  // namespace kubefake::fakeserver
