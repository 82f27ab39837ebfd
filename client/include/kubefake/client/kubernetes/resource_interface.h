// The typed clientset's per-resource interfaces, client-go's generated PodInterface,
// DeploymentInterface and the rest, as three class templates over the generated types:
// CreateOnlyInterface for the review resources that only take a POST, ResourceInterface for
// every resource with a list, and ScalableResourceInterface adding the scale subresource. They
// are abstract so a GoogleMock can stand in for them; each group-version header
// (kubernetes/typed/<group>/<version>.h) names the instantiations (`PodInterface`).
// Implementations are thread-safe.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "kubefake/api/result.h"
#include "kubefake/client/kubernetes/typed_watcher.h"
#include "kubefake/client/meta_options.h"
#include "kubefake/client/rest_client.h"

namespace kubefake::api::autoscaling::v1 {
struct Scale;
}

namespace kubefake::client::kubernetes {

// Errors of every verb: the server's Status (NotFound, AlreadyExists, Conflict, Invalid, ...),
// the transport's, BadRequest when the answer does not decode into the type, and BadRequest
// `name is required` when a call or object names none. Objects are created in, and looked up
// in, the namespace the client was made for, as client-go's typed clients do.

template <typename T>
class CreateOnlyInterface {
 public:
  virtual ~CreateOnlyInterface() = default;

  // POST to the collection; returns the server's answer (a review's status filled in).
  virtual Result<T> Create(const T& object, const CreateOptions& options = {}) const = 0;
};

template <typename T, typename TList>
class ResourceInterface {
 public:
  virtual ~ResourceInterface() = default;

  virtual Result<T> Create(const T& object, const CreateOptions& options = {}) const = 0;
  // PUT to the object named by object.metadata.name; a set resourceVersion must be current.
  // Errors: Conflict on a stale resourceVersion.
  virtual Result<T> Update(const T& object, const UpdateOptions& options = {}) const = 0;
  // PUT to the status subresource. Errors: NotFound where the resource has no status.
  virtual Result<T> UpdateStatus(const T& object, const UpdateOptions& options = {}) const = 0;
  virtual Result<void> Delete(const std::string& name, const DeleteOptions& options = {}) const = 0;
  virtual Result<void> DeleteCollection(const DeleteOptions& options = {},
                                        const ListOptions& list_options = {}) const = 0;
  virtual Result<T> Get(const std::string& name, const GetOptions& options = {}) const = 0;
  virtual Result<TList> List(const ListOptions& options = {}) const = 0;
  // Errors: Expired (410) from the server, or later from TypedWatcher::Next, when
  // options.resource_version is too old.
  virtual Result<std::unique_ptr<TypedWatcher<T>>> Watch(const ListOptions& options = {}) const = 0;
  // PATCH `data` (a JSON patch, merge patch, strategic merge patch or apply configuration, as
  // `type` says) to the object or to its `subresources`.
  virtual Result<T> Patch(const std::string& name, PatchType type, std::string data,
                          const PatchOptions& options = {},
                          const std::vector<std::string>& subresources = {}) const = 0;
  // Server-side apply of `configuration` (the fields it sets are the ones applied; empty
  // optionals are left out) to the object named by its metadata.name.
  // Errors: Conflict when another manager owns a field and options.force is false; Invalid
  // without options.field_manager.
  virtual Result<T> Apply(const T& configuration, const ApplyOptions& options) const = 0;
};

template <typename T, typename TList>
class ScalableResourceInterface : public ResourceInterface<T, TList> {
 public:
  // GET the scale subresource.
  virtual Result<api::autoscaling::v1::Scale> GetScale(const std::string& name,
                                                       const GetOptions& options = {}) const = 0;
  // PUT the scale subresource of `name` (scale.metadata.name is set to `name` when empty).
  // Errors: Conflict on a stale scale.metadata.resourceVersion.
  virtual Result<api::autoscaling::v1::Scale> UpdateScale(
      const std::string& name, const api::autoscaling::v1::Scale& scale,
      const UpdateOptions& options = {}) const = 0;
};

}  // namespace kubefake::client::kubernetes
