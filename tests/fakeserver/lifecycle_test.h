// The fixture of the cluster-behaviour tests (garbage collection, graceful deletion, namespace
// termination, subresources): builders for objects with owner references, finalizers and node
// bindings, a watch opener, and a restart with other controller options.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "engine_test.h"

namespace kubefake::fakeserver {

class LifecycleTest : public EngineTest {
 protected:
  // Replaces the engine with a fresh one on the same clock and door kind.
  void Restart(bool settle_after_writes, bool kubelet = true) {
    door_.reset();
    ApiServerOptions options = TestOptions(clock_);
    options.settle_after_writes = settle_after_writes;
    options.kubelet = kubelet;
    server_ = std::make_unique<ApiServer>(std::move(options));
    door_ = GetParam().make(*server_);
  }

  // An ownerReference to `owner` as controllers write them.
  static nlohmann::json OwnerRef(const nlohmann::json& owner, bool block_owner_deletion = true) {
    return {{"apiVersion", owner["apiVersion"]},
            {"kind", owner["kind"]},
            {"name", owner["metadata"]["name"]},
            {"uid", owner["metadata"]["uid"]},
            {"controller", true},
            {"blockOwnerDeletion", block_owner_deletion}};
  }

  static std::string ConfigMapPath(const std::string& ns, const std::string& name) {
    return "/api/v1/namespaces/" + ns + "/configmaps/" + name;
  }
  static std::string PodPath(const std::string& ns, const std::string& name) {
    return "/api/v1/namespaces/" + ns + "/pods/" + name;
  }

  // A ConfigMap with `owners` (an array of ownerReferences) and `finalizers`.
  nlohmann::json CreateOwnedConfigMap(const std::string& ns, const std::string& name,
                                      nlohmann::json owners,
                                      nlohmann::json finalizers = nlohmann::json::array()) {
    nlohmann::json metadata = {{"name", name}, {"finalizers", std::move(finalizers)}};
    if (!owners.empty()) metadata["ownerReferences"] = std::move(owners);
    return Expect(201, "POST", "/api/v1/namespaces/" + ns + "/configmaps",
                  {{"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"metadata", metadata}});
  }

  nlohmann::json CreateDeployment(const std::string& ns, const std::string& name) {
    return Expect(201, "POST", "/apis/apps/v1/namespaces/" + ns + "/deployments",
                  {{"apiVersion", "apps/v1"},
                   {"kind", "Deployment"},
                   {"metadata", {{"name", name}}},
                   {"spec", WorkloadSpec(3)}});
  }

  nlohmann::json CreateReplicaSet(const std::string& ns, const std::string& name,
                                  const nlohmann::json& owner) {
    return Expect(201, "POST", "/apis/apps/v1/namespaces/" + ns + "/replicasets",
                  {{"apiVersion", "apps/v1"},
                   {"kind", "ReplicaSet"},
                   {"metadata", {{"name", name}, {"ownerReferences", {OwnerRef(owner)}}}},
                   {"spec", WorkloadSpec(3)}});
  }

  // A pod owned by `owner` (null: none), bound to `node` ("" = unscheduled).
  nlohmann::json CreatePod(const std::string& ns, const std::string& name,
                           const nlohmann::json& owner, const std::string& node = "",
                           nlohmann::json finalizers = nlohmann::json::array(),
                           std::optional<int> termination_grace = std::nullopt) {
    nlohmann::json metadata = {
        {"name", name}, {"labels", {{"app", "web"}}}, {"finalizers", std::move(finalizers)}};
    if (!owner.is_null()) metadata["ownerReferences"] = {OwnerRef(owner)};
    nlohmann::json spec = {{"containers", {{{"name", "c"}, {"image", "nginx"}}}}};
    if (!node.empty()) spec["nodeName"] = node;
    if (termination_grace) spec["terminationGracePeriodSeconds"] = *termination_grace;
    return Expect(201, "POST", "/api/v1/namespaces/" + ns + "/pods",
                  {{"apiVersion", "v1"}, {"kind", "Pod"}, {"metadata", metadata}, {"spec", spec}});
  }

  // A watch on `collection` from `resource_version`; fails the test unless it opens.
  std::unique_ptr<ResponseStream> WatchFrom(const std::string& collection,
                                            const std::string& resource_version) {
    Response response = Send("GET", collection, nullptr,
                             {{"watch", "true"}, {"resourceVersion", resource_version}});
    if (!response.stream) ADD_FAILURE() << "no watch stream: " << response.body;
    return std::move(response.stream);
  }

  int StatusOf(const std::string& path) { return Send("GET", path).status; }

 private:
  static nlohmann::json WorkloadSpec(int replicas) {
    const nlohmann::json labels = {{"app", "web"}};
    return {{"replicas", replicas},
            {"selector", {{"matchLabels", labels}}},
            {"template",
             {{"metadata", {{"labels", labels}}},
              {"spec", {{"containers", {{{"name", "c"}, {"image", "nginx"}}}}}}}}};
  }
};

}  // namespace kubefake::fakeserver
