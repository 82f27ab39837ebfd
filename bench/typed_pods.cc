// TypedPods over RESTClient.
#include "typed_pods.h"

namespace kubefake::bench {

using api::core::v1::Pod;
using api::core::v1::PodList;

Result<Pod> TypedPods::Get(const std::string& name) const {
  return client_->Get().Namespace(namespace_).Resource("pods").Name(name).Do().Into<Pod>();
}

Result<Pod> TypedPods::Create(const Pod& pod) const {
  return client_->Post().Namespace(namespace_).Resource("pods").Body(pod).Do().Into<Pod>();
}

Result<Pod> TypedPods::Update(const Pod& pod) const {
  std::string name = pod.metadata ? pod.metadata->name.value_or("") : "";
  return client_->Put()
      .Namespace(namespace_)
      .Resource("pods")
      .Name(name)
      .Body(pod)
      .Do()
      .Into<Pod>();
}

Result<PodList> TypedPods::List() const {
  return client_->Get().Namespace(namespace_).Resource("pods").Do().Into<PodList>();
}

Result<std::shared_ptr<const client::RESTClient>> CoreV1RestClient(client::Config config) {
  config.api_path = "/api";
  config.group_version = api::GroupVersion{"", "v1"};
  config.qps = -1;
  auto rest = client::RESTClientFor(config);
  if (!rest) return Fail(rest.error());
  return std::shared_ptr<const client::RESTClient>(std::move(*rest));
}

}  // namespace kubefake::bench
