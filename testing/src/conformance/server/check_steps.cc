// The steps of server checks, and the catalog that gathers every area's checks.
#include "check_steps.h"

#include <algorithm>
#include <charconv>

namespace kubefake::testkit::conformance {

std::string Describe(const client::RestResult& result) {
  if (const api::Error* error = result.error()) {
    std::string text = std::to_string(error->code());
    if (!error->reason_string().empty()) text += " " + error->reason_string();
    return text + ": " + error->message();
  }
  return std::to_string(result.status_code());
}

nlohmann::json ConfigMap(std::string_view name, const nlohmann::json& data,
                         const nlohmann::json& labels) {
  nlohmann::json object = {
      {"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"metadata", {{"name", name}}}, {"data", data}};
  if (!labels.empty()) object["metadata"]["labels"] = labels;
  return object;
}

// A Deployment of no replicas whose pods, should it get any, fit no node.
nlohmann::json IdleDeployment(std::string_view name) {
  const nlohmann::json labels = {{"app", name}};
  const nlohmann::json container = {{"name", "main"}, {"image", "registry.k8s.io/pause:3.10"}};
  const nlohmann::json pod_spec = {{"nodeSelector", {{"kubefake.io/conformance", "no-such-node"}}},
                                   {"containers", nlohmann::json::array({container})}};
  return {{"apiVersion", "apps/v1"},
          {"kind", "Deployment"},
          {"metadata", {{"name", name}}},
          {"spec",
           {{"replicas", 0},
            {"selector", {{"matchLabels", labels}}},
            {"template", {{"metadata", {{"labels", labels}}}, {"spec", pod_spec}}}}}};
}

std::string DeploymentsPath(const CheckContext& context) {
  return "/apis/apps/v1/namespaces/" + context.Namespace() + "/deployments";
}

Step<nlohmann::json> Expect(const client::RestResult& result, int code, std::string_view what) {
  if (result.status_code() != code || result.error()) {
    return std::unexpected(
        Failed(std::string(what) + " answers " + std::to_string(code), Describe(result)));
  }
  Result<nlohmann::json> json = result.Json();
  if (!json)
    return std::unexpected(Failed(std::string(what) + " answers JSON", json.error().message()));
  return *json;
}

std::optional<Verdict> ExpectError(const client::RestResult& result, int code,
                                   std::string_view reason, std::string_view message) {
  const api::Error* error = result.error();
  if (error && error->code() == code && error->reason_string() == reason &&
      (message.empty() || error->message() == message)) {
    return std::nullopt;
  }
  std::string expected = std::to_string(code) + " " + std::string(reason);
  if (!message.empty()) expected += ": " + std::string(message);
  return Failed(expected, Describe(result));
}

Step<nlohmann::json> ExpectMergePatch(const CheckContext& context, const std::string& path,
                                      std::string patch, std::string_view what) {
  return Expect(
      context.Rest().Patch(client::PatchType::kMerge).AbsPath(path).Body(std::move(patch)).Do(),
      200, what);
}

bool Gone(const CheckContext& context, const std::string& path) {
  client::RestResult result = context.Rest().Get().AbsPath(path).Do();
  return result.error() && api::IsNotFound(*result.error());
}

void DropFinalizers(const CheckContext& context, const std::string& path) {
  (void)ExpectMergePatch(context, path, R"({"metadata":{"finalizers":null}})", "");
}

Step<nlohmann::json> CreateIn(CheckContext& context, std::string_view resource,
                              const nlohmann::json& object) {
  return Expect(context.Rest().Post().AbsPath(context.CorePath(resource)).Body(object).Do(), 201,
                "POST " + std::string(resource));
}

client::RestRequest WatchRequest(const CheckContext& context, std::string_view path,
                                 const std::vector<std::pair<std::string, std::string>>& params) {
  const auto left = std::chrono::duration_cast<std::chrono::seconds>(
      context.Deadline() - std::chrono::steady_clock::now());
  client::RestRequest request = context.Rest().Get().AbsPath(path);
  request.Param("timeoutSeconds", std::to_string(std::max<int64_t>(1, left.count())));
  for (const auto& [name, value] : params) request.Param(name, value);
  return request;
}

Step<client::WatchEvent> ExpectEvent(client::Watcher& watcher, std::string_view type,
                                     std::string_view what) {
  const std::string expected = std::string(type) + " event " + std::string(what);
  Result<std::optional<client::WatchEvent>> event = watcher.Next();
  if (!event) return std::unexpected(Failed(expected, "watch error: " + event.error().message()));
  if (!*event) return std::unexpected(Failed(expected, "the end of the watch"));
  if ((*event)->type != type) {
    return std::unexpected(Failed(expected, (*event)->type + " event of " +
                                                Meta((*event)->object, "name") + " at RV " +
                                                Meta((*event)->object, "resourceVersion")));
  }
  return std::move(**event);
}

std::string Meta(const nlohmann::json& object, std::string_view field) {
  const auto metadata = object.find("metadata");
  if (metadata == object.end() || !metadata->is_object()) return "";
  const auto value = metadata->find(field);
  if (value == metadata->end()) return "";
  return value->is_string() ? value->get<std::string>() : value->dump();
}

uint64_t RvNumber(const nlohmann::json& object) {
  const std::string rv = Meta(object, "resourceVersion");
  uint64_t number = 0;
  std::from_chars(rv.data(), rv.data() + rv.size(), number);
  return number;
}

std::vector<ServerCheck> ServerChecks() {
  std::vector<ServerCheck> checks;
  for (auto* area :
       {LifecycleChecks, ConcurrencyChecks, SelectorChecks, PagingChecks, WatchChecks, PatchChecks,
        ApplyChecks, DryRunChecks, FieldValidationChecks, SubresourceChecks, DeletionChecks,
        NamespaceChecks, CrdChecks, DiscoveryChecks, TableChecks, ErrorChecks}) {
    std::vector<ServerCheck> more = area();
    checks.insert(checks.end(), std::make_move_iterator(more.begin()),
                  std::make_move_iterator(more.end()));
  }
  return checks;
}

}  // namespace kubefake::testkit::conformance
