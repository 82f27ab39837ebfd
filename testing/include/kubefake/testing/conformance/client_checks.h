// Client conformance checks (`kubefake conformance client -- COMMAND`): does a Kubernetes client
// survive what real apiservers do? Each situation serves a fresh kubefake over loopback HTTP,
// starts COMMAND with KUBECONFIG pointing at it, plays the situation (the watch is closed, the
// resume answers 410, list pages expire, 429 with Retry-After, 500s, a conflict on update, a
// stalled server), then judges the client from the requests it made and from its cache.
// Thread-hostile: one run at a time per process.
//
// The client under test watches configmaps (core v1) in the namespace named by the environment:
//   KUBECONFIG                        the served kubefake (plain HTTP on 127.0.0.1)
//   KUBEFAKE_CONFORMANCE_NAMESPACE    the namespace to list and watch
//   KUBEFAKE_CONFORMANCE_RESOURCE     the resource: "configmaps" (core group, version v1)
//
// Line protocol (optional; one line each, '\n'-terminated, on the client's stdout and stdin):
//   client -> `WRITER`        optional, before READY: the client accepts UPDATE commands.
//   client -> `READY`         once its cache has synced for the first time.
//   harness -> `DUMP`         the client answers `KEYS <n>`, then n lines
//                             `<namespace>/<name> <resourceVersion>` (its cache, any order),
//                             then `END`.
//   harness -> `UPDATE <namespace>/<name>`  (WRITER clients only) the client updates that object
//                             from its latest state (PUT with its resourceVersion, any change),
//                             retrying on 409 Conflict as client-go's RetryOnConflict does, and
//                             answers `UPDATED` or `UPDATE-FAILED <message>`.
// Other stdout lines are ignored. A client that never prints READY gets the checks judged from
// its requests only; its cache checks are SKIP (it is deemed silent once it has watched for
// 3 s without READY), and so is the conflict check for a client that does not print WRITER.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "kubefake/api/result.h"
#include "kubefake/testing/conformance/report.h"

namespace kubefake::testkit::conformance {

struct ClientCheckOptions {
  // The client under test and its arguments.
  std::vector<std::string> command;
  // ECMAScript regular expression searched in each situation's id and name ("watch-resume:
  // ..."); empty runs them all.
  std::string focus;
  // How long each wait of a situation may take (the client's sync, its next request, its cache
  // converging).
  std::chrono::seconds timeout{30};
};

// The situations' ids, in the order they run: watch-resume, watch-expired, list-expired,
// retry-after, server-errors, update-conflict, server-stall.
std::vector<std::string> ClientSituationIds();

// Plays every situation `options.focus` selects against the client; adds two results per
// situation to `report` (area "client": what the client did, and "client-cache": whether its
// cache converged to the server's state). Errors: BadRequest for an empty command or a bad focus
// expression; a client that cannot be started or a server that cannot be served fails the
// situation instead.
Result<void> RunClientChecks(const ClientCheckOptions& options, Report& report);

}  // namespace kubefake::testkit::conformance
