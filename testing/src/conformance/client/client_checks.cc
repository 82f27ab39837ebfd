// RunClientChecks: for each selected situation a fresh server, the faults, the client process,
// the situation's verdict, then the cache check; two results per situation.
#include "kubefake/testing/conformance/client_checks.h"

#include <regex>
#include <thread>

#include "client_process.h"
#include "client_situations.h"
#include "kubefake/api/error.h"
#include "situation_context.h"
#include "situation_server.h"

namespace kubefake::testkit::conformance {
namespace {

using SteadyClock = std::chrono::steady_clock;
using Cache = std::map<std::string, std::string>;

// "missing a/b (rv 7); extra a/c; stale a/d: 5, server 9", at most a few of each.
std::string CacheDiff(const Cache& client, const Cache& server) {
  std::vector<std::string> lines;
  for (const auto& [key, rv] : server) {
    auto it = client.find(key);
    if (it == client.end()) {
      lines.push_back("missing " + key + " (resourceVersion " + rv + ")");
    } else if (it->second != rv) {
      lines.push_back("stale " + key + ": resourceVersion " + it->second + ", server " + rv);
    }
  }
  for (const auto& [key, rv] : client) {
    if (!server.contains(key)) lines.push_back("extra " + key + " (resourceVersion " + rv + ")");
  }
  std::string out = "the client's cache has " + std::to_string(client.size()) +
                    " objects, the server " + std::to_string(server.size());
  for (size_t i = 0; i < lines.size() && i < 5; ++i) out += "\n" + lines[i];
  if (lines.size() > 5) out += "\n... " + std::to_string(lines.size() - 5) + " more";
  return out;
}

// Asks for the client's cache until it equals the server's state or the timeout passes.
Verdict CacheConverges(SituationContext& context) {
  if (context.protocol().speaks != ClientProtocol::Speaks::kYes) {
    return {Outcome::kSkip, "the client does not speak the line protocol (no READY)"};
  }
  const SteadyClock::time_point deadline = context.Deadline();
  while (true) {
    auto server = context.server().State();
    if (!server) return {Outcome::kFail, "reading the server's state: " + server.error().message()};
    auto cache = context.Dump();
    if (!cache) return {Outcome::kFail, cache.error().message()};
    if (*cache == *server) return {};
    if (SteadyClock::now() >= deadline) return {Outcome::kFail, CacheDiff(*cache, *server)};
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

std::chrono::milliseconds Since(SteadyClock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now() - start);
}

// Both results of one situation: what the client did, and its cache.
std::pair<Verdict, Verdict> Play(const ClientSituation& situation,
                                 const ClientCheckOptions& options, ClientProtocol& protocol) {
  const Verdict skipped{Outcome::kSkip, "the situation could not be played"};
  auto server = SituationServer::New(situation.seeded);
  if (!server) {
    return {{Outcome::kFail, "serving kubefake: " + server.error().message()}, skipped};
  }
  auto prepared = situation.prepare(**server);
  if (!prepared) {
    return {{Outcome::kFail, "installing the faults: " + prepared.error().message()}, skipped};
  }
  auto client = ClientProcess::Start(options.command,
                                     {{"KUBECONFIG", (*server)->KubeconfigPath().string()},
                                      {"KUBEFAKE_CONFORMANCE_NAMESPACE", kConformanceNamespace},
                                      {"KUBEFAKE_CONFORMANCE_RESOURCE", kConformanceResource}});
  if (!client) return {{Outcome::kFail, client.error().message()}, skipped};
  SituationContext context(**server, **client, protocol, options.timeout, std::move(*prepared));
  Verdict verdict = situation.play(context);
  Verdict cache = CacheConverges(context);
  return {std::move(verdict), std::move(cache)};
}

}  // namespace

std::vector<std::string> ClientSituationIds() {
  std::vector<std::string> ids;
  for (const ClientSituation& situation : ClientSituations()) ids.push_back(situation.id);
  return ids;
}

Result<void> RunClientChecks(const ClientCheckOptions& options, Report& report) {
  if (options.command.empty()) {
    return Fail(api::NewBadRequest("no client command: give it after `--`"));
  }
  std::regex focus;
  try {
    focus = std::regex(options.focus.empty() ? "." : options.focus);
  } catch (const std::regex_error& e) {
    return Fail(
        api::NewBadRequest("invalid --focus expression \"" + options.focus + "\": " + e.what()));
  }
  ClientProtocol protocol;
  for (const ClientSituation& situation : ClientSituations()) {
    const std::string title = situation.id + ": " + situation.name;
    if (!std::regex_search(title, focus)) continue;
    const SteadyClock::time_point start = SteadyClock::now();
    auto [verdict, cache] = Play(situation, options, protocol);
    report.Add({"client", title, situation.rule, verdict.outcome, std::move(verdict.detail),
                Since(start)});
    report.Add({"client-cache", situation.id + ": the cache converges to the server's state", "",
                cache.outcome, std::move(cache.detail), std::chrono::milliseconds(0)});
  }
  return {};
}

}  // namespace kubefake::testkit::conformance
