// DynamicClient: each verb as a RestRequest on /api/v1 or /apis/<group>/<version>.
#include "kubefake/client/dynamic_client.h"

namespace kubefake::client {
namespace {

std::string GroupVersionPath(const api::GroupVersionResource& gvr) {
  return gvr.group.empty() ? "/api/" + gvr.version : "/apis/" + gvr.group + "/" + gvr.version;
}

api::Error NameRequired() { return api::NewBadRequest("name is required"); }

std::string ObjectName(const nlohmann::json& object) {
  if (!object.is_object()) return {};
  auto metadata = object.find("metadata");
  if (metadata == object.end() || !metadata->is_object()) return {};
  return metadata->value("name", "");
}

RestRequest& AddParams(RestRequest& request, const QueryParams& params) {
  for (const auto& [name, value] : params) request.Param(name, value);
  return request;
}

Result<void> Discard(const RestResult& result) {
  if (result.error() != nullptr) return Fail(*result.error());
  return {};
}

}  // namespace

DynamicResource::DynamicResource(std::shared_ptr<const RESTClient> client,
                                 api::GroupVersionResource gvr, std::string ns)
    : client_(std::move(client)), gvr_(std::move(gvr)), namespace_(std::move(ns)) {}

DynamicResource DynamicResource::Namespace(std::string ns) const {
  return DynamicResource(client_, gvr_, std::move(ns));
}

RestRequest DynamicResource::Request(RestRequest request, const std::string& name,
                                     const std::vector<std::string>& subresources) const {
  request.AbsPath(GroupVersionPath(gvr_));
  if (!namespace_.empty()) request.Namespace(namespace_);
  request.Resource(gvr_.resource);
  if (!name.empty()) request.Name(name);
  std::string joined;
  for (const std::string& part : subresources) joined += (joined.empty() ? "" : "/") + part;
  if (!joined.empty()) request.SubResource(joined);
  return request;
}

Result<nlohmann::json> DynamicResource::Create(const nlohmann::json& object,
                                               const CreateOptions& options,
                                               const std::vector<std::string>& subresources) const {
  return CreateResult(object, options, subresources).Json();
}

RestResult DynamicResource::CreateResult(nlohmann::json object, const CreateOptions& options,
                                         const std::vector<std::string>& subresources) const {
  const std::string name = ObjectName(object);
  if (!subresources.empty() && name.empty()) return RestResult(NameRequired());
  RestRequest request = Request(client_->Post(), subresources.empty() ? "" : name, subresources);
  return AddParams(request, ToQuery(options)).Body(std::move(object)).Do();
}

Result<nlohmann::json> DynamicResource::Update(const nlohmann::json& object,
                                               const UpdateOptions& options,
                                               const std::vector<std::string>& subresources) const {
  return UpdateResult(object, options, subresources).Json();
}

RestResult DynamicResource::UpdateResult(nlohmann::json object, const UpdateOptions& options,
                                         const std::vector<std::string>& subresources) const {
  const std::string name = ObjectName(object);
  if (name.empty()) return RestResult(NameRequired());
  RestRequest request = Request(client_->Put(), name, subresources);
  return AddParams(request, ToQuery(options)).Body(std::move(object)).Do();
}

Result<nlohmann::json> DynamicResource::UpdateStatus(const nlohmann::json& object,
                                                     const UpdateOptions& options) const {
  return Update(object, options, {"status"});
}

Result<void> DynamicResource::Delete(const std::string& name, const DeleteOptions& options,
                                     const std::vector<std::string>& subresources) const {
  if (name.empty()) return Fail(NameRequired());
  return Discard(Request(client_->Delete(), name, subresources).Body(ToJson(options)).Do());
}

Result<void> DynamicResource::DeleteCollection(const DeleteOptions& options,
                                               const ListOptions& list_options) const {
  RestRequest request = Request(client_->Delete(), "", {});
  return Discard(AddParams(request, ToQuery(list_options)).Body(ToJson(options)).Do());
}

Result<nlohmann::json> DynamicResource::Get(const std::string& name, const GetOptions& options,
                                            const std::vector<std::string>& subresources) const {
  return GetResult(name, options, subresources).Json();
}

RestResult DynamicResource::GetResult(const std::string& name, const GetOptions& options,
                                      const std::vector<std::string>& subresources) const {
  if (name.empty()) return RestResult(NameRequired());
  RestRequest request = Request(client_->Get(), name, subresources);
  return AddParams(request, ToQuery(options)).Do();
}

Result<nlohmann::json> DynamicResource::List(const ListOptions& options) const {
  return ListResult(options).Json();
}

RestResult DynamicResource::ListResult(const ListOptions& options) const {
  RestRequest request = Request(client_->Get(), "", {});
  return AddParams(request, ToQuery(options)).Do();
}

Result<std::unique_ptr<Watcher>> DynamicResource::Watch(const ListOptions& options) const {
  RestRequest request = Request(client_->Get(), "", {});
  return AddParams(request, ToQuery(options)).Watch();
}

Result<nlohmann::json> DynamicResource::Patch(const std::string& name, PatchType type,
                                              std::string data, const PatchOptions& options,
                                              const std::vector<std::string>& subresources) const {
  return PatchResult(name, type, std::move(data), options, subresources).Json();
}

RestResult DynamicResource::PatchResult(const std::string& name, PatchType type, std::string data,
                                        const PatchOptions& options,
                                        const std::vector<std::string>& subresources) const {
  if (name.empty()) return RestResult(NameRequired());
  RestRequest request = Request(client_->Patch(type), name, subresources);
  return AddParams(request, ToQuery(options)).Body(std::move(data)).Do();
}

Result<nlohmann::json> DynamicResource::Apply(const std::string& name,
                                              const nlohmann::json& configuration,
                                              const ApplyOptions& options,
                                              const std::vector<std::string>& subresources) const {
  if (name.empty()) return Fail(NameRequired());
  if (configuration.is_object() && configuration.contains("metadata") &&
      configuration["metadata"].is_object() &&
      !configuration["metadata"].value("managedFields", nlohmann::json::array()).empty()) {
    return Fail(api::Error(0, api::Reason::kUnknown,
                           "cannot apply an object with managed fields already set.\n\t\tUse the "
                           "client-go/applyconfigurations \"UnstructructuredExtractor\" to obtain "
                           "the unstructured ApplyConfiguration for the given field manager that "
                           "you can use/modify here to apply"));
  }
  return Patch(name, PatchType::kApply, configuration.dump(), ToPatchOptions(options),
               subresources);
}

Result<nlohmann::json> DynamicResource::ApplyStatus(const std::string& name,
                                                    const nlohmann::json& configuration,
                                                    const ApplyOptions& options) const {
  return Apply(name, configuration, options, {"status"});
}

Result<std::unique_ptr<DynamicClient>> DynamicClient::NewForConfig(const Config& config) {
  auto client = UnversionedRESTClientFor(JsonConfigFor(config));
  if (!client) return Fail(client.error());
  return std::make_unique<DynamicClient>(std::shared_ptr<const RESTClient>(std::move(*client)));
}

DynamicResource DynamicClient::Resource(api::GroupVersionResource gvr) const {
  return DynamicResource(client_, std::move(gvr));
}

}  // namespace kubefake::client
