// `kubefake conformance client [--junit PATH] [--focus REGEX] [--timeout SECONDS] -- COMMAND
// [ARGS...]`: plays the client conformance situations (kubefake/testing/conformance/
// client_checks.h) at COMMAND and reports each check.
#pragma once

namespace CLI {
class App;
}

namespace kubefake::cli {

// Adds the `client` subcommand to the `conformance` parent; running it prints a progress line
// per check and the summary, and exits 0 only when no check failed (2 on a usage error).
void AddConformanceClientCommand(CLI::App& conformance);

}  // namespace kubefake::cli
