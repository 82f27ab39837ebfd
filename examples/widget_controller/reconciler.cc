// Reconciler: the Widget -> Deployment + Service logic.
#include "reconciler.h"

#include <utility>

#include "kubefake/api/error.h"
#include "kubefake/client/cache/indexer.h"
#include "kubefake/client/kubernetes/typed/apps/v1.h"
#include "kubefake/client/kubernetes/typed/core/v1.h"
#include "widget.h"

namespace example {
namespace {

using kubefake::Fail;
using kubefake::Result;
using kubefake::api::apps::v1::Deployment;

const kubefake::api::GroupResource kDeployments{"apps", "deployments"};
const kubefake::api::GroupResource kServices{"", "services"};

std::string NameOf(const nlohmann::json& widget) {
  return widget.value(nlohmann::json::json_pointer("/metadata/name"), std::string());
}
std::string NamespaceOf(const nlohmann::json& widget) {
  return widget.value(nlohmann::json::json_pointer("/metadata/namespace"), std::string());
}

// A child of the widget's name that another owner controls is not ours to change.
kubefake::api::Error NotControlled(const kubefake::api::GroupResource& resource,
                                   const nlohmann::json& widget) {
  return kubefake::api::NewConflict(resource, NameOf(widget),
                                    "it is not controlled by Widget " + NameOf(widget));
}

// Deleting a child that is already gone is success.
Result<void> IgnoreNotFound(Result<void> result) {
  if (!result && kubefake::api::IsNotFound(result.error())) return {};
  return result;
}

}  // namespace

Reconciler::Reconciler(WidgetStore& widgets, kubefake::client::kubernetes::Interface& clientset,
                       EventSink events, std::string field_manager)
    : widgets_(widgets),
      clientset_(clientset),
      events_(std::move(events)),
      write_options_{.field_manager = std::move(field_manager)} {}

Result<void> Reconciler::Reconcile(const std::string& key) {
  auto split = kubefake::client::cache::SplitMetaNamespaceKey(key);
  if (!split) return Fail(split.error());
  Result<nlohmann::json> widget = widgets_.Get(split->first, split->second);
  if (!widget) {
    if (kubefake::api::IsNotFound(widget.error())) return {};
    return Fail(widget.error());
  }
  if (IsBeingDeleted(*widget)) return Finalize(*widget);
  if (!HasCleanupFinalizer(*widget)) {
    widget = widgets_.Update(WithCleanupFinalizer(std::move(*widget)));
    if (!widget) return Fail(widget.error());
  }
  Result<Deployment> deployment = EnsureDeployment(*widget);
  if (!deployment) return Fail(deployment.error());
  if (Result<void> service = EnsureService(*widget); !service) return service;
  return UpdateStatus(*widget, *deployment);
}

Result<void> Reconciler::Finalize(const nlohmann::json& widget) {
  if (!HasCleanupFinalizer(widget)) return {};
  const std::string ns = NamespaceOf(widget);
  const std::string name = NameOf(widget);
  if (Result<void> deleted = IgnoreNotFound(clientset_.AppsV1().Deployments(ns).Delete(name));
      !deleted) {
    return deleted;
  }
  if (Result<void> deleted = IgnoreNotFound(clientset_.CoreV1().Services(ns).Delete(name));
      !deleted) {
    return deleted;
  }
  Result<nlohmann::json> updated = widgets_.Update(WithoutCleanupFinalizer(widget));
  if (!updated) return Fail(updated.error());
  return {};
}

Result<Deployment> Reconciler::EnsureDeployment(const nlohmann::json& widget) {
  auto& deployments = clientset_.AppsV1().Deployments(NamespaceOf(widget));
  Result<Deployment> existing = deployments.Get(NameOf(widget));
  if (!existing) {
    if (!kubefake::api::IsNotFound(existing.error())) return existing;
    Result<Deployment> created = deployments.Create(DesiredDeployment(widget), write_options_);
    if (created) RecordCreated(widget, "apps/v1", "Deployment");
    return created;
  }
  if (!existing->metadata || !IsControlledBy(*existing->metadata, widget)) {
    return Fail(NotControlled(kDeployments, widget));
  }
  const int32_t replicas = DesiredReplicas(widget);
  if (existing->spec && existing->spec->replicas == replicas) return existing;
  Deployment scaled = std::move(*existing);
  if (!scaled.spec) scaled.spec.emplace();
  scaled.spec->replicas = replicas;
  return deployments.Update(scaled, write_options_);
}

Result<void> Reconciler::EnsureService(const nlohmann::json& widget) {
  auto& services = clientset_.CoreV1().Services(NamespaceOf(widget));
  auto existing = services.Get(NameOf(widget));
  if (existing) {
    if (existing->metadata && IsControlledBy(*existing->metadata, widget)) return {};
    return Fail(NotControlled(kServices, widget));
  }
  if (!kubefake::api::IsNotFound(existing.error())) return Fail(existing.error());
  auto created = services.Create(DesiredService(widget), write_options_);
  if (!created) return Fail(created.error());
  RecordCreated(widget, "v1", "Service");
  return {};
}

Result<void> Reconciler::UpdateStatus(const nlohmann::json& widget, const Deployment& deployment) {
  nlohmann::json status = DesiredStatus(widget, deployment);
  if (widget.value("status", nlohmann::json::object()) == status) return {};
  nlohmann::json updated = widget;
  updated["status"] = std::move(status);
  Result<nlohmann::json> written = widgets_.UpdateStatus(updated);
  if (!written) return Fail(written.error());
  return {};
}

void Reconciler::RecordCreated(const nlohmann::json& widget, const std::string& api_version,
                               const std::string& kind) {
  if (!events_) return;
  // The child is the Event's `related` object, which also keeps the two Events apart: Events
  // that differ only in their note are one series.
  kubefake::api::core::v1::ObjectReference child;
  child.api_version = api_version;
  child.kind = kind;
  child.name = NameOf(widget);
  child.namespace_ = NamespaceOf(widget);
  // An Event that cannot be written is dropped, as client-go's broadcaster drops it after its
  // retries: the Widget's state does not depend on it.
  (void)events_({.regarding = ReferenceTo(widget),
                 .related = std::move(child),
                 .type = "Normal",
                 .reason = "Created",
                 .action = "Create",
                 .note = "Created " + kind + " " + NameOf(widget)});
}

}  // namespace example
