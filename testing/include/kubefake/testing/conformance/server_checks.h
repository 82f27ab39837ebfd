// The server conformance catalog (`kubefake conformance server`): checks of API semantics that
// run against any apiserver, an embedded kubefake or a real cluster, each naming the rule of
// api-semantics.md it verifies, and the runner that gives each a fresh namespace
// (generateName `kubefake-conformance-`), a deadline and its clean-up. Stateless functions;
// RunServerChecks uses one thread per running check and adds results from the caller's.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "kubefake/api/result.h"
#include "kubefake/client/config.h"
#include "kubefake/testing/conformance/check_context.h"
#include "kubefake/testing/conformance/report.h"

namespace kubefake::testkit::conformance {

struct ServerCheck {
  std::string area;  // "lifecycle", "watch", ...
  std::string name;  // what it verifies, one line
  std::string rule;  // "R2.2, R7.4"
  std::function<Verdict(CheckContext&)> body;
};

// Every check, grouped by area in a fixed order.
std::vector<ServerCheck> ServerChecks();

// The apiserver under test.
struct ServerTarget {
  client::Config config;
  // Compacts the server's history up to its current revision, so that older resourceVersions
  // and continue tokens answer 410; only an embedded kubefake can. Empty: checks that need it
  // skip unless the server already compacted the revision they ask for.
  std::function<void()> compact{};
};

struct ServerRunOptions {
  // ECMAScript regexes searched in "<area>/<name>": run a check when `focus` matches (or is
  // empty) and `skip` does not (or is empty).
  std::string focus{};
  std::string skip{};
  // The deadline of each check, clean-up excluded. A check still running then is a FAIL
  // `timed out after <N> ms`.
  std::chrono::milliseconds timeout{std::chrono::seconds(60)};
};

// Runs the checks `options` selects, in order, each in its own namespace that is deleted
// afterwards (with the check's deferred clean-ups), and adds one result per check to `report`.
// A check whose namespace cannot be created FAILs.
// Errors: BadRequest naming the option when focus or skip is not a valid regex.
Result<void> RunServerChecks(const ServerTarget& target, const std::vector<ServerCheck>& checks,
                             const ServerRunOptions& options, Report& report);

}  // namespace kubefake::testkit::conformance
