// Widget field access and the desired children.
#include "widget.h"

#include <algorithm>
#include <vector>

namespace example {
namespace {

using kubefake::api::meta::v1::ObjectMeta;
using kubefake::api::meta::v1::OwnerReference;

// metadata.<field>, "" when absent.
std::string Metadata(const nlohmann::json& widget, const std::string& field) {
  return widget.value(nlohmann::json::json_pointer("/metadata/" + field), std::string());
}
std::string Name(const nlohmann::json& widget) { return Metadata(widget, "name"); }
std::string Namespace(const nlohmann::json& widget) { return Metadata(widget, "namespace"); }
std::string Uid(const nlohmann::json& widget) { return Metadata(widget, "uid"); }

// The children's metadata: name, namespace, labels and the controller reference.
ObjectMeta ChildMeta(const nlohmann::json& widget) {
  ObjectMeta meta;
  meta.name = Name(widget);
  meta.namespace_ = Namespace(widget);
  meta.labels = ChildLabels(widget);
  meta.owner_references = std::vector<OwnerReference>{{
      .api_version = widget.value("apiVersion", "example.com/v1"),
      .block_owner_deletion = true,
      .controller = true,
      .kind = widget.value("kind", "Widget"),
      .name = Name(widget),
      .uid = Uid(widget),
  }};
  return meta;
}

}  // namespace

int32_t DesiredReplicas(const nlohmann::json& widget) {
  const nlohmann::json::json_pointer replicas("/spec/replicas");
  if (widget.contains(replicas) && widget[replicas].is_number_integer()) {
    return widget[replicas].get<int32_t>();
  }
  return widget.value(nlohmann::json::json_pointer("/spec/size"), 1);
}

bool HasCleanupFinalizer(const nlohmann::json& widget) {
  const nlohmann::json finalizers =
      widget.value(nlohmann::json::json_pointer("/metadata/finalizers"), nlohmann::json::array());
  return std::find(finalizers.begin(), finalizers.end(), kCleanupFinalizer) != finalizers.end();
}

bool IsBeingDeleted(const nlohmann::json& widget) {
  return widget.contains(nlohmann::json::json_pointer("/metadata/deletionTimestamp"));
}

nlohmann::json WithCleanupFinalizer(nlohmann::json widget) {
  if (!HasCleanupFinalizer(widget)) widget["metadata"]["finalizers"].push_back(kCleanupFinalizer);
  return widget;
}

nlohmann::json WithoutCleanupFinalizer(nlohmann::json widget) {
  nlohmann::json& metadata = widget["metadata"];
  if (!metadata.contains("finalizers")) return widget;
  nlohmann::json kept = nlohmann::json::array();
  for (const nlohmann::json& finalizer : metadata["finalizers"]) {
    if (finalizer != kCleanupFinalizer) kept.push_back(finalizer);
  }
  metadata["finalizers"] = std::move(kept);
  return widget;
}

kubefake::api::core::v1::ObjectReference ReferenceTo(const nlohmann::json& widget) {
  kubefake::api::core::v1::ObjectReference reference;
  reference.api_version = widget.value("apiVersion", "example.com/v1");
  reference.kind = widget.value("kind", "Widget");
  reference.name = Name(widget);
  reference.namespace_ = Namespace(widget);
  reference.uid = Uid(widget);
  reference.resource_version = Metadata(widget, "resourceVersion");
  return reference;
}

bool IsControlledBy(const ObjectMeta& meta, const nlohmann::json& widget) {
  if (!meta.owner_references) return false;
  return std::any_of(meta.owner_references->begin(), meta.owner_references->end(),
                     [&](const OwnerReference& owner) {
                       return owner.controller.value_or(false) && owner.uid == Uid(widget);
                     });
}

std::map<std::string, std::string> ChildLabels(const nlohmann::json& widget) {
  return {{"example.com/widget", Name(widget)}};
}

kubefake::api::apps::v1::Deployment DesiredDeployment(const nlohmann::json& widget) {
  kubefake::api::apps::v1::Deployment deployment;
  deployment.metadata = ChildMeta(widget);
  kubefake::api::apps::v1::DeploymentSpec& spec = deployment.spec.emplace();
  spec.replicas = DesiredReplicas(widget);
  spec.selector.match_labels = ChildLabels(widget);
  spec.template_.metadata.emplace().labels = ChildLabels(widget);
  kubefake::api::core::v1::Container& container =
      spec.template_.spec.emplace().containers.emplace_back();
  container.name = "widget";
  container.image = kWidgetImage;
  kubefake::api::core::v1::ContainerPort port;
  port.container_port = 8080;
  container.ports = std::vector<kubefake::api::core::v1::ContainerPort>{port};
  return deployment;
}

kubefake::api::core::v1::Service DesiredService(const nlohmann::json& widget) {
  kubefake::api::core::v1::Service service;
  service.metadata = ChildMeta(widget);
  kubefake::api::core::v1::ServiceSpec& spec = service.spec.emplace();
  spec.selector = ChildLabels(widget);
  kubefake::api::core::v1::ServicePort port;
  port.name = "http";
  port.port = 80;
  port.target_port = 8080;
  spec.ports = std::vector<kubefake::api::core::v1::ServicePort>{port};
  return service;
}

nlohmann::json DesiredStatus(const nlohmann::json& widget,
                             const kubefake::api::apps::v1::Deployment& deployment) {
  const kubefake::api::apps::v1::DeploymentStatus status =
      deployment.status.value_or(kubefake::api::apps::v1::DeploymentStatus{});
  return {{"replicas", status.replicas.value_or(0)},
          {"ready", status.ready_replicas.value_or(0) == DesiredReplicas(widget)}};
}

}  // namespace example
