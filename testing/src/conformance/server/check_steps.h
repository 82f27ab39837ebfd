// The steps server checks are written with: objects to create, requests whose answer must have
// a given code (the JSON, or the FAIL verdict naming what was expected), and watch events.
// Stateless functions; each used by one check's thread.
#pragma once

#include <expected>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kubefake/client/rest_client.h"
#include "kubefake/client/watch.h"
#include "kubefake/testing/conformance/check_context.h"
#include "kubefake/testing/conformance/server_checks.h"

namespace kubefake::testkit::conformance {

// A step's value, or the verdict that ends the check.
template <typename T>
using Step = std::expected<T, Verdict>;

// "201", or "409 Conflict: <message>" for an error answer.
std::string Describe(const client::RestResult& result);

// A v1 ConfigMap named `name` with `data` and `labels`.
nlohmann::json ConfigMap(std::string_view name,
                         const nlohmann::json& data = nlohmann::json::object(),
                         const nlohmann::json& labels = nlohmann::json::object());

// An apps/v1 Deployment of no replicas whose pods, should it get any, fit no node.
nlohmann::json IdleDeployment(std::string_view name);
// "/apis/apps/v1/namespaces/<ns>/deployments".
std::string DeploymentsPath(const CheckContext& context);

// The answer's JSON when its status is `code`; otherwise FAIL `<what> answers <code>`.
Step<nlohmann::json> Expect(const client::RestResult& result, int code, std::string_view what);

// FAIL unless the answer is an error with `code` and `reason` and, when not empty, `message`.
std::optional<Verdict> ExpectError(const client::RestResult& result, int code,
                                   std::string_view reason, std::string_view message = "");

// A JSON merge patch of the object at `path` that must answer 200.
Step<nlohmann::json> ExpectMergePatch(const CheckContext& context, const std::string& path,
                                      std::string patch, std::string_view what);

// Whether GET `path` answers 404 NotFound.
bool Gone(const CheckContext& context, const std::string& path);

// Removes the finalizers of the object at `path`, so a failed check leaves nothing stuck.
void DropFinalizers(const CheckContext& context, const std::string& path);

// POSTs `object` to the check's namespaced `resource` (core v1) and expects 201.
Step<nlohmann::json> CreateIn(CheckContext& context, std::string_view resource,
                              const nlohmann::json& object);

// A watch request on `path` with `params`, bounded by the check's deadline (timeoutSeconds).
client::RestRequest WatchRequest(const CheckContext& context, std::string_view path,
                                 const std::vector<std::pair<std::string, std::string>>& params);

// The next event of `watcher`, which must have `type`; FAIL otherwise.
Step<client::WatchEvent> ExpectEvent(client::Watcher& watcher, std::string_view type,
                                     std::string_view what);

// metadata.<field> of `object` as a string ("" when absent).
std::string Meta(const nlohmann::json& object, std::string_view field);

// The resourceVersion as a number (0 when it is not one).
uint64_t RvNumber(const nlohmann::json& object);

// Every check of one area, in order.
std::vector<ServerCheck> LifecycleChecks();
std::vector<ServerCheck> ConcurrencyChecks();
std::vector<ServerCheck> SelectorChecks();
std::vector<ServerCheck> PagingChecks();
std::vector<ServerCheck> WatchChecks();
std::vector<ServerCheck> PatchChecks();
std::vector<ServerCheck> ApplyChecks();
std::vector<ServerCheck> DryRunChecks();
std::vector<ServerCheck> FieldValidationChecks();
std::vector<ServerCheck> SubresourceChecks();
std::vector<ServerCheck> DeletionChecks();
std::vector<ServerCheck> NamespaceChecks();
std::vector<ServerCheck> CrdChecks();
std::vector<ServerCheck> DiscoveryChecks();
std::vector<ServerCheck> TableChecks();
std::vector<ServerCheck> ErrorChecks();

}  // namespace kubefake::testkit::conformance
