// The implementations of the typed interfaces (kubefake/client/kubernetes/resource_interface.h):
// each verb encodes the typed object, runs it through a DynamicResource and decodes the answer,
// so the wire behaviour is the dynamic client's. Only the generated group-version sources
// include this header, and each instantiates its own resources' clients once. Thread-safe.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "kubefake/api/typed_codec.h"
#include "kubefake/api/types/autoscaling/v1.h"
#include "kubefake/client/dynamic_client.h"
#include "kubefake/client/kubernetes/resource_interface.h"

namespace kubefake::client::kubernetes {

// The answer decoded into T, or its error.
template <typename T>
Result<T> DecodeAnswer(const RestResult& answer) {
  return answer.Into<T>();
}

template <typename T>
class CreateOnlyClient final : public CreateOnlyInterface<T> {
 public:
  explicit CreateOnlyClient(DynamicResource resource) : resource_(std::move(resource)) {}

  Result<T> Create(const T& object, const CreateOptions& options) const override {
    return DecodeAnswer<T>(resource_.CreateResult(api::Encode(object), options));
  }

 private:
  DynamicResource resource_;
};

// `Interface` is ResourceInterface<T, TList> or a class derived from it.
template <typename T, typename TList, typename Interface = ResourceInterface<T, TList>>
class ResourceClient : public Interface {
 public:
  explicit ResourceClient(DynamicResource resource) : resource_(std::move(resource)) {}

  Result<T> Create(const T& object, const CreateOptions& options) const override {
    return DecodeAnswer<T>(resource_.CreateResult(api::Encode(object), options));
  }
  Result<T> Update(const T& object, const UpdateOptions& options) const override {
    return DecodeAnswer<T>(resource_.UpdateResult(api::Encode(object), options));
  }
  Result<T> UpdateStatus(const T& object, const UpdateOptions& options) const override {
    return DecodeAnswer<T>(resource_.UpdateResult(api::Encode(object), options, {"status"}));
  }
  Result<void> Delete(const std::string& name, const DeleteOptions& options) const override {
    return resource_.Delete(name, options);
  }
  Result<void> DeleteCollection(const DeleteOptions& options,
                                const ListOptions& list_options) const override {
    return resource_.DeleteCollection(options, list_options);
  }
  Result<T> Get(const std::string& name, const GetOptions& options) const override {
    return DecodeAnswer<T>(resource_.GetResult(name, options));
  }
  Result<TList> List(const ListOptions& options) const override {
    return DecodeAnswer<TList>(resource_.ListResult(options));
  }
  Result<std::unique_ptr<TypedWatcher<T>>> Watch(const ListOptions& options) const override {
    auto watcher = resource_.Watch(options);
    if (!watcher) return Fail(watcher.error());
    return std::make_unique<TypedWatcher<T>>(std::move(*watcher));
  }
  Result<T> Patch(const std::string& name, PatchType type, std::string data,
                  const PatchOptions& options,
                  const std::vector<std::string>& subresources) const override {
    return DecodeAnswer<T>(resource_.PatchResult(name, type, std::move(data), options, subresources));
  }
  Result<T> Apply(const T& configuration, const ApplyOptions& options) const override {
    const nlohmann::json body = api::Encode(configuration);
    const std::string name = body.value(nlohmann::json::json_pointer("/metadata/name"), "");
    return DecodeAnswer<T>(
        resource_.PatchResult(name, PatchType::kApply, body.dump(), ToPatchOptions(options)));
  }

 protected:
  const DynamicResource& resource() const { return resource_; }

 private:
  DynamicResource resource_;
};

template <typename T, typename TList>
class ScalableResourceClient final
    : public ResourceClient<T, TList, ScalableResourceInterface<T, TList>> {
 public:
  using ResourceClient<T, TList, ScalableResourceInterface<T, TList>>::ResourceClient;

  Result<api::autoscaling::v1::Scale> GetScale(const std::string& name,
                                               const GetOptions& options) const override {
    return DecodeAnswer<api::autoscaling::v1::Scale>(
        this->resource().GetResult(name, options, {"scale"}));
  }
  Result<api::autoscaling::v1::Scale> UpdateScale(const std::string& name,
                                                  const api::autoscaling::v1::Scale& scale,
                                                  const UpdateOptions& options) const override {
    nlohmann::json body = api::Encode(scale);
    if (body.value(nlohmann::json::json_pointer("/metadata/name"), "").empty())
      body["metadata"]["name"] = name;
    return DecodeAnswer<api::autoscaling::v1::Scale>(
        this->resource().UpdateResult(std::move(body), options, {"scale"}));
  }
};

}  // namespace kubefake::client::kubernetes
