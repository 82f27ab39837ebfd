// TypedPods over the typed clientset.
#include "typed_pods.h"

namespace kubefake::bench {

using api::core::v1::Pod;
using api::core::v1::PodList;

Result<TypedPods> TypedPods::Connect(client::Config config, std::string ns) {
  config.qps = -1;
  auto clientset = client::Clientset::NewForConfig(config);
  if (!clientset) return Fail(clientset.error());
  return TypedPods(std::shared_ptr<client::Clientset>(std::move(*clientset)), std::move(ns));
}

Result<Pod> TypedPods::Get(const std::string& name) const { return Pods().Get(name, {}); }

Result<Pod> TypedPods::Create(const Pod& pod) const { return Pods().Create(pod, {}); }

Result<Pod> TypedPods::Update(const Pod& pod) const { return Pods().Update(pod, {}); }

Result<PodList> TypedPods::List() const { return Pods().List({}); }

}  // namespace kubefake::bench
