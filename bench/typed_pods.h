// TypedPods: the typed Pod calls the in-process benchmarks measure, built on RESTClient and
// api::Decode (RestResult::Into). Only this file changes when the typed clientset lands: its
// methods then forward to CoreV1().Pods(ns). Thread-safe (RESTClient is).
#pragma once

#include <memory>
#include <string>

#include "kubefake/api/result.h"
#include "kubefake/api/types/core/v1.h"
#include "kubefake/client/rest_client.h"

namespace kubefake::bench {

class TypedPods {
 public:
  // `client` is a RESTClient for the core group (api_path "/api", group_version v1).
  TypedPods(std::shared_ptr<const client::RESTClient> client, std::string ns)
      : client_(std::move(client)), namespace_(std::move(ns)) {}

  Result<api::core::v1::Pod> Get(const std::string& name) const;
  Result<api::core::v1::Pod> Create(const api::core::v1::Pod& pod) const;
  Result<api::core::v1::Pod> Update(const api::core::v1::Pod& pod) const;
  Result<api::core::v1::PodList> List() const;

 private:
  std::shared_ptr<const client::RESTClient> client_;
  std::string namespace_;
};

// A RESTClient for the core group over `config`'s transport with rate limiting off (client-go's
// default of 5 queries a second would measure the limiter). Errors: RESTClientFor's.
Result<std::shared_ptr<const client::RESTClient>> CoreV1RestClient(client::Config config);

}  // namespace kubefake::bench
