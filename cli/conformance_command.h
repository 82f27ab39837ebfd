// `kubefake conformance server`: runs the server conformance catalog against a cluster named by
// a kubeconfig, or against an embedded kubefake served over loopback HTTP.
#pragma once

namespace CLI {
class App;
}

namespace kubefake::cli {

// Adds `server` and its flags under the `conformance` subcommand; running it prints a progress
// line per check and the summary, and exits 0 only when no check failed (1 otherwise, 2 when it
// could not run).
void AddConformanceServerCommand(CLI::App& conformance);

}  // namespace kubefake::cli
