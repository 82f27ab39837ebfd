#include "controller_client.h"

namespace kubefake::fakeserver {

std::string ObjectPath(const api::ResourceInfo& resource, std::string_view ns,
                       std::string_view name, std::string_view subresource) {
  // Appended piece by piece: GCC 12 warns (-Wrestrict) on `"literal" + string` chains.
  std::string path = resource.group.empty() ? "/api" : "/apis/";
  path.append(resource.group).append("/").append(resource.version);
  if (resource.namespaced) path.append("/namespaces/").append(ns);
  path.append("/").append(resource.name).append("/").append(name);
  if (!subresource.empty()) path.append("/").append(subresource);
  return path;
}

ControllerClient::ControllerClient(Handler handle, std::string user_agent, std::string user)
    : handle_(std::move(handle)), user_agent_(std::move(user_agent)), user_(std::move(user)) {}

ControllerClient::Answer ControllerClient::Delete(const api::ResourceInfo& resource,
                                                  std::string_view ns, std::string_view name,
                                                  const nlohmann::json& options) const {
  return Send("DELETE", ObjectPath(resource, ns, name), options);
}

ControllerClient::Answer ControllerClient::Update(const api::ResourceInfo& resource,
                                                  const api::Object& object,
                                                  std::string_view subresource) const {
  return Send("PUT", ObjectPath(resource, object.GetNamespace(), object.GetName(), subresource),
              object.json());
}

ControllerClient::Answer ControllerClient::Send(std::string method, std::string path,
                                                const nlohmann::json& body) const {
  Request request;
  request.method = std::move(method);
  request.path = std::move(path);
  request.body = body.dump();
  request.headers.Set("Content-Type", "application/json");
  request.headers.Set("Accept", "application/json");
  request.headers.Set("User-Agent", user_agent_);
  request.user.name = user_;
  Response response = handle_(request);
  return {response.status, nlohmann::json::parse(response.body, nullptr, false)};
}

}  // namespace kubefake::fakeserver
