// RunServerChecks: each selected check in a fresh namespace, on a thread of its own so that its
// deadline holds, then its clean-ups and the namespace's deletion.
#include <exception>
#include <future>
#include <optional>
#include <regex>
#include <thread>

#include "check_steps.h"
#include "kubefake/testing/conformance/server_checks.h"

namespace kubefake::testkit::conformance {
namespace {

constexpr std::string_view kNamespacePrefix = "kubefake-conformance-";

Result<std::optional<std::regex>> CompileFilter(std::string_view option,
                                                const std::string& pattern) {
  if (pattern.empty()) return std::nullopt;
  try {
    return std::regex(pattern, std::regex::ECMAScript);
  } catch (const std::regex_error& error) {
    return Fail(api::NewBadRequest(std::string(option) + ": invalid regular expression \"" +
                                   pattern + "\": " + error.what()));
  }
}

// The check's config: each request bounded by the check's timeout, and client-side rate
// limiting loose enough not to dominate a run (client-go's default is 5 qps).
client::Config CheckConfig(client::Config config, std::chrono::milliseconds timeout) {
  config.timeout = timeout;
  if (config.qps == 0) {
    config.qps = 50;
    config.burst = 100;
  }
  return config;
}

// Runs the body on its own thread and waits for it until the deadline; a body still running
// then is cancelled (its watches stopped, its waits ended) and joined.
Verdict RunBody(const ServerCheck& check, const std::shared_ptr<CheckContext>& context,
                std::chrono::milliseconds timeout) {
  std::promise<Verdict> promise;
  std::future<Verdict> verdict = promise.get_future();
  std::thread runner([&check, context, promise = std::move(promise)]() mutable {
    try {
      promise.set_value(check.body(*context));
    } catch (const std::exception& error) {  // e.g. an answer whose JSON lacks a field
      promise.set_value(Failed("an answer the check could read", error.what()));
    }
  });
  if (verdict.wait_until(context->Deadline()) == std::future_status::ready) {
    runner.join();
    return verdict.get();
  }
  context->Cancel();
  runner.join();
  return {Outcome::kFail, "timed out after " + std::to_string(timeout.count()) + " ms"};
}

Verdict RunCheck(const ServerTarget& target, const client::RESTClient& admin,
                 const ServerCheck& check, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  const nlohmann::json ns = {{"apiVersion", "v1"},
                             {"kind", "Namespace"},
                             {"metadata", {{"generateName", kNamespacePrefix}}}};
  client::RestResult created = admin.Post().AbsPath("/api/v1/namespaces").Body(ns).Do();
  Result<nlohmann::json> namespace_object = created.Json();
  if (!namespace_object) return Failed("the check's namespace created", Describe(created));
  const std::string name = (*namespace_object)["metadata"]["name"].get<std::string>();

  Verdict verdict;
  Result<std::unique_ptr<CheckContext>> context =
      CheckContext::New(CheckConfig(target.config, timeout), name, deadline, target.compact);
  if (context) {
    std::shared_ptr<CheckContext> shared = std::move(*context);
    verdict = RunBody(check, shared, timeout);
    shared->RunCleanups();
  } else {
    verdict = Failed("a client for the server", context.error().message());
  }
  client::RestResult deleted = admin.Delete().AbsPath("/api/v1/namespaces/" + name).Do();
  if (deleted.error() && !api::IsNotFound(*deleted.error()) && verdict.outcome != Outcome::kFail) {
    return Failed("namespace " + name + " deleted", Describe(deleted));
  }
  return verdict;
}

}  // namespace

Result<void> RunServerChecks(const ServerTarget& target, const std::vector<ServerCheck>& checks,
                             const ServerRunOptions& options, Report& report) {
  Result<std::optional<std::regex>> focus = CompileFilter("--focus", options.focus);
  if (!focus) return Fail(focus.error());
  Result<std::optional<std::regex>> skip = CompileFilter("--skip", options.skip);
  if (!skip) return Fail(skip.error());
  Result<std::unique_ptr<client::RESTClient>> admin = client::UnversionedRESTClientFor(
      CheckConfig(client::JsonConfigFor(target.config), options.timeout));
  if (!admin) return Fail(admin.error());

  for (const ServerCheck& check : checks) {
    const std::string key = check.area + "/" + check.name;
    if (*focus && !std::regex_search(key, **focus)) continue;
    if (*skip && std::regex_search(key, **skip)) continue;
    const auto start = std::chrono::steady_clock::now();
    Verdict verdict = RunCheck(target, **admin, check, options.timeout);
    report.Add({.area = check.area,
                .name = check.name,
                .rule = check.rule,
                .outcome = verdict.outcome,
                .detail = std::move(verdict.detail),
                .duration = std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::steady_clock::now() - start)});
  }
  return {};
}

}  // namespace kubefake::testkit::conformance
