// DynamicClient: every verb on any resource, custom ones included, with objects as JSON
// (unstructured), client-go's dynamic.Interface. DynamicClient and DynamicResource are
// thread-safe (each call builds its own request).
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "kubefake/api/group_version.h"
#include "kubefake/api/result.h"
#include "kubefake/client/config.h"
#include "kubefake/client/meta_options.h"
#include "kubefake/client/rest_client.h"
#include "kubefake/client/watch.h"

namespace kubefake::client {

// One resource, cluster-wide or in one namespace: dynamic.ResourceInterface. `subresources`
// name a path below the object ("status", "scale"). Errors are the server's Status, or
// BadRequest `name is required` when an object or call names none.
class DynamicResource {
 public:
  DynamicResource(std::shared_ptr<const RESTClient> client, api::GroupVersionResource gvr,
                  std::string ns = "");

  // The same resource in namespace `ns` ("" for all namespaces or a cluster-scoped resource).
  DynamicResource Namespace(std::string ns) const;

  // POST to the collection, or with subresources to the named object's subresource.
  Result<nlohmann::json> Create(const nlohmann::json& object, const CreateOptions& options = {},
                                const std::vector<std::string>& subresources = {}) const;
  // PUT to the object named by object.metadata.name.
  Result<nlohmann::json> Update(const nlohmann::json& object, const UpdateOptions& options = {},
                                const std::vector<std::string>& subresources = {}) const;
  // PUT to the object's status subresource.
  Result<nlohmann::json> UpdateStatus(const nlohmann::json& object,
                                      const UpdateOptions& options = {}) const;
  Result<void> Delete(const std::string& name, const DeleteOptions& options = {},
                      const std::vector<std::string>& subresources = {}) const;
  Result<void> DeleteCollection(const DeleteOptions& options = {},
                                const ListOptions& list_options = {}) const;
  Result<nlohmann::json> Get(const std::string& name, const GetOptions& options = {},
                             const std::vector<std::string>& subresources = {}) const;
  // The list object (kind <Kind>List, items, metadata.continue).
  Result<nlohmann::json> List(const ListOptions& options = {}) const;
  Result<std::unique_ptr<Watcher>> Watch(const ListOptions& options = {}) const;
  Result<nlohmann::json> Patch(const std::string& name, PatchType type, std::string data,
                               const PatchOptions& options = {},
                               const std::vector<std::string>& subresources = {}) const;
  // Server-side apply: `configuration` as an apply patch to the object `name` (created when
  // absent), force always sent. Errors: BadRequest `name is required`, and a client-side error
  // for a configuration that carries metadata.managedFields (as client-go refuses it); the
  // server's Conflict for fields another manager owns without force.
  Result<nlohmann::json> Apply(const std::string& name, const nlohmann::json& configuration,
                               const ApplyOptions& options,
                               const std::vector<std::string>& subresources = {}) const;
  // Apply to the status subresource.
  Result<nlohmann::json> ApplyStatus(const std::string& name, const nlohmann::json& configuration,
                                     const ApplyOptions& options) const;

  // Create, Update, Get, List and Patch with the answer undecoded, for callers that decode it
  // into their own types (the typed clients): RestResult::Into decodes the answer as the
  // transport parsed it, where the verbs above return a copy of it.
  RestResult CreateResult(nlohmann::json object, const CreateOptions& options = {},
                          const std::vector<std::string>& subresources = {}) const;
  RestResult UpdateResult(nlohmann::json object, const UpdateOptions& options = {},
                          const std::vector<std::string>& subresources = {}) const;
  RestResult GetResult(const std::string& name, const GetOptions& options = {},
                       const std::vector<std::string>& subresources = {}) const;
  RestResult ListResult(const ListOptions& options = {}) const;
  RestResult PatchResult(const std::string& name, PatchType type, std::string data,
                         const PatchOptions& options = {},
                         const std::vector<std::string>& subresources = {}) const;

 private:
  // A request on the collection, or on `name` and `subresources` when name is set.
  RestRequest Request(RestRequest request, const std::string& name,
                      const std::vector<std::string>& subresources) const;

  std::shared_ptr<const RESTClient> client_;
  api::GroupVersionResource gvr_;
  std::string namespace_;
};

class DynamicClient {
 public:
  explicit DynamicClient(std::shared_ptr<const RESTClient> client) : client_(std::move(client)) {}

  // dynamic.NewForConfig. Errors: the transport's (a host that does not parse, bad TLS files).
  static Result<std::unique_ptr<DynamicClient>> NewForConfig(const Config& config);

  DynamicResource Resource(api::GroupVersionResource gvr) const;

 private:
  std::shared_ptr<const RESTClient> client_;
};

}  // namespace kubefake::client
