// Widget: what the controller reads of an example.com/v1 Widget (the CRD in
// fixtures/default/widgets.yaml), which it handles as unstructured JSON through the dynamic
// client, and the children it wants for one: an apps/v1 Deployment and a core/v1 Service, both
// controlled by the Widget. Stateless functions; thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "kubefake/api/group_version.h"
#include "kubefake/api/types/apps/v1.h"
#include "kubefake/api/types/core/v1.h"

namespace example {

inline const kubefake::api::GroupVersionResource kWidgets{"example.com", "v1", "widgets"};
// Added on the first reconcile; removed once the children are deleted.
inline constexpr char kCleanupFinalizer[] = "example.com/cleanup";
// The image of the Deployment's one container.
inline constexpr char kWidgetImage[] = "registry.k8s.io/pause:3.10";

// spec.replicas when set, else spec.size (the CRD requires size >= 1).
int32_t DesiredReplicas(const nlohmann::json& widget);

bool HasCleanupFinalizer(const nlohmann::json& widget);
bool IsBeingDeleted(const nlohmann::json& widget);
// The widget with the cleanup finalizer added, or removed.
nlohmann::json WithCleanupFinalizer(nlohmann::json widget);
nlohmann::json WithoutCleanupFinalizer(nlohmann::json widget);

// The Widget as an Event's `regarding` object.
kubefake::api::core::v1::ObjectReference ReferenceTo(const nlohmann::json& widget);
// True when `meta` has a controller ownerReference to `widget` (by uid).
bool IsControlledBy(const kubefake::api::meta::v1::ObjectMeta& meta, const nlohmann::json& widget);

// The labels of the children and the Deployment's selector: {example.com/widget: <name>}.
std::map<std::string, std::string> ChildLabels(const nlohmann::json& widget);
// Named as the widget, in its namespace, labelled and controlled by it.
kubefake::api::apps::v1::Deployment DesiredDeployment(const nlohmann::json& widget);
// Port 80 to the containers' 8080, selecting the Deployment's pods.
kubefake::api::core::v1::Service DesiredService(const nlohmann::json& widget);
// The Widget's status for its Deployment: {replicas: <status.replicas>, ready: <readyReplicas
// equals the desired replicas>} (absent counts are 0).
nlohmann::json DesiredStatus(const nlohmann::json& widget,
                             const kubefake::api::apps::v1::Deployment& deployment);

}  // namespace example
