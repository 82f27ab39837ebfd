// TypedPods: the typed Pod calls the in-process benchmarks measure, made through the typed
// clientset (CoreV1().Pods(ns)) as a controller makes them. Thread-safe (the clientset is).
#pragma once

#include <memory>
#include <string>

#include "kubefake/api/result.h"
#include "kubefake/api/types/core/v1.h"
#include "kubefake/client/clientset.h"
#include "kubefake/client/config.h"
#include "kubefake/client/kubernetes/typed/core/v1.h"

namespace kubefake::bench {

class TypedPods {
 public:
  // Pods in namespace `ns` through a clientset for `config` with rate limiting off (client-go's
  // default of 5 queries a second would measure the limiter). Errors: NewForConfig's.
  static Result<TypedPods> Connect(client::Config config, std::string ns);

  Result<api::core::v1::Pod> Get(const std::string& name) const;
  Result<api::core::v1::Pod> Create(const api::core::v1::Pod& pod) const;
  Result<api::core::v1::Pod> Update(const api::core::v1::Pod& pod) const;
  Result<api::core::v1::PodList> List() const;

 private:
  TypedPods(std::shared_ptr<client::Clientset> clientset, std::string ns)
      : clientset_(std::move(clientset)), namespace_(std::move(ns)) {}

  client::kubernetes::typed::core::v1::PodInterface& Pods() const {
    return clientset_->CoreV1().Pods(namespace_);
  }

  std::shared_ptr<client::Clientset> clientset_;
  std::string namespace_;
};

}  // namespace kubefake::bench
